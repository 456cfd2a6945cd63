"""Abstract building blocks of the page models.

`BasePage` routes a request in two queries below the site's root page and checks view
restrictions with the same query; how and why: docs/pages.md.
"""

import re

from django.db import models
from django.db.models import Q
from django.dispatch import Signal
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page, PageManager, PageViewRestriction

from content_models.draft_visibility import admin_title_for, current_viewer
from content_models.models.expressions import pages_on_path
from content_models.models.querysets import PageQuerySet, page_view_page


class BasePage(Page):
    """Every page of the site: its template follows the theme convention.

    `pages/<model_name_snake>.html` in the active theme (docs/conventions.md §11).
    """

    objects = PageManager.from_queryset(PageQuerySet)()

    show_in_menus_default = False

    # Set by `route` on the page it serves: False when neither the page nor any page above it
    # has a view restriction (the check then needs no query of its own), None when unknown.
    view_restricted = None

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
        context = super().get_context(request, *args, **kwargs)
        context["library"] = self.get_library()
        return context

    def get_library(self):
        """The live library page this page belongs to (`LibraryPage` answers itself), or None.

        Served pages know their parents from the routing, so this reads nothing then.
        """
        parent = self.get_parent() if self.depth > 2 else None
        parent = parent.specific_deferred if parent is not None else None
        return parent.get_library() if isinstance(parent, BasePage) else None

    def route(self, request, path_components):
        """Wagtail's routing, reading the pages down the path in one query (Wagtail reads each
        child, then its specific fields: two queries a level).

        The pages passed through are only given their specific class (their own fields stay
        unread); the deepest page found is read with `for_page_view()` (`page_view_page`),
        since it is the page served, either itself or through one of its `RoutablePageMixin`
        routes.
        """
        if not path_components:
            return super().route(request, path_components)
        chain = self.__dict__.get("_route_chain") or pages_on_path(self, path_components)
        below = [page for page in chain if page.depth > self.depth]
        if not below:
            raise Http404
        child = below[0]
        if len(below) == 1:
            model = child.specific_class or type(child)
            if isinstance(model._default_manager.all(), PageQuerySet):
                served = page_view_page(model, child.pk)
            else:
                served = model._default_manager.filter(pk=child.pk).first()
            if served is None:  # deleted since the chain was read
                raise Http404
            # The chain runs from the tree's root to this page: nothing on it restricts who
            # may see the page, unless an alias (its original's restrictions apply) is on it.
            if not any(page.has_view_restriction or page.alias_of_id for page in chain):
                served.view_restricted = False
            child = served
        else:
            child = child.specific_deferred
        # As Wagtail's own route does: later get_parent() calls need no query.
        child._cached_parent_obj = self
        child._route_chain = chain
        return child.route(request, path_components[1:])

    def get_view_restrictions(self):
        """Restrictions on this page and every page above it, in one query (Wagtail reads the
        ancestors first); none at all when routing already found none."""
        if self.view_restricted is False:
            return PageViewRestriction.objects.none()
        if self.alias_of_id:
            return super().get_view_restrictions()
        paths = [self.path[:end] for end in range(self.steplen, len(self.path) + 1, self.steplen)]
        # An alias above this page takes the restrictions of the page it is an alias of.
        sources = Page.objects.filter(path__in=paths, alias_of__isnull=False).values("alias_of")
        return PageViewRestriction.objects.filter(
            Q(page__path__in=paths, page__alias_of__isnull=True) | Q(page__in=sources)
        )


# Sent after a page of `ViewCountMixin` answered a request, with the request and the response;
# `content_models.usage` counts the view from it (off the request's database work).
page_viewed = Signal()


class ViewCountMixin(models.Model):
    """A page whose views are counted per day in `DailyUsage` (docs/usage-and-reports.md).

    Serving it writes nothing: it sends `page_viewed`, and the counting decides in memory.
    `view_count` is the all-time total, added to in batches by the usage worker job; it orders
    the catalogue and the home page by popularity.
    """

    view_count = models.PositiveIntegerField(_("lượt xem"), default=0, editable=False)

    class Meta:
        abstract = True

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        page_viewed.send(sender=type(self), page=self, request=request, response=response)
        return response


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
