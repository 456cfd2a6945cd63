from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.images.views.serve import ServeView

from cms import csp, throttling
from cms.admin_guards import urls as admin_guard_urls
from cms.admin_guards.requests import guard_urlpatterns

urlpatterns = [
    # Our versions of a few Wagtail admin views first, then Wagtail's admin; every admin view
    # runs as its user and refuses malformed id lists (docs/security/admin-views.md).
    path("admin/", include(guard_urlpatterns(admin_guard_urls.urlpatterns))),
    path("admin/", include(guard_urlpatterns(wagtailadmin_urls.urlpatterns))),
    path("csp-report/", csp.csp_report, name="csp_report"),
    # Wagtail's page-password form with a limit on wrong passwords, ahead of Wagtail's own.
    path(
        "_util/authenticate_with_password/<int:restriction_id>/<int:page_id>/",
        throttling.page_password,
    ),
    # media/ first so its document serving (safe headers, counts) wins over Wagtail's.
    path("", include("media.urls")),
    path("documents/", include(wagtaildocs_urls)),
    path(
        "images/<str:signature>/<int:image_id>/<str:filter_spec>/",
        ServeView.as_view(),
        name="wagtailimages_serve",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("search.urls")),
    path("", include("content_models.urls")),
    path("oai/", include("content_models.oai.urls")),
    path("ban-lam-viec/", include("content_models.desk.urls")),
    path("", include("cms.site_urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
