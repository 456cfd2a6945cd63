"""Settings shared by every environment.

Everything that differs between machines comes from the environment (see the README's
environment table and `.env.example`). `dev.py`, `test.py` and `production.py` adjust this.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

import dj_database_url
from csp.constants import NONE, REPORT_SAMPLE, SELF, UNSAFE_INLINE

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "cms",
    "content_models",
    "search",
    "media",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "ninja",
    "django_tasks_db",
    "modelcluster",
    "taggit",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside XFrameOptionsMiddleware so that it sees the final X-Frame-Options (cms/csp.py).
    "cms.csp.SiteCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Vietnamese unless the visitor picks English with the switch (not Accept-Language).
    "cms.middleware.SiteLanguageMiddleware",
    # Anonymous page responses, stored per URL and language, every view still counted; after
    # the language middleware (the language is part of the key). cms/page_cache.py.
    "cms.page_cache.AnonymousPageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # The request's Wagtail Site from a cache, dropped when a Site changes (docs/pages.md).
    "cms.site_lookup.SiteLookupMiddleware",
    # Last, as django-axes asks: it turns a lockout into the login page's 429 (cms/throttling.py).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

# Public templates and static assets come from the active theme (docs/conventions.md §11).
CMS_THEME = os.environ.get("CMS_THEME", "default")
THEME_DIR = BASE_DIR / "themes" / CMS_THEME

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [THEME_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "cms.context_processors.site",
            ],
        },
    },
]

# https://docs.djangoproject.com/en/5.2/ref/settings/#databases
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
        # A kept connection is checked before each request reuses it, so a restarted
        # PostgreSQL costs a reconnect, not a 500.
        # https://docs.djangoproject.com/en/5.2/ref/databases/#persistent-connections
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese first, English available (cms.middleware + the language switch).
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# The project's catalogue first (makemessages writes only there); then the Vietnamese of the
# Wagtail admin strings teachers and editors meet, which Wagtail's own catalogue lacks
# (docs/admin-language.md).
LOCALE_PATHS = [BASE_DIR / "cms" / "locale", BASE_DIR / "cms" / "locale_wagtail"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
STATICFILES_DIRS = [THEME_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Uploads live outside the code tree (docs/architecture.md): var/media/ unless MEDIA_ROOT
# says otherwise.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "/media/"

# --- Upload limits (media/) -------------------------------------------------------------
# Requests bodies larger than this are refused before Django reads them into memory.
# https://docs.djangoproject.com/en/5.2/ref/settings/#data-upload-max-memory-size
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("FILE_UPLOAD_MAX_MEMORY_SIZE", 2 * 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
# Largest uploaded document (bytes) and image (bytes); a pixel cap well under Wagtail's 128 MP.
HLM_MAX_DOCUMENT_BYTES = env_int("HLM_MAX_DOCUMENT_BYTES", 200 * 1024 * 1024)
# Light versions of videos, sound and large PDFs (media/light/, docs/light-versions.md): each
# ffmpeg or Ghostscript run is stopped after this many seconds and this much memory; PDFs
# smaller than HLM_LIGHT_PDF_MIN_BYTES are left as they are.
HLM_LIGHT_TIMEOUT_SECONDS = env_int("HLM_LIGHT_TIMEOUT_SECONDS", 30 * 60)
HLM_LIGHT_MEMORY_BYTES = env_int("HLM_LIGHT_MEMORY_BYTES", 2 * 1024 * 1024 * 1024)
HLM_LIGHT_PDF_MIN_BYTES = env_int("HLM_LIGHT_PDF_MIN_BYTES", 5 * 1024 * 1024)
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env_int("HLM_MAX_IMAGE_BYTES", 20 * 1024 * 1024)
# https://docs.wagtail.org/en/stable/reference/settings.html#wagtailimages-max-image-pixels
WAGTAILIMAGES_MAX_IMAGE_PIXELS = env_int("HLM_MAX_IMAGE_PIXELS", 40_000_000)
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"gif": "webp", "png": "webp", "jpeg": "webp", "webp": "webp"}
WAGTAILDOCS_EXTENSIONS = [
    "pdf",
    "docx",
    "pptx",
    "xlsx",
    "odt",
    "odp",
    "mp4",
    "webm",
    "mp3",
    "ogg",
    "jpg",
    "jpeg",
    "png",
    "webp",
    "gif",
]
# Oversize uploads are cut off while they stream in (media/upload_handlers.py), ahead of
# Django's own handlers. https://docs.djangoproject.com/en/5.2/ref/settings/#file-upload-handlers
FILE_UPLOAD_HANDLERS = [
    "media.upload_handlers.UploadSizeCapHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Content checks (not file names) for every admin upload form.
# https://docs.wagtail.org/en/stable/reference/settings.html#wagtailimages-image-form-base
WAGTAILIMAGES_IMAGE_FORM_BASE = "media.forms.ImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "media.forms.DocumentForm"
# Documents are always served through Django so the headers in media/ apply.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_IMAGE_MODEL = "media.CustomImage"
WAGTAILDOCS_DOCUMENT_MODEL = "media.CustomDocument"

# --- Wagtail ------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Học liệu mở GDTX"
# The address the public site is served at. The default Site's hostname and port are set from it
# (ensure_site_structure, run by seed_demo), so canonical links, og:url, the sitemap, feeds,
# JSON-LD, short links and the attribution text all name it: docs/public-site.md ("One host").
SITE_URL = (
    os.environ.get("SITE_URL")
    or os.environ.get("WAGTAILADMIN_BASE_URL")
    or "http://localhost:8000"
)
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", SITE_URL)
# Admin search stays on Wagtail's database backend (with queries cleaned: cms/admin_search.py);
# only search/ writes to Elasticsearch.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "cms.admin_search"}}
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No autosave: it posts the whole edit form every half second while a teacher types, which
# costs mobile data, and on a slow link an autosave still in flight when "submit" is pressed
# creates the page twice (a 500 on the duplicate slug).
# https://docs.wagtail.org/en/stable/reference/settings.html#wagtail-autosave-interval
WAGTAIL_AUTOSAVE_INTERVAL = 0
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
# No Gravatar pictures in the admin: they would send a hash of each teacher's e-mail address to
# a third party and cost data on slow links (and need an outside img-src in the CSP).
# https://docs.wagtail.org/en/stable/reference/settings.html#wagtail-gravatar-provider-url
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILEMBEDS_RESPONSIVE_HTML = True

# --- Search (search/) ---------------------------------------------------------------------
# Unset: the database full-text table answers. Set: Elasticsearch answers, the table stays fed
# as the fallback used while Elasticsearch is down.
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
ELASTICSEARCH_INDEX_PREFIX = os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "hlm-")
ELASTICSEARCH_TIMEOUT = float(os.environ.get("ELASTICSEARCH_TIMEOUT", "2"))

# Background work (renditions, PDF previews, search outbox drains) runs through django-tasks.
# "immediate" runs each job right after the request's commit, in the same process (tests, the
# demo); "database" stores jobs for `manage.py run_worker` (production). docs/background-work.md
# https://docs.wagtail.org/en/stable/reference/settings.html#tasks
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
HLM_TASKS_BACKEND = os.environ.get("HLM_TASKS_BACKEND", "immediate")
if HLM_TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"HLM_TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}, not {HLM_TASKS_BACKEND!r}."
    )
TASKS = {"default": {"BACKEND": TASK_BACKENDS[HLM_TASKS_BACKEND]}}
# A failed job runs again after 30 s, 2 min, 8 min, … up to this many attempts in all.
HLM_TASK_MAX_ATTEMPTS = env_int("HLM_TASK_MAX_ATTEMPTS", 5)
HLM_TASK_RETRY_BASE_SECONDS = env_int("HLM_TASK_RETRY_BASE_SECONDS", 30)
# A job held longer than this by a worker on another host is taken to be abandoned.
HLM_TASK_LEASE_SECONDS = env_int("HLM_TASK_LEASE_SECONDS", 3600)
HLM_WORKER_HOUSEKEEPING_SECONDS = env_int("HLM_WORKER_HOUSEKEEPING_SECONDS", 60)
# Each web process sends its buffered view and download counts to the queue this often; at most
# this interval of counts is lost if the process dies (docs/usage-and-reports.md).
HLM_USAGE_FLUSH_SECONDS = env_int("HLM_USAGE_FLUSH_SECONDS", 60)

LOGIN_URL = "wagtailadmin_login"
LOGIN_REDIRECT_URL = "wagtailadmin_home"

# --- Logins and password forms (cms/throttling.py; docs/security/logins-and-csp.md) -------
# django-axes counts failed logins per username and per client address, in the database.
# https://django-axes.readthedocs.io/en/latest/4_configuration.html
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failures before a lock, for one username (from any address) or one address (any username).
HLM_LOGIN_FAILURE_LIMIT = env_int("HLM_LOGIN_FAILURE_LIMIT", 10)
# How long a lock lasts; the right password works again afterwards.
HLM_LOGIN_LOCK_MINUTES = env_int("HLM_LOGIN_LOCK_MINUTES", 15)
# Callables reading the two settings above at each request (override_settings works in tests).
AXES_FAILURE_LIMIT = "cms.throttling.login_failure_limit"
AXES_COOLOFF_TIME = "cms.throttling.login_lock_period"
# Either one locks: a username (attempts from many addresses) or an address (many usernames).
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# Tries while locked are refused without being recorded: axes appends each recorded try's form
# data to its row, which a sustained attack would otherwise grow without bound.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "media.client_address.client_ip"
AXES_LOCKOUT_CALLABLE = "cms.throttling.login_lockout_response"
AXES_VERBOSE = False
# The login form says "locked" in Vietnamese, the same words for every username.
WAGTAILADMIN_USER_LOGIN_FORM = "cms.throttling.ThrottledLoginForm"
# At most this many reset e-mails per address, and requests per client address, per period.
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "cms.throttling.ThrottledPasswordResetForm"
HLM_PASSWORD_RESET_LIMIT = env_int("HLM_PASSWORD_RESET_LIMIT", 3)
HLM_PASSWORD_RESET_IP_LIMIT = env_int("HLM_PASSWORD_RESET_IP_LIMIT", 20)
HLM_PASSWORD_RESET_PERIOD_MINUTES = env_int("HLM_PASSWORD_RESET_PERIOD_MINUTES", 60)
# Number of proxies in front of Django that append to X-Forwarded-For (nginx in the compose
# stack is one); 0 trusts only REMOTE_ADDR. The client address is what throttling counts.
HLM_TRUSTED_PROXY_COUNT = env_int("HLM_TRUSTED_PROXY_COUNT", 0)
# Counters of the page-password and password-reset forms. A cache every web worker shares
# (the database) in production; per process here. https://docs.djangoproject.com/en/5.2/topics/cache/
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "throttling": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "throttling",
    },
    # The 30-second "same visitor, same item" marks of usage counting (content_models/usage/,
    # docs/usage-and-reports.md): in memory, never in the database.
    "usage": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "usage"},
    # Synonyms, facet labels and names, the Elasticsearch mapping check: per process, a few
    # seconds each, dropped when edited (search/cache.py).
    "search": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "search"},
    # Finished public pages for anonymous visitors (cms/page_cache.py); production shares them
    # between processes through the database.
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
# Seconds an anonymous page response is reused at most (publishing invalidates it sooner);
# 0 turns the page cache off. Off here (one process may not see another's publish), on in
# production. docs/operations.md.
HLM_PAGE_CACHE_SECONDS = env_int("HLM_PAGE_CACHE_SECONDS", 0)
# Search results pages in the same cache, shorter (each hit still counts the query log).
HLM_SEARCH_CACHE_SECONDS = env_int("HLM_SEARCH_CACHE_SECONDS", 0)

# --- Interfaces for other systems (docs/interfaces.md) -----------------------------------
# OAI-PMH: the <repository> of `oai:<repository>:lesson/<id>` (a domain name; empty: the
# default site's host name), Identify's adminEmail (empty: DEFAULT_FROM_EMAIL), records per
# list response and the lifetime of a resumption token.
HLM_OAI_REPOSITORY_ID = os.environ.get("HLM_OAI_REPOSITORY_ID", "")
HLM_OAI_ADMIN_EMAIL = os.environ.get("HLM_OAI_ADMIN_EMAIL", "")
HLM_OAI_PAGE_SIZE = env_int("HLM_OAI_PAGE_SIZE", 100)
HLM_OAI_TOKEN_SECONDS = env_int("HLM_OAI_TOKEN_SECONDS", 86400)
# Content API (/api/v1/): requests an anonymous client address may make per period; over it
# a 429 with Retry-After. Signed-in users are not limited.
HLM_API_ANON_LIMIT = env_int("HLM_API_ANON_LIMIT", 300)
HLM_API_ANON_PERIOD_SECONDS = env_int("HLM_API_ANON_PERIOD_SECONDS", 60)

# --- Content-Security-Policy (cms/csp.py; docs/security/logins-and-csp.md) ----------------
# Hosts whose players the video block may frame, and whose thumbnails it shows.
HLM_CSP_FRAME_HOSTS = env_list(
    "HLM_CSP_FRAME_HOSTS",
    "https://www.youtube.com,https://www.youtube-nocookie.com,https://player.vimeo.com",
)
HLM_CSP_IMAGE_HOSTS = env_list("HLM_CSP_IMAGE_HOSTS", "https://i.ytimg.com,https://i.vimeocdn.com")
# https://django-csp.readthedocs.io/en/latest/configuration.html
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        # 'report-sample': reports quote the first characters of what was blocked.
        "script-src": [SELF, REPORT_SAMPLE],
        "style-src": [SELF, REPORT_SAMPLE],
        "img-src": [SELF, "data:", *HLM_CSP_IMAGE_HOSTS],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],
        "frame-src": [SELF, *HLM_CSP_FRAME_HOSTS],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        # Follows X-Frame-Options per response (cms/csp.py).
        "frame-ancestors": [SELF],
        "report-uri": ["/csp-report/"],
    }
}
# What Wagtail's admin needs on top, for signed-in users under /admin/ (found with the
# browser tests in tests/browser/test_csp.py).
HLM_CSP_ADMIN_ADDITIONS = {"script-src": [UNSAFE_INLINE], "style-src": [UNSAFE_INLINE]}

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "SAMEORIGIN"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "hlm": {"handlers": ["console"], "level": os.environ.get("HLM_LOG_LEVEL", "INFO")},
    },
}

# Offline packs (content_models/offline/): the most lessons and bytes one pack may hold.
# docs/offline-packs.md
HLM_OFFLINE_PACK_MAX_LESSONS = env_int("HLM_OFFLINE_PACK_MAX_LESSONS", 1000)
HLM_OFFLINE_PACK_MAX_BYTES = env_int("HLM_OFFLINE_PACK_MAX_BYTES", 2 * 1024 * 1024 * 1024)
