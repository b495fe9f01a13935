"""The in-app notifications (DESIGN §11): the list of one's own notifications, and marking them read."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from dossiers.views.common import PageMixin
from dossiers.views.pages import _page
from workflow import notifications


class NotificationListView(PageMixin, TemplateView):
    template_name = "dossiers/notifications.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_obj"] = _page(self.request, notifications.inbox_of(self.request.user))
        return context


class NotificationReadView(PageMixin, View):
    """POST: mark one notification (and go to what it is about, or with `stay`, stay on the list) or all of
    them read. Only one's own."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        pk = kwargs.get("pk")
        if pk is None:
            count = notifications.mark_read(request.user)
            messages.success(request, _("Đã đánh dấu %(count)d thông báo là đã đọc.") % {"count": count})
            return redirect("notifications")
        notification = notifications.mark_read(request.user, pk=pk)
        if request.POST.get("stay"):
            return self.stay(notification)
        target = notification.url if notification else ""
        if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            return redirect(target)
        return redirect("notifications")

    def stay(self, notification):
        """Marked read from the list: htmx gets the notification again and the new unread count, else the list."""
        if self.request.htmx:
            if notification is None:
                raise Http404
            return render(self.request, "dossiers/_notification.html", {
                "notification": notification, "oob": True, "unread": notifications.unread_count(self.request.user),
            })
        page = self.request.POST.get("page", "")
        return redirect(reverse("notifications") + (f"?page={page}" if page.isdigit() else ""))
