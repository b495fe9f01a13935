"""Writes of dossier content (not state): create, edit, nominees, uploads, complaints. Each is audited.

Rights come from the engine (`workflow.engine.authorize`); state moves only through `engine.perform`.
"""

import hashlib
import os

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from dossiers import imports
from dossiers.models import (
    EDITABLE_STATES,
    NOMINATION_DOCUMENT_KINDS,
    Attachment,
    AwardType,
    Campaign,
    CommendationKind,
    Complaint,
    ComplaintStatus,
    DocumentKind,
    Dossier,
    Nomination,
    Subject,
)
from dossiers.uploads import EXTENSIONS, XLSX, UnsupportedFile, detect
from roles.catalog import Perm
from roles.models import Organization, OrganizationKind, Person
from roles.text import fold
from workflow import audit, authority, engine
from workflow.actions import COMMUNE, Action
from workflow.engine import authorize
from workflow.exceptions import ActionNotAllowed, Conflict, GuardFailed
from workflow.notifications import site_language

DOSSIER_FIELDS = ("title", "reference_number", "kind")
NOMINATION_FIELDS = ("award_type", "person", "nominee_name", "position", "achievement_summary")


def _lock(dossier: Dossier, expected_version) -> Dossier:
    locked = Dossier.objects.select_for_update().select_related("unit").get(pk=dossier.pk)
    if expected_version is not None and int(expected_version) != locked.version:
        raise Conflict()
    return locked


def _touch(dossier: Dossier) -> None:
    """Raise the version (stale forms are refused) and refresh the diacritic-free search text."""
    names = " ".join(dossier.nominations.values_list("nominee_name", flat=True))
    dossier.search_text = fold(f"{dossier.title} {dossier.reference_number} {dossier.unit.name} {names}")
    dossier.version += 1
    dossier.save(update_fields=["search_text", "version", "updated_at"])


def _record(dossier: Dossier, action: str, actor, role: str, data: dict) -> None:
    audit.append(
        stream=dossier.audit_stream,
        action=action,
        actor=actor,
        role=role,
        object_type="dossier",
        object_id=dossier.pk,
        from_state=dossier.state,
        to_state=dossier.state,
        data=data,
    )


def _value(value):
    return getattr(value, "pk", value)


@transaction.atomic
def dossier_create(
    *, actor, unit: Organization, campaign: Campaign, title: str, reference_number: str = "", kind: str | None = None
) -> Dossier:
    """Open a draft proposal of the actor's unit in a campaign of its commune."""
    today = timezone.localdate()
    power = authority.resolve(actor, [unit.pk], today)
    if unit.kind != OrganizationKind.UNIT or not power.has(unit.pk, Perm.PROPOSE_FOR_UNIT):
        raise ActionNotAllowed(_("Bạn không có quyền lập hồ sơ cho đơn vị này."))
    if campaign.commune_id != unit.commune_id:
        raise GuardFailed(_("Phong trào không thuộc xã của đơn vị."))
    kind = kind or campaign.kind
    if not campaign.accepts_on(today, kind):
        raise GuardFailed(_("Phong trào «%(name)s» đã hết hạn nhận hồ sơ.") % {"name": campaign.name})
    dossier = Dossier.objects.create(
        commune_id=unit.commune_id,
        unit=unit,
        campaign=campaign,
        kind=kind,
        title=title.strip(),
        reference_number=reference_number.strip(),
        created_by=actor,
        search_text=fold(f"{title} {reference_number} {unit.name}"),
    )
    _record(
        dossier,
        "dossier_created",
        actor,
        power.role_for(unit.pk, Perm.PROPOSE_FOR_UNIT),
        {"title": dossier.title, "campaign": campaign.name, "kind": kind, "reference_number": dossier.reference_number},
    )
    return dossier


@transaction.atomic
def dossier_update(*, dossier: Dossier, actor, expected_version=None, **changes) -> Dossier:
    """Edit a draft or returned dossier; the audit event records the field diff."""
    locked = _lock(dossier, expected_version)
    role = authorize(locked, actor, Perm.PROPOSE_FOR_UNIT, editable_states=EDITABLE_STATES)
    changes = {name: value.strip() if isinstance(value, str) else value for name, value in changes.items()}
    if "title" in changes and not changes["title"]:
        raise GuardFailed(_("Vui lòng nhập trích yếu của hồ sơ."))
    if "kind" in changes and changes["kind"] not in CommendationKind.values:
        raise GuardFailed(_("Loại hình khen thưởng không hợp lệ."))
    diff = {}
    for name in DOSSIER_FIELDS:
        if name in changes and changes[name] != getattr(locked, name):
            diff[name] = [getattr(locked, name), changes[name]]
            setattr(locked, name, changes[name])
    if diff:
        locked.save(update_fields=list(diff))
        _touch(locked)
        _record(locked, "dossier_updated", actor, role, {"changes": diff})
    return locked


