"""The English catalogue is complete, compiled from the current .po, and safe to format.

Vietnamese is the source language: every msgid is Vietnamese and English lives in
locale/en/LC_MESSAGES/django.po, with the compiled .mo committed (docs/translations.md)."""

import re
import shutil
import subprocess

from tests.i18n.catalogue import MO, PO, placeholders, python_msgids, read_mo, read_po, template_msgids

REFRESH = (
    "refresh the catalogue (docs/translations.md): makemessages -l en …, translate, compilemessages -l en"
)


def test_header_declares_english_with_two_plural_forms():
    text = PO.read_text(encoding="utf-8")
    assert '"Language: en\\n"' in text
    assert '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in text
    assert '"Content-Type: text/plain; charset=UTF-8\\n"' in text


def test_every_entry_is_translated_and_checked():
    entries = read_po()
    assert len(entries) > 500
    untranslated = [f"line {e.line}: {e.msgid!r}" for e in entries if not e.msgstr or not all(e.msgstr)]
    fuzzy = [f"line {e.line}: {e.msgid!r}" for e in entries if "fuzzy" in e.flags]
    obsolete = [f"line {e.line}: {e.msgid!r}" for e in entries if e.obsolete]
    assert not untranslated, "untranslated entries:\n" + "\n".join(untranslated)
    assert not fuzzy, "fuzzy entries (check the English, then remove the flag):\n" + "\n".join(fuzzy)
    assert not obsolete, "obsolete entries (refresh with --no-obsolete):\n" + "\n".join(obsolete)


def test_plural_entries_have_both_english_forms():
    plurals = [e for e in read_po() if e.msgid_plural is not None]
    assert plurals
    assert all(len(e.msgstr) == 2 for e in plurals), [e.msgid for e in plurals if len(e.msgstr) != 2]


def test_compiled_catalogue_is_exactly_the_po_file():
    """The committed .mo holds every entry of the .po with the same English, and nothing else."""
    expected = {e.mo_key: e.mo_value for e in read_po()}
    compiled = read_mo()
    missing = sorted(set(expected) - set(compiled))
    extra = sorted(set(compiled) - set(expected))
    differing = sorted(k for k in set(expected) & set(compiled) if expected[k] != compiled[k])
    assert not (missing or extra or differing), (
        f"{MO.name} is stale ({len(missing)} missing, {len(extra)} extra, {len(differing)} differing, "
        f"e.g. {(missing + extra + differing)[:3]}): run compilemessages -l en"
    )


def test_po_file_passes_msgfmt_checks_where_gettext_is_installed(tmp_path):
    """msgfmt --check validates the header and every python-format entry; CI has no gettext, so there the
    Python checks of this module stand in for it."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        return
    result = subprocess.run(
        [msgfmt, "--check", "-o", str(tmp_path / "django.mo"), str(PO)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert read_mo(tmp_path / "django.mo") == read_mo()


def test_every_translation_keeps_the_placeholders_of_its_msgid():
    problems = []
    for e in read_po():
        sources = [e.msgid] if e.msgid_plural is None else [e.msgid] + [e.msgid_plural] * (len(e.msgstr) - 1)
        # An entry with no msgstr at all yields no pair here; test_every_entry_is_translated_and_checked reports it.
        for source, english in zip(sources, e.msgstr, strict=False):
            if placeholders(english) != placeholders(source):
                problems.append(f"line {e.line}: {sorted(placeholders(source))} → {english!r}")
    assert not problems, "\n".join(problems)


def test_every_python_format_translation_formats_without_error():
    """A stray "%" in the English would raise at runtime, in front of the user; "%%" must stay "%%"."""
    problems = []
    for e in read_po():
        if "python-format" not in e.flags:
            continue
        for english in e.msgstr:
            values = {name: 1 for name in re.findall(r"%\((\w+)\)", english)}
            try:
                english % values
            except (ValueError, TypeError, KeyError) as error:
                problems.append(f"line {e.line}: {english!r}: {error}")
            if english.count("%%") != e.msgid.count("%%"):
                problems.append(f"line {e.line}: {english!r}: literal % signs differ from the msgid")
    assert not problems, "\n".join(problems)


def test_every_msgid_used_by_the_code_is_in_the_catalogue():
    """A string marked for translation but missing from the catalogue shows in Vietnamese in the English UI."""
    known = {(e.msgid, e.msgid_plural) for e in read_po()}
    used = list(python_msgids()) + list(template_msgids())
    assert len(used) > 500
    missing = sorted({f"{where}: {msgid!r}" for msgid, plural, where in used if (msgid, plural) not in known})
    assert not missing, f"{len(missing)} msgids are not in {PO.name}; {REFRESH}:\n" + "\n".join(missing)


def test_code_scanner_finds_translate_tags_blocktranslate_plurals_and_gettext_calls():
    """Guards the scanner above: if it found nothing of a kind, the coverage test could not fail."""
    python = {(msgid, plural) for msgid, plural, _where in python_msgids()}
    templates = {(msgid, plural) for msgid, plural, _where in template_msgids()}
    assert ("Việc của tôi", None) in templates  # {% translate %}
    assert ("%(total)s hồ sơ", "%(total)s hồ sơ") in templates  # {% blocktranslate count %}
    assert ("Tháng", None) in templates  # _("…") in a tag argument
    assert ("Trình hồ sơ", None) in python  # gettext_lazy as _
    assert ("Đã chấm dứt %(count)d ủy quyền.", "Đã chấm dứt %(count)d ủy quyền.") in python  # ngettext
