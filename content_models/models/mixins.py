"""Abstract building blocks of the page models."""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from content_models.draft_visibility import admin_title_for, current_viewer


class BasePage(Page):
    """Every page of the site: its template follows the theme convention.

    `pages/<model_name_snake>.html` in the active theme (docs/conventions.md §11).
    """

    show_in_menus_default = False

    class Meta:
        abstract = True

    def get_template(self, request, *args, **kwargs):
        # CentreLibraryPage → pages/centre_library_page.html
        return f"pages/{re.sub(r'(?<!^)(?=[A-Z])', '_', type(self).__name__).lower()}.html"

    def get_admin_display_title(self):
        # During an admin request: only the title the requesting user may see (another
        # centre's live title, never its draft title). See content_models/draft_visibility.py.
        viewer = current_viewer()
        if viewer is None:
            return super().get_admin_display_title()
        return admin_title_for(viewer, self)

    def get_context(self, request, *args, **kwargs):
        # What each public template needs beyond the page (content_models.page_context).
        from content_models.page_context import context_for

        context = super().get_context(request, *args, **kwargs)
        context.update(context_for(self, request))
        return context


class CoverImageMixin(models.Model):
    """A cover picture, shown on cards and as the Open Graph image."""

    cover_image = models.ForeignKey(
        "media.CustomImage",
        verbose_name=_("ảnh bìa"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True
