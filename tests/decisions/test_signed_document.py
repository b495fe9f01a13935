"""The signed decision (DOMAIN §6; DESIGN §9, §10): its PDF text holds the Decree 30 parts with correct
diacritics, the number, the date line, the names and the annex; fonts are embedded; it carries the signer's
and then the organisation's PAdES signature, both validating with pyHanko against the configured CA; one
changed byte breaks validation; the DOCX holds the same content; the audit checkpoint digest is printed."""

import io
from pathlib import Path

import docx
from django.core.management import call_command
from django.utils import timezone

from decisions.signing import decision_sign
from documents import keys, pdf
from documents.formatting import vietnamese_date
from documents.signing import sign, stamp_lines, validate
from tests.decisions import helpers
from tests.decisions.conftest import ORGANISATION
from tests.documents import samples
from tests.documents.pdftext import page_texts
from tests.documents.test_docx import _all_text

NAMES = ("Nguyễn Thị Hoa", "Trần Văn Bình", "Lê Thị Ánh Tuyết")


def _signed(world, **kwargs):
    dossier = helpers.awaiting(world, nominees=NAMES)
    decision = helpers.draft(world, dossier, proposal="Tờ trình số 15/TTr-VHXH ngày 20 tháng 12 năm 2025", **kwargs)
    signed = decision_sign(decision=decision, actor=world.chutich)
    signed.pdf.seek(0)
    return signed, signed.pdf.read()


def test_signed_pdf_text_holds_number_date_names_annex_and_checkpoint(world):
    decision, content = _signed(world)
    first, *rest = page_texts(content)
    place = world.commune.place_name
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "ỦY BAN NHÂN DÂN",
        f"XÃ {place.upper()}", "Số: 01/QĐ-UBND", f"{place}, {vietnamese_date(decision.signed_on)}",
        "QUYẾT ĐỊNH", "Về việc tặng danh hiệu «Lao động tiên tiến» năm", "Căn cứ Luật Thi đua, khen thưởng",
        "Tờ trình số 15/TTr-VHXH", "Điều 1.", "Nơi nhận:", "- Lưu: VT, VHXH.", "CHỦ TỊCH",
        decision.checkpoint_digest,
    ):
        assert expected in " ".join(first.split()) or expected in first, expected
    annex = " ".join(" ".join(rest).split())
    assert "DANH SÁCH ĐƯỢC TẶNG DANH HIỆU «LAO ĐỘNG TIÊN TIẾN»" in annex
    for name in NAMES:
        assert name in annex


def test_signed_pdf_carries_signer_then_organisation_signature_both_valid(world):
    decision, content = _signed(world)
    report = validate(content)
    assert report.ok, report
    signer, organisation = report.signatures
    assert (signer.field, organisation.field) == ("ChuKyNguoiKy", "ChuKyCoQuan")
    assert signer.signer == "Bùi Trọng Thược" and organisation.signer == ORGANISATION
    assert organisation.covers_whole_file and not signer.covers_whole_file  # incremental: org signs last
    assert signer.signed_at_local.endswith("+07:00")
    assert signer.signed_at.date() == decision.signed_on


def test_changing_one_byte_of_the_signed_pdf_breaks_validation(world):
    _decision, content = _signed(world)
    tampered = bytearray(content)
    position = content.index(b"stream", len(content) // 3) + 20  # inside a signed content stream
    tampered[position] ^= 0x01
    report = validate(bytes(tampered))
    assert not report.ok
    assert not all(s.intact for s in report.signatures)


def test_signed_pdf_embeds_the_shipped_font(world):
    _decision, content = _signed(world)
    assert b"/FontFile2" in content and b"LiberationSerif" in content


def test_docx_holds_the_same_content(world):
    decision, _content = _signed(world)
    decision.docx.seek(0)
    text = _all_text(docx.Document(io.BytesIO(decision.docx.read())))
    for expected in ("Số: 01/QĐ-UBND", "QUYẾT ĐỊNH", "Điều 1.", "- Lưu: VT, VHXH.", decision.checkpoint_digest,
                     *NAMES):
        assert expected in text, expected


def test_collective_template_prints_tm_uy_ban_nhan_dan(world):
    _decision, content = _signed(world, collective_signing=True)
    first = page_texts(content)[0]
    assert "TM. ỦY BAN NHÂN DÂN" in first


def test_validate_decision_pdf_command_exits_0_on_valid_and_1_on_tampered(world, tmp_path, capsys):
    decision, content = _signed(world)
    good = tmp_path / "qd.pdf"
    good.write_bytes(content)
    call_command("validate_decision_pdf", str(good))
    assert "2 chữ ký số hợp lệ" in capsys.readouterr().out
    bad = tmp_path / "qd-sua.pdf"
    tampered = bytearray(content)
    tampered[content.index(b"stream", len(content) // 3) + 20] ^= 0x01
    bad.write_bytes(bytes(tampered))
    try:
        call_command("validate_decision_pdf", str(bad))
    except SystemExit as exc:
        assert exc.code == 1
    else:
        raise AssertionError("a tampered PDF must exit 1")
    assert "KHÔNG HỢP LỆ" in capsys.readouterr().out


def test_signature_from_a_certificate_outside_the_configured_ca_is_not_trusted(world, tmp_path):
    """Chain to the configured CA: a key from another CA signs validly but is not trusted."""
    keys.write_demo_keys(Path(tmp_path), "Cơ quan giả mạo", [])
    stranger = keys.load(Path(tmp_path) / "organisation.p12")
    rendered = pdf.render_with_placements(samples.decision())
    signed = sign(rendered.content, stranger, field_name="ChuKyCoQuan", box=rendered.placements[0].organisation,
                  lines=stamp_lines("Cơ quan giả mạo", "Cơ quan giả mạo", timezone.now()))
    (report,) = validate(signed).signatures
    assert report.intact and report.valid and not report.trusted
    assert not validate(signed).ok
