"""Site-wide guards on Wagtail's admin: what Wagtail's own permission checks leave open.

- `requests`: every admin view runs "as" the requesting user, so page titles follow
  `content_models.draft_visibility`; malformed id lists are refused with a 400.
- `page_views`: the project's page viewset (Wagtail 8 `PageViewSet`) for every page type:
  workflow views and the copy view refuse pages the user may not see, without naming them.
- `choosers`: the page chooser views, registered in front of Wagtail's (cms/urls.py).
- `reports`: the page-types usage report, registered in front of Wagtail's.
- `api`: the admin API's pagination refuses offsets the database cannot take.
- `streamfield`: a StreamField post without its counters is a form error, not a 500.

See docs/security/admin-views.md.
"""
