"""Who may download a document: anyone once a published page uses it, its editors before that.

Wagtail's own `before_serve_document` hook enforces collection view restrictions; this one adds
that a file attached only to a draft (or to a private page) is not public yet. Uses come from
Wagtail's reference index, which records what each saved page (its live content for a published
page, with its attachments) points at.
"""

from django.contrib.contenttypes.models import ContentType
from django.http import Http404

from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.models import Page, ReferenceIndex
from wagtail.permissions import policy_registry


def used_by_public_page(document):
    """True when a live page without view restrictions refers to `document`."""
    page_type = ContentType.objects.get_for_model(Page)
    page_ids = (
        ReferenceIndex.get_references_to(document)
        .filter(base_content_type=page_type)
        .values_list("object_id", flat=True)
    )
    ids = [int(pk) for pk in page_ids if str(pk).isdigit()]
    return bool(ids) and Page.objects.live().public().filter(pk__in=ids).exists()


def may_edit(user, document):
    policy = policy_registry.get_by_type(get_document_model())
    return user.is_authenticated and policy.user_has_any_permission_for_instance(
        user, ["change", "choose"], document
    )


# After Wagtail's own hook (order 0), so a collection's login restriction still redirects.
@hooks.register("before_serve_document", order=100)
def serve_only_published_documents(document, request):
    if used_by_public_page(document) or may_edit(request.user, document):
        return None
    raise Http404("This document is not used by any published page yet.")
