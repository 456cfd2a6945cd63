"""Counting from the signals of the page and document serve views."""

from wagtail.documents.models import document_served

from content_models.models import UsageKind
from content_models.models.mixins import page_viewed
from content_models.usage.counting import count
from media.models import CustomDocument


def count_page_view(sender, page, request, response, **kwargs):
    if response.status_code == 200:
        count(request, UsageKind.VIEW, page.pk)


def count_download(sender, instance, request, **kwargs):
    count(request, UsageKind.DOWNLOAD, instance.pk)


def connect():
    page_viewed.connect(count_page_view, dispatch_uid="usage-page-view")
    document_served.connect(count_download, sender=CustomDocument, dispatch_uid="usage-download")
