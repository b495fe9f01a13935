"""Council pages: the secretary's session page, the member's ballot, results and minutes.

Views parse a form, call a service, render. Refusals (ActionNotAllowed 403, GuardFailed / Conflict 409,
a refused file or invalid form 400) re-render the page that caused them with the Vietnamese reasons.
"""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import TemplateView

from council import selectors, services
from council.forms import (
    AgendaAddForm,
    AttendanceForm,
    BallotForm,
    BulkForwardForm,
    SessionCloseForm,
    SessionForm,
    SessionVersionForm,
    WrittenOpinionForm,
    dossier_token,
    posted_choices,
)
from council.models import SessionState
from council.services import forwarding
from dossiers.models import Dossier
from dossiers.uploads import RENDERED_FORMATS, UnsupportedFile
from dossiers.views.common import PageMixin, PartialMixin, wants_part
from roles.catalog import Perm
from roles.models import Organization, OrganizationKind
from workflow.exceptions import ActionNotAllowed, WorkflowError

REFUSALS = (WorkflowError, UnsupportedFile)


def _form_errors(form) -> list[str]:
    return [str(e) for errors in form.errors.values() for e in errors]


def _status(exc) -> int:
    return getattr(exc, "http_status", 400)


def _reasons(exc) -> list[str]:
    return list(getattr(exc, "reasons", None) or [str(exc)])


class SessionListView(PageMixin, TemplateView):
    """Sessions of the actor's commune(s); the secretary also gets the form to open a new one."""

    template_name = "council/session_list.html"

    def communes_managed(self) -> list[Organization]:
        ids = self.scope.organizations_with(Perm.MANAGE_COUNCIL)
        return list(Organization.objects.filter(pk__in=sorted(ids), kind=OrganizationKind.COMMUNE).order_by("pk"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", SessionForm())
        context.update(
            sessions=list(selectors.session_list_for(scope=self.scope)[: selectors.PAGE_SIZE]),
            communes=self.communes_managed(),
            to_vote=list(selectors.sessions_to_vote_in(user=self.request.user)),
            errors=kwargs.get("errors", []),
        )
        return context

    def post(self, request, *args, **kwargs):
        form = SessionForm(request.POST)
        communes = self.communes_managed()
        if not communes:
            error = ActionNotAllowed(services.sessions.NOT_SECRETARY)
            return self.render_to_response(self.get_context_data(form=form, errors=error.reasons), status=403)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form, errors=_form_errors(form)), status=400)
        try:
            session = services.session_create(actor=request.user, commune=communes[0], **form.cleaned_data)
        except REFUSALS as exc:
            return self.render_to_response(self.get_context_data(form=form, errors=_reasons(exc)), status=_status(exc))
        messages.success(request, _("Đã lập phiên họp «%(title)s».") % {"title": session.title})
        return redirect("council_session", pk=session.pk)


class SessionMixin(PageMixin):
    def get_session(self):
        return selectors.session_for(scope=self.scope, pk=self.kwargs["pk"])


class SessionDetailView(PartialMixin, SessionMixin, TemplateView):
    """Agenda, attendance, progress and the secretary's actions of now; results once closed."""

    template_name = "council/session_detail.html"
    # While the session is open, the secretary's page refreshes its voting progress alone (htmx).
    partial_target = "progress"
    partial_template_name = "council/_progress.html"

    def render_page(self, session, *, errors=(), status=200, **extra):
        user = self.request.user
        members = selectors.members_of(session=session)
        manages = selectors.manages(scope=self.scope, session=session)
        seat = next((m for m in members if m.user_id == user.pk), None)
        draft = session.state == SessionState.DRAFT
        context = self.get_context_data(
            session=session,
            members=members,
            agenda=selectors.agenda_of(session=session),
            manages=manages,
            seat=seat,
            voted=selectors.has_voted(session=session, user=user) if seat else False,
            progress=selectors.progress_of(session=session, members=members),
            errors=list(errors),
            **extra,
        )
        if manages and draft:
            version = {"expected_version": session.version}
            context.setdefault("agenda_form", AgendaAddForm(
                dossiers=selectors.candidate_dossiers(session=session), initial=version))
            context.setdefault("attendance_form", AttendanceForm(members=members, initial=version))
        return self.render_to_response(context, status=status)

    def render_progress(self, session):
        """Who has voted and who has not, never a choice: the count exists only once the session closes."""
        members = selectors.members_of(session=session)
        return self.render_to_response(self.get_context_data(
            session=session, manages=selectors.manages(scope=self.scope, session=session),
            progress=selectors.progress_of(session=session, members=members), part=True,
        ))

    def get(self, request, *args, **kwargs):
        session = self.get_session()
        if wants_part(request, self.partial_target):
            return self.render_progress(session)
        return self.render_page(session)


