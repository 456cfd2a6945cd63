"""Wagtail's page chooser views, answering only about pages the user may see.

Registered in front of Wagtail's own URLs (cms/admin_guards/urls.py, included first in
cms/urls.py), same paths and names. The listings themselves are narrowed by the
`construct_page_chooser_queryset` hook (cms/wagtail_hooks.py) and show the titles of
`content_models.draft_visibility`; what these views add:

- browse (`choose-page/<id>/`) shows the page `<id>` itself as the first row, for any id:
  a page the user may not see is a 404;
- chosen-multiple (`choose-page/chosen-multiple/?id=…`) returns the title of any page id:
  now only of pages the user may see;
- the external-link form turns a pasted URL of a live page into an internal link labelled
  with `draft_title`, another centre's unpublished title: it gets the title the user may see.

See docs/security/admin-views.md.
"""

import json

from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils.html import escape

from wagtail.admin.views import chooser
from wagtail.models import Page

from content_models.draft_visibility import admin_title_for
from content_models.permissions import visible_pages_for


class BrowseView(chooser.BrowseView):
    def get(self, request, parent_page_id=None):
        if parent_page_id is not None:
            visible = visible_pages_for(request.user, Page.objects.filter(pk=parent_page_id))
            if not visible.exists():
                raise Http404
        return super().get(request, parent_page_id)


class ChosenMultipleView(chooser.ChosenMultipleView):
    def get(self, request):
        chosen = Page.objects.filter(pk__in=request.GET.getlist("id"))
        pages = visible_pages_for(request.user, chosen).specific()
        result = [
            {
                "id": page.pk,
                "parentId": page.get_parent().pk,
                "adminTitle": page.get_admin_display_title(),
                "editUrl": reverse("wagtailadmin_pages:edit", args=(page.pk,)),
                "url": page.url,
            }
            for page in pages
        ]
        return self.render_chosen_response(result)


class ExternalLinkView(chooser.ExternalLinkView):
    def post(self, request):
        response = super().post(request)
        data = json.loads(response.content)
        internal = data.get("internal") or data.get("result")
        if not isinstance(internal, dict) or "id" not in internal:
            return response
        page = Page.objects.filter(pk=internal["id"]).first()
        if page is None:
            return response
        shown = admin_title_for(request.user, page)
        if shown == page.draft_title:
            return response
        internal["adminTitle"] = shown
        if "html" in data:
            data["html"] = data["html"].replace(escape(page.draft_title), escape(shown))
        return JsonResponse(data)
