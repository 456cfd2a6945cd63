"""The public catalogue listing: filters, landing pages per programme level and subject."""


def serve_library(library, request, level_slug=None, subject_slug=None):
    return library.render(request)


def landing_sitemap_urls(library, request=None):
    return []
