"""The teacher's desk and reuse (remix) URLs, mounted at /ban-lam-viec/."""

from django.urls import path

from content_models.desk import views

app_name = "desk"
urlpatterns = [
    path("", views.index, name="index"),
    path("gui-duyet/<int:page_id>/", views.submit, name="submit"),
    path("dung-lai/<int:page_id>/", views.reuse, name="reuse"),
]
