"""System checks for the media settings (as Wagtail's own `wagtail/images/checks.py`)."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Warning, register

from .validators import WAGTAIL_DEFAULT_MAX_PIXELS

UPLOAD_HANDLER = "media.upload_handlers.UploadSizeCapHandler"


@register("files")
def pixel_cap_check(app_configs, **kwargs):
    cap = getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", None)
    if not cap or cap >= WAGTAIL_DEFAULT_MAX_PIXELS:
        return [
            Error(
                f"WAGTAILIMAGES_MAX_IMAGE_PIXELS is {cap!r}; it must be set well under "
                f"Wagtail's default of {WAGTAIL_DEFAULT_MAX_PIXELS:,}.",
                hint="Set HLM_MAX_IMAGE_PIXELS (default 40000000).",
                id="media.E001",
            )
        ]
    return []


@register("files")
def media_root_check(app_configs, **kwargs):
    """Uploads must not land among the code: MEDIA_ROOT outside the project, or under var/."""
    base = Path(settings.BASE_DIR).resolve()
    media_root = Path(settings.MEDIA_ROOT).resolve()
    inside_code = media_root == base or base.is_relative_to(media_root)
    if media_root.is_relative_to(base) and not media_root.is_relative_to(base / "var"):
        inside_code = True
    if inside_code:
        return [
            Error(
                f"MEDIA_ROOT ({media_root}) is inside the code tree ({base}).",
                hint="Use var/media/ (git-ignored) or a folder outside the project.",
                id="media.E002",
            )
        ]
    return []


@register("files")
def upload_handler_check(app_configs, **kwargs):
    handlers = list(getattr(settings, "FILE_UPLOAD_HANDLERS", []))
    if not handlers or handlers[0] != UPLOAD_HANDLER:
        return [
            Warning(
                "The upload size cap handler is not the first FILE_UPLOAD_HANDLERS entry, so "
                "oversize uploads are spooled in full before the form refuses them.",
                hint=f"Put {UPLOAD_HANDLER!r} first in FILE_UPLOAD_HANDLERS.",
                id="media.W003",
            )
        ]
    return []
