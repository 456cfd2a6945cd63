"""The page-types usage report, with "last edited" taken from the user's own pages.

Wagtail's report (`/admin/reports/page-types-usage/`) is open to everybody with a page
permission, teachers included, and names the last edited page of each type across the whole
site: usually another centre's draft. Here the last edited page of a type is looked for among
the pages whose drafts the user may see (content_models/draft_visibility.py); page counts
stay site-wide (numbers, no titles). Registered in front of Wagtail's URL (cms/urls.py).
See docs/security/admin-views.md.
"""

from django.db.models import F

from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.models import Page

from content_models.draft_visibility import pages_with_drafts_visible_to


class OwnPagesTypesUsageReportView(PageTypesUsageReportView):
    def decorate_paginated_queryset(self, page_types):
        own = pages_with_drafts_visible_to(self.request.user, Page.objects.filter(depth__gt=1))
        for item in page_types:
            item.last_edited_page = (
                own.filter(content_type=item)
                .order_by(F("latest_revision_created_at").desc(nulls_last=True), "title", "-pk")
                .specific()
                .first()
            )
        return page_types