def _check_nominee(dossier: Dossier, award_type: AwardType, person: Person | None) -> None:
    if not dossier.campaign.award_types.filter(pk=award_type.pk).exists():
        raise GuardFailed(_("«%(award)s» không thuộc phong trào của hồ sơ.") % {"award": award_type.name})
    if award_type.subject == Subject.INDIVIDUAL and person is None:
        raise GuardFailed(_("«%(award)s» dành cho cá nhân: hãy chọn người được đề nghị.") % {"award": award_type.name})
    if person is not None and person.organization.commune_id_or_self != dossier.commune_id:
        raise GuardFailed(_("Người được đề nghị không thuộc xã của hồ sơ."))


@transaction.atomic
def nomination_add(
    *,
    dossier: Dossier,
    actor,
    award_type: AwardType,
    nominee_name: str = "",
    person: Person | None = None,
    position: str = "",
    achievement_summary: str = "",
    expected_version=None,
) -> Nomination:
    """Add a nominee to a draft or returned dossier of the actor's unit."""
    locked = _lock(dossier, expected_version)
    role = authorize(locked, actor, Perm.PROPOSE_FOR_UNIT, editable_states=EDITABLE_STATES)
    _check_nominee(locked, award_type, person)
    nominee_name = (nominee_name or (person.full_name if person else "")).strip()
    if not nominee_name:
        raise GuardFailed(_("Vui lòng nhập tên người, tập thể hoặc hộ gia đình được đề nghị."))
    nomination = Nomination.objects.create(
        dossier=locked,
        award_type=award_type,
        person=person,
        nominee_name=nominee_name,
        position=position.strip() or (person.position if person else ""),
        achievement_summary=achievement_summary.strip(),
        search_name=fold(nominee_name),
    )
    _touch(locked)
    _record(
        locked,
        "nomination_added",
        actor,
        role,
        {
            "nomination": nomination.pk,
            "nominee": nominee_name,
            "award_type": award_type.code,
            "person": person.pk if person else None,
        },
    )
    return nomination


@transaction.atomic
def nomination_add_new_person(
    *,
    dossier: Dossier,
    actor,
    award_type: AwardType,
    full_name: str,
    position: str = "",
    achievement_summary: str = "",
    date_of_birth=None,
    expected_version=None,
) -> Nomination:
    """Nominate an individual not yet on record: create the Person in the dossier's unit, then add them."""
    full_name = " ".join(full_name.split())
    if not full_name:
        raise GuardFailed(_("Vui lòng nhập họ tên người được đề nghị."))
    # Rights first, so a refused actor leaves no Person behind (nomination_add checks again, under lock).
    authorize(dossier, actor, Perm.PROPOSE_FOR_UNIT, editable_states=EDITABLE_STATES)
    person = Person.objects.create(
        full_name=full_name, position=position.strip(), organization=dossier.unit, date_of_birth=date_of_birth
    )
    return nomination_add(
        dossier=dossier,
        actor=actor,
        award_type=award_type,
        person=person,
        nominee_name=full_name,
        position=position,
        achievement_summary=achievement_summary,
        expected_version=expected_version,
    )


@transaction.atomic
def nominations_import(*, dossier: Dossier, actor, upload, expected_version=None) -> list[Nomination]:
    """Add every nominee of a filled-in template (dossiers.imports) or, if any row is wrong, none.

    Raises ImportRefused with one message per wrong row; the file's hash is recorded with the import.
    """
    role = authorize(dossier, actor, Perm.PROPOSE_FOR_UNIT, editable_states=EDITABLE_STATES)
    content = _read_checked(upload)
    try:
        kind = detect(upload)
    except UnsupportedFile:
        kind = None
    if kind != XLSX:
        raise UnsupportedFile(_("Chỉ nhận tệp Excel (.xlsx) theo mẫu tải về từ trang hồ sơ."))
    locked = _lock(dossier, expected_version)
    rows = imports.read(locked, content)
    added = []
    for row in rows:
        common = {"dossier": locked, "actor": actor, "award_type": row.award_type, "position": row.position,
                  "achievement_summary": row.summary}
        if row.award_type.subject == Subject.INDIVIDUAL and row.person is None:
            added.append(nomination_add_new_person(full_name=row.name, date_of_birth=row.date_of_birth, **common))
        else:
            added.append(nomination_add(nominee_name=row.name, person=row.person, **common))
    _record(locked, "nominations_imported", actor, role, {
        "name": getattr(upload, "name", ""), "sha256": hashlib.sha256(content).hexdigest(),
        "nominations": [n.pk for n in added],
    })
    return added