class SessionActionView(SessionDetailView):
    """A POST of the secretary on the session page: the subclass names the service call."""

    http_method_names = ["post"]
    form_class = SessionVersionForm
    done_message = ""

    def make_form(self, session):
        return self.form_class(self.request.POST)

    def perform(self, session, form):  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        session = self.get_session()
        form = self.make_form(session)
        if not form.is_valid():
            return self.render_page(session, errors=_form_errors(form), status=400)
        try:
            self.perform(session, form)
        except REFUSALS as exc:
            return self.render_page(self.get_session(), errors=_reasons(exc), status=_status(exc))
        messages.success(request, self.done_message)
        return redirect("council_session", pk=session.pk)


class AgendaAddView(SessionActionView):
    done_message = _("Đã đưa hồ sơ vào chương trình phiên họp.")

    def make_form(self, session):
        return AgendaAddForm(self.request.POST, dossiers=selectors.candidate_dossiers(session=session))

    def render_page(self, session, **kwargs):
        if self.request.method == "POST":
            kwargs.setdefault("agenda_form", self.make_form(session))
        return super().render_page(session, **kwargs)

    def perform(self, session, form):
        services.agenda_add(session=session, actor=self.request.user, dossier=form.cleaned_data["dossier"],
                            expected_version=form.cleaned_data["expected_version"])


class AgendaRemoveView(SessionActionView):
    done_message = _("Đã rút hồ sơ khỏi chương trình phiên họp.")

    def perform(self, session, form):
        dossier = Dossier.objects.filter(pk=self.kwargs["dossier_pk"]).first()
        if dossier is None:
            raise Http404(_("Không có hồ sơ này."))
        services.agenda_remove(session=session, actor=self.request.user, dossier=dossier,
                               expected_version=form.cleaned_data["expected_version"])


class AttendanceView(SessionActionView):
    done_message = _("Đã ghi nhận điểm danh.")

    def make_form(self, session):
        return AttendanceForm(self.request.POST, members=selectors.members_of(session=session))

    def perform(self, session, form):
        services.attendance_record(session=session, actor=self.request.user,
                                   present_user_ids=form.cleaned_data["present"],
                                   expected_version=form.cleaned_data["expected_version"])


class SessionOpenView(SessionActionView):
    done_message = _("Đã mở biểu quyết; các thành viên có mặt đã được thông báo.")

    def perform(self, session, form):
        services.session_open(session=session, actor=self.request.user,
                              expected_version=form.cleaned_data["expected_version"])


class SessionCloseView(SessionActionView):
    form_class = SessionCloseForm
    done_message = _("Đã kết thúc phiên họp: kết quả và biên bản đã được lập.")

    def perform(self, session, form):
        services.session_close(session=session, actor=self.request.user,
                               expected_version=form.cleaned_data["expected_version"])


class WrittenOpinionView(SessionMixin, TemplateView):
    """The secretary records an absent member's written opinion with its scan (only while open)."""

    template_name = "council/written_opinion.html"

    def form_for(self, session, data=None, files=None):
        members = selectors.members_of(session=session)
        recorded = {o.member_id for o in selectors.written_opinions_of(session=session)}
        absent = [m for m in members if not m.present and m.user_id not in recorded]
        return WrittenOpinionForm(data, files, absent=absent, items=selectors.agenda_of(session=session),
                                  initial={"expected_version": session.version})

    def render_page(self, session, form, *, errors=(), status=200):
        if not selectors.manages(scope=self.scope, session=session):
            raise Http404(_("Không có trang này."))
        context = self.get_context_data(session=session, form=form, errors=list(errors),
                                        opinions=selectors.written_opinions_of(session=session))
        return self.render_to_response(context, status=status)

    def get(self, request, *args, **kwargs):
        session = self.get_session()
        return self.render_page(session, self.form_for(session))

    def post(self, request, *args, **kwargs):
        session = self.get_session()
        form = self.form_for(session, request.POST, request.FILES)
        if not form.is_valid():
            return self.render_page(session, form, errors=_form_errors(form), status=400)
        data = form.cleaned_data
        try:
            services.written_opinion_record(
                session=session, actor=request.user, member_id=data["member"], choices=form.choices(),
                upload=data["scan"], received_on=data["received_on"], expected_version=data["expected_version"],
            )
        except REFUSALS as exc:
            return self.render_page(self.get_session(), form, errors=_reasons(exc), status=_status(exc))
        messages.success(request, _("Đã ghi nhận ý kiến bằng văn bản."))
        return redirect("council_written_opinion", pk=session.pk)


