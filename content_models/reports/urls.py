"""Admin URLs of the reports, mounted under /admin/bao-cao/ by content_models.wagtail_hooks."""

from django.urls import re_path

from content_models.reports import views

app_name = "reports"
urlpatterns = [
    re_path(r"^$", views.index, name="index"),
    re_path(r"^tai-ve\.(?P<fmt>xlsx|csv)$", views.export, name="export"),
]
