"""The audit events of council sessions (DESIGN §10 stream `session:<id>`; ballots in the voter's own stream)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    SESSION_CREATED = "session_created", _("Lập phiên họp")
    AGENDA_ADDED = "agenda_added", _("Đưa hồ sơ vào chương trình")
    AGENDA_REMOVED = "agenda_removed", _("Rút hồ sơ khỏi chương trình")
    ATTENDANCE_RECORDED = "attendance_recorded", _("Điểm danh")
    SESSION_OPENED = "session_opened", _("Mở biểu quyết")
    # Only "member X cast a ballot in session S": never a choice (DESIGN §10).
    BALLOT_CAST = "ballot_cast", _("Thành viên đã bỏ phiếu")
    WRITTEN_OPINION_RECORDED = "written_opinion_recorded", _("Ghi nhận ý kiến bằng văn bản")
    SESSION_CLOSED = "session_closed", _("Kết thúc phiên họp, công bố kết quả")
    MINUTES_RENDERED = "minutes_rendered", _("Lập tệp biên bản (PDF, DOCX)")


OBJECT_TYPE = "council_session"
