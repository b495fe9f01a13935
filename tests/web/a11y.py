"""A small accessibility reader of rendered pages (standard library only): what a screen reader or a
keyboard user needs from the markup, checked on every page the tests reach (issue 6: accessible)."""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

UNLABELLED_TYPES = {"hidden", "submit", "button", "reset", "image"}


@dataclass
class _Table:
    labelled: bool
    caption: bool = False
    headers: int = 0


@dataclass
class Page(HTMLParser):
    """Parse once, then read `problems()`."""

    path: str = ""
    ids: set = field(default_factory=set)
    label_for: set = field(default_factory=set)
    controls: list = field(default_factory=list)  # (tag, attrs, inside a label)
    described: list = field(default_factory=list)  # aria-describedby values
    tables: list = field(default_factory=list)
    menu_links: list = field(default_factory=list)  # (href, aria-current)
    skip_link: bool = False
    main_id: str = ""

    def __post_init__(self):
        super().__init__(convert_charrefs=True)
        self._labels = 0
        self._tables: list[_Table] = []
        self._in_menu = 0
        self._first_link_seen = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if attrs.get("aria-describedby"):
            self.described.append(attrs["aria-describedby"])
        if tag == "a" and not self._first_link_seen:
            self._first_link_seen = True
            self.skip_link = attrs.get("href") == "#main" and "skip-link" in attrs.get("class", "")
        if tag == "main":
            self.main_id = attrs.get("id", "")
        if tag == "nav" and "menu" in attrs.get("class", ""):
            self._in_menu += 1
        elif tag == "nav" and self._in_menu:
            self._in_menu += 1
        if tag == "a" and self._in_menu:
            self.menu_links.append((attrs.get("href", ""), attrs.get("aria-current")))
        if tag == "label":
            self._labels += 1
            if attrs.get("for"):
                self.label_for.add(attrs["for"])
        if tag in ("input", "select", "textarea"):
            self.controls.append((tag, attrs, self._labels > 0))
        if tag == "table":
            self._tables.append(_Table(labelled=bool(attrs.get("aria-label") or attrs.get("aria-labelledby"))))
        if tag == "caption" and self._tables:
            self._tables[-1].caption = True
        if tag == "th" and self._tables:
            self._tables[-1].headers += 1

    def handle_endtag(self, tag):
        if tag == "label" and self._labels:
            self._labels -= 1
        if tag == "nav" and self._in_menu:
            self._in_menu -= 1
        if tag == "table" and self._tables:
            self.tables.append(self._tables.pop())

    def problems(self) -> list[str]:
        found = []
        if not self.skip_link:
            found.append("the first link is not a skip link to #main")
        if self.main_id != "main":
            found.append('<main> has no id="main" for the skip link')
        for tag, attrs, wrapped in self.controls:
            if tag == "input" and attrs.get("type", "text") in UNLABELLED_TYPES:
                continue
            labelled = (wrapped or attrs.get("id") in self.label_for or attrs.get("aria-label")
                        or attrs.get("aria-labelledby") or attrs.get("title"))
            if not labelled:
                found.append(f"<{tag} name={attrs.get('name')!r}> has no label")
            if "aria-invalid" in attrs and not attrs.get("aria-describedby"):
                found.append(f"<{tag} name={attrs.get('name')!r}> is invalid but names no error message")
        for value in self.described:
            missing = [ref for ref in value.split() if ref not in self.ids]
            if missing:
                found.append(f"aria-describedby names missing ids {missing}")
        for number, table in enumerate(self.tables, start=1):
            if not (table.caption or table.labelled):
                found.append(f"table {number} has no caption")
            if not table.headers:
                found.append(f"table {number} has no header cells")
        current = [href for href, state in self.menu_links if state == "page"]
        if len(current) > 1:
            found.append(f"several menu items are current: {current}")
        if any(href == self.path for href, _ in self.menu_links) and current != [self.path]:
            found.append(f"the menu item of {self.path} lacks aria-current=\"page\"")
        return found


def problems_of(html: str, path: str) -> list[str]:
    page = Page(path=path)
    page.feed(html)
    page.close()
    return page.problems()


LINK = re.compile(r'<a\s[^>]*href="(/[^"#?]*)(?:\?[^"#]*)?"', re.I)
SKIP = re.compile(r"(\.pdf|\.docx|\.xlsx|\.csv|/tep/|/xuat-csv/|/xlsx/|/admin/|/api/|/i18n/|/static/|/media/|"
                  r"mau-excel|/dang-xuat|/logout)", re.I)


def links_of(html: str) -> list[str]:
    """Same-site pages a walk may follow: no downloads, no admin, no API."""
    return [href for href in LINK.findall(html) if not SKIP.search(href)]


def pattern_of(path: str) -> str:
    """One visit per kind of page: /ho-so/12/ and /ho-so/13/ are the same page."""
    return re.sub(r"/\d+", "/N", path)
