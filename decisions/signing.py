"""Signing a decision (DESIGN §9): one transaction takes the number, moves the dossiers through the engine,
commits the audit log to a signed checkpoint, renders the PDF and DOCX, applies the signer's and then the
organisation's PAdES signature, stores the files with their SHA-256, and tells the clerk.

If anything fails, nothing is issued: the number, the dossier states and the audit events roll back together.
"""

import hashlib
from dataclasses import dataclass
from itertools import groupby

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from documents import docx as docx_renderer
from documents import keys
from documents import pdf as pdf_renderer
from documents import signing as pades
from documents.formatting import local_iso
from documents.numbering import take_number
from dossiers.models import Outcome
from roles.catalog import Perm
from roles.models import Membership, Person, Role
from workflow import audit, checkpoints, engine
from workflow.actions import Action
from workflow.exceptions import ActionNotAllowed, Conflict, GuardFailed

from . import document
from .models import Decision, DecisionKind, DecisionStatus, SigningMode
from .services import _require

SERIES_CODE = "QĐ"


@dataclass(frozen=True)
class Signer:
    user: object
    name: str
    mode: str
    role: str
    delegation: object = None


def signer_name(user) -> str:
    person = Person.objects.filter(user=user).only("full_name").first()
    return person.full_name if person else (user.get_full_name() or user.get_username())


def resolve_signer(decision: Decision, user) -> Signer:
    """The Chair signs "CHỦ TỊCH"; a Vice-Chair under a valid delegation signs "KT. CHỦ TỊCH"; nobody else."""
    try:
        role, delegation = _require(user, decision.issuer, Perm.DECIDE_FOR_COMMUNE, delegation=True)
    except ActionNotAllowed as exc:
        raise ActionNotAllowed(_("Người ký không có thẩm quyền quyết định khen thưởng của xã.")) from exc
    mode = SigningMode.DEPUTY if delegation is not None else SigningMode.CHAIR
    return Signer(user=user, name=signer_name(user), mode=mode, role=role, delegation=delegation)


def _keys_for(user):
    problems = []
    try:
        personal = keys.personal_key(user.get_username())
    except keys.KeyMissing:
        personal = None
        problems.append(_("Chưa có chứng thư số cá nhân của người ký (tệp PKCS#12); liên hệ quản trị hệ thống."))
    try:
        organisation = keys.organisation_key()
    except keys.KeyMissing:
        organisation = None
        problems.append(_("Chưa có chứng thư số của cơ quan (tệp PKCS#12); liên hệ quản trị hệ thống."))
    if problems:
        raise GuardFailed(*problems)
    return personal, organisation


def _entries(decision: Decision):
    return list(decision.entries.select_related("nomination__dossier__unit", "nomination__person"))


def _move_dossiers(decision: Decision, entries, signer: Signer, number_text: str) -> None:
    """Award: `decide` per dossier; revocation: `revoke` per dossier. The engine re-checks every rule."""
    by_dossier = groupby(sorted(entries, key=lambda e: e.nomination.dossier_id), key=lambda e: e.nomination.dossier)
    for dossier, group in by_dossier:
        ids = [e.nomination_id for e in group]
        if decision.kind == DecisionKind.AWARD:
            engine.perform(dossier, Action.DECIDE, engine.SYSTEM, signer=signer.user, awarded=ids, decision=number_text,
                           award_types=[decision.award_type_id])
        elif decision.kind == DecisionKind.REVOCATION:
            engine.perform(
                dossier, Action.REVOKE, engine.SYSTEM, nominations=ids, reason=decision.reason,
                legal_ground=decision.legal_ground, decision=number_text,
            )


def _check_entries(decision: Decision, entries, signer: Signer) -> None:
    if decision.kind in (DecisionKind.AWARD, DecisionKind.REVOCATION) and not entries:
        raise GuardFailed(_("Dự thảo quyết định chưa có người, tập thể nào."))
    if decision.kind == DecisionKind.REVOCATION:
        return
    for entry in entries:
        person = entry.nomination.person
        if person is not None and person.user_id == signer.user.pk:
            raise ActionNotAllowed(_("Người ký không được ký quyết định khen thưởng cho chính mình."))
    if decision.kind == DecisionKind.REPLACEMENT and any(e.nomination.outcome != Outcome.AWARDED for e in entries):
        raise GuardFailed(_("Quyết định có khen thưởng đã bị hủy bỏ: không thể thay thế."))


def _clerks(commune):
    today = timezone.localdate()
    return [m.user for m in Membership.objects.active_on(today).filter(organization=commune, role=Role.CLERK)
            .select_related("user")]


def _notify_clerks(decision: Decision) -> None:
    from workflow.notifications import notify, site_language

    with site_language():
        _notify(decision, notify)


