"""Where images and documents are used, and who may therefore change them.

A page "uses" an image or document through a foreign key (a cover image), a child row of the
page (a lesson attachment) or a chooser block in a StreamField. Three readings matter:

- `pages_using`: pages whose saved row uses the item. For a page that was never published the
  row is its latest draft; for a live page it is the live content.
- `pages_publishing`: pages through which the item is public or about to be: live pages using
  it, live pages whose pending draft (latest revision) uses it, and pages waiting in review.
- `may_change_in_use`: a user who cannot publish every one of those pages must not change the
  file, title, alt text or collection of the item, nor delete it: that would change what
  learners see without an editor's review.

This room knows no page model of the project: it walks fields generically and asks Wagtail's
page permissions. See docs/security/media-and-forms.md.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, TextField
from django.db.models.functions import Cast

from modelcluster.fields import ParentalKey
from modelcluster.models import get_all_child_relations
from wagtail.models import Page, ReferenceIndex, Revision, WorkflowState
from wagtail.permissions import policy_registry


def _page_relations(model):
    """(page model, lookup) pairs through which pages point at `model`: page foreign keys,
    hidden ones (related_name="+") included, and foreign keys on child rows of a page."""
    for relation in model._meta.get_fields(include_hidden=True):
        if not (relation.is_relation and relation.auto_created and not relation.concrete):
            continue
        related = relation.related_model
        if related._meta.auto_created or relation.many_to_many:
            continue
        if issubclass(related, Page):
            yield related, relation.field.name, None
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
            yield related, relation.field.name, parent.attname


def pages_using(objects):
    """Pages whose saved row uses any of `objects` (all of one model): page foreign keys,
    child rows of a page (lesson attachments) and, through Wagtail's reference index,
    StreamField blocks and rich text."""
    objects = list(objects)
    if not objects:
        return Page.objects.none()
    page_ids = set()
    for related, field_name, parent_attname in _page_relations(type(objects[0])):
        rows = related._default_manager.filter(**{f"{field_name}__in": objects})
        page_ids.update(rows.values_list(parent_attname or "pk", flat=True))
    references = ReferenceIndex.get_references_to_in_bulk(objects).filter(
        base_content_type__app_label="wagtailcore", base_content_type__model="page"
    )
    page_ids.update(int(pk) for pk in references.values_list("object_id", flat=True))
    return Page.objects.filter(pk__in=page_ids).order_by("title").specific()


def used_by_public_page(obj):
    """True when a live page without view restrictions uses `obj`: learners can already see
    it, so it is no secret and anyone may reuse it."""
    return pages_using([obj]).live().public().exists()


def _reference_key(model, pk):
    """Pages are compared by their base model, whatever specific class a chooser names."""
    return (Page if issubclass(model, Page) else model, str(pk))


def references_of(instance):
    """{(model, pk as str)} of every object `instance` points at: foreign keys, child rows
    (an inline panel's items, also on a page rebuilt from a revision) and anything a field
    can report itself (StreamField blocks, rich text embeds)."""
    found = set()

    def visit(obj):
        for field in obj._meta.concrete_fields:
            if hasattr(field, "extract_references"):
                for model, pk, _path, _content_path in field.extract_references(
                    field.value_from_object(obj)
                ):
                    found.add(_reference_key(model, pk))
            elif field.is_relation and field.related_model is not None:
                pk = getattr(obj, field.attname)
                if pk is not None:
                    found.add(_reference_key(field.related_model, pk))

    visit(instance)
    for relation in get_all_child_relations(instance):
        for child in getattr(instance, relation.get_accessor_name()).all():
            visit(child)
    return found


def _pages_in_review():
    """Ids of pages with a review (workflow) in progress."""
    states = WorkflowState.objects.filter(
        status=WorkflowState.STATUS_IN_PROGRESS,
        base_content_type=ContentType.objects.get_for_model(Page),
    )
    return {int(pk) for pk in states.values_list("object_id", flat=True)}


def pages_whose_draft_uses(obj, pages):
    """Ids of the pages among `pages` (a queryset) whose latest revision uses `obj`.

    Only revisions whose JSON mentions the number at all are rebuilt and walked."""
    key = _reference_key(type(obj), obj.pk)
    revisions = (
        Revision.page_revisions.filter(pk__in=pages.values("latest_revision_id"))
        .annotate(text=Cast("content", TextField()))
        .filter(text__regex=rf"(^|[^0-9]){int(obj.pk)}([^0-9]|$)")
    )
    return {
        int(revision.object_id)
        for revision in revisions
        if key in references_of(revision.as_object())
    }


def pages_publishing(obj):
    """Pages through which `obj` is public or about to be: live pages that use it, and live
    pages with a pending draft or pages in review whose latest revision uses it."""
    ids = set(pages_using([obj]).filter(live=True).values_list("pk", flat=True))
    drafts = Page.objects.filter(
        Q(live=True, has_unpublished_changes=True) | Q(pk__in=_pages_in_review())
    )
    ids |= pages_whose_draft_uses(obj, drafts)
    return list(Page.objects.filter(pk__in=ids).order_by("title"))


def may_change_in_use(user, obj):
    """May `user` change what learners get from `obj` (its file, title, alt text, collection)
    or delete it? Yes when nothing publishes it, or when the user may publish every page
    that does (editors, administrators); a teacher's change would skip the review."""
    if user is not None and user.is_active and user.is_superuser:
        return True
    pages = pages_publishing(obj)
    if not pages:
        return True
    if user is None or not user.is_authenticated:
        return False
    return all(page.permissions_for_user(user).can_publish() for page in pages)


def may_choose(user, obj):
    """May `user` put `obj` on a page? When they may choose from its collection, or when a
    public page already shows it (another centre's openly published file is fine to reuse)."""
    if user is not None and user.is_authenticated:
        policy = policy_registry.get_by_type(type(obj))
        if policy.user_has_permission_for_instance(user, "choose", obj):
            return True
    return used_by_public_page(obj)
