"""The client's address behind the trusted proxies: one rule for login throttling (cms), the
CSP report limit (cms) and usage counting (content_models), so it sits in the bottom room as a
leaf module (docs/architecture.md)."""

import ipaddress

from django.conf import settings


def client_ip(request):
    """The address of the client, as the last `HLM_TRUSTED_PROXY_COUNT` proxies saw it.

    Each proxy appends the address it received the request from to X-Forwarded-For, so with N
    trusted proxies in front of Django the client is the N-th entry from the right; anything
    further left was written by the client itself and is not trusted. With no proxy (or a
    header shorter than expected) the connection's own address is used; None without one.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    count = getattr(settings, "HLM_TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-count]))
    except ValueError:
        return remote
