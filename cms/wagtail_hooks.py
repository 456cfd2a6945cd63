"""Admin-wide hooks: the rich-text feature list and the holes Wagtail's permissions leave.

Wagtail 8 already refuses a teacher of centre A every view of centre B's lessons (edit,
copy, revisions, compare, history, workflow history, preview, move, unpublish, delete) and
B's media (index, edit, chooser). What it still shows any admin user, and we hide here:

- the move confirmation view (`pages/<id>/move/<dest>/confirm/`) renders for any page on GET,
  naming it; only its POST checks permissions (`before_move_page`);

- the page chooser lists every page, drafts included: narrowed to live pages and the user's
  own area (`construct_page_chooser_queryset`);
- the admin API's documents and images endpoints list every file not in a privacy-restricted
  collection: narrowed to the collections the user has a permission on
  (`construct_admin_api`, registered after Wagtail's own endpoints so it replaces them);
- bulk-action confirmation pages name the items the user may not act on: admin template
  overrides (`cms/templates/wagtail*/…/bulk_actions/list_items_with_no_access.html`) leave
  them unnamed;
- deleting a vocabulary term still used by lessons is refused with a clear message
  (`before_delete_snippet`);
- workflow views naming any page, the copy view's 500s, StreamField posts without counters,
  malformed ids in chooser fields, huge API offsets: the page viewset, form fields, chooser
  widgets and API pagination of cms/admin_guards/ (see docs/security/admin-views.md).

Hooks: https://docs.wagtail.org/en/stable/reference/hooks.html
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.forms.models import register_form_field_override
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.fields import StreamField
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.permissions import policy_registry

from cms.admin_guards.api import SafeOffsetPagination, SafePagesAdminAPIViewSet
from cms.admin_guards.chooser_widgets import guard_chooser_widgets
from cms.admin_guards.page_views import GuardedPageViewSet
from cms.admin_guards.streamfield import STREAMFIELD_FORM_FIELD
from cms.background import viewsets as background_viewsets  # noqa: F401 (registers its hook)
from cms.page_cache import wrap_page_serve
from content_models.blocks import RICH_TEXT_FEATURES
from content_models.permissions import term_usage, visible_pages_for

# After Wagtail's own registrations (order 0), so these win.
AFTER_WAGTAIL = 100
MEDIA_ACTIONS = ["choose", "add", "change", "delete"]


@hooks.register("register_rich_text_features", order=AFTER_WAGTAIL)
def limit_default_rich_text_features(features):
    """Any rich text without an explicit feature list gets the project's short list.

    Wagtail's default adds images, embeds, document links and headings inside paragraphs;
    lesson bodies have their own blocks for those.
    """
    features.default_features[:] = list(RICH_TEXT_FEATURES)


@hooks.register("construct_page_chooser_queryset")
def hide_other_centres_drafts_in_chooser(pages, request):
    return visible_pages_for(request.user, pages)


@hooks.register("register_admin_viewset", order=AFTER_WAGTAIL)
def register_guarded_page_viewset():
    """Replaces Wagtail's default viewset for `Page`, so it serves every page type."""
    return GuardedPageViewSet()


# Every StreamField of every admin form: a post without its counters is a form error.
register_form_field_override(StreamField, override=STREAMFIELD_FORM_FIELD)


@hooks.register("register_admin_urls", order=AFTER_WAGTAIL)
def guard_registered_chooser_widgets():
    """After Wagtail's own hook has registered the chooser viewsets and their widgets."""
    guard_chooser_widgets()
    return []


@hooks.register("before_move_page")
def require_permission_to_move(request, page, destination):
    """Deny the confirmation page itself, not only its POST (Wagtail 8.0.1 checks only that)."""
    if not page.permissions_for_user(request.user).can_move_to(destination):
        raise PermissionDenied


class _PermittedMediaMixin:
    """Only files in collections where the user may choose, add, change or delete."""

    pagination_class = SafeOffsetPagination

    def get_queryset(self):
        policy = policy_registry.get_by_type(self.model)
        permitted = policy.instances_user_has_any_permission_for(self.request.user, MEDIA_ACTIONS)
        return super().get_queryset().filter(pk__in=permitted.values("pk"))


class PermittedDocumentsAdminAPIViewSet(_PermittedMediaMixin, DocumentsAdminAPIViewSet):
    pass


class PermittedImagesAdminAPIViewSet(_PermittedMediaMixin, ImagesAdminAPIViewSet):
    pass


@hooks.register("construct_admin_api", order=AFTER_WAGTAIL)
def restrict_admin_api(router):
    router.register_endpoint("pages", SafePagesAdminAPIViewSet)
    router.register_endpoint("documents", PermittedDocumentsAdminAPIViewSet)
    router.register_endpoint("images", PermittedImagesAdminAPIViewSet)


@hooks.register("before_delete_snippet")
def block_deleting_terms_in_use(request, instances):
    """Refuse to delete a vocabulary term (licence, subject, centre, …) still in use.

    Wagtail's own check relies on its reference index and on PROTECT foreign keys: it misses
    many-to-many uses (subjects, levels, grades are silently dropped from lessons), answers
    a bare "permission denied", and raises ProtectedError (a 500) when the index is stale.
    """
    for term in instances:
        if term._meta.app_label != "content_models":
            continue
        used_by = term_usage(term)
        if not used_by:
            continue
        shown = ", ".join(f"“{title}”" for title in used_by[:5])
        if len(used_by) > 5:
            shown += _(" và %(count)d mục khác") % {"count": len(used_by) - 5}
        messages.error(
            request,
            _(
                "Không thể xóa %(kind)s “%(term)s”: còn %(count)d mục đang dùng (%(used_by)s). "
                "Hãy chuyển các mục này sang giá trị khác trước khi xóa."
            )
            % {
                "kind": term._meta.verbose_name,
                "term": term,
                "count": len(used_by),
                "used_by": shown,
            },
        )
        return redirect(term.snippet_viewset.get_url_name("list"))
    return None


# Marks the responses of Wagtail's page serve view, the only ones the anonymous page cache
# stores (cms/page_cache.py, docs/operations.md).
hooks.register("on_serve_page", wrap_page_serve)
