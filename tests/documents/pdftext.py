"""Read the text of a PDF page by page, in pure Python (CI has no poppler): pyHanko's reader gives the
decoded content streams and fonts; this module follows Tf / Tj / TJ and each font's ToUnicode map.

Enough for what our renderer writes (fpdf2, Type0 fonts with Identity-H and 2-byte codes): it is a test
instrument, not a general PDF text extractor.
"""

import io
import re

from pyhanko.pdf_utils.reader import PdfFileReader

_TOKEN = re.compile(rb"\((?:\\.|[^\\)])*\)|\[|\]|/[^\s/\[\]()<>]+|<[0-9A-Fa-f\s]*>|[^\s/\[\]()<>]+", re.S)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"(": b"(", b")": b")", b"\\": b"\\"}


def _literal(token: bytes) -> bytes:
    body, out, i = token[1:-1], bytearray(), 0
    while i < len(body):
        char = body[i : i + 1]
        if char == b"\\":
            following = body[i + 1 : i + 2]
            if following in _ESCAPES:
                out += _ESCAPES[following]
                i += 2
                continue
            octal = re.match(rb"[0-7]{1,3}", body[i + 1 : i + 4])
            if octal:
                out.append(int(octal.group(), 8) & 0xFF)
                i += 1 + len(octal.group())
                continue
            i += 1
            continue
        out += char
        i += 1
    return bytes(out)


def _to_unicode(font) -> dict[int, str]:
    cmap = font.get("/ToUnicode")
    if cmap is None:
        return {}
    data = cmap.get_object().data.decode("latin-1")
    mapping = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for code, text in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(code, 16)] = bytes.fromhex(text).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for start, end, text in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            base = int(text, 16)
            for offset, code in enumerate(range(int(start, 16), int(end, 16) + 1)):
                mapping[code] = chr(base + offset)
    return mapping


def _decode(raw: bytes, mapping: dict[int, str]) -> str:
    if not mapping:
        return raw.decode("latin-1")
    return "".join(mapping.get(int.from_bytes(raw[i : i + 2], "big"), "") for i in range(0, len(raw) - 1, 2))


def _contents(page) -> bytes:
    contents = page["/Contents"]
    contents = contents.get_object() if hasattr(contents, "get_object") else contents
    if isinstance(contents, list):
        return b"\n".join(part.get_object().data for part in contents)
    return contents.data


def _pages(reader):
    def walk(node):
        node = node.get_object()
        if node.get("/Type") == "/Pages":
            for kid in node["/Kids"]:
                yield from walk(kid)
        else:
            yield node

    yield from walk(reader.root["/Pages"])


def page_texts(pdf: bytes) -> list[str]:
    """The text of each page, one line per text object (BT … ET)."""
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    result = []
    for page in _pages(reader):
        fonts = {name: _to_unicode(ref.get_object()) for name, ref in page["/Resources"].get("/Font", {}).items()}
        lines, line, font, in_array = [], [], {}, []
        operands: list[bytes] = []
        for token in _TOKEN.findall(_contents(page)):
            if token == b"[":
                in_array = []
                operands.append(b"[")
            elif token == b"]":
                operands.append(b"]")
            elif token.startswith(b"(") and operands and b"[" in operands and b"]" not in operands:
                in_array.append(_literal(token))
            elif token.startswith(b"("):
                operands.append(token)
            elif token == b"Tf":
                font = fonts.get(operands[-2].decode(), {}) if len(operands) >= 2 else {}
                operands = []
            elif token == b"Tj":
                line.append(_decode(_literal(operands[-1]), font))
                operands = []
            elif token == b"TJ":
                line.append("".join(_decode(part, font) for part in in_array))
                in_array, operands = [], []
            elif token == b"ET":
                if line:
                    lines.append("".join(line))
                line, operands = [], []
            elif token in (b"BT", b"Td", b"TD", b"Tm", b"Tw", b"Tc", b"Tz", b"TL", b"q", b"Q"):
                operands = []
            else:
                operands.append(token)
        result.append("\n".join(lines))
    return result


def text(pdf: bytes) -> str:
    return "\n".join(page_texts(pdf))
