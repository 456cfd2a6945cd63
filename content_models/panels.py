"""Admin panels of the page models that go beyond Wagtail's.

`PostedInlinePanel` is Wagtail's `InlinePanel` whose formset believes the posted
`<name>-INITIAL_FORMS` only as far as the post carries the existing children's ids. Wagtail's
inline formset (django-modelcluster's) reads `<name>-<i>-id` for every form below
INITIAL_FORMS with plain `data[...]`: a post claiming more existing attachments than it sends
(or sending `id=abc`) raised KeyError or ValidationError, a 500 on the page edit view. Such
forms are treated as new children instead, and the form validates them as such.
See docs/security/admin-views.md.

`material_tabs` is the one edit-tab layout of lessons and courses.
"""

from django.utils.translation import gettext_lazy as _

from modelcluster.forms import BaseChildFormSet
from wagtail.admin.panels import InlinePanel, ObjectList, TabbedInterface
from wagtail.models import Page

from content_models.converters import is_database_id


class PostedChildFormSet(BaseChildFormSet):
    def initial_form_count(self):
        claimed = super().initial_form_count()
        if not self.is_bound:
            return claimed
        claimed = min(claimed, self.total_form_count())
        pk_name = self.model._meta.pk.name
        backed = 0
        while backed < claimed:
            pk = self.data.get(f"{self.add_prefix(backed)}-{pk_name}")
            if pk is None or not (pk == "" or is_database_id(pk)):
                break
            backed += 1
        return backed


class PostedInlinePanel(InlinePanel):
    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["formset"] = PostedChildFormSet
        return options


def material_tabs(content_panels, classification_panels):
    """The edit tabs of a lesson or course: content, classification and licence, then
    Wagtail's promote and settings tabs."""
    return TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Nội dung")),
            ObjectList(classification_panels, heading=_("Phân loại và giấy phép")),
            ObjectList(Page.promote_panels, heading=_("Quảng bá")),
            ObjectList(Page.settings_panels, heading=_("Thiết lập")),
        ]
    )
