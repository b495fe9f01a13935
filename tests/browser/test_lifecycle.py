"""The whole life of a dossier, walked in a real browser by the demo users (issue 6).

A unit officer creates a dossier, imports its nominees from the XLSX template, uploads what the checklist
asks for and submits; the reviewer returns it once, the unit supplements, the reviewer forwards it; the
secretary prepares and opens a council session, each present member votes from their own login, the
secretary closes it; the office drafts the decision, the Chair previews and signs it; the auditor checks
the log. Every step is driven through the pages a person would use, and leaves a screenshot.
"""

import re

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from council.models import CouncilSession
from decisions.models import Decision
from documents import keys
from dossiers.demo.organisation import ACCOUNTS
from dossiers.demo.pdf import pdf_bytes
from dossiers.models import Attachment, Dossier, DossierState
from tests.browser.conftest import LAPTOP, PHONE

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Đề nghị công nhận danh hiệu Lao động tiên tiến cho nhân viên, giáo viên năm học 2025-2026"
NOMINEES = ["Lương Thị Bích", "Trương Thị Yến"]
# Six of the nine council members: the quorum of two thirds (organisation.py holds the council).
PRESENT = {
    "chutich": "Bùi Trọng Thược",
    "vhxh": "Phạm Thị Thu Hà",
    "hoidong1": "Lương Văn Phúc",
    "hoidong2": "Ngô Quang Vinh",
    "hoidong3": "Trịnh Văn Lộc",
    "hoidong4": "Đặng Văn Sơn",
}
MISSING = re.compile(r"Thiếu «(?P<kind>.+?)» của (?P<owner>.+)\.$")


@pytest.fixture
def signing_keys(tmp_path, settings):
    """Real PKCS#12 keys for the Chair and the commune, as `make_demo_signing_keys` makes them (the seed makes
    them only under DEBUG, and the test settings never use a developer's var/keys)."""
    chair = next(account for account in ACCOUNTS if account.username == "chutich")
    keys.write_demo_keys(tmp_path / "keys", "ỦY BAN NHÂN DÂN XÃ NGUYỄN LƯƠNG BẰNG",
                         [(chair.username, chair.full_name, "")])
    settings.SIGNING_KEYS_DIR = str(tmp_path / "keys")


def choose(select, containing):
    """Pick the first option whose text contains `containing` (option texts carry extra details)."""
    texts = [text.strip() for text in select.locator("option").all_inner_texts()]
    select.select_option(label=next(text for text in texts if containing in text))


