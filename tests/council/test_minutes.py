"""The minutes (biên bản họp và kiểm phiếu; issue 4 item 6, DESIGN §8-9): numbered at closing in the
council's own yearly series "…/BB-HĐTĐKT", holding every count, rendered once as PDF and DOCX right after
the closing commits, never changed afterwards."""

import datetime
import io
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from council import services
from council.minutes import content_digest
from council.models import Minutes
from tests.council.conftest import A, D, X
from tests.workflow.helpers import days_from_today
from workflow.models import AuditEvent

HUONG, NGUYET = "Nguyễn Thị Thu Hương", "Lê Thị Minh Nguyệt"


def _closed(council, *, absent=("hoidong6",), capture=None):
    session = council.opened(council.dossier(HUONG, NGUYET), absent=absent)
    voters = [m for m in council.members if m.username not in absent]
    for index, member in enumerate(voters):
        council.ballot(session, member, {HUONG: A, NGUYET: A if index < 7 else D})
    if capture is not None:
        with capture(execute=True):
            council.close(session)
    else:
        council.close(session)
    return Minutes.objects.get(session=session)


def test_minutes_hold_every_count_of_the_scenario(council):
    minutes = _closed(council)
    content = minutes.content
    assert (minutes.number_text, minutes.year) == ("01/BB-HĐTĐKT", minutes.issued_on.year)
    assert (content["total"], content["present"], len(content["absent"])) == (9, 8, 1)
    assert content["ballots"] == {"issued": 8, "returned": 8, "valid": 8, "invalid": 0}
    rows = {item["nominee"]: item for item in content["items"]}
    assert (rows[HUONG]["agree"], rows[HUONG]["disagree"], rows[HUONG]["abstain"]) == (8, 0, 0)
    assert (rows[HUONG]["percent"], rows[HUONG]["base"], rows[HUONG]["result"]) == ("88,89%", 9, "passed")
    assert (rows[NGUYET]["agree"], rows[NGUYET]["percent"], rows[NGUYET]["result"]) == (7, "77,78%", "failed")
    assert rows[NGUYET]["base_words"] == "tổng số thành viên" and rows[NGUYET]["required"] == 8
    closing = AuditEvent.objects.get(action="session_closed", object_id=str(minutes.session_id))
    assert closing.data["minutes"] == "01/BB-HĐTĐKT"
    assert closing.data["minutes_sha256"] == content_digest(Minutes.objects.get(pk=minutes.pk).content)


def test_minutes_are_rendered_once_after_closing_and_never_again(council, django_capture_on_commit_callbacks):
    minutes = _closed(council, capture=django_capture_on_commit_callbacks)
    assert minutes.pdf.read().startswith(b"%PDF-")
    with zipfile.ZipFile(io.BytesIO(minutes.docx.read())) as package:
        text = package.read("word/document.xml").decode()
    assert "01/BB-HĐTĐKT" in text and "BIÊN BẢN" in text and "88,89%" in text
    rendered = AuditEvent.objects.get(action="minutes_rendered")
    assert (rendered.data["pdf_sha256"], rendered.data["docx_sha256"]) == (minutes.pdf_sha256, minutes.docx_sha256)
    files = (minutes.pdf.name, minutes.pdf_sha256, minutes.docx.name, minutes.docx_sha256)
    again = services.minutes_render(Minutes.objects.get(pk=minutes.pk))
    assert (again.pdf.name, again.pdf_sha256, again.docx.name, again.docx_sha256) == files
    assert AuditEvent.objects.filter(action="minutes_rendered").count() == 1


def test_minutes_numbers_follow_in_the_year_and_restart_on_the_first_of_january(council):
    first = _closed(council)
    second = _closed(council)
    assert (first.number_text, second.number_text) == ("01/BB-HĐTĐKT", "02/BB-HĐTĐKT")
    next_year = datetime.date(first.issued_on.year + 1, 1, 5) - first.issued_on
    with days_from_today(next_year.days):
        third = _closed(council)
    assert (third.number_text, third.year) == ("01/BB-HĐTĐKT", first.issued_on.year + 1)


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_download_renders_the_files_if_rendering_after_closing_did_not_happen(council, fmt):
    minutes = _closed(council)  # the on-commit rendering does not run inside the test's transaction
    assert not minutes.pdf
    client = Client()
    client.force_login(council.chutich)
    response = client.get(reverse("council_minutes", kwargs={"pk": minutes.session_id, "fmt": fmt}))
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF-") if fmt == "pdf" else body.startswith(b"PK")
    assert Minutes.objects.get(pk=minutes.pk).pdf_sha256


def test_minutes_list_abstentions_and_recusals(council):
    dossier = council.dossier(HUONG, "Ngô Quang Vinh", accounts={"Ngô Quang Vinh": council.hoidong2})
    session = council.opened(dossier)
    council.everyone_votes(session, {HUONG: X, "Ngô Quang Vinh": A})
    council.close(session)
    rows = {item["nominee"]: item for item in Minutes.objects.get(session=session).content["items"]}
    assert rows[HUONG]["abstain"] == 9 and rows[HUONG]["result"] == "failed"
    assert rows["Ngô Quang Vinh"]["recused"] == "Ngô Quang Vinh"  # the member, named by their Person
    assert rows["Ngô Quang Vinh"]["agree"] == 8
