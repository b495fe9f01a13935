"""Browser tests: Playwright driving Debian's Chromium against the live test server.

`python3 dev.py test` installs Chromium with apt where it can (see dev.py). Without it these tests are
skipped with the install command, except under CI=true, where a missing browser is a failure.
Screenshots go to test-artifacts/screenshots/ (ignored by git, kept by CI as artefacts).
"""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PASSWORD = "demo-browser-2026"
LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def pytest_collection_modifyitems(config, items):
    ours = [item for item in items if "tests/browser/" in str(item.fspath)]
    if CHROMIUM.exists() or not ours:
        return
    if os.environ.get("CI", "").lower() == "true":
        raise pytest.UsageError(f"CI=true but {CHROMIUM} is missing: install Debian's chromium package.")
    skip = pytest.mark.skip(
        reason=f"{CHROMIUM} missing: sudo apt-get install chromium (or run python3 dev.py test as root)"
    )
    for item in ours:
        item.add_marker(skip)


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module, stopped with it: Playwright's event loop must not outlive the browser
    tests, or the rest of the suite would run its database work beside a running loop."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # --no-sandbox: CI containers run as root, where Chromium's sandbox cannot start.
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """Playwright's sync API keeps an event loop running in this thread; the database work of a browser test
    (its fixtures' set-up and tear-down included) is ordinary blocking work, which this flag allows.
    Set around browser tests only, so it never leaks into the rest of the suite."""
    if "tests/browser/" not in str(item.fspath):
        yield
        return
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture
def demo(transactional_db, settings):
    """The demo commune of seed_demo, with a known password."""
    settings.AXES_ENABLED = False  # many logins from one address in a few seconds
    call_command("seed_demo", password=PASSWORD, force=True, stdout=open(os.devnull, "w"))


class Session:
    """One user's browser tab, signed in, with screenshot and overflow helpers."""

    def __init__(self, browser, base_url, username, viewport):
        self.context = browser.new_context(viewport=viewport, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
        self.context.set_default_timeout(10_000)
        self.page = self.context.new_page()
        self.base_url = base_url
        self.username = username
        self.page.goto(f"{base_url}/")
        self.page.get_by_label("Tên đăng nhập").fill(username)
        self.page.get_by_label("Mật khẩu").fill(PASSWORD)
        self.page.get_by_role("button", name="Đăng nhập").click()
        self.page.wait_for_load_state()

    def go(self, path):
        self.page.goto(f"{self.base_url}{path}")

    def shot(self, name):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    def overflows_horizontally(self) -> bool:
        return self.page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")

    def close(self):
        self.context.close()


@pytest.fixture
def sign_in(browser, live_server, demo):
    sessions = []

    def open_session(username, viewport=LAPTOP):
        session = Session(browser, live_server.url, username, viewport)
        sessions.append(session)
        return session

    yield open_session
    for session in sessions:
        session.close()
