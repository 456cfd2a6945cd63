"""/oai/: the OAI-PMH endpoint (mounted by cms/urls.py)."""

from django.urls import path

from content_models.oai import views

urlpatterns = [path("", views.endpoint, name="oai")]
