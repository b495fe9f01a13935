"""The dossier's way through the office, walked in a real browser by the demo users.

A unit officer creates a dossier, names a nominee, uploads the documents the checklist asks for and
submits; the reviewer takes it and returns it with a reason; the unit supplements and submits again;
the reviewer forwards it to the council. Screenshots of each step are kept as test artefacts.
"""

import re

import pytest

from dossiers.demo.pdf import pdf_bytes
from dossiers.models import Dossier, DossierState
from tests.browser.conftest import PHONE

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Đề nghị khen thưởng giáo viên dạy giỏi năm học 2025-2026"


def pdf_file(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(pdf_bytes("UBND xã Nguyễn Lương Bằng", "Trường THCS", name, "", ""))
    return path


def choose(select, containing):
    """Pick the first option whose text contains `containing` (option texts carry extra details)."""
    texts = [text.strip() for text in select.locator("option").all_inner_texts()]
    select.select_option(label=next(text for text in texts if containing in text))


def upload(page, tmp_path, kind, nominee=None):
    form = page.locator("form#upload")
    choose(form.get_by_label("Loại tài liệu"), kind)
    if nominee:
        choose(form.get_by_label(re.compile("Người được đề nghị|Của")), nominee)
    form.get_by_label(re.compile("Tệp")).set_input_files(str(pdf_file(tmp_path, f"{kind}.pdf")))
    form.get_by_role("button", name="Tải lên").click()
    page.wait_for_load_state()


def test_a_dossier_goes_from_the_unit_to_the_council_and_back_once(sign_in, tmp_path):
    unit = sign_in("thcs")
    page = unit.page
    page.get_by_role("link", name="Lập hồ sơ").first.click()
    page.get_by_label("Đơn vị đề nghị").select_option(index=1)
    choose(page.get_by_label("Phong trào, đợt khen thưởng"), "Thường xuyên")
    page.get_by_label("Trích yếu").fill(TITLE)
    page.get_by_role("button", name="Lập hồ sơ").click()
    page.wait_for_load_state()
    dossier = Dossier.objects.get(title=TITLE)

    nomination = page.locator("form", has=page.get_by_role("button", name="Thêm"))
    choose(nomination.get_by_label("Danh hiệu, hình thức"), "Lao động tiên tiến")
    nomination.get_by_label("Cá nhân của đơn vị").select_option(index=1)
    nomination.get_by_role("button", name="Thêm").click()
    page.wait_for_load_state()
    nominee = dossier.nominations.get().nominee_name
    for kind in ("Tờ trình", "Danh sách đề nghị", "Biên bản bình xét"):
        upload(page, tmp_path, kind)
    upload(page, tmp_path, "Báo cáo thành tích", nominee=nominee)
    assert page.get_by_text("Đã đủ các tài liệu bắt buộc").is_visible()
    unit.shot("01-unit-dossier-complete")

    page.get_by_role("link", name="Xem hồ sơ và trình").click()
    page.get_by_role("button", name="Trình hồ sơ").click()
    page.wait_for_load_state()
    assert Dossier.objects.get(pk=dossier.pk).state == DossierState.SUBMITTED

    reviewer = sign_in("canbovhxh")
    reviewer.go(f"/ho-so/{dossier.pk}/")
    reviewer.page.get_by_role("button", name="Nhận thẩm định").click()
    reviewer.page.wait_for_load_state()
    returning = reviewer.page.locator("form", has=reviewer.page.get_by_role("button", name="Trả lại để bổ sung"))
    returning.get_by_label("Lý do").fill("Bổ sung biên bản họp bình xét có đủ chữ ký")
    returning.get_by_role("button", name="Trả lại để bổ sung").click()
    reviewer.page.wait_for_load_state()
    reviewer.shot("02-reviewer-returned")
    assert Dossier.objects.get(pk=dossier.pk).state == DossierState.RETURNED

    page.goto(f"{unit.base_url}/ho-so/{dossier.pk}/")
    assert page.get_by_text("Bổ sung biên bản họp bình xét có đủ chữ ký").first.is_visible()
    page.goto(f"{unit.base_url}/ho-so/{dossier.pk}/sua/")
    upload(page, tmp_path, "Biên bản bình xét")
    page.get_by_role("link", name="Xem hồ sơ và trình").click()
    page.get_by_role("button", name="Trình hồ sơ").click()
    page.wait_for_load_state()
    unit.shot("03-unit-resubmitted")

    reviewer.go(f"/ho-so/{dossier.pk}/")
    reviewer.page.get_by_role("button", name="Nhận thẩm định").click()
    reviewer.page.wait_for_load_state()
    reviewer.page.get_by_role("button", name="Chuyển Hội đồng xét").click()
    reviewer.page.wait_for_load_state()
    reviewer.shot("04-reviewer-forwarded")
    assert Dossier.objects.get(pk=dossier.pk).state == DossierState.COUNCIL


def test_the_pages_fit_a_phone_screen(sign_in):
    for username, path, name in [
        ("thcs", "/", "phone-unit-my-work"),
        ("thcs", "/ho-so/", "phone-unit-dossiers"),
        ("chutich", "/tong-quan/", "phone-chair-dashboard"),
        ("kiemtra", "/kiem-tra/nhat-ky/", "phone-auditor-log"),
    ]:
        session = sign_in(username, viewport=PHONE)
        session.go(path)
        session.shot(name)
        assert not session.overflows_horizontally(), f"{path} scrolls sideways on a phone for {username}"
