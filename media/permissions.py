"""Image and document permissions: Wagtail's collection rules, plus the live-use guard.

Wagtail's `CollectionOwnershipPermissionPolicy` lets anyone with "change" on a collection (or
the uploader, with "add") delete an item. Deleting an image or document that a published
lesson uses changes what learners see (a cover vanishes, a download breaks) without review, so
here deleting it also needs `media.usage.may_change_in_use`. The policy is what every delete
path asks (the delete view, the multiple uploader's delete, the bulk delete), so one override
covers them all. Changing the file, title, alt text or collection is refused by the forms
(`media.forms`) and the bulk "add to collection" actions (`media.bulk_actions`), which leave
the rest (tags) editable. See docs/security/media-and-forms.md.
"""

from django.utils.translation import gettext_lazy as _

from wagtail.documents import get_document_model
from wagtail.documents.models import Document
from wagtail.images import get_image_model
from wagtail.images.models import Image
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy
from wagtail.permissions import register_permission_policy

from .usage import may_change_in_use

LOCKED_MESSAGE = _(
    "Tệp này đang được dùng trong trang đã xuất bản hoặc đang chờ duyệt. Chỉ người có quyền "
    "xuất bản các trang đó mới được thay tệp, tên, mô tả thay thế, bộ sưu tập hay xoá nó. "
    "Hãy tải lên tệp mới và chọn nó trong bài học: thay đổi sẽ được duyệt cùng bài học."
)


class LiveMediaPermissionPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's policy for images and documents; "delete" also needs the live-use guard."""

    def user_has_any_permission_for_instance(self, user, actions, instance):
        others = [action for action in actions if action != "delete"]
        if others and super().user_has_any_permission_for_instance(user, others, instance):
            return True
        if "delete" not in actions:
            return False
        return super().user_has_any_permission_for_instance(
            user, ["delete"], instance
        ) and may_change_in_use(user, instance)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)


def register_policies():
    """Replace Wagtail's policies for the project's image and document models.

    Registered for the exact classes, which take precedence over the ones Wagtail's own apps
    register in their `ready()` whatever the order apps load in.
    """
    for model, auth_model in ((get_image_model(), Image), (get_document_model(), Document)):
        register_permission_policy(
            model,
            LiveMediaPermissionPolicy(
                model, auth_model=auth_model, owner_field_name="uploaded_by_user"
            ),
            exact_class=True,
        )
