"""`{% reuse_action page request.user as reuse %}`: whether to offer "reuse in my centre".

The result is a dict the lesson template can branch on:

- `offered`: show the action at all (the licence allows derivatives, the page is public, and
  the visitor is anonymous or may reuse into some centre);
- `allowed`: the visitor may reuse right now (else `requires_login` tells why it is offered);
- `url`: the confirmation page; `login_url`: the login page returning there;
- `reason`: why the action is not offered (e.g. a no-derivatives licence), in Vietnamese;
- `rule`: which licences a derivative may carry.
"""

from django import template
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.http import urlencode

from content_models.licensing import allows_reuse, derivative_rule
from content_models.models import LessonPage
from content_models.reuse import reuse_verdict

register = template.Library()


def reuse_action_for(page, user):
    result = {
        "offered": False,
        "allowed": False,
        "requires_login": False,
        "url": "",
        "login_url": "",
        "reason": "",
        "rule": "",
    }
    page = getattr(page, "specific", page)
    if not isinstance(page, LessonPage) or page.pk is None or not page.licence_id:
        return result
    licence_verdict = allows_reuse(page.licence)
    if not licence_verdict:
        result["reason"] = licence_verdict.reason
        return result
    url = reverse("desk:reuse", args=[page.pk])
    result["url"] = url
    result["rule"] = derivative_rule(page.licence)
    if user is None or not user.is_authenticated:
        verdict = reuse_verdict(page)
        result["offered"] = result["requires_login"] = verdict.allowed
        result["reason"] = verdict.reason
        result["login_url"] = f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': url})}"
        return result
    verdict = reuse_verdict(page, user)
    result["offered"] = result["allowed"] = verdict.allowed
    result["reason"] = verdict.reason
    return result


@register.simple_tag
def reuse_action(page, user):
    return reuse_action_for(page, user)