def pdf_file(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(pdf_bytes("UBND xã Nguyễn Lương Bằng", "Trường THCS", name, "", ""))
    return path


def upload(page, tmp_path, kind, nominee=None, replaces=None):
    form = page.locator("form#upload")
    choose(form.get_by_label("Loại tài liệu"), kind)
    if nominee:
        choose(form.get_by_label("Của người được đề nghị"), nominee)
    if replaces:
        choose(form.get_by_label("Thay thế tài liệu"), replaces)
    name = f"{kind}-{nominee or 'ho-so'}{'-v2' if replaces else ''}.pdf"
    form.get_by_label(re.compile("^Tệp")).set_input_files(str(pdf_file(tmp_path, name)))
    form.get_by_role("button", name="Tải lên").click()
    page.wait_for_load_state()


def upload_what_the_checklist_asks(page, tmp_path):
    """Read «Còn thiếu tài liệu bắt buộc» and upload each item it names, as a unit officer would."""
    missing = [text.strip() for text in page.locator(".checklist li").all_inner_texts()]
    assert missing, "a new dossier with nominees must list the documents it still lacks"
    for line in missing:
        found = MISSING.match(line)
        assert found, f"checklist line not understood: {line}"
        owner = found["owner"]
        upload(page, tmp_path, found["kind"], nominee=None if owner == "hồ sơ" else owner)
    expect(page.get_by_text("Đã đủ các tài liệu bắt buộc")).to_be_visible()
    return missing


def filled_template(download, tmp_path):
    """The downloaded template with one row per nominee, the LĐTT code read from its guide sheet."""
    template = tmp_path / download.suggested_filename
    download.save_as(template)
    book = load_workbook(template)
    guide = book["Hướng dẫn"]
    code = next(row[0] for row in guide.iter_rows(values_only=True) if row[1] == "Lao động tiên tiến")
    sheet = book.worksheets[0]
    sheet.append([NOMINEES[0], code, "05/10/1982", "Nhân viên kế toán", "Hoàn thành tốt nhiệm vụ kế toán."])
    sheet.append([NOMINEES[1], code, None, "Giáo viên Mỹ thuật", "Hoàn thành tốt nhiệm vụ giảng dạy."])
    path = tmp_path / "danh-sach-de-nghi.xlsx"
    book.save(path)
    return path


def menu(page, name):
    """Follow a link of the main menu (page bodies repeat some of its names in their breadcrumbs)."""
    page.get_by_role("navigation", name="Trình đơn chính").get_by_role("link", name=name, exact=True).click()
    page.wait_for_load_state()


def state_of(dossier):
    return Dossier.objects.get(pk=dossier.pk).state


def test_a_dossier_goes_from_the_unit_to_a_signed_decision(sign_in, signing_keys, tmp_path):
    # 1. The unit: create, import nominees from the XLSX template, upload the checklist, submit.
    unit = sign_in("thcs")
    page = unit.page
    menu(page, "Lập hồ sơ")
    page.get_by_label("Đơn vị đề nghị").select_option(index=1)
    choose(page.get_by_label("Phong trào, đợt khen thưởng"), "Thường xuyên")
    page.get_by_label("Trích yếu").fill(TITLE)
    page.get_by_label("Số tờ trình của đơn vị").fill("27/TTr-THCS")
    page.get_by_role("button", name="Lập hồ sơ").click()
    page.wait_for_load_state()
    dossier = Dossier.objects.get(title=TITLE)

    page.get_by_role("link", name="Nhập danh sách từ Excel").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải mẫu Excel của hồ sơ này").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    page.get_by_label(re.compile("Tệp Excel danh sách đề nghị")).set_input_files(
        str(filled_template(download.value, tmp_path)))
    unit.shot("lifecycle-01-unit-import")
    page.get_by_role("button", name="Nhập danh sách").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Đã thêm 2 người, tập thể được đề nghị từ tệp Excel.")).to_be_visible()
    assert sorted(dossier.nominations.values_list("nominee_name", flat=True)) == sorted(NOMINEES)

    missing = upload_what_the_checklist_asks(page, tmp_path)
    assert sum("Báo cáo thành tích" in line for line in missing) == len(NOMINEES)
    unit.shot("lifecycle-02-unit-documents-complete")
    page.get_by_role("link", name="Xem hồ sơ và trình").click()
    page.get_by_role("button", name="Trình hồ sơ").click()
    page.wait_for_load_state()
    assert state_of(dossier) == DossierState.SUBMITTED
    unit.shot("lifecycle-03-unit-submitted")

    # 2. The reviewer returns it once; the unit replaces a document; the reviewer forwards it.
    reviewer = sign_in("canbovhxh")
    rpage = reviewer.page
    menu(rpage, "Chờ nhận")
    rpage.get_by_role("link", name=TITLE).click()
    rpage.get_by_role("button", name="Nhận thẩm định").click()
    rpage.wait_for_load_state()
    returning = rpage.locator("form", has=rpage.get_by_role("button", name="Trả lại để bổ sung"))
    returning.get_by_label("Lý do").fill("Biên bản bình xét thiếu chữ ký của thư ký cuộc họp; đề nghị bổ sung.")
    returning.get_by_role("button", name="Trả lại để bổ sung").click()
    rpage.wait_for_load_state()
    assert state_of(dossier) == DossierState.RETURNED
    reviewer.shot("lifecycle-04-reviewer-returned")

    menu(page, "Việc của tôi")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_text("Biên bản bình xét thiếu chữ ký").first).to_be_visible()
    page.get_by_role("link", name="Sửa hồ sơ, thêm đề nghị và tài liệu").click()
    upload(page, tmp_path, "Biên bản bình xét", replaces="Biên bản bình xét")
    minutes = Attachment.objects.filter(dossier=dossier, kind="bien_ban_binh_xet").order_by("version")
    assert [a.version for a in minutes] == [1, 2]
    page.get_by_role("link", name="Xem hồ sơ và trình").click()
    page.get_by_role("button", name="Trình hồ sơ").click()
    page.wait_for_load_state()
    assert state_of(dossier) == DossierState.SUBMITTED
    unit.shot("lifecycle-05-unit-resubmitted")

    menu(rpage, "Chờ nhận")
    rpage.get_by_role("link", name=TITLE).click()
    rpage.get_by_role("button", name="Nhận thẩm định").click()
    rpage.wait_for_load_state()
    rpage.get_by_role("button", name="Chuyển Hội đồng xét").click()
    rpage.wait_for_load_state()
    assert state_of(dossier) == DossierState.COUNCIL
    reviewer.shot("lifecycle-06-reviewer-forwarded")

    # 3. The council: the secretary prepares and opens a session, each present member votes, it closes.
    secretary = sign_in("vhxh")
    spage = secretary.page
    menu(spage, "Hội đồng")
    today = timezone.localdate()
    spage.get_by_label("Tên phiên họp").fill("Phiên họp xét danh hiệu Lao động tiên tiến bổ sung")
    spage.get_by_label("Ngày họp").fill(today.isoformat())
    spage.get_by_label("Địa điểm").fill("Phòng họp UBND xã Nguyễn Lương Bằng")
    spage.get_by_role("button", name="Lập phiên họp").click()
    spage.wait_for_load_state()
    session = CouncilSession.objects.get(title="Phiên họp xét danh hiệu Lao động tiên tiến bổ sung")
    choose(spage.get_by_label("Hồ sơ chờ Hội đồng xét"), f"#{dossier.pk} ")
    spage.get_by_role("button", name="Đưa vào chương trình").click()
    spage.wait_for_load_state()
    for name in NOMINEES:
        expect(spage.locator("#agenda").get_by_text(name)).to_be_visible()
    attendance = spage.get_by_role("group", name="Thành viên có mặt")
    for full_name in PRESENT.values():
        attendance.get_by_label(full_name).check()
    spage.get_by_role("button", name="Lưu điểm danh").click()
    spage.wait_for_load_state()
    spage.get_by_role("button", name="Mở biểu quyết (kiểm tra túc số)").click()
    spage.wait_for_load_state()
    expect(spage.get_by_text("Đã mở biểu quyết")).to_be_visible()
    secretary.shot("lifecycle-07-secretary-session-open")

    chair = None
    for number, username in enumerate(PRESENT):
        member = secretary if username == "vhxh" else sign_in(username, viewport=PHONE if number == 0 else LAPTOP)
        if username == "chutich":
            chair = member
        mpage = member.page
        menu(mpage, "Hội đồng")
        mpage.locator("#to-vote").get_by_role("link", name=session.title).click()
        for name in NOMINEES:
            item = mpage.get_by_role("group", name=re.compile(re.escape(name)))
            item.get_by_label("Đồng ý", exact=True).check()
        if number == 0:
            member.shot("lifecycle-08-phone-ballot")
            assert not member.overflows_horizontally(), "the ballot scrolls sideways on a phone"
        mpage.get_by_role("button", name="Xem lại phiếu").click()
        mpage.wait_for_load_state()
        expect(mpage.get_by_text("Xin kiểm tra lại trước khi gửi")).to_be_visible()
        mpage.get_by_role("button", name="Xác nhận gửi phiếu").click()
        mpage.wait_for_load_state()
        expect(mpage.get_by_role("heading", name="Xác nhận đã bỏ phiếu")).to_be_visible()
    chair.shot("lifecycle-09-phone-ballot-receipt")

    secretary.go(f"/hoi-dong/phien-hop/{session.pk}/")
    expect(spage.get_by_text(f"{len(PRESENT)} trên {len(PRESENT)} thành viên có mặt đã bỏ phiếu.")).to_be_visible()
    spage.get_by_label("Tôi xác nhận kết thúc phiên họp và kiểm phiếu; phiên họp không thể mở lại.").check()
    spage.get_by_role("button", name="Kết thúc phiên họp, kiểm phiếu và lập biên bản").click()
    spage.wait_for_load_state()
    spage.get_by_role("link", name="Xem kết quả và biên bản").click()
    results = spage.locator("#results")
    for name in NOMINEES:
        row = results.get_by_role("row").filter(has_text=name)
        expect(row.get_by_text("Thông qua", exact=True)).to_be_visible()
    secretary.shot("lifecycle-10-council-results")
    assert state_of(dossier) == DossierState.AWAITING_DECISION

    # 4. The office drafts the decision; the Chair finds it in the queue, previews and signs it.
    menu(rpage, "Quyết định")
    rpage.get_by_role("link", name="Lập dự thảo quyết định").click()
    choose(rpage.get_by_label("Danh hiệu, hình thức khen thưởng"), "Lao động tiên tiến")
    rpage.get_by_role("button", name="Chọn").click()
    rpage.wait_for_load_state()
    for name in NOMINEES:
        rpage.get_by_label(re.compile(f"{re.escape(name)} — Trường THCS")).check()
    summary = "Về việc công nhận danh hiệu «Lao động tiên tiến» năm học 2025-2026 (bổ sung)"
    rpage.get_by_label("Trích yếu").fill(summary)
    rpage.get_by_label("Tờ trình đề nghị").fill("Tờ trình số 27/TTr-THCS")
    rpage.get_by_role("button", name="Lưu dự thảo").click()
    rpage.wait_for_load_state()
    decision = Decision.objects.get(summary=summary)
    reviewer.shot("lifecycle-11-office-draft")

    chair.page.set_viewport_size(PHONE)
    chair.go("/")
    cpage = chair.page
    menu(cpage, "Quyết định")
    cpage.get_by_role("link", name="Dự thảo chờ ký").click()
    chair.shot("lifecycle-12-phone-chair-queue")
    assert not chair.overflows_horizontally(), "the Chair's queue scrolls sideways on a phone"
    cpage.get_by_role("row").filter(has_text=summary).get_by_role("link").click()
    preview = cpage.get_by_role("link", name="Bản PDF dự thảo").get_attribute("href")
    assert cpage.request.get(chair.base_url + preview).body().startswith(b"%PDF")
    cpage.get_by_label("Tôi đã xem dự thảo và danh sách kèm theo; ký và ban hành quyết định này.").check()
    cpage.get_by_role("button", name="Ký quyết định").click()
    cpage.wait_for_load_state()
    decision.refresh_from_db()
    assert re.fullmatch(r"\d{2,}/QĐ-UBND", decision.number_text), decision.number_text
    expect(cpage.get_by_role("heading", name=f"Quyết định số {decision.number_text}")).to_be_visible()
    assert state_of(dossier) == DossierState.DECIDED
    chair.shot("lifecycle-13-phone-chair-signed")
    signed = cpage.get_by_role("link", name="Tải bản PDF đã ký số").get_attribute("href")
    assert cpage.request.get(chair.base_url + signed).body().startswith(b"%PDF")

    # 5. The auditor checks the hash chain of the whole log.
    auditor = sign_in("kiemtra")
    apage = auditor.page
    menu(apage, "Nhật ký kiểm tra")
    apage.get_by_role("link", name="Kiểm tra tính toàn vẹn").click()
    apage.get_by_role("button", name="Kiểm tra ngay").click()
    apage.wait_for_load_state()
    expect(apage.get_by_text("Nhật ký toàn vẹn")).to_be_visible()
    auditor.shot("lifecycle-14-auditor-verified")
