"""Who may build and download which offline packs in the admin (docs/offline-packs.md).

One rule for every admin view of packs: editors and administrators may pack any live
collection, course or centre library; a centre's teacher only their own centre's library and
its live courses. A pack is visible to whoever may pack its source. A pack of a search result
(built in the search room) is the editors', or a centre's when its teacher built it limited to
their centre (`search_centres`). Packs only ever hold live,
public lessons (`sources.lessons_of`), so this decides who may spend the server's time, and
whose work they may bundle, not what is private.
"""

from django.db.models import Q

from wagtail.models import Page

from content_models.models import Centre, CentreLibraryPage, CollectionPage, CoursePage
from content_models.models.offline_packs import OfflinePack
from content_models.reuse import teacher_centres
from content_models.roles import is_editor


def packable_sources(user):
    """Live pages `user` may build a pack of, as a Page queryset ordered by title."""
    if not (user.is_authenticated and user.is_active):
        return Page.objects.none()
    pages = Page.objects.live().type(CollectionPage, CoursePage, CentreLibraryPage)
    if not is_editor(user):
        centres = teacher_centres(user)
        own = CentreLibraryPage.objects.filter(centre__in=centres).values("pk")
        courses = CoursePage.objects.filter(centre__in=centres).values("pk")
        pages = pages.filter(Q(pk__in=own) | Q(pk__in=courses))
    return pages.order_by("title", "pk")


def may_pack(user, page):
    return packable_sources(user).filter(pk=page.pk).exists()


def may_use_packs(user):
    return is_editor(user) or teacher_centres(user).exists()


def search_centres(user):
    """None when `user` may pack any search result (editors); else the centres a search they
    pack must be limited to (a teacher's own; none for anybody else)."""
    if not (user.is_authenticated and user.is_active):
        return Centre.objects.none()
    return None if is_editor(user) else teacher_centres(user)


def visible_packs(user):
    """Packs whose source `user` may pack, and the search packs of their centres (any for
    editors), newest first."""
    centres = search_centres(user)
    searches = Q(source_page__isnull=True)
    if centres is not None:
        searches &= Q(centre__in=centres)
    return OfflinePack.objects.filter(
        Q(source_page__in=packable_sources(user).values("pk")) | searches
    )
