"""`{% offline_packs_for page as packs %}`: the downloadable packs of a collection or course."""

from django import template

from content_models.models.offline_packs import OfflinePack, PackStatus
from content_models.models.prepared import PreparedQuery

register = template.Library()

_READY_PACKS = PreparedQuery(
    lambda page_id: OfflinePack.objects.filter(source_page_id=page_id, status=PackStatus.READY)
)


@register.simple_tag
def offline_packs_for(page):
    """The newest READY pack of `page` in each format, light and with originals (the
    download view checks again); light ones first."""
    if not getattr(page, "pk", None):
        return []
    newest = {}
    for pack in _READY_PACKS.run(page.pk):
        newest.setdefault((pack.originals, pack.format), pack)
    return [newest[key] for key in sorted(newest)]
