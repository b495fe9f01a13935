"""The award records of a year, in the layout for the province's and the national civil-servant
databases (DOMAIN §8: each record says whether it is a danh hiệu thi đua or a hình thức khen thưởng,
with the decision's number and date). Layout documented in docs/api.md, "Xuất danh sách khen thưởng".

Decision number, date and signer come from the signed `Decision` that awards the nominee (a signed
replacement stands for the decision it replaces); revoked awards are not award records any more and are
left out.
"""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from decisions.models import DecisionEntry, DecisionStatus, SigningMode
from decisions.selectors import AWARDING_KINDS
from dossiers.models import Nomination, Outcome

# (stable key, Vietnamese header): the CSV header row carries the keys, the XLSX header the Vietnamese.
COLUMNS = (
    ("stt", "STT"),
    ("dossier_id", "Mã hồ sơ"),
    ("nomination_id", "Mã đề nghị"),
    ("nominee_name", "Họ và tên / Tên tập thể, hộ gia đình"),
    ("date_of_birth", "Ngày sinh"),
    ("position", "Chức vụ, đơn vị công tác"),
    ("unit", "Đơn vị đề nghị"),
    ("subject", "Đối tượng (mã)"),
    ("subject_label", "Đối tượng"),
    ("category", "Phân loại (mã)"),
    ("category_label", "Danh hiệu thi đua / Hình thức khen thưởng"),
    ("award_code", "Mã danh hiệu, hình thức"),
    ("award_name", "Tên danh hiệu, hình thức"),
    ("year", "Năm"),
    ("commendation_kind", "Loại hình khen thưởng"),
    ("decision_number", "Số quyết định"),
    ("decision_date", "Ngày quyết định"),
    ("signer", "Người ký"),
    ("signing_mode", "Hình thức ký"),
    ("issuer", "Cơ quan quyết định"),
    ("signer_name", "Họ tên người ký"),
    ("decision_id", "Mã quyết định"),
)


def _decisions(awarded: dict) -> dict:
    """{nomination id: the signed decision that awards it}; a later signed replacement stands for its original."""
    entries = (
        DecisionEntry.objects.filter(
            decision__status=DecisionStatus.SIGNED, decision__kind__in=AWARDING_KINDS, **awarded
        )
        .select_related("decision__signer")
        .order_by("decision__signed_at", "decision_id")
    )
    return {entry.nomination_id: entry.decision for entry in entries}


def _decision_columns(decision) -> dict:
    if decision is None:
        return {"decision_number": "", "decision_date": "", "signer": "", "signing_mode": "", "signer_name": "",
                "decision_id": ""}
    return {
        "decision_number": decision.number_text,
        "decision_date": decision.signed_on.isoformat(),
        "signer": decision.signer.get_username() if decision.signer_id else "",
        "signing_mode": "KT." if decision.signing_mode == SigningMode.DEPUTY else "",
        "signer_name": decision.signer_name,
        "decision_id": decision.pk,
    }


def award_records(*, communes: list[int], year: int) -> list[dict]:
    """Every award of `year`'s campaigns in the given communes, with its decision (two queries)."""
    awarded = {"outcome": Outcome.AWARDED, "dossier__commune_id__in": communes, "dossier__campaign__year": year}
    nominations = list(
        Nomination.objects.filter(**awarded)
        .select_related("dossier__unit", "dossier__commune", "dossier__campaign", "award_type", "person")
        .order_by("award_type__code", "dossier__unit__name", "nominee_name", "pk")
    )
    decisions = _decisions({f"nomination__{key}": value for key, value in awarded.items()})
    rows = []
    for index, nomination in enumerate(nominations, start=1):
        dossier, award = nomination.dossier, nomination.award_type
        birth = nomination.person.date_of_birth if nomination.person else None
        rows.append({
            "stt": index,
            "dossier_id": dossier.pk,
            "nomination_id": nomination.pk,
            "nominee_name": nomination.nominee_name,
            "date_of_birth": birth.isoformat() if birth else "",
            "position": nomination.position,
            "unit": dossier.unit.name,
            "subject": award.subject,
            "subject_label": str(award.get_subject_display()),
            "category": award.category,
            "category_label": str(award.get_category_display()),
            "award_code": award.code,
            "award_name": award.name,
            "year": dossier.campaign.year,
            "commendation_kind": str(dossier.get_kind_display()),
            "issuer": dossier.commune.name,
            **_decision_columns(decisions.get(nomination.pk)),
        })
    return rows


def as_csv(rows: list[dict]) -> bytes:
    """UTF-8 with a byte-order mark (spreadsheet programs then read the Vietnamese right), comma separated."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([key for key, _header in COLUMNS])
    for row in rows:
        writer.writerow([row[key] for key, _header in COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode()


def as_xlsx(rows: list[dict], *, year: int) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Khen thưởng %(year)s") % {"year": year}
    sheet.append([header for _key, header in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([row[key] for key, _header in COLUMNS])
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
