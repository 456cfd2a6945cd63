"""Local development: DEBUG on, a throwaway key, any host."""

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-not-for-production"  # noqa: F405
ALLOWED_HOSTS = ["*"]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# The embedded default keeps its SQLite file and uploads under var/ (git-ignored); a fresh
# clone has no var/ yet.
(BASE_DIR / "var").mkdir(exist_ok=True)  # noqa: F405
