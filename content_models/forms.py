"""The admin forms of the page models: what a teacher may choose and credit.

`ChosenItemsPageForm` (the base of every page form here) saves only images, documents and
pages the user may choose: Wagtail's choosers list only those, but the form itself would take
any id posted. An item is acceptable when the user may choose from its collection, when a
public page already shows it, or when the page as saved already holds it; a linked page must
be one the user may know exists (`visible_pages_for`). See docs/security/media-and-forms.md.

`CentreScopedPageForm` keeps the "contributing centre" of a teacher's page at their own centre.
"""

from collections import defaultdict

from django.apps import apps
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.blocks import BlockField, StreamBlockValidationError
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from content_models.converters import is_database_id
from content_models.form_references import chosen_references, forget_choice, held_references
from content_models.permissions import visible_pages_for
from content_models.roles import is_editor
from media.usage import may_choose


def _refusal(reference, label):
    values = {"field": label, "id": reference.pk}
    if issubclass(reference.model, get_image_model()):
        return (
            _(
                "“%(field)s”: không dùng được ảnh số %(id)s. Chỉ chọn được ảnh trong bộ sưu tập "
                "của trung tâm bạn, hoặc ảnh đã công bố trên trang công khai."
            )
            % values
        )
    if issubclass(reference.model, get_document_model()):
        return (
            _(
                "“%(field)s”: không dùng được tài liệu số %(id)s. Chỉ chọn được tài liệu trong bộ "
                "sưu tập của trung tâm bạn, hoặc tài liệu đã công bố trên trang công khai."
            )
            % values
        )
    return (
        _(
            "“%(field)s”: không tìm thấy trang số %(id)s, hoặc bạn không được dùng trang này. "
            "Chỉ chọn được trang đã xuất bản hoặc trang trong thư viện của trung tâm bạn."
        )
        % values
    )


class ChosenItemsPageForm(WagtailAdminPageForm):
    """Page form that saves only the images, documents and pages the user may choose.

    Checked in `clean()`, so every path that saves a page form (create, edit, revert to a
    revision, preview) refuses a forged id with an error on the field that holds it.
    """

    def clean(self):
        cleaned_data = super().clean()
        self._refuse_unchoosable_items()
        return cleaned_data

    def _unchoosable(self, references):
        user = self.for_user
        media_models = (get_image_model(), get_document_model())
        refused = []
        pages = [ref for ref in references if issubclass(ref.model, Page)]
        if pages and user is not None:
            asked = Page.objects.filter(pk__in={ref.pk for ref in pages if is_database_id(ref.pk)})
            known = {str(pk) for pk in visible_pages_for(user, asked).values_list("pk", flat=True)}
            refused += [ref for ref in pages if ref.pk not in known]
        elif pages:
            refused += pages
        for ref in references:
            if issubclass(ref.model, media_models):
                obj = (
                    ref.model._default_manager.filter(pk=ref.pk).first()
                    if is_database_id(ref.pk)
                    else None
                )
                if obj is None or not may_choose(user, obj):
                    refused.append(ref)
        return refused

    def _refuse_unchoosable_items(self):
        references = list(chosen_references(self))
        refused = self._unchoosable(references)
        if not refused:
            return
        held = held_references(self.instance)
        refused = [ref for ref in refused if ref.key not in held]
        messages = defaultdict(list)
        for ref in refused:
            forget_choice(ref)
            if ref.inline:
                message = _refusal(ref, capfirst(ref.form.fields[ref.inline_field].label))
                ref.form.add_error(ref.inline_field, message)
                messages[None].append(message)
            else:
                label = capfirst(self.fields[ref.field_name].label)
                messages[ref.field_name].append(_refusal(ref, label))
        for name, field_messages in messages.items():
            if name is not None and isinstance(self.fields[name], BlockField):
                # A StreamField shows one error object: merge ours into the one the blocks
                # may already have raised (a missing alt text, say).
                earlier = self.errors.pop(name, None)
                earlier = earlier.as_data()[0] if earlier else None
                error = StreamBlockValidationError(
                    block_errors=getattr(earlier, "block_errors", None),
                    non_block_errors=[
                        *getattr(earlier, "non_block_errors", ErrorList()).as_data(),
                        *field_messages,
                    ],
                )
                self.add_error(name, error)
            else:
                self.add_error(name, ValidationError(field_messages))


class CentreScopedPageForm(ChosenItemsPageForm):
    """Page form that keeps a teacher's `centre` fields pointing at their own centre.

    On lessons and courses the choice is narrowed to the centre of the library the page
    lives in, and an empty choice takes that centre (the model's own `clean()` cannot: a new
    page has no parent yet while the form validates). On a centre library page the field is
    read-only. Disabled fields ignore whatever is posted, so a crafted POST cannot change it.
    """

    def __init__(self, *args, for_user=None, parent_page=None, **kwargs):
        super().__init__(*args, for_user=for_user, parent_page=parent_page, **kwargs)
        # Looked up, not imported: the page models name this form as their base.
        Centre = apps.get_model("content_models", "Centre")
        CentreLibraryPage = apps.get_model("content_models", "CentreLibraryPage")

        self.library = parent_page.specific if parent_page is not None else None
        if not isinstance(self.library, CentreLibraryPage):
            self.library = None
        field = self.fields.get("centre")
        if field is None or is_editor(for_user):
            return
        if isinstance(self.instance, CentreLibraryPage):
            field.disabled = True
        elif self.library is not None:
            field.queryset = Centre.objects.filter(pk=self.library.centre_id)
        else:
            field.queryset = Centre.objects.none()

    def clean(self):
        cleaned_data = super().clean()
        CentreLibraryPage = apps.get_model("content_models", "CentreLibraryPage")

        if (
            "centre" in self.fields
            and not isinstance(self.instance, CentreLibraryPage)
            and not cleaned_data.get("centre")
            and self.library is not None
            and "centre" not in self.errors
        ):
            cleaned_data["centre"] = self.library.centre
        return cleaned_data
