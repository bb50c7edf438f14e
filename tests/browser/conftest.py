"""Real-browser tests: Debian's Chromium driven by Playwright, against the app
served on 127.0.0.1 by pytest-django's live server, with the seeds imported.

Screenshots go to artifacts/screenshots/ (BROWSER_ARTIFACTS overrides it).
Every page a test opens is checked for server errors and console errors.
"""

import os
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.browser.layout import DESKTOP

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(
    os.environ.get(
        "BROWSER_ARTIFACTS",
        Path(__file__).resolve().parents[2] / "artifacts" / "screenshots",
    )
)
# The flags Chromium needs as root, headless, on a machine with no network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="module")
def browser(django_db_setup):
    # The test database is made first, as Django refuses to while Playwright's
    # event loop runs; and the loop stops with the module, before other tests.
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is missing at {CHROMIUM}; .ci/run installs it")
        pytest.skip("no Chromium here: install Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def site(live_server, transactional_db):
    """The live site's base URL, with the seed archives imported."""
    call_command("import_seeds", verbosity=0)
    return live_server.url


@pytest.fixture(scope="module", autouse=True)
def _orm_beside_playwright():
    # Playwright's sync API runs an event loop in the test's thread, which makes
    # Django refuse ORM calls from that thread unless told they are safe here.
    # Module-wide, so that the database flush after each test is covered too.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture
def page(browser):
    """A fresh desktop page that fails the test on a server or console error."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    problems = []
    page.on(
        "console",
        lambda message: (
            message.type == "error" and problems.append(f"console: {message.text}")
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on(
        "response",
        lambda response: (
            response.status >= 500
            and problems.append(f"{response.status} from {response.url}")
        ),
    )
    yield page
    context.close()
    assert problems == []


@pytest.fixture
def screenshot(request):
    """Save a full-page screenshot named after the test and a label."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(page, label):
        name = re.sub(r"\W+", "-", f"{request.node.name}-{label}").strip("-")
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
