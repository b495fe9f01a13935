"""The conditions of each action (DESIGN §4), as lists of Vietnamese reasons; empty means "go".

`preconditions` depend only on the dossier (the UI shows them beside a disabled button);
`data_problems` check what the actor supplied with the action.
"""

from collections import defaultdict
from datetime import date

from django.utils.translation import gettext as _

from dossiers.models import (
    NOMINATION_DOCUMENT_KINDS,
    ComplaintStatus,
    DocumentKind,
    Outcome,
)
from workflow.actions import SPECS, Action


def open_nominations(dossier):
    """Nominations still in the running (not marked ineligible)."""
    return [n for n in dossier.nominations.all() if n.outcome != Outcome.INELIGIBLE]


def missing_documents(dossier) -> list[str]:
    """Required documents not yet uploaded, per award type and commendation kind."""
    present_dossier: set[str] = set()
    present_nomination: dict[int, set[str]] = defaultdict(set)
    for attachment in dossier.attachments.all():
        # The engine reads "replaced by a newer version?" with the list (`_superseded`); pages ask each row.
        superseded = getattr(attachment, "_superseded", None)
        if superseded if superseded is not None else hasattr(attachment, "superseded_by"):
            continue
        if attachment.nomination_id:
            present_nomination[attachment.nomination_id].add(attachment.kind)
        else:
            present_dossier.add(attachment.kind)
    reasons = []
    needed_for_dossier: set[str] = set()
    for nomination in dossier.nominations.all():
        for kind in nomination.award_type.documents_required_for(dossier.kind):
            if kind in NOMINATION_DOCUMENT_KINDS:
                if kind not in present_nomination[nomination.pk]:
                    reasons.append(
                        _("Thiếu «%(doc)s» của %(name)s.")
                        % {"doc": DocumentKind(kind).label, "name": nomination.nominee_name}
                    )
            else:
                needed_for_dossier.add(kind)
    for kind in sorted(needed_for_dossier - present_dossier):
        reasons.append(_("Thiếu «%(doc)s» của hồ sơ.") % {"doc": DocumentKind(kind).label})
    return reasons


def _needs_vote(dossier, nomination) -> bool:
    return nomination.award_type.needs_vote(dossier.kind)


def awaiting_vote(dossier):
    """Nominations the Council still has to vote on: not yet voted, not ineligible, and their award needs it.

    A dossier the Chair sent back after a vote keeps its passed and failed results; they wait for no vote.
    """
    return [
        n
        for n in dossier.nominations.all()
        if n.outcome in (Outcome.PROPOSED, Outcome.ELIGIBLE) and _needs_vote(dossier, n)
    ]


def _posting_problems(dossier, today: date) -> list[str]:
    nominations = open_nominations(dossier)
    if any(n.award_type.posting_days for n in nominations):
        if dossier.posting_ends_on is None:
            return [_("Danh sách phải được niêm yết công khai trước khi chuyển tiếp.")]
        if today <= dossier.posting_ends_on:
            return [
                _("Thời gian niêm yết công khai chưa kết thúc (đến hết ngày %(day)s).")
                % {"day": dossier.posting_ends_on.strftime("%d/%m/%Y")}
            ]
    return []


def _open_complaints(dossier) -> list[str]:
    # The engine's locking query answers this in the same round trip (`_has_open_complaint`).
    has_open = getattr(dossier, "_has_open_complaint", None)
    if has_open is None:
        has_open = any(c.status == ComplaintStatus.OPEN for c in dossier.complaints.all())
    if has_open:
        return [_("Hồ sơ còn khiếu nại, phản ánh chưa giải quyết xong.")]
    return []


