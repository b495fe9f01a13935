"""A small, valid one-page PDF (correct cross-reference table) carrying a line of text."""

import unicodedata


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf_bytes(*lines: str) -> bytes:
    """Return a one-page A4 PDF showing `lines` (diacritics dropped: the built-in Helvetica is Latin-1)."""
    text = ["BT /F1 12 Tf 72 770 Td 16 TL"]
    for line in lines:
        text.append(f"({_escape(_ascii(line))}) Tj T*")
    text.append("ET")
    stream = "\n".join(text).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


_PUNCTUATION = {"«": '"', "»": '"', "“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "…": "..."}


def _ascii(text: str) -> str:
    """Drop diacritics, keeping each letter's case; other characters outside ASCII become "?"."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        if char.isascii():
            out.append(char)
        elif char in "đĐ":
            out.append("d" if char == "đ" else "D")
        elif char in _PUNCTUATION:
            out.append(_PUNCTUATION[char])
        else:
            base = unicodedata.normalize("NFD", char)[0]
            out.append(base if base.isascii() else "?")
    return "".join(out)