@transaction.atomic
def nomination_update(*, nomination: Nomination, actor, expected_version=None, **changes) -> Nomination:
    """Edit a nominee of a draft or returned dossier; the audit event records the field diff."""
    locked = _lock(nomination.dossier, expected_version)
    role = authorize(locked, actor, Perm.PROPOSE_FOR_UNIT, editable_states=EDITABLE_STATES)
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk, dossier=locked)
    _check_nominee(locked, changes.get("award_type", nomination.award_type), changes.get("person", nomination.person))
    diff = {}
    for name in NOMINATION_FIELDS:
        if name in changes and changes[name] != getattr(nomination, name):
            diff[name] = [_value(getattr(nomination, name)), _value(changes[name])]
            setattr(nomination, name, changes[name])
    if diff:
        nomination.search_name = fold(nomination.nominee_name)
        nomination.save()
        _touch(locked)
        _record(locked, "nomination_updated", actor, role, {"nomination": nomination.pk, "changes": diff})
    return nomination


@transaction.atomic
def nomination_remove(*, nomination: Nomination, actor, expected_version=None) -> None:
    """Remove a nominee (and nothing else) from a draft or returned dossier."""
    locked = _lock(nomination.dossier, expected_version)
    role = authorize(locked, actor, Perm.PROPOSE_FOR_UNIT, editable_states=EDITABLE_STATES)
    if nomination.attachments.exists():
        raise GuardFailed(
            _("Người được đề nghị đã có tài liệu đính kèm; không thể xóa. Hãy tải lên phiên bản mới nếu cần.")
        )
    data = {"nomination": nomination.pk, "nominee": nomination.nominee_name, "award_type": nomination.award_type.code}
    nomination.delete()
    _touch(locked)
    _record(locked, "nomination_removed", actor, role, data)


@transaction.atomic
def attachment_upload(
    *,
    dossier: Dossier,
    actor,
    kind: str,
    upload,
    nomination: Nomination | None = None,
    replaces: Attachment | None = None,
    expected_version=None,
) -> Attachment:
    """Store a document of a dossier or nominee; a replacement is a new version, never an overwrite."""
    locked = _lock(dossier, expected_version)
    role = authorize(locked, actor, Perm.PROPOSE_FOR_UNIT, editable_states=EDITABLE_STATES)
    if kind not in DocumentKind.values:
        raise GuardFailed(_("Loại tài liệu không hợp lệ."))
    if nomination is not None and nomination.dossier_id != locked.pk:
        raise GuardFailed(_("Người được đề nghị không thuộc hồ sơ này."))
    if kind in NOMINATION_DOCUMENT_KINDS and nomination is None:
        raise GuardFailed(_("«%(doc)s» phải gắn với một người được đề nghị.") % {"doc": DocumentKind(kind).label})
    content = _read_checked(upload)
    content_type = detect(ContentFile(content))
    version = 1
    if replaces is not None:
        replaces = Attachment.objects.select_for_update().get(pk=replaces.pk)
        if replaces.dossier_id != locked.pk or hasattr(replaces, "superseded_by"):
            raise Conflict(_("Tài liệu cần thay thế đã có phiên bản mới hơn hoặc không thuộc hồ sơ này."))
        version = replaces.version + 1
    digest = hashlib.sha256(content).hexdigest()
    original_name = os.path.basename(getattr(upload, "name", "") or "tai-lieu")[:200]
    attachment = Attachment(
        dossier=locked,
        nomination=nomination,
        kind=kind,
        original_name=original_name,
        sha256=digest,
        size=len(content),
        content_type=content_type,
        version=version,
        supersedes=replaces,
        uploaded_by=actor,
    )
    # The stored name carries the hash and the detected type, never the uploader's extension.
    attachment.file.save(f"{digest[:16]}{EXTENSIONS[content_type]}", ContentFile(content), save=False)
    try:
        attachment.save()
        _touch(locked)
        _record(
            locked,
            "attachment_uploaded",
            actor,
            role,
            {
                "attachment": attachment.pk,
                "kind": kind,
                "name": original_name,
                "sha256": digest,
                "size": len(content),
                "content_type": content_type,
                "version": version,
                "nomination": nomination.pk if nomination else None,
                "supersedes": replaces.pk if replaces else None,
            },
        )
    except BaseException:
        # No row will point at the file: do not leave it behind in MEDIA_ROOT.
        attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment


def _read_checked(upload) -> bytes:
    limit = settings.ATTACHMENT_MAX_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise UnsupportedFile(
            _("Tệp quá lớn (%(size)s); dung lượng tối đa là %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
        )
    upload.seek(0)
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise UnsupportedFile(_("Tệp quá lớn; dung lượng tối đa là %(limit)s.") % {"limit": filesizeformat(limit)})
    if not content:
        raise UnsupportedFile(_("Tệp rỗng, không có nội dung."))
    return content


@transaction.atomic
def complaint_register(
    *, dossier: Dossier, actor, complainant: str, summary: str, received_on, nomination: Nomination | None = None
) -> Complaint:
    """Register an objection or complaint about a dossier (the office of the commune records it)."""
    locked = _lock(dossier, None)
    role = authorize(locked, actor, Perm.REVIEW_FOR_COMMUNE, COMMUNE)
    if nomination is not None and nomination.dossier_id != locked.pk:
        raise GuardFailed(_("Người được đề nghị không thuộc hồ sơ này."))
    if not complainant.strip() or not summary.strip():
        raise GuardFailed(_("Vui lòng nhập người phản ánh và nội dung."))
    complaint = Complaint.objects.create(
        dossier=locked,
        nomination=nomination,
        complainant=complainant.strip(),
        summary=summary.strip(),
        received_on=received_on,
        registered_by=actor,
    )
    _record(
        locked,
        "complaint_registered",
        actor,
        role,
        {
            "complaint": complaint.pk,
            "complainant": complaint.complainant,
            "summary": complaint.summary,
            "nomination": nomination.pk if nomination else None,
            "received_on": received_on,
        },
    )
    return complaint


@transaction.atomic
def complaint_close(*, complaint: Complaint, actor, status: str, outcome: str) -> Complaint:
    """Record how a complaint was settled."""
    locked = _lock(complaint.dossier, None)
    role = authorize(locked, actor, Perm.REVIEW_FOR_COMMUNE, COMMUNE)
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if complaint.status != ComplaintStatus.OPEN:
        raise Conflict(_("Khiếu nại này đã được giải quyết."))
    if status not in (ComplaintStatus.UPHELD, ComplaintStatus.DISMISSED) or not outcome.strip():
        raise GuardFailed(_("Vui lòng chọn kết luận và ghi kết quả giải quyết."))
    complaint.status = status
    complaint.outcome = outcome.strip()
    complaint.save(update_fields=["status", "outcome"])
    _record(
        locked,
        "complaint_closed",
        actor,
        role,
        {"complaint": complaint.pk, "status": status, "outcome": complaint.outcome},
    )
    return complaint


@transaction.atomic
def complaint_receive(
    *, dossier: Dossier, actor, complainant: str, summary: str, received_on, nomination=None, suspend: bool = False
) -> Complaint:
    """Register a complaint and, when asked, suspend the dossier under it, both or neither."""
    complaint = complaint_register(dossier=dossier, actor=actor, complainant=complainant, summary=summary,
                                   received_on=received_on, nomination=nomination)
    if suspend:
        dossier.refresh_from_db()
        # The reason is shown to the unit too: it names no complainant. Stored in the site's language.
        with site_language():
            reason = _("Tạm dừng để giải quyết khiếu nại, phản ánh.")
        engine.perform(dossier, Action.SUSPEND, actor, complaint=complaint.pk, reason=reason)
    return complaint


@transaction.atomic
def complaint_settle(*, complaint: Complaint, actor, status: str, outcome: str, resume: bool = False) -> Complaint:
    """Record how a complaint was settled and, when asked, resume the suspended dossier, both or neither."""
    complaint = complaint_close(complaint=complaint, actor=actor, status=status, outcome=outcome)
    if resume:
        dossier = Dossier.objects.get(pk=complaint.dossier_id)
        engine.perform(dossier, Action.RESUME, actor)
    return complaint


def catalogue_change_record(*, instance, actor, created: bool, changed_fields) -> None:
    """Audit a change to the award catalogue or a campaign: these rows are the rules dossiers are judged by."""
    values = {}
    for name in changed_fields:
        value = getattr(instance, name)
        if hasattr(value, "all"):
            value = sorted(str(v) for v in value.all())
        values[name] = value if isinstance(value, (str, int, bool, list, dict, type(None))) else str(value)
    audit.append(
        stream="catalogue",
        action="catalogue_created" if created else "catalogue_changed",
        actor=actor,
        object_type=instance._meta.model_name,
        object_id=instance.pk,
        data={"name": str(instance), "changes": values},
    )