def _submit(dossier, today):
    nominations = list(dossier.nominations.all())
    if not nominations:
        return [_("Hồ sơ chưa có người hoặc tập thể nào được đề nghị.")]
    reasons = []
    campaign = dossier.campaign
    if not campaign.accepts_on(today, dossier.kind):
        reasons.append(_("Phong trào «%(name)s» đã hết hạn nhận hồ sơ.") % {"name": campaign.name})
    # The engine's prefetch answers "is the award type in the campaign?" per nomination (`_in_campaign`).
    if all(hasattr(n, "_in_campaign") for n in nominations):
        allowed = {n.award_type_id for n in nominations if n._in_campaign}
    else:
        allowed = set(campaign.award_types.values_list("pk", flat=True))
    for nomination in nominations:
        award = nomination.award_type
        if award.pk not in allowed:
            reasons.append(
                _("«%(award)s» không thuộc phong trào này (%(name)s).")
                % {"award": award.name, "name": nomination.nominee_name}
            )
        elif not (award.valid_from <= today and (award.valid_to is None or today <= award.valid_to)):
            reasons.append(_("Quy định về «%(award)s» không còn hiệu lực.") % {"award": award.name})
    return reasons + missing_documents(dossier)


def _post(dossier, today):
    if not any(n.award_type.posting_days for n in open_nominations(dossier)):
        return [_("Không danh hiệu, hình thức nào trong hồ sơ yêu cầu niêm yết công khai.")]
    return []


def _forward_common(dossier, today):
    reasons = []
    if not open_nominations(dossier):
        reasons.append(_("Mọi người được đề nghị đều không đủ điều kiện: hãy chọn «Không khen thưởng»."))
    return reasons + _posting_problems(dossier, today) + _open_complaints(dossier)


def _forward_to_council(dossier, today):
    reasons = _forward_common(dossier, today)
    if open_nominations(dossier) and not awaiting_vote(dossier):
        reasons.append(_("Không có đề nghị nào cần Hội đồng xét: hãy trình thẳng Chủ tịch."))
    return reasons


def _forward_to_chair(dossier, today):
    reasons = _forward_common(dossier, today)
    if awaiting_vote(dossier):
        reasons.append(_("Có đề nghị phải được Hội đồng Thi đua - Khen thưởng xét trước khi trình Chủ tịch."))
    return reasons


def _resume(dossier, today):
    return _open_complaints(dossier)


def _suspend(dossier, today):
    if not _open_complaints(dossier):
        return [_("Việc tạm dừng phải gắn với một khiếu nại, phản ánh đang giải quyết của hồ sơ này.")]
    return []


PRECONDITIONS = {
    Action.SUBMIT: _submit,
    Action.POST_PUBLICLY: _post,
    Action.FORWARD_TO_COUNCIL: _forward_to_council,
    Action.FORWARD_TO_CHAIR: _forward_to_chair,
    Action.RESUME: _resume,
    Action.SUSPEND: _suspend,
}


def preconditions(action: str, dossier, today: date) -> list[str]:
    check = PRECONDITIONS.get(action)
    return check(dossier, today) if check else []


def _nominations_by_id(dossier, ids, allowed_outcomes, what: str):
    by_id = {n.pk: n for n in dossier.nominations.all()}
    reasons = []
    for raw in ids:
        nomination = by_id.get(int(raw)) if str(raw).isdigit() else None
        if nomination is None:
            reasons.append(_("Người được đề nghị #%(id)s không thuộc hồ sơ này.") % {"id": raw})
        elif nomination.outcome not in allowed_outcomes:
            reasons.append(
                _("%(name)s không thể %(what)s (kết quả hiện tại: %(outcome)s).")
                % {"name": nomination.nominee_name, "what": what, "outcome": nomination.get_outcome_display()}
            )
    return reasons


