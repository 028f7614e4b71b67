"""Browser tests: the real app under uvicorn on 127.0.0.1, driven by Playwright in Debian's Chromium.

Chromium comes from the system (``/usr/bin/chromium``); when it is missing the session installs
the Debian package itself, as the test command promises on a fresh machine. Every page runs with a
network guard: a request to any host other than this server is blocked and fails the test, and so
does an uncaught script error. Screenshots go to ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Playwright, Request, Route, sync_playwright

from tests.conftest import NOVEL, ROOT
from tests.serving import running

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
LOCAL_HOSTS = frozenset({"127.0.0.1"})

Shot = Callable[[Page, str], Path]


def _install_chromium() -> None:
    """``apt-get install chromium`` (through ``sudo -n`` when not root); refreshes the package lists
    and tries again if the first attempt fails."""
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
    install = [*sudo, "apt-get", "install", "-y", "--no-install-recommends", "chromium"]
    env = os.environ | {"DEBIAN_FRONTEND": "noninteractive"}
    if subprocess.run(install, env=env, capture_output=True, check=False).returncode != 0:
        subprocess.run([*sudo, "apt-get", "update"], env=env, capture_output=True, check=False)
        subprocess.run(install, env=env, capture_output=True, check=False)


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if not CHROMIUM.exists() and shutil.which("apt-get"):
        _install_chromium()
    if not CHROMIUM.exists():
        pytest.fail(f"the browser tests need Chromium at {CHROMIUM}: install Debian's `chromium` package")
    return CHROMIUM


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    """The app serving the novel."""
    with running(str(NOVEL)) as url:
        yield url


# Module scope, not session: while Playwright's sync API is open it keeps an asyncio loop running
# on the main thread, and later tests that call asyncio.run() would fail.
@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="module")
def browser(playwright: Playwright, chromium_path: Path) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_FLAGS)
    yield browser
    browser.close()


class Guard:
    """What a page tried that a test must not allow: requests leaving the machine, script errors."""

    def __init__(self) -> None:
        self.outside: list[str] = []
        self.errors: list[str] = []

    def route(self, route: Route, request: Request) -> None:
        host = urlsplit(request.url).hostname
        if request.url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            self.outside.append(request.url)
            route.abort()

    def check(self) -> None:
        assert not self.outside, f"requests left the machine: {self.outside}"
        assert not self.errors, f"script errors on the page: {self.errors}"


def _open(browser: Browser, width: int, height: int) -> Iterator[Page]:
    guard = Guard()
    context = browser.new_context(viewport={"width": width, "height": height})
    context.route("**/*", guard.route)
    page = context.new_page()
    page.on("pageerror", lambda exc: guard.errors.append(str(exc)))
    page.on("console", lambda msg: guard.errors.append(msg.text) if msg.type == "error" else None)
    yield page
    context.close()
    guard.check()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A page on a 1280 by 800 screen, guarded."""
    yield from _open(browser, 1280, 800)


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """A page on a phone-width screen (390 by 844), guarded."""
    yield from _open(browser, 390, 844)


@pytest.fixture
def shot() -> Shot:
    """Save a screenshot of a page as a test artefact; returns its path."""

    def take(page: Page, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path))
        return path

    return take
