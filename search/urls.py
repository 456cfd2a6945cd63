"""Public URLs of this app, mounted by cms/urls.py before Wagtail's page serving.

search:search        /tim-kiem/            the search page (GET form, noindex)
search:autocomplete  /tim-kiem/goi-y/?q=   suggestions for the page's search box (JSON)
search:search-api:…  /api/v1/              JSON API (docs: docs/, schema: openapi.json)
"""

from django.urls import path

from search import views
from search.api import api

app_name = "search"

urlpatterns = [
    path("tim-kiem/", views.search, name="search"),
    path("tim-kiem/goi-y/", views.autocomplete, name="autocomplete"),
    path("api/v1/", api.urls),
]
