"""The background build of an offline pack (django-tasks; docs/background-work.md)."""

import logging

from django.conf import settings
from django.utils import translation

from wagtail.models import Page

from django_tasks import task

from content_models.offline.service import build_and_store, fail_pack
from content_models.offline.sources import PackError

logger = logging.getLogger("hlm.offline")


@task()
def build_offline_pack_task(source_page_id, pack_format, originals=False):
    """Build (or rebuild) the pack of a live source; returns the pack's id, or None when the
    source is gone, not live, or cannot be packed (no lessons left, over the caps): those are
    recorded on the pack row and not retried. Any other error raises, so the worker retries;
    a rerun builds from the start and writes a new file, so it is idempotent."""
    page = Page.objects.filter(pk=source_page_id, live=True).first()
    if page is None:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        try:
            return build_and_store(page.specific, pack_format, originals=originals).pk
        except PackError as error:
            logger.warning("No offline pack of page %s: %s", source_page_id, error)
            fail_pack(page.specific, pack_format, error, originals)
            return None
