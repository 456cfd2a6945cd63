"""Admin URLs answered by our views instead of Wagtail's, at the same paths.

Included in cms/urls.py before Wagtail's admin URLs, so Django resolves these first. They
carry no names: `reverse()` of Wagtail's names gives Wagtail's patterns, the same paths.
Decorated like Wagtail's own admin URLs (admin access required, the admin's 404 page, never
cached). See docs/security/admin-views.md.
"""

from django.urls import path
from django.views.decorators.cache import never_cache

from wagtail.admin.auth import require_admin_access
from wagtail.admin.urls import display_custom_404
from wagtail.utils.urlpatterns import decorate_urlpatterns

from cms.admin_guards import choosers, reports

urlpatterns = [
    path("choose-page/", choosers.BrowseView.as_view()),
    path(
        "choose-page/<int:parent_page_id>/",
        choosers.BrowseView.as_view(),
    ),
    path(
        "choose-page/chosen-multiple/",
        choosers.ChosenMultipleView.as_view(),
    ),
    path(
        "choose-external-link/",
        choosers.ExternalLinkView.as_view(),
    ),
    path(
        "reports/page-types-usage/",
        reports.OwnPagesTypesUsageReportView.as_view(),
    ),
    path(
        "reports/page-types-usage/results/",
        reports.OwnPagesTypesUsageReportView.as_view(results_only=True),
    ),
]

for decorator in (require_admin_access, display_custom_404, never_cache):
    decorate_urlpatterns(urlpatterns, decorator)
