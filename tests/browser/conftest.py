"""Browser tests: Debian's Chromium, driven by Playwright, against a real Django server.

* The browser is the system one (`PLAYWRIGHT_CHROMIUM_EXECUTABLE`, default /usr/bin/chromium;
  `bash .ci/chromium.sh` installs it): no browser is ever downloaded. Without it every test
  here is skipped with the reason.
* The server is pytest-django's `live_server` (a thread of this process, which also serves
  STATIC_URL and MEDIA_URL, as the web server in front of Django does in production), so the
  tests need `@pytest.mark.django_db(transaction=True, serialized_rollback=True)`: the server
  thread must see the test's rows, and the vocabularies seeded by data migrations are restored
  after the flush. On the in-memory SQLite test database every server thread shares the test's
  one connection, so requests are handled one at a time there (see `SerialLiveServer`).
* Search runs on whatever the environment says: Elasticsearch when ELASTICSEARCH_URL is set
  (then with a throwaway index prefix per test), else the database backend.
* Screenshots of each key step go to test-artifacts/screenshots/ (git-ignored).
"""

import os
import re
import shutil
import threading
import uuid
from pathlib import Path

from django.conf import settings as django_settings
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.handlers.wsgi import get_path_info
from django.test.testcases import LiveServerThread

import pytest
from pytest_django.live_server_helper import LiveServer

from tests.search.state import reset_search_state

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a
# thread with a running loop unless told that this is intended.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = os.environ.get("PLAYWRIGHT_CHROMIUM_EXECUTABLE", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PASSWORD = "mat-khau-thu-nghiem"
TIMEOUT_MS = 15_000
# A person's Chrome: headless Chromium says "HeadlessChrome", which usage counting rightly
# takes for a robot (content_models/usage/robots.py, docs/usage-and-reports.md).
PERSON_USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36"
)
PHONE = {
    "viewport": {"width": 360, "height": 740},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}


def _missing_browser():
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        return f"Chromium not found at {CHROMIUM} (install it with: bash .ci/chromium.sh)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -r requirements.txt)"
    return ""


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Skip before any fixture (database flush, server) is set up."""
    reason = _missing_browser()
    if reason:
        pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session; Playwright gives every launch a fresh,
    temporary user data directory (and every context its own empty cache and cookies)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="session", autouse=True)
def _clean_screenshots():
    if not _missing_browser():
        shutil.rmtree(SCREENSHOTS, ignore_errors=True)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)


class SerialLiveServer(LiveServer):
    """pytest-django's live server, handling one request at a time when the database is the
    in-memory SQLite one.

    There all request threads share a single sqlite3 connection, and a write while another
    request's SELECT is still open fails with "database table is locked". The admin's
    autosave (Wagtail 8 posts the form every half second while a teacher types) makes such
    overlaps likely. PostgreSQL gives each thread its own connection: no lock is taken there.
    """

    def __init__(self, addr):
        super().__init__(addr, start=False)
        if self.thread.connections_override:
            self.thread = LiveServerThread(
                self.thread.host,
                static_handler=SerialStaticFilesHandler,
                connections_override=self.thread.connections_override,
                port=self.thread.port,
            )
            self.thread.daemon = True
        self.start()


class SerialStaticFilesHandler(StaticFilesHandler):
    """Static and media files (no database) in parallel; everything else one at a time."""

    lock = threading.Lock()

    def __call__(self, environ, start_response):
        path = get_path_info(environ)
        if self._should_handle(path) or path.startswith(django_settings.MEDIA_URL):
            return super().__call__(environ, start_response)
        with self.lock:
            return super().__call__(environ, start_response)


@pytest.fixture(scope="session")
def live_server(request):
    """Overrides pytest-django's fixture of the same name for the browser tests only."""
    server = SerialLiveServer(
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    yield server
    server.stop()


@pytest.fixture
def new_context(browser, live_server):
    """new_context(**options): a Vietnamese browser context on the live server, closed after
    the test. Pass `**PHONE` for the 360×740 phone, `java_script_enabled=False` for no JS."""
    contexts = []

    def _new(**options):
        options.setdefault("locale", "vi-VN")
        options.setdefault("user_agent", PERSON_USER_AGENT)
        options.setdefault("base_url", live_server.url)
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        # Hermetic: nothing leaves the machine; what was attempted is kept for assertions.
        context.outside_requests = []

        def refuse(route):
            context.outside_requests.append(route.request.url)
            route.abort()

        context.route(lambda url: not url.startswith(live_server.url), refuse)
        contexts.append(context)
        return context

    yield _new
    for context in contexts:
        context.close()


@pytest.fixture
def shot(request):
    """shot(page, "step"): a full-page screenshot named after the test and the step number."""
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", request.node.name).strip("-")
    counter = iter(range(1, 100))

    def _shot(page, step, full_page=True):
        path = SCREENSHOTS / f"{name}-{next(counter):02d}-{step}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return _shot


@pytest.fixture
def login(live_server):
    """login(page, user): through Wagtail's own login form, as a person would."""
    from playwright.sync_api import expect

    def _login(page, user):
        page.goto("/admin/login/")
        page.locator("#id_username").fill(user.username)
        page.locator("#id_password").fill(PASSWORD)
        page.locator("form button[type=submit]").click()
        expect(page).to_have_url(f"{live_server.url}/admin/")

    return _login


class SearchEnvironment:
    """The search backend of this test; `refresh()` makes Elasticsearch writes visible."""

    def __init__(self, url, prefix):
        self.url = url
        self.prefix = prefix

    @property
    def elasticsearch(self):
        return bool(self.url)

    def refresh(self):
        if self.url:
            from search.documents import get_client

            get_client().indices.refresh(index=f"{self.prefix}*")


@pytest.fixture(autouse=True)
def search_environment(settings):
    url = os.environ.get("ELASTICSEARCH_URL", "")
    settings.ELASTICSEARCH_URL = url
    prefix = ""
    reset_search_state()
    if url:
        from search.backends.elasticsearch import index as es_index
        from search.documents import get_client

        prefix = f"hlmtest-browser-{uuid.uuid4().hex[:8]}-"
        settings.ELASTICSEARCH_INDEX_PREFIX = prefix
        # A shared CI machine under load can be slower than the 2 s meant for production.
        settings.ELASTICSEARCH_TIMEOUT = 10
        es_index.ready_indices(get_client(), create_missing=True)
    yield SearchEnvironment(url, prefix)
    if url:
        from search.documents import get_client

        client = get_client()
        # By name: the server refuses wildcard deletes (action.destructive_requires_name).
        names = list(client.indices.get(index=f"{prefix}*", allow_no_indices=True).body)
        if names:
            client.indices.delete(index=",".join(names), ignore_unavailable=True)
    reset_search_state()
