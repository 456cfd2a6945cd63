from django.apps import AppConfig


class SearchConfig(AppConfig):
    """The Elasticsearch catalogue, its database fallback and the public search."""

    name = "search"
    label = "search"
    verbose_name = "Tìm kiếm"