class WrittenOpinionDownloadView(SessionMixin, View):
    """The scanned paper, for the secretary who recorded it (it is named and carries the member's choices)."""

    def get(self, request, *args, **kwargs):
        session = self.get_session()
        if not selectors.manages(scope=self.scope, session=session):
            raise Http404(_("Không có tệp này."))
        opinion = selectors.written_opinion_for(session=session, pk=kwargs["opinion_pk"])
        return FileResponse(opinion.file.open("rb"), as_attachment=True, filename=opinion.original_name,
                            content_type=opinion.content_type)


class BallotView(SessionMixin, TemplateView):
    """The member's ballot: one form for the agenda, a confirmation step, then the receipt."""

    template_name = "council/ballot.html"

    def render_page(self, session, *, data=None, confirming=False, errors=(), status=200):
        """The page; posted `data` that the form finds incomplete or invalid shows the form's own errors
        (400, as before the service is involved) and is not offered for confirmation."""
        seat, voted = selectors.ballot_state(session=session, user=self.request.user)
        form = BallotForm(data, items=selectors.ballot_items(session=session), voter_id=self.request.user.pk)
        if data is not None and not form.is_valid():
            confirming, errors, status = False, _form_errors(form), 400
        context = self.get_context_data(session=session, form=form, seat=seat, confirming=confirming,
                                        errors=list(errors), voted=voted)
        return self.render_to_response(context, status=status)

    def get(self, request, *args, **kwargs):
        session = self.get_session()
        if selectors.has_voted(session=session, user=request.user):
            return redirect("council_receipt", pk=session.pk)
        return self.render_page(session)

    def post(self, request, *args, **kwargs):
        session = self.get_session()
        if request.POST.get("confirm") != "1":
            # Show the member their own choices once more; nothing is stored until they confirm.
            return self.render_page(session, data=request.POST, confirming=True)
        try:
            # The service checks every mark against the agenda (with the same messages); the form of the
            # whole agenda is built only to show the page again after a refusal.
            services.ballot_cast(session=session, actor=request.user, choices=posted_choices(request.POST))
        except REFUSALS as exc:
            return self.render_page(self.get_session(), data=request.POST, errors=_reasons(exc), status=_status(exc))
        messages.success(request, _("Phiếu của đồng chí đã được ghi nhận."))
        return redirect("council_receipt", pk=session.pk)


class ReceiptView(SessionMixin, TemplateView):
    """"Your ballot was received at …": the receipt names the member and the time, never a choice."""

    template_name = "council/receipt.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        session = self.get_session()
        receipt = selectors.receipt_of(session=session, user=self.request.user)
        if receipt is None:
            raise Http404(_("Đồng chí chưa bỏ phiếu trong phiên họp này."))
        context.update(session=session, receipt=receipt)
        return context


class ResultsView(SessionMixin, TemplateView):
    """The count per nominee and the named open votes, once the session is closed."""

    template_name = "council/results.html"

    def get(self, request, *args, **kwargs):
        session = self.get_session()
        if session.state != SessionState.CLOSED:
            context = self.get_context_data(session=session, errors=[_("Kết quả chỉ được công bố sau khi phiên "
                                                                       "họp kết thúc.")])
            return self.render_to_response(context, status=409)
        items = selectors.results_for(session=session)
        context = self.get_context_data(
            session=session, items=items, named=selectors.named_votes_for(session=session, items=items),
            minutes=session.minutes, errors=[],
        )
        return self.render_to_response(context)


