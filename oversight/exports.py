"""Files an auditor or the office takes away: the audit log as CSV, the yearly summary as XLSX."""

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from oversight.labels import action_label

AUDIT_COLUMNS = (
    ("id", _("Mã sự kiện")),
    ("occurred_at", _("Thời điểm (giờ Việt Nam)")),
    ("stream", _("Luồng")),
    ("stream_seq", _("Thứ tự trong luồng")),
    ("actor_username", _("Người thực hiện")),
    ("on_behalf_of_username", _("Thay mặt")),
    ("role", _("Vai trò")),
    ("action", _("Mã thao tác")),
    ("label", _("Thao tác")),
    ("object", _("Đối tượng")),
    ("from_state", _("Từ trạng thái")),
    ("to_state", _("Sang trạng thái")),
    ("data_json", _("Dữ liệu")),
    ("client_address", _("Địa chỉ máy")),
    ("request_id", _("Mã yêu cầu")),
    ("prev_hash", _("Mã băm trước")),
    ("hash", _("Mã băm")),
)


def _audit_row(event) -> list:
    values = {
        "occurred_at": timezone.localtime(event.occurred_at).isoformat(timespec="microseconds"),
        "label": action_label(event.action),
        "object": f"{event.object_type}:{event.object_id}",
    }
    return [values[name] if name in values else getattr(event, name) for name, _label in AUDIT_COLUMNS]


class _Echo:
    def write(self, value):
        return value


def audit_csv_rows(events, counter: list):
    """CSV lines for a streaming response; `counter[0]` ends as the number of events written.

    A UTF-8 byte-order mark first, so spreadsheet programs read the Vietnamese correctly.
    """
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([str(label) for _name, label in AUDIT_COLUMNS])
    for event in events:
        counter[0] += 1
        yield writer.writerow(_audit_row(event))


def yearly_summary_xlsx(summary, commune_name: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = str(summary.year)
    sheet.append([_("Tổng hợp khen thưởng năm %(year)s — %(commune)s") % {"year": summary.year,
                                                                          "commune": commune_name}])
    sheet["A1"].font = Font(bold=True)
    sheet.append([])
    sheet.append([_("Đơn vị"), *summary.award_types, _("Tổng")])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for unit, counts, total in summary.rows:
        sheet.append([unit, *counts, total])
    sheet.append([_("Tổng cộng"), *summary.totals, summary.grand_total])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 40
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
