"""Admin and serving hooks of the media room.

- The bulk "add to collection" actions of `media.bulk_actions` replace Wagtail's.
- Who may download a document: anyone once a published page uses it, its editors before that.
  Wagtail's own `before_serve_document` hook enforces collection view restrictions; this one
  adds that a file attached only to a draft (or to a private page) is not public yet. Uses come
  from `media.usage.pages_using` (page foreign keys, attachment rows and Wagtail's reference
  index), which reflect each page's saved content: its live content once published.
"""

from django.http import Http404

from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.permissions import policy_registry

from media.bulk_actions import GuardedDocumentAddToCollection, GuardedImageAddToCollection
from media.usage import used_by_public_page

# After Wagtail's own registrations (order 0): the registry keeps the last one per action type.
hooks.register("register_bulk_action", GuardedImageAddToCollection, order=100)
hooks.register("register_bulk_action", GuardedDocumentAddToCollection, order=100)


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
