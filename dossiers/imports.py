"""Nominees from a spreadsheet: the template a unit downloads, and the reading of the filled-in file.

Reading never writes. It returns the rows to add or every problem, one Vietnamese message per row
(`ImportRefused`), so the service can add the whole file in one transaction or nothing at all.
"""

import datetime
import io
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation

from dossiers.models import AwardType, Dossier, Subject
from roles.models import Person
from roles.text import fold

HEADER_ROW = 1
NAME, CODE, BIRTH, POSITION, SUMMARY = range(5)
COLUMNS = (
    (gettext_lazy("Họ và tên / tên tập thể, hộ gia đình"), 34),
    (gettext_lazy("Mã danh hiệu, hình thức"), 16),
    (gettext_lazy("Ngày sinh (ngày/tháng/năm)"), 16),
    (gettext_lazy("Chức vụ, đơn vị công tác"), 30),
    (gettext_lazy("Tóm tắt thành tích"), 60),
)
MAX_ROWS = 500


class ImportRefused(ValueError):
    """The file cannot be imported; `problems` holds one message per problem, rows in order."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Row:
    line: int
    name: str
    award_type: AwardType
    date_of_birth: datetime.date | None
    position: str
    summary: str
    person: Person | None  # an individual already on record in the unit; None: a new one, or not a person


def template_xlsx(dossier: Dossier) -> bytes:
    """The sheet to fill in, with the campaign's award codes listed and offered in a drop-down."""
    awards = list(dossier.campaign.award_types.order_by("code"))
    book = Workbook()
    sheet = book.active
    sheet.title = _("Danh sách")
    sheet.append([str(title) for title, _width in COLUMNS])
    for index, (_title, width) in enumerate(COLUMNS):
        column = sheet.cell(row=HEADER_ROW, column=index + 1)
        column.font = Font(bold=True)
        column.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[column.column_letter].width = width
    sheet.freeze_panes = "A2"
    guide = book.create_sheet(_("Hướng dẫn"))
    guide.append([_("Mỗi dòng của trang «Danh sách» là một người, tập thể hoặc hộ được đề nghị.")])
    guide.append([_("Cá nhân: ghi ngày sinh nếu đơn vị có hai người trùng họ tên.")])
    guide.append([])
    guide.append([_("Mã"), _("Danh hiệu, hình thức"), _("Đối tượng")])
    for award in awards:
        guide.append([award.code, award.name, str(Subject(award.subject).label)])
    guide.column_dimensions["B"].width = 50
    if awards:
        codes = DataValidation(type="list", formula1=f'"{",".join(a.code for a in awards)}"', allow_blank=True)
        codes.error = _("Chọn một mã trong danh sách (xem trang «Hướng dẫn»).")
        sheet.add_data_validation(codes)
        codes.add(f"B2:B{MAX_ROWS + 1}")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read(dossier: Dossier, content: bytes) -> list[Row]:
    """The rows of a filled-in template, checked against the dossier; ImportRefused if any is wrong."""
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        raise ImportRefused([_("Không đọc được tệp Excel: hãy dùng đúng mẫu tải về từ trang hồ sơ.")]) from exc
    sheet = book.worksheets[0]
    rows = [(line, values) for line, values in enumerate(sheet.iter_rows(values_only=True), start=1)]
    book.close()
    header = [str(v or "").strip() for v in (rows[0][1] if rows else ())][: len(COLUMNS)]
    if header not in (_titles(), _titles("vi")):
        raise ImportRefused([_("Tệp không đúng mẫu (dòng tiêu đề khác): hãy tải mẫu mới từ trang hồ sơ.")])
    filled = [(line, values) for line, values in rows[HEADER_ROW:] if any(_text(v) for v in values[: len(COLUMNS)])]
    if not filled:
        raise ImportRefused([_("Tệp chưa có dòng nào ngoài dòng tiêu đề.")])
    if len(filled) > MAX_ROWS:
        raise ImportRefused([_("Mỗi lần chỉ nhập được tối đa %(max)s dòng.") % {"max": MAX_ROWS}])
    return _check(dossier, filled)


def _titles(language=None) -> list[str]:
    """The header row, in the current language or the given one (a template may cross a language switch)."""
    if language is None:
        return [str(title) for title, _width in COLUMNS]
    with translation.override(language):
        return [str(title) for title, _width in COLUMNS]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _date(value) -> datetime.date | None:
    """A date cell, or text written day/month/year; ValueError for anything else."""
    if value is None or _text(value) == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    day, month, year = (int(part) for part in _text(value).replace("-", "/").replace(".", "/").split("/"))
    if year < 100:
        raise ValueError("two-digit year")
    return datetime.date(year, month, day)


def _check(dossier: Dossier, filled) -> list[Row]:
    awards = {a.code.upper(): a for a in dossier.campaign.award_types.all()}
    people: dict[str, list[Person]] = {}
    for person in Person.objects.filter(organization=dossier.unit):
        people.setdefault(fold(person.full_name), []).append(person)
    already = {
        (fold(n.nominee_name), n.award_type.code.upper()) for n in dossier.nominations.select_related("award_type")
    }
    seen: dict[tuple, int] = {}
    problems, result = [], []
    for line, values in filled:
        values = list(values) + [None] * (len(COLUMNS) - len(values))
        name, code = _text(values[NAME]), _text(values[CODE]).upper()
        here = []
        if not name:
            here.append(_("thiếu họ tên hoặc tên tập thể"))
        award = awards.get(code)
        if not code:
            here.append(_("thiếu mã danh hiệu, hình thức"))
        elif award is None:
            here.append(_("mã «%(code)s» không thuộc phong trào của hồ sơ") % {"code": code})
        try:
            birth = _date(values[BIRTH])
        except (TypeError, ValueError):
            birth = None
            here.append(_("ngày sinh «%(value)s» không hợp lệ (ghi ngày/tháng/năm, ví dụ 05/01/1990)")
                        % {"value": _text(values[BIRTH])})
        key = (fold(name), code)
        if name and code:
            if key in seen:
                here.append(_("trùng với dòng %(line)s") % {"line": seen[key]})
            elif key in already:
                here.append(_("«%(name)s» đã được đề nghị «%(code)s» trong hồ sơ này") % {"name": name, "code": code})
            seen.setdefault(key, line)
        person = None
        if award is not None and name and award.subject == Subject.INDIVIDUAL:
            matches = [p for p in people.get(fold(name), []) if birth is None or p.date_of_birth in (None, birth)]
            if len(matches) > 1:
                here.append(_("đơn vị có %(count)s người tên «%(name)s»: hãy ghi ngày sinh") % {
                    "count": len(matches), "name": name})
            person = matches[0] if len(matches) == 1 else None
        if here:
            problems.append(_("Dòng %(line)s: %(problems)s.") % {"line": line, "problems": "; ".join(here)})
        else:
            # A match takes the name as the unit keeps it on record (diacritics included).
            result.append(Row(line, person.full_name if person else name, award, birth, _text(values[POSITION]),
                              str(values[SUMMARY] or "").strip(), person))
    if problems:
        raise ImportRefused(problems)
    return result
