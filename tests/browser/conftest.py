"""Chromium through Playwright, on Debian's own build: no browser is downloaded.

The fixtures have their own names so they do not collide with pytest-playwright's
`browser` and `page`, which would try to use a browser that `playwright install` fetches.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Response, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = Path(__file__).parent / "screenshots"
PHONE = {"width": 360, "height": 740}
LAPTOP = {"width": 1280, "height": 800}
FAVICON = "/static/img/favicon.svg"


# Package scope: one Chromium for all browser tests, closed before the other test packages
# run, so that Playwright's event loop does not outlive the tests that need it.
@pytest.fixture(scope="package")
def chromium_browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class PortalPage:
    """A Playwright page on the live server that remembers failed requests and console errors."""

    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url
        self.failures: list[str] = []
        self.console_errors: list[str] = []
        page.on("response", self._check_response)
        page.on("requestfailed", self._record_failed_request)
        page.on("console", self._check_console)

    def _check_response(self, response: Response) -> None:
        if response.status >= 400:
            self.failures.append(f"{response.status} {response.url}")

    def _record_failed_request(self, request: Request) -> None:
        # Moving to the next page cancels what the last one was still loading (its scripts,
        # the tab's icon) when the machine is slow: no fault. A missing file is a 404, which
        # _check_response records.
        same_site = request.url.startswith(self.base_url + "/static/")
        if (same_site or request.url.endswith(FAVICON)) and request.failure == "net::ERR_ABORTED":
            return
        self.failures.append(f"failed {request.url} {request.failure}")

    def _check_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)

    def goto(self, path: str) -> None:
        self.page.goto(self.base_url + path)

    def resize(self, size: dict[str, int]) -> None:
        self.page.set_viewport_size(size)

    def screenshot(self, name: str, full_page: bool = True) -> Path:
        SCREENSHOTS.mkdir(exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=path, full_page=full_page)
        return path

    def scroll_width(self) -> int:
        return self.page.evaluate("document.documentElement.scrollWidth")

    def sign_in(self, username: str, password: str) -> None:
        self.goto("/login/")
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Sign in").click()
        self.page.wait_for_url(self.base_url + "/")


@pytest.fixture
def portal_page(chromium_browser, live_server, transactional_db) -> Iterator[PortalPage]:
    context = chromium_browser.new_context(viewport=PHONE, locale="en-GB")
    page = context.new_page()
    # Nothing outside the live server may load: the portal has to work offline.
    page.route(
        lambda url: not url.startswith(live_server.url),
        lambda route: route.abort(),
    )
    yield PortalPage(page, live_server.url)
    context.close()
