"""Production: refuses to start without the secrets and hosts it needs, or with debug on.

Every refusal is an ImproperlyConfigured naming the variable, raised at import, so a bad
deployment stops at `manage.py check --deploy` (run by the test suite) or at container start,
never at the first request. Variables are listed in `.env.example` and the README.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

# Prefixes of the throwaway keys in dev/test settings, Django's startproject key and the
# placeholder in .env.example: none of them may reach production.
INSECURE_KEY_PREFIXES = ("dev-only", "test-only", "django-insecure", "change-me")

for _name in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"):
    if not os.environ.get(_name, "").strip():  # noqa: F405
        raise ImproperlyConfigured(f"Set the {_name} environment variable for production.")
if (
    len(SECRET_KEY) < 50  # noqa: F405
    or len(set(SECRET_KEY)) < 5  # noqa: F405
    or SECRET_KEY.lower().startswith(INSECURE_KEY_PREFIXES)  # noqa: F405
):
    raise ImproperlyConfigured(
        "SECRET_KEY must be a random value of at least 50 characters, e.g. "
        "python -c 'import secrets; print(secrets.token_urlsafe(64))'."
    )
if env_bool("DEBUG", False):  # noqa: F405
    raise ImproperlyConfigured("DEBUG must be off in production: unset DEBUG or set DEBUG=0.")
if "*" in ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must list the site's host names; '*' turns off Host header validation."
    )
DEBUG = False

# https://docs.djangoproject.com/en/5.2/howto/deployment/checklist/
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)  # noqa: F405
# TLS ends at the proxy in front (cms/deploy/nginx.conf passes the scheme on).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)  # noqa: F405
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)  # noqa: F405
# Joining the browsers' HSTS preload list is the domain owner's decision, not the code's.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_REFERRER_POLICY = "same-origin"
# Nothing of the site is framed; Wagtail's preview panel and block previews set their own
# SAMEORIGIN override (wagtail.utils.decorators.xframe_options_sameorigin_override).
# https://docs.djangoproject.com/en/5.2/ref/clickjacking/
X_FRAME_OPTIONS = "DENY"

# nginx (cms/deploy/nginx.conf) stands in front and appends the client's address to
# X-Forwarded-For; login throttling counts that address (cms/throttling.py).
HLM_TRUSTED_PROXY_COUNT = env_int("HLM_TRUSTED_PROXY_COUNT", 1)  # noqa: F405
# Throttling counters shared by every gunicorn worker and host: the database, with no new
# service. `manage.py createcachetable` (run by cms/deploy/entrypoint.sh) makes the table.
# https://docs.djangoproject.com/en/5.2/topics/cache/#database-caching
CACHES["throttling"] = {  # noqa: F405
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "hlm_throttling_cache",
    # An attack from many addresses must not push counters out (the default culls at 300).
    "OPTIONS": {"MAX_ENTRIES": 100_000},
}
# Anonymous page responses (cms/page_cache.py, docs/operations.md): in the database too, so
# every gunicorn worker, the task worker and every host see one store and one generation
# (a publish in any process invalidates them all), with no new service to run.
CACHES["pages"] = {  # noqa: F405
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "hlm_page_cache",
    "OPTIONS": {"MAX_ENTRIES": 5_000},
}
HLM_PAGE_CACHE_SECONDS = env_int("HLM_PAGE_CACHE_SECONDS", 300)  # noqa: F405
HLM_SEARCH_CACHE_SECONDS = env_int("HLM_SEARCH_CACHE_SECONDS", 60)  # noqa: F405

LOGGING["root"] = {"handlers": ["console"], "level": "WARNING"}  # noqa: F405

# Background jobs wait in the database for `manage.py run_worker` (the compose `worker`
# service); HLM_TASKS_BACKEND=immediate runs them inside the request instead.
HLM_TASKS_BACKEND = os.environ.get("HLM_TASKS_BACKEND", "database")  # noqa: F405
TASKS = {"default": {"BACKEND": TASK_BACKENDS[HLM_TASKS_BACKEND]}}  # noqa: F405
