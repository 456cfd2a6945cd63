"""The admin API (`/admin/api/main/…`): offsets the database can take.

Wagtail's API pagination checks that `offset` is a non-negative integer but not that the
database can take it: `?offset=9223372036854775808` reaches SQLite or PostgreSQL and fails
there (a 500). `SafeOffsetPagination` answers such an offset with Wagtail's own 400.
`PagesAdminAPIViewSet` is Wagtail's pages endpoint with that pagination; the documents and
images endpoints use it too (cms/wagtail_hooks.py). See docs/security/admin-views.md.
"""

from wagtail.admin.api.views import PagesAdminAPIViewSet
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.utils import BadRequestError

# Far beyond any listing, and offset + limit stays inside a signed 64-bit integer.
MAX_OFFSET = 2**31


class SafeOffsetPagination(WagtailPagination):
    def paginate_queryset(self, queryset, request, view=None):
        offset = request.GET.get("offset", "0")
        if offset.isascii() and offset.isdigit() and int(offset) > MAX_OFFSET:
            raise BadRequestError(f"offset cannot be higher than {MAX_OFFSET}")
        return super().paginate_queryset(queryset, request, view)


class SafePagesAdminAPIViewSet(PagesAdminAPIViewSet):
    pagination_class = SafeOffsetPagination
