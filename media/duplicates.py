"""Same content already in the repository: find it and the lessons that use it.

Wagtail stores a SHA-1 of every image and document (`file_hash`). An upload whose hash is
already there is not refused (a teacher may want their own copy) but flagged, with links to
the lessons that use the existing file, so the teacher can reuse that lesson instead.
"""

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from modelcluster.fields import ParentalKey
from wagtail.models import Page, ReferenceIndex

MAX_LINKS = 5


def find_duplicates(obj):
    """Other images (or documents) with the same content, oldest first."""
    if not obj.file_hash:
        return type(obj).objects.none()
    return type(obj).objects.filter(file_hash=obj.file_hash).exclude(pk=obj.pk).order_by("pk")


def pages_using(objects):
    """Pages that use any of `objects`: page FKs (cover images), child rows of a page
    (lesson attachments) and, through Wagtail's reference index, StreamField blocks."""
    objects = list(objects)
    if not objects:
        return Page.objects.none()
    model = type(objects[0])
    page_ids = set()
    for relation in model._meta.related_objects:
        related = relation.related_model
        lookup = {f"{relation.field.name}__in": objects}
        if issubclass(related, Page):
            page_ids.update(related.objects.filter(**lookup).values_list("pk", flat=True))
            continue
        parent = next(
            (
                field
                for field in related._meta.get_fields()
                if isinstance(field, ParentalKey) and issubclass(field.related_model, Page)
            ),
            None,
        )
        if parent is not None:
            page_ids.update(
                related.objects.filter(**lookup).values_list(parent.attname, flat=True)
            )
    references = ReferenceIndex.get_references_to_in_bulk(objects).filter(
        base_content_type__app_label="wagtailcore", base_content_type__model="page"
    )
    page_ids.update(int(pk) for pk in references.values_list("object_id", flat=True))
    return Page.objects.filter(pk__in=page_ids).order_by("title").specific()


def _page_link(page, user):
    if page.live:
        url = page.get_url()
        if url:
            return format_html('<a href="{}">{}</a>', url, page.title)
    if user is not None and page.permissions_for_user(user).can_edit():
        url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        return format_html('<a href="{}">{}</a> ({})', url, page.title, _("bản nháp"))
    return format_html("{} ({})", page.title, _("chưa xuất bản"))


def duplicate_notice(obj, user=None):
    """HTML telling the teacher the file is already stored, or '' when it is not."""
    duplicates = list(find_duplicates(obj)[:MAX_LINKS])
    if not duplicates:
        return ""
    pages = list(pages_using(duplicates)[:MAX_LINKS])
    existing = format_html_join(", ", "“{}”", ((item.title,) for item in duplicates))
    if pages:
        links = format_html_join(", ", "{}", ((_page_link(page, user),) for page in pages))
        return format_html(
            "{} {}",
            format_html(_("Kho đã có tệp cùng nội dung: {}."), existing),
            format_html(_("Bài học đang dùng tệp đó: {}. Hãy cân nhắc dùng lại bài này."), links),
        )
    return format_html(
        _(
            "Kho đã có tệp cùng nội dung: {} (chưa bài học nào dùng). "
            "Hãy cân nhắc dùng lại tệp đó."
        ),
        existing,
    )
