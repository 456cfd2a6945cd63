"""The teacher's desk and reuse (remix) URLs, mounted at /ban-lam-viec/."""

from django.urls import path, register_converter

from content_models.converters import DatabaseIdConverter
from content_models.desk import views

register_converter(DatabaseIdConverter, "dbid")

app_name = "desk"
urlpatterns = [
    path("", views.index, name="index"),
    path("minh-chung.xlsx", views.evidence, {"fmt": "xlsx"}, name="evidence"),
    path("minh-chung.pdf", views.evidence, {"fmt": "pdf"}, name="evidence_pdf"),
    path("gui-duyet/<dbid:page_id>/", views.submit, name="submit"),
    path("dung-lai/<dbid:page_id>/", views.reuse, name="reuse"),
]
