"""The dossier's viewflow process (DESIGN §7): one process per submitted dossier, one open task per waiting state.

The FSM state of the dossier is the legal truth. This flow declares the steps that wait for someone and the
routes between them, which follow the state `workflow.engine.perform` has just set; the engine opens, claims,
completes and cancels the task rows itself, in the transaction of the state change (workflow.workitems), so
viewflow's own views and activations are not used to move a dossier.
"""

from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow

from dossiers.models import DossierState as S


def _state_is(*states):
    def condition(activation):
        return activation.process.artifact.state in states

    return condition


def open_dossier(request, process_pk, task_pk, **kwargs):
    """A task's page is its dossier's page: that is where its actions are."""
    from dossiers.models import Dossier

    dossier = get_object_or_404(Dossier.objects.only("pk"), process_id=process_pk)
    return redirect("dossier_detail", pk=dossier.pk)


class DossierFlow(flow.Flow):
    """Hồ sơ đề nghị khen thưởng"""

    process_title = _("Hồ sơ đề nghị khen thưởng")

    start = flow.StartHandle().Next(this.review)
    review = (
        flow.View(open_dossier)
        .Annotation(title=_("Thẩm định hồ sơ"), description=_("Phòng Văn hóa - Xã hội nhận và thẩm định hồ sơ."))
        .Next(this.after_review)
    )
    after_review = (
        flow.Switch()
        .Case(this.revision, _state_is(S.RETURNED))
        .Case(this.posting, _state_is(S.POSTED))
        .Case(this.council, _state_is(S.COUNCIL))
        .Case(this.decision, _state_is(S.AWAITING_DECISION))
        .Case(this.suspension, _state_is(S.SUSPENDED))
        .Default(this.end)
    )
    revision = (
        flow.View(open_dossier)
        .Annotation(title=_("Đơn vị bổ sung hồ sơ"), description=_("Đơn vị bổ sung theo yêu cầu và trình lại."))
        .Next(this.review)
    )
    posting = (
        flow.View(open_dossier)
        .Annotation(title=_("Niêm yết công khai"), description=_("Lấy ý kiến trong thời gian niêm yết."))
        .Next(this.after_review)
    )
    council = (
        flow.Handle()
        .Annotation(title=_("Hội đồng xét"), description=_("Hội đồng Thi đua - Khen thưởng họp, biểu quyết."))
        .Next(this.after_council)
    )
    after_council = (
        flow.Switch()
        .Case(this.decision, _state_is(S.AWAITING_DECISION))
        .Case(this.suspension, _state_is(S.SUSPENDED))
        .Default(this.end)
    )
    decision = (
        flow.View(open_dossier)
        .Annotation(title=_("Chủ tịch quyết định"), description=_("Chủ tịch UBND xã (hoặc người được ủy quyền) ký."))
        .Next(this.after_decision)
    )
    after_decision = (
        flow.Switch()
        .Case(this.review, _state_is(S.IN_REVIEW))
        .Case(this.suspension, _state_is(S.SUSPENDED))
        .Default(this.end)
    )
    suspension = (
        flow.View(open_dossier)
        .Annotation(title=_("Tạm dừng xử lý"), description=_("Chờ giải quyết khiếu nại, phản ánh rồi tiếp tục."))
        .Next(this.after_suspension)
    )
    after_suspension = (
        flow.Switch()
        .Case(this.review, _state_is(S.SUBMITTED, S.IN_REVIEW))
        .Case(this.posting, _state_is(S.POSTED))
        .Case(this.council, _state_is(S.COUNCIL))
        .Case(this.decision, _state_is(S.AWAITING_DECISION))
        .Default(this.end)
    )
    end = flow.End()
