"""The reuse confirmation form: the derivative's licence and, for editors, the centre."""

from django import forms
from django.utils.translation import gettext_lazy as _

from content_models.converters import DatabaseIdChoiceField
from content_models.licensing import check_derivative_licence, compatible_licences
from content_models.models import CentreLibraryPage, Licence


class ReuseForm(forms.Form):
    """Validates against every licence so that a refused choice gets its own explanation.

    Only compatible licences are offered as radio buttons; a forged or stale choice of an
    incompatible one is answered with the Vietnamese reason from `content_models.licensing`.
    """

    licence = forms.ModelChoiceField(
        label=_("Giấy phép của bản phái sinh"),
        queryset=Licence.objects.all(),
        widget=forms.RadioSelect,
        empty_label=None,
    )
    # A forged 20-digit id is an invalid choice, not an OverflowError.
    destination = DatabaseIdChoiceField(
        label=_("Thư viện trung tâm nhận bản sao"),
        queryset=CentreLibraryPage.objects.none(),
        empty_label=None,
    )

    def __init__(self, *args, original, destinations, **kwargs):
        super().__init__(*args, **kwargs)
        self.original = original
        self.compatible = compatible_licences(original.licence, Licence.objects.all())
        licence_field = self.fields["licence"]
        licence_field.widget.choices = [(licence.pk, licence.name) for licence in self.compatible]
        if self.compatible:
            keep = original.licence in self.compatible
            licence_field.initial = (original.licence if keep else self.compatible[0]).pk

        destination_field = self.fields["destination"]
        destination_field.queryset = CentreLibraryPage.objects.filter(
            pk__in=[library.pk for library in destinations]
        ).order_by("title")
        if len(destinations) == 1:
            destination_field.initial = destinations[0].pk
            destination_field.widget = forms.HiddenInput()
        self.single_destination = destinations[0] if len(destinations) == 1 else None

    def clean_licence(self):
        licence = self.cleaned_data["licence"]
        verdict = check_derivative_licence(self.original.licence, licence)
        if not verdict:
            raise forms.ValidationError(verdict.reason, code="incompatible_licence")
        return licence
