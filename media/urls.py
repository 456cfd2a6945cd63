"""Public URLs of this app, mounted by cms/urls.py before Wagtail's page serving.

`documents/<id>/<filename>` has the shape of Wagtail's `wagtaildocs_serve` and is mounted
before it, so `document.url` (which reverses Wagtail's name) is answered by `serve_document`.
The image patterns likewise take over Wagtail's dynamic image serve URLs, with and without
the trailing file name that `generate_image_url` appends.
"""

from django.urls import path

from . import views

app_name = "media"

urlpatterns = [
    path(
        "documents/<int:document_id>/<str:document_filename>",
        views.serve_document,
        name="document_download",
    ),
    path(
        "documents/<int:document_id>/light/<str:document_filename>",
        views.serve_light_version,
        name="document_light",
    ),
    path(
        "images/<str:signature>/<int:image_id>/<str:filter_spec>/",
        views.ImageServeView.as_view(),
        name="image_serve",
    ),
    path(
        "images/<str:signature>/<int:image_id>/<str:filter_spec>/<str:filename>",
        views.ImageServeView.as_view(),
        name="image_serve_named",
    ),
]
