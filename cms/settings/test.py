"""Test settings, as bakerydemo's: fast hasher, locmem cache, plain static storage."""

import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
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
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
# The page cache is off unless a test turns it on (tests/cms/test_page_cache.py).
HLM_PAGE_CACHE_SECONDS = 0
HLM_SEARCH_CACHE_SECONDS = 0
# Django's test client logs in through authenticate() without a request, which axes' backend
# refuses; this subclass lets such calls through unthrottled and is otherwise the same
# (cms/throttling.py). Web logins in the tests still go through axes.
AUTHENTICATION_BACKENDS = [
    "cms.throttling.RequestOptionalAxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="hlm-test-media-"))  # noqa: F405
# Usage counts are flushed by the tests themselves, never by a timer thread.
HLM_USAGE_FLUSH_SECONDS = 0
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Throwaway prefix so tests never touch a real catalogue's indices.
ELASTICSEARCH_INDEX_PREFIX = os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "hlmtest-")  # noqa: F405
LANGUAGE_CODE = "vi"
