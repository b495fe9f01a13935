"""Nominees imported from the XLSX template: every row or none, one Vietnamese message per wrong row."""

import datetime
import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from dossiers import services
from dossiers.imports import ImportRefused, template_xlsx
from dossiers.models import DossierState, Nomination
from roles.models import Person
from tests.conftest import pdf_upload
from tests.factories.commune import PersonFactory
from workflow.exceptions import ActionNotAllowed, Conflict, GuardFailed
from workflow.models import AuditEvent

pytestmark = pytest.mark.django_db


def filled(dossier, rows, header=None) -> SimpleUploadedFile:
    """The dossier's own template with `rows` written under the header."""
    book = load_workbook(io.BytesIO(template_xlsx(dossier)))
    sheet = book.worksheets[0]
    if header is not None:
        sheet.cell(row=1, column=1, value=header)
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("danh-sach.xlsx", out.getvalue())


def snapshot(dossier):
    return (Nomination.objects.filter(dossier=dossier).count(), Person.objects.count(),
            AuditEvent.objects.filter(stream=dossier.audit_stream).count())


def test_a_valid_file_adds_every_row_and_records_the_files_hash(world):
    dossier = world.draft()
    known = PersonFactory(full_name="Nguyễn Thị Hoa", organization=world.thcs_unit)
    upload = filled(dossier, [
        ("Nguyen Thi Hoa", "LDTT", None, "Giáo viên Toán", "Dạy giỏi cấp huyện"),
        ("Trần Văn Bình", "ldtt", "05/01/1990", "", ""),
        ("Hộ ông Nguyễn Văn Tư", "GDVH", None, "", "Gia đình tiêu biểu"),
    ])
    content = upload.read()

    added = services.nominations_import(dossier=dossier, actor=world.thcs, upload=upload)

    assert [n.nominee_name for n in added] == ["Nguyễn Thị Hoa", "Trần Văn Bình", "Hộ ông Nguyễn Văn Tư"]
    assert added[0].person == known  # matched without diacritics, not duplicated
    binh = Person.objects.get(full_name="Trần Văn Bình")
    assert binh.date_of_birth == datetime.date(1990, 1, 5) and binh.organization == world.thcs_unit
    assert added[2].person is None and added[2].achievement_summary == "Gia đình tiêu biểu"
    imported = AuditEvent.objects.get(stream=dossier.audit_stream, action="nominations_imported")
    assert imported.data["sha256"] == hashlib.sha256(content).hexdigest()
    assert imported.data["nominations"] == [n.pk for n in added]
    assert AuditEvent.objects.filter(stream=dossier.audit_stream, action="nomination_added").count() == 3


def test_a_file_with_errors_is_refused_row_by_row_and_nothing_is_saved(world):
    dossier = world.draft()
    services.nomination_add(
        dossier=dossier, actor=world.thcs, award_type=world.gia_dinh_van_hoa, nominee_name="Hộ bà Tổ Văn"
    )
    before = snapshot(dossier)
    upload = filled(dossier, [
        ("Lê Thị Mai", "LDTT", None, "", ""),  # fine on its own
        ("", "LDTT", None, "", ""),
        ("Phạm Văn Cường", "LDTT", "31/02/1990", "", ""),
        ("Hoàng Văn Dũng", "XYZ", None, "", ""),
        ("Lê Thị Mai", "LDTT", None, "", ""),
        ("Hộ bà Tổ Văn", "GDVH", None, "", ""),
        ("Đỗ Thị Én", "", None, "", ""),
    ])

    with pytest.raises(ImportRefused) as refused:
        services.nominations_import(dossier=dossier, actor=world.thcs, upload=upload)

    assert refused.value.problems == [
        "Dòng 3: thiếu họ tên hoặc tên tập thể.",
        "Dòng 4: ngày sinh «31/02/1990» không hợp lệ (ghi ngày/tháng/năm, ví dụ 05/01/1990).",
        "Dòng 5: mã «XYZ» không thuộc phong trào của hồ sơ.",
        "Dòng 6: trùng với dòng 2.",
        "Dòng 7: «Hộ bà Tổ Văn» đã được đề nghị «GDVH» trong hồ sơ này.",
        "Dòng 8: thiếu mã danh hiệu, hình thức.",
    ]
    assert snapshot(dossier) == before


