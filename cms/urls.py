from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.images.views.serve import ServeView

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
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
