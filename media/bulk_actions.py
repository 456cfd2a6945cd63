"""Wagtail's bulk "add to collection" for images and documents, with the live-use guard.

Moving an item to another collection changes who may see and choose it (a collection may be
restricted to logged-in users), so an item a published page uses stays where it is unless the
user may publish those pages. Such items are listed as ones the user cannot act on, as Wagtail
does for items without permission. Registered in `media.wagtail_hooks` after Wagtail's own
actions, which these replace. See docs/security/media-and-forms.md.
"""

from wagtail.documents.views.bulk_actions.add_to_collection import (
    AddToCollectionBulkAction as DocumentAddToCollection,
)
from wagtail.images.views.bulk_actions.add_to_collection import (
    AddToCollectionBulkAction as ImageAddToCollection,
)

from .usage import may_change_in_use


class GuardedImageAddToCollection(ImageAddToCollection):
    def check_perm(self, image):
        return super().check_perm(image) and may_change_in_use(self.request.user, image)


class GuardedDocumentAddToCollection(DocumentAddToCollection):
    def check_perm(self, document):
        return super().check_perm(document) and may_change_in_use(self.request.user, document)