def _notify(decision: Decision, notify) -> None:
    notify(
        _clerks(decision.issuer),
        _("Quyết định số %(number)s đã được ký, chờ phát hành") % {"number": decision.number_text},
        _("%(summary)s. Người ký: %(signer)s, %(day)s. Văn thư vào sổ văn bản đi và phát hành theo Nơi nhận.")
        % {"summary": decision.summary, "signer": decision.signer_name, "day": decision.signed_on.strftime("%d/%m/%Y")},
        url=reverse("decisions:detail", args=[decision.pk]),
    )


def decision_sign(*, decision: Decision, actor, expected_version=None) -> Decision:
    """Sign `decision` as `actor` (the Chair, or a Vice-Chair "KT. CHỦ TỊCH"): number, states, audit, files."""
    with transaction.atomic(durable=True):
        locked = Decision.objects.select_for_update(of=("self",)).select_related(
            "issuer", "award_type", "campaign", "original"
        ).get(pk=decision.pk)
        if locked.status != DecisionStatus.DRAFT:
            raise Conflict(_("Quyết định này đã được ký trước đó."))
        if expected_version is not None and int(expected_version) != locked.version:
            raise Conflict(_("Dự thảo đã được thay đổi sau khi bạn mở; vui lòng xem lại trước khi ký."))
        signer = resolve_signer(locked, actor)
        entries = _entries(locked)
        _check_entries(locked, entries, signer)
        personal, organisation = _keys_for(actor)

        now = timezone.now()
        today = timezone.localdate(now)
        number = take_number(locked.issuer, SERIES_CODE, f"{SERIES_CODE}-{locked.issuer.code}", today.year)
        _move_dossiers(locked, entries, signer, number.text)
        checkpoint = checkpoints.checkpoint_create()
        digest = checkpoints.digest(checkpoint)

        locked.status = DecisionStatus.SIGNED
        locked.signer, locked.signer_name, locked.signing_mode = actor, signer.name, signer.mode
        locked.year, locked.number, locked.number_text = number.year, number.number, number.text
        locked.signed_on, locked.signed_at = today, now
        locked.checkpoint_id, locked.checkpoint_digest = checkpoint.pk, digest
        footer = (
            f"Nhật ký kiểm toán: điểm chốt #{checkpoint.pk} lúc {local_iso(checkpoint.created_at)}, "
            f"mã SHA-256 {digest}"
        )
        layout = document.build(
            locked, entries, number_text=number.text, day=today, mode=signer.mode, signer_name=signer.name,
            footer=footer,
        )
        rendered = pdf_renderer.render_with_placements(layout)
        placement = rendered.placements[0]
        organisation_name = f"ỦY BAN NHÂN DÂN XÃ {document.place_of(locked.issuer).upper()}"
        signed = pades.sign(
            rendered.content, personal, field_name="ChuKyNguoiKy", box=placement.personal,
            lines=pades.stamp_lines(signer.name, organisation_name, now), colour=pades.BLUE,
            reason=f"Ký ban hành Quyết định số {number.text}", location=document.place_of(locked.issuer),
        )
        signed = pades.sign(
            signed, organisation, field_name="ChuKyCoQuan", box=placement.organisation,
            lines=pades.stamp_lines(organisation_name, organisation_name, timezone.now()), colour=pades.RED,
            reason=f"Phát hành Quyết định số {number.text}", location=document.place_of(locked.issuer),
        )
        word = docx_renderer.render(layout)
        base = f"QD-{number.number:02d}-{number.year}-{locked.issuer.code}"
        locked.pdf_sha256 = hashlib.sha256(signed).hexdigest()
        locked.docx_sha256 = hashlib.sha256(word).hexdigest()
        locked.pdf.save(f"{base}.pdf", ContentFile(signed), save=False)
        locked.docx.save(f"{base}.docx", ContentFile(word), save=False)
        locked.version += 1
        locked.save()
        audit.append(
            stream=locked.audit_stream, action="decision_sign", actor=actor, role=signer.role,
            on_behalf_of=signer.delegation.principal if signer.delegation else None, object_type="decision",
            object_id=locked.pk, from_state=DecisionStatus.DRAFT, to_state=DecisionStatus.SIGNED,
            data={
                "kind": locked.kind, "number": number.text, "signing_mode": signer.mode,
                "nominations": [e.nomination_id for e in entries], "original": locked.original_id,
                "pdf_sha256": locked.pdf_sha256, "docx_sha256": locked.docx_sha256,
                "checkpoint": checkpoint.pk, "checkpoint_digest": digest,
            },
        )
        _notify_clerks(locked)
    decision.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return locked


def draft_preview(decision: Decision, viewer) -> bytes:
    """The unsigned PDF of a draft, for the Chair's review: blank number and date, the viewer's signing mode."""
    try:
        mode = resolve_signer(decision, viewer).mode
    except ActionNotAllowed:
        mode = SigningMode.CHAIR
    layout = document.build(
        decision, _entries(decision), number_text=document.UNSIGNED_NUMBER, day=None, mode=mode, signer_name="",
        footer=_("DỰ THẢO - chưa ký, chưa có giá trị pháp lý"),
    )
    return pdf_renderer.render(layout)