def data_problems(action: str, dossier, data: dict) -> list[str]:
    """Check what the actor supplied with the action."""
    reasons = []
    if SPECS[action].needs_reason and not str(data.get("reason", "")).strip():
        reasons.append(_("Vui lòng nêu lý do."))
    if action == Action.RETURN_FOR_REVISION and any(
        str(kind) not in DocumentKind.values for kind in data.get("supplement") or []
    ):
        reasons.append(_("Loại tài liệu cần bổ sung không hợp lệ."))
    if action == Action.RETURN_FOR_REVISION and dossier.return_count >= 1 and not data.get("confirm_repeat"):
        reasons.append(
            _(
                "Hồ sơ đã được yêu cầu bổ sung %(count)s lần; quy định chỉ cho phép yêu cầu bổ sung một lần. "
                "Hãy xác nhận nếu vẫn muốn trả lại."
            )
            % {"count": dossier.return_count}
        )
    if action == Action.ASSESS_NOMINATION:
        reasons += _nominations_by_id(
            dossier,
            [data.get("nomination")],
            {Outcome.PROPOSED, Outcome.ELIGIBLE, Outcome.INELIGIBLE},
            _("đánh giá lại"),
        )
        if not data.get("eligible") and not str(data.get("reason", "")).strip():
            reasons.append(_("Vui lòng nêu lý do không đủ điều kiện."))
    if action == Action.SUSPEND:
        complaint = next((c for c in dossier.complaints.all() if str(c.pk) == str(data.get("complaint"))), None)
        if complaint is None or complaint.status != ComplaintStatus.OPEN:
            reasons.append(_("Việc tạm dừng phải gắn với một khiếu nại, phản ánh đang giải quyết của hồ sơ này."))
    if action == Action.CLOSE_VOTE:
        results = data.get("results") or {}
        missing = [n.nominee_name for n in awaiting_vote(dossier) if str(n.pk) not in {str(k) for k in results}]
        if missing:
            reasons.append(_("Chưa có kết quả biểu quyết của: %(names)s.") % {"names": ", ".join(missing)})
        if any(v not in (Outcome.PASSED, Outcome.FAILED) for v in results.values()):
            reasons.append(_("Kết quả biểu quyết chỉ có thể là thông qua hoặc không thông qua."))
        reasons += _nominations_by_id(dossier, results, {Outcome.ELIGIBLE}, _("được biểu quyết"))
    if action == Action.DECIDE:
        awarded = data.get("awarded") or []
        if not awarded:
            reasons.append(_("Quyết định phải khen thưởng ít nhất một người được đề nghị."))
        if not data.get("decision"):
            reasons.append(_("Thiếu số, ký hiệu của quyết định."))
        reasons += _nominations_by_id(dossier, awarded, {Outcome.PASSED, Outcome.ELIGIBLE}, _("được khen thưởng"))
        by_id = {n.pk: n for n in dossier.nominations.all()}
        covered = {str(x) for x in data.get("award_types") or []}
        for raw in awarded:
            nomination = by_id.get(int(raw)) if str(raw).isdigit() else None
            if nomination and nomination.outcome == Outcome.ELIGIBLE and _needs_vote(dossier, nomination):
                reasons.append(_("%(name)s chưa được Hội đồng thông qua.") % {"name": nomination.nominee_name})
            if nomination and covered and str(nomination.award_type_id) not in covered:
                reasons.append(
                    _("%(name)s được đề nghị «%(award)s», không thuộc danh hiệu, hình thức của quyết định này.")
                    % {"name": nomination.nominee_name, "award": nomination.award_type.name}
                )
    if action == Action.REVOKE:
        if not str(data.get("legal_ground", "")).strip():
            reasons.append(_("Vui lòng nêu căn cứ hủy bỏ (Điều 94 Luật Thi đua, khen thưởng 2022)."))
        if not str(data.get("reason", "")).strip():
            reasons.append(_("Vui lòng nêu lý do hủy bỏ."))
        if not data.get("decision"):
            reasons.append(_("Thiếu số, ký hiệu của quyết định hủy bỏ."))
        if not data.get("nominations"):
            reasons.append(_("Chưa chọn khen thưởng nào bị hủy bỏ."))
        reasons += _nominations_by_id(
            dossier, data.get("nominations") or [], {Outcome.AWARDED}, _("bị hủy khen thưởng")
        )
    return reasons
