"""Accessible pages (issue 6): a skip link to the main content, the current menu item marked, a label on
every form field, error messages tied to their fields, tables with captions and header cells, and text
colours of the stylesheet with a WCAG contrast of at least 4.5:1.

The walk signs in as each demo role on the seeded demo commune and follows the links of every page it
reaches (one page of each kind), so a page added later is checked without being listed here.
"""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

from dossiers.models import Dossier, DossierState
from tests.web.a11y import links_of, pattern_of, problems_of

ROLES = ["thcs", "canbovhxh", "vhxh", "chutich", "phochutich", "hoidong1", "vanthu", "kiemtra"]
PAGES_PER_ROLE = 40
CSS = Path(settings.BASE_DIR) / "static" / "css" / "app.css"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("seed_demo", force=True, stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _walk(client, start="/"):
    """(path, html) of one page of each kind reachable from `start`, breadth first."""
    seen, queue, pages = set(), [start], []
    while queue and len(pages) < PAGES_PER_ROLE:
        path = queue.pop(0)
        if pattern_of(path) in seen:
            continue
        seen.add(pattern_of(path))
        response = client.get(path)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        pages.append((path, html))
        queue += [link for link in links_of(html) if pattern_of(link) not in seen]
    return pages


# Pages a role's walk must reach, so that a menu change cannot drop them from the check unnoticed.
MUST_REACH = {"thcs": ["campaign_list"]}


@pytest.mark.parametrize("username", ROLES)
def test_every_page_of_the_role_walk_is_accessible(demo, db, username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    pages = _walk(client)
    assert len(pages) >= 5, [path for path, _ in pages]
    assert {reverse(name) for name in MUST_REACH.get(username, [])} <= {path for path, _ in pages}
    found = {f"{path}: {problem}" for path, html in pages for problem in problems_of(html, path)}
    assert not found, "\n".join(sorted(found))


def test_login_page_is_accessible(db):
    path = reverse("login")
    assert problems_of(Client().get(path).content.decode(), path) == []


def test_checker_finds_what_it_is_meant_to_find():
    bare = '<html><body><nav class="menu"><a href="/">Home</a></nav><main><input name="q"><select name="s" ' \
           'aria-invalid="true"></select><p aria-describedby="nowhere"></p><table><tr><td>1</td></tr></table>' \
           '</main></body></html>'
    found = problems_of(bare, "/")
    assert "the first link is not a skip link to #main" in found
    assert '<main> has no id="main" for the skip link' in found
    assert "<input name='q'> has no label" in found and "<select name='s'> has no label" in found
    assert "<select name='s'> is invalid but names no error message" in found
    assert "aria-describedby names missing ids ['nowhere']" in found
    assert "table 1 has no caption" in found and "table 1 has no header cells" in found
    assert 'the menu item of / lacks aria-current="page"' in found


def test_invalid_field_names_its_error_message(demo, db):
    """Django ties a field's errors to it (aria-describedby → the error list's id); our forms keep that."""
    client = Client()
    client.force_login(get_user_model().objects.get(username="vhxh"))
    response = client.post(reverse("council_sessions"), {"title": "", "meeting_date": "", "place": ""})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'aria-invalid="true" aria-describedby="id_title_error"' in html and 'id="id_title_error"' in html
    assert problems_of(html, reverse("council_sessions")) == []


def test_refused_action_reason_is_tied_to_its_field(demo, db):
    """A dossier action refused for a missing reason: the reason box is marked invalid and names the message."""
    dossier = Dossier.objects.filter(state=DossierState.IN_REVIEW, assignee__username="canbovhxh").first()
    client = Client()
    client.force_login(get_user_model().objects.get(username="canbovhxh"))
    url = reverse("dossier_action", kwargs={"pk": dossier.pk, "action": "return_for_revision"})
    response = client.post(url, {"expected_version": dossier.version, "reason": ""})
    html = response.content.decode()
    assert response.status_code == 409
    assert re.search(r'<textarea name="reason" id="reason-return_for_revision"[^>]*aria-invalid="true"'
                     r'[^>]*aria-describedby="action-errors"', html)
    assert problems_of(html, url) == []


# Colour contrast ------------------------------------------------------------------------------------

def _luminance(hex_colour: str) -> float:
    value = hex_colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    channels = [int(value[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _variables() -> dict:
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{3,6})", CSS.read_text()))


def _resolve(value: str, variables: dict) -> str:
    match = re.fullmatch(r"var\(--([\w-]+)\)", value.strip())
    return variables[match.group(1)] if match else value.strip()


def _rules() -> list[tuple[str, str]]:
    return re.findall(r"([^{}]+)\{([^{}]*)\}", re.sub(r"/\*.*?\*/", "", CSS.read_text(), flags=re.S))


def _colours(body: str, prop: str, variables: dict) -> list[str]:
    pattern = r"(?<![-\w])color:\s*([^;}]+)" if prop == "color" else r"background(?:-color)?:\s*([^;}]+)"
    values = [_resolve(value, variables) for value in re.findall(pattern, body)]
    return [value for value in values if re.fullmatch(r"#[0-9a-fA-F]{3,6}", value)]


HEADER = (".site-header", ".brand", ".menu")


def _text_pairs() -> list[tuple[str, str, str]]:
    """(rule, text colour, background) the stylesheet can put together. A rule that sets its own background
    is read on it; otherwise its text may land on any light background of the page (alerts, table heads and
    badges nest freely), or, inside the red header, on the header's red."""
    variables = _variables()
    pairs, loose, page_backgrounds = [], [], set()
    for selectors, body in _rules():
        rule, in_header = selectors.strip(), any(name in selectors for name in HEADER)
        own = _colours(body, "background", variables)
        if not in_header:
            page_backgrounds |= {bg for bg in own if _luminance(bg) > 0.5}
        for colour in _colours(body, "color", variables):
            if own:
                pairs.append((rule, colour, own[0]))
            elif in_header:
                pairs.append((rule, colour, variables["primary"]))
            else:
                loose.append((rule, colour))
    return pairs + [(rule, fg, bg) for rule, fg in loose for bg in sorted(page_backgrounds)]


def test_contrast_formula_matches_wcag_reference_values():
    assert round(contrast("#000", "#fff"), 1) == 21.0
    assert round(contrast("#767676", "#fff"), 2) == 4.54


def test_every_text_colour_of_the_stylesheet_reaches_4_5_to_1():
    pairs = _text_pairs()
    assert len(pairs) > 50
    assert any(".site-header .muted" in rule for rule, _fg, _bg in pairs)
    low = [f"{rule}: {fg} on {bg} = {contrast(fg, bg):.2f}" for rule, fg, bg in pairs if contrast(fg, bg) < 4.5]
    assert not low, "\n".join(low)


def test_focus_is_visible_for_keyboard_users():
    css = CSS.read_text()
    assert re.search(r":focus-visible\s*\{[^}]*outline:\s*3px solid", css)
    assert ".skip-link:focus" in css
