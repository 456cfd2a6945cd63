"""Template context of the public pages."""


def context_for(page, request):
    return {}
