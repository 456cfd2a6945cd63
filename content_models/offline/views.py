"""The public download of an offline pack: only READY packs of live, public sources whose
lessons are all still live and public; 404 otherwise (docs/offline-packs.md)."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from wagtail.models import Page

from content_models.models import LessonPage
from content_models.models.offline_packs import OfflinePack, PackStatus
from content_models.offline.service import pack_file_response
from content_models.offline.signals import mark_stale


def servable(pack):
    """Re-checks what the signals should already have caught (an expiry, a change made
    without signals): a pack failing the check is marked stale here and now."""
    if pack.status != PackStatus.READY or not pack.file:
        return False
    if not Page.objects.live().public().filter(pk=pack.source_page_id).exists():
        return False
    lessons = pack.lessons.all()
    public = LessonPage.objects.live().public().filter(pk__in=lessons.values("pk"))
    if lessons.count() != pack.lesson_count or public.count() != pack.lesson_count:
        mark_stale(OfflinePack.objects.filter(pk=pack.pk))
        return False
    return True


@require_safe
def download_pack_view(request, pack_id):
    pack = get_object_or_404(
        OfflinePack.objects.select_related("source_page"), pk=pack_id, status=PackStatus.READY
    )
    if not servable(pack):
        raise Http404
    return pack_file_response(pack)
