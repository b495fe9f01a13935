"""Readers for the English catalogue and for the msgids used in the code, without gettext tools or
third-party packages, so the checks run wherever the suite runs (CI has no gettext)."""

import ast
import os
import re
import struct
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.template import Engine
from django.templatetags.i18n import BlockTranslateNode, TranslateNode

ROOT = Path(settings.BASE_DIR)
PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
# The folders makemessages is told to skip (docs/translations.md).
SKIPPED = {".venv", "var", "test-artifacts", "tests", "node_modules", ".git"}

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
# A named placeholder with its conversion: "%(count)d" and "%(count)s" are different placeholders.
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdifr]")


@dataclass
class Entry:
    msgid: str
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False
    line: int = 0

    @property
    def mo_key(self) -> str:
        key = self.msgid if self.msgid_plural is None else f"{self.msgid}\x00{self.msgid_plural}"
        return key if self.msgctxt is None else f"{self.msgctxt}\x04{key}"

    @property
    def mo_value(self) -> str:
        return "\x00".join(self.msgstr)


def _unquote(text: str) -> str:
    body = text.strip()[1:-1]
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), "\\" + m.group(1)), body)


def read_po(path: Path = PO) -> list[Entry]:
    """Every entry of the .po file except the header, in file order."""
    entries: list[Entry] = []
    flags: set[str] = set()
    last = None  # (entry, field, index) that a continuation line "…" extends
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line, obsolete = raw.strip(), raw.startswith("#~")
        if obsolete:
            line = line[2:].strip()
        if line.startswith("#,"):
            flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            continue
        if not line or line.startswith("#"):
            continue
        if line.startswith('"'):
            entry, name, index = last
            value = getattr(entry, name)
            if index is None:
                setattr(entry, name, value + _unquote(line))
            else:
                value[index] += _unquote(line)
            continue
        keyword, _space, rest = line.partition(" ")
        starts = keyword == "msgctxt" or (keyword == "msgid" and (not entries or entries[-1].msgstr))
        if starts:
            entries.append(Entry(msgid="", flags=flags, obsolete=obsolete, line=number))
            flags = set()
        entry = entries[-1]
        if keyword.startswith("msgstr"):
            entry.msgstr.append(_unquote(rest))
            last = (entry, "msgstr", len(entry.msgstr) - 1)
        elif keyword in ("msgctxt", "msgid", "msgid_plural"):
            setattr(entry, keyword, _unquote(rest))
            last = (entry, keyword, None)
        else:
            raise ValueError(f"{path}:{number}: unexpected line {raw!r}")
    header = [e for e in entries if e.msgid == "" and e.msgctxt is None]
    assert len(header) == 1, "the .po file must have exactly one header entry"
    return [e for e in entries if e is not header[0]]


def read_mo(path: Path = MO) -> dict[str, str]:
    """The compiled catalogue as {key: value}, keys and values as gettext stores them (GNU .mo format)."""
    data = path.read_bytes()
    magic = struct.unpack("<I", data[:4])[0]
    order = "<" if magic == 0x950412DE else ">"
    _revision, count, originals, translations = struct.unpack(order + "4I", data[4:20])
    catalogue = {}
    for index in range(count):
        length, offset = struct.unpack(order + "2I", data[originals + 8 * index: originals + 8 * index + 8])
        key = data[offset: offset + length].decode("utf-8")
        length, offset = struct.unpack(order + "2I", data[translations + 8 * index: translations + 8 * index + 8])
        catalogue[key] = data[offset: offset + length].decode("utf-8")
    catalogue.pop("", None)  # the header
    return catalogue


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


# Msgids used by the code ---------------------------------------------------------------------------

# The keywords makemessages passes to xgettext, with the position of the msgid (and of the plural).
KEYWORDS = {
    "_": (0, None), "gettext": (0, None), "gettext_lazy": (0, None), "gettext_noop": (0, None),
    "ngettext": (0, 1), "ngettext_lazy": (0, 1), "pgettext": (1, None), "pgettext_lazy": (1, None),
    "npgettext": (1, 2), "npgettext_lazy": (1, 2),
}


def _source_files(suffixes):
    for folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = sorted(d for d in subfolders if d not in SKIPPED and not d.startswith("."))
        for name in sorted(files):
            path = Path(folder) / name
            if path.suffix in suffixes:
                yield path, path.relative_to(ROOT)


def python_msgids():
    """(msgid, msgid_plural, "file:line") for every gettext call with literal strings in our Python code."""
    for path, relative in _source_files({".py"}):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in KEYWORDS:
                continue
            single, plural = KEYWORDS[name]
            args = node.args
            if len(args) <= single or not _is_text(args[single]):
                continue
            msgid_plural = args[plural].value if plural is not None and len(args) > plural else None
            yield args[single].value, msgid_plural, f"{relative}:{node.lineno}"


def _is_text(node) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


# `_("text")` inside a tag argument or variable, e.g. {% include "x.html" with heading=_("Tháng") %}.
TEMPLATE_CONSTANT = re.compile(r"""\b_\((["'])(.*?)\1\)""")


def template_msgids():
    """(msgid, msgid_plural, "file:line") for every {% translate %} / {% blocktranslate %} in our templates,
    read with Django's own template parser, so the msgids are exactly those looked up at render time;
    plus the `_("…")` constants in tag arguments."""
    engine = Engine.get_default()
    for path, relative in _source_files({".html", ".txt"}):
        source = path.read_text(encoding="utf-8")
        for match in TEMPLATE_CONSTANT.finditer(source):
            yield match.group(2), None, f"{relative}:{source.count(chr(10), 0, match.start()) + 1}"
        template = engine.from_string(source)
        for node in _walk(template.nodelist):
            line = node.token.lineno if getattr(node, "token", None) else 0
            where = f"{relative}:{line}"
            if isinstance(node, TranslateNode):
                literal = node.filter_expression.var.literal if hasattr(node.filter_expression.var, "literal") else None
                if isinstance(literal, str) and not node.noop:
                    yield str(literal), None, where
            elif isinstance(node, BlockTranslateNode):
                singular, _vars = node.render_token_list(node.singular)
                plural = node.render_token_list(node.plural)[0] if node.countervar else None
                yield singular, plural, where


def _walk(nodelist):
    for node in nodelist:
        yield node
        for attribute in getattr(node, "child_nodelists", ()):
            yield from _walk(getattr(node, attribute, None) or ())
