from django.shortcuts import render

from dossiers import selectors

from .common import layout_for


def csrf_failure(request, reason=""):
    """A form posted from a page that is too old (or from another site): say so in the person's language and
    in our layout, instead of Django's English page with its inline style, which our CSP would block."""
    context = {}
    if request.user.is_authenticated:
        context["layout"] = layout_for(request, selectors.scope_for(actor=request.user))
    return render(request, "403_csrf.html", context, status=403)
