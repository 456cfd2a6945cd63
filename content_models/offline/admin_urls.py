"""Admin URLs of offline packs, mounted under the admin by `content_models/wagtail_hooks.py`."""

from django.urls import path

from content_models.offline import admin_views

app_name = "offline_packs_admin"
urlpatterns = [
    path("", admin_views.index, name="index"),
    path("tao/", admin_views.create, name="create"),
    path("<int:pack_id>/tai-ve/", admin_views.download, name="download"),
]
