"""The public download of an offline pack: only READY packs of live, public sources whose
lessons are all still live and public; 404 otherwise (docs/offline-packs.md).

Two addresses: `public:offline_pack` names one built pack (the collection and course pages
link to it); `public:offline_pack_latest` names a source and a format and serves whichever
pack of them is ready now, so the QR of a printed sheet keeps working after rebuilds."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from wagtail.models import Page

from content_models.models import LessonPage
from content_models.models.offline_packs import OfflinePack, PackFormat, PackStatus
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


def ready_packs(**filters):
    """READY packs matching `filters`, newest first, that may be served right now."""
    packs = OfflinePack.objects.filter(status=PackStatus.READY, **filters).select_related(
        "source_page"
    )
    return (pack for pack in packs if servable(pack))


def _light_first(pack):
    return pack.originals  # stable sort: newest first among equals


def pack_for_sheet(page):
    """The pack a printed sheet of `page` points to, or None: the page's own pack when it is a
    collection, course or centre library, else the smallest pack holding the lesson; a ZIP
    before a ZIM (any phone's browser opens the ZIP, a ZIM needs Kiwix)."""
    if not getattr(page, "pk", None):
        return None
    order = {PackFormat.ZIP: 0, PackFormat.ZIM: 1}
    for filters in ({"source_page_id": page.pk}, {"lessons": page.pk}):
        packs = sorted(
            ready_packs(**filters),
            key=lambda pack: (pack.originals, order[pack.format], pack.size),
        )
        if packs:
            return packs[0]
    return None


@require_safe
def download_latest_pack_view(request, page_id, pack_format):
    """The newest servable READY pack of page `page_id` in `pack_format`, a light one before
    one with originals; 404 when none."""
    if pack_format not in PackFormat.values:
        raise Http404
    packs = sorted(ready_packs(source_page_id=page_id, format=pack_format), key=_light_first)
    pack = packs[0] if packs else None
    if pack is None:
        raise Http404
    return pack_file_response(pack)