class MinutesDownloadView(SessionMixin, View):
    def get(self, request, *args, **kwargs):
        session = self.get_session()
        if session.state != SessionState.CLOSED:
            raise Http404(_("Biên bản chỉ có sau khi phiên họp kết thúc."))
        # Normally rendered just after closing; if that failed, the first download renders them (once).
        minutes = services.minutes_render(session.minutes)
        stored = minutes.pdf if kwargs["fmt"] == "pdf" else minutes.docx
        name = f"bien-ban-{minutes.number:02d}-BB-HDTDKT-{minutes.year}.{kwargs['fmt']}"
        return FileResponse(stored.open("rb"), as_attachment=True, filename=name,
                            content_type=RENDERED_FORMATS[kwargs["fmt"]])


class BulkForwardView(PageMixin, TemplateView):
    """Many dossiers to the council at once (office reviewer, council secretary), each onto the chosen
    session's agenda; every dossier gets its own result, a refused one changes nothing."""

    template_name = "council/bulk_forward.html"

    def may_forward(self) -> bool:
        return bool(self.scope.organizations_with(Perm.REVIEW_FOR_COMMUNE, Perm.MANAGE_COUNCIL))

    def render_page(self, *, form=None, results=(), errors=(), status=200):
        if not self.may_forward():
            context = self.get_context_data(errors=[_("Chỉ cán bộ thẩm định hoặc Thư ký Hội đồng mới chuyển được "
                                                      "hồ sơ sang Hội đồng xét.")], forbidden=True)
            return self.render_to_response(context, status=403)
        candidates = selectors.forward_candidates(actor=self.request.user, scope=self.scope)
        for dossier in candidates:
            dossier.token = dossier_token(dossier)
        sessions = selectors.draft_sessions_managed(scope=self.scope)
        if form is None:
            # A refused dossier stays chosen, at the version now current: what the actor meant, on today's facts.
            again = {result.dossier_id for result in results if not result.done}
            chosen = [dossier_token(d) for d in candidates if d.pk in again]
            session = self.request.POST.get("session") or self.request.GET.get("phien", "")
            form = BulkForwardForm(dossiers=candidates, sessions=sessions,
                                   initial={"chosen": chosen, "session": session})
        context = self.get_context_data(form=form, candidates=candidates, sessions=sessions, results=list(results),
                                        errors=list(errors), chosen=set(form["chosen"].value() or ()),
                                        ready_count=sum(1 for d in candidates if not d.blocked_reasons))
        return self.render_to_response(context, status=status)

    def get(self, request, *args, **kwargs):
        return self.render_page()

    def post(self, request, *args, **kwargs):
        if not self.may_forward():
            return self.render_page()
        candidates = selectors.forward_candidates(actor=request.user, scope=self.scope)
        data = request.POST
        if data.get("all_ready"):
            # "Forward every ready one": the ready dossiers as the page showed them (their versions), so a
            # dossier changed since is still reported stale rather than forwarded unseen.
            data = data.copy()
            data.setlist("chosen", request.POST.getlist("ready"))
        form = BulkForwardForm(data, dossiers=candidates,
                               sessions=selectors.draft_sessions_managed(scope=self.scope))
        if not form.is_valid():
            return self.render_page(form=form, errors=_form_errors(form), status=400)
        versions = dict(form.cleaned_data["chosen"])
        found = {d.pk: d for d in selectors.dossiers_in_scope(scope=self.scope, ids=versions)}
        session = form.cleaned_data["session"]
        try:
            results = forwarding.dossiers_forward(
                actor=request.user, chosen=[(found[pk], v) for pk, v in versions.items() if pk in found],
                session=session)
        except REFUSALS as exc:
            return self.render_page(form=form, errors=_reasons(exc), status=_status(exc))
        results += [forwarding.Forwarded(pk, "", False, [_("Không có hồ sơ này.")])
                    for pk in versions if pk not in found]
        done = [r for r in results if r.done]
        if len(done) == len(results):
            messages.success(request, ngettext("Đã chuyển %(count)s hồ sơ sang Hội đồng xét.",
                                               "Đã chuyển %(count)s hồ sơ sang Hội đồng xét.", len(done))
                             % {"count": len(done)})
            if session is not None:
                return redirect("council_session", pk=session.pk)
            return redirect("council_bulk_forward")
        return self.render_page(results=results, status=409)