def test_two_people_of_one_name_need_a_date_of_birth(world):
    dossier = world.draft()
    PersonFactory(full_name="Nguyễn Văn An", organization=world.thcs_unit, date_of_birth=datetime.date(1980, 3, 1))
    PersonFactory(full_name="Nguyễn Văn An", organization=world.thcs_unit, date_of_birth=datetime.date(1995, 7, 9))
    with pytest.raises(ImportRefused) as refused:
        services.nominations_import(dossier=dossier, actor=world.thcs,
                                    upload=filled(dossier, [("Nguyễn Văn An", "LDTT", None, "", "")]))
    assert refused.value.problems == ["Dòng 2: đơn vị có 2 người tên «Nguyễn Văn An»: hãy ghi ngày sinh."]

    added = services.nominations_import(dossier=dossier, actor=world.thcs,
                                        upload=filled(dossier, [("Nguyễn Văn An", "LDTT", "09/07/1995", "", "")]))
    assert added[0].person.date_of_birth == datetime.date(1995, 7, 9)


@pytest.mark.parametrize(
    "upload, message",
    [
        (pdf_upload("danh-sach.xlsx"), "Chỉ nhận tệp Excel (.xlsx) theo mẫu tải về từ trang hồ sơ."),
        (SimpleUploadedFile("danh-sach.xlsx", b"Ho ten,Ma\nAn,LDTT\n"), "Chỉ nhận tệp Excel (.xlsx)"),
        (SimpleUploadedFile("danh-sach.xlsx", b""), "Tệp rỗng"),
    ],
)
def test_a_file_that_is_not_an_xlsx_is_refused(world, upload, message):
    dossier = world.draft()
    before = snapshot(dossier)
    with pytest.raises(Exception) as refused:
        services.nominations_import(dossier=dossier, actor=world.thcs, upload=upload)
    assert message in str(refused.value)
    assert snapshot(dossier) == before


def test_a_sheet_with_another_header_is_refused(world):
    dossier = world.draft()
    with pytest.raises(ImportRefused) as refused:
        services.nominations_import(dossier=dossier, actor=world.thcs,
                                    upload=filled(dossier, [("An", "LDTT", None, "", "")], header="Tên"))
    assert "không đúng mẫu" in refused.value.problems[0]


def test_wrong_unit_wrong_state_and_stale_form_are_refused_and_change_nothing(world):
    dossier = world.draft()
    rows = [("Lê Thị Mai", "LDTT", None, "", "")]
    with pytest.raises(ActionNotAllowed):
        services.nominations_import(dossier=dossier, actor=world.doantn, upload=filled(dossier, rows))
    with pytest.raises(Conflict):
        services.nominations_import(dossier=dossier, actor=world.thcs, upload=filled(dossier, rows),
                                    expected_version=dossier.version - 1)
    submitted = world.ready()
    world.advance(submitted, DossierState.SUBMITTED)
    with pytest.raises(GuardFailed):
        services.nominations_import(dossier=submitted, actor=world.thcs, upload=filled(submitted, rows))
    assert not Nomination.objects.filter(nominee_name="Lê Thị Mai").exists()


def test_the_pages_offer_the_template_and_show_every_row_problem(world):
    dossier = world.draft()
    client = Client()
    client.force_login(world.thcs)

    template = client.get(reverse("nomination_template", kwargs={"pk": dossier.pk}))
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(template.content))
    assert book.worksheets[0]["A1"].value == "Họ và tên / tên tập thể, hộ gia đình"
    assert {"LDTT", "GKCT", "GDVH"} <= {row[0] for row in book.worksheets[1].iter_rows(values_only=True)}

    url = reverse("nomination_import", kwargs={"pk": dossier.pk})
    bad = filled(dossier, [("", "LDTT", None, "", ""), ("An", "XYZ", None, "", "")])
    response = client.post(url, {"upload": bad, "expected_version": dossier.version})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Dòng 2: thiếu họ tên hoặc tên tập thể." in page and "Dòng 3: mã «XYZ»" in page

    good = filled(dossier, [("Hộ ông Nguyễn Văn Tư", "GDVH", None, "", "")])
    response = client.post(url, {"upload": good, "expected_version": dossier.version})
    assert response.status_code == 302
    assert dossier.nominations.get().nominee_name == "Hộ ông Nguyễn Văn Tư"

    other = Client()
    other.force_login(world.doantn)
    assert other.get(reverse("nomination_template", kwargs={"pk": dossier.pk})).status_code in (403, 404)
