"""What the verifier and the PDF signature check find reads in the page's language (issue 6: every string
marked for translation), while `verify_audit`, run by operators and cron, keeps its Vietnamese output."""

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import translation
from fpdf import FPDF

from documents.signing import validate
from tests.audit.tampering import run_command
from tests.conftest import bypass_audit_protection
from workflow.models import AuditEvent


def _tamper_first_event(dossier) -> AuditEvent:
    event = AuditEvent.objects.filter(stream=dossier.audit_stream).first()
    with bypass_audit_protection(), connection.cursor() as cursor:
        cursor.execute("UPDATE workflow_auditevent SET actor_username = 'ke_gian' WHERE id = %s", [event.pk])
    return event


def test_auditor_reads_the_verifier_findings_in_english_after_switching(world, client_for):
    event = _tamper_first_event(world.draft())
    client = client_for(world.kiemtra)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    try:
        page = client.post(reverse("audit_verify")).content.decode()
    finally:
        translation.activate(settings.LANGUAGE_CODE)
    assert f"event #{event.pk} (dossier:" in page
    assert "the content was changed: the hash does not match" in page
    assert "mã băm không khớp" not in page


def test_verify_audit_command_keeps_its_vietnamese_findings(world):
    event = _tamper_first_event(world.draft())
    code, out = run_command("verify_audit")
    assert code == 1
    assert f"sự kiện #{event.pk} (dossier:" in out and "nội dung đã bị sửa: mã băm không khớp" in out


def _unsigned_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    return bytes(pdf.output())


def test_pdf_check_errors_follow_the_language():
    unsigned = _unsigned_pdf()
    assert validate(b"not a pdf at all").problem.startswith("Không đọc được tệp PDF: ")
    assert validate(unsigned).problem == "Tệp PDF không có chữ ký số."
    with translation.override("en"):
        assert validate(b"not a pdf at all").problem.startswith("Cannot read the PDF file: ")
        assert validate(unsigned).problem == "The PDF file has no digital signature."


def test_workflow_app_is_named_in_english_in_the_english_admin():
    with translation.override("en"):
        assert str(apps.get_app_config("workflow").verbose_name) == "Workflow and audit log"
    assert str(apps.get_app_config("workflow").verbose_name) == "Quy trình và nhật ký"
