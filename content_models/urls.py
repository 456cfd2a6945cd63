"""Public URLs of this app, mounted by cms/urls.py before Wagtail's page serving.

`public:short_link` /l/<id>/ (301 to the page), `public:qr_code` /l/<id>/qr.svg,
`public:print_sheet` /l/<id>/in/ (printable one-page sheet), `public:offline_pack`
/goi/<pack>/tai-ve/ and `public:offline_pack_latest` /l/<id>/goi.zip|zim (offline packs,
content_models/offline/views.py); the record downloads
`public:metadata_dc` /l/<id>/dc.xml, `public:metadata_lom` /l/<id>/lom.xml and
`public:metadata_jsonld` /l/<id>/jsonld.json (content_models/metadata/views.py).
"""

from django.urls import path

from content_models import views
from content_models.metadata import views as metadata_views
from content_models.offline import views as offline_views

app_name = "public"
urlpatterns = [
    path("l/<int:page_id>/", views.short_link_view, name="short_link"),
    path("l/<int:page_id>/qr.svg", views.qr_code_view, name="qr_code"),
    path("l/<int:page_id>/in/", views.print_sheet_view, name="print_sheet"),
    path("goi/<int:pack_id>/tai-ve/", offline_views.download_pack_view, name="offline_pack"),
    path(
        "l/<int:page_id>/goi.<str:pack_format>",
        offline_views.download_latest_pack_view,
        name="offline_pack_latest",
    ),
    path("l/<int:page_id>/dc.xml", metadata_views.dublin_core_view, name="metadata_dc"),
    path("l/<int:page_id>/lom.xml", metadata_views.lom_view, name="metadata_lom"),
    path("l/<int:page_id>/jsonld.json", metadata_views.json_ld_view, name="metadata_jsonld"),
]
