"""Brute-force limits on the three password forms: the admin login, a page's password and the
password-reset e-mail. See docs/security/logins-and-csp.md.

- The admin login is django-axes: it counts failed `authenticate()` calls per username and per
  client address in its own table. Here are only the pieces axes asks the project for: the
  client address behind the proxies, the limit and period read from settings at each request,
  and a login form and lockout response that say "locked" in Vietnamese with the same words
  whether the username exists or not.
- A page's password (Wagtail's `authenticate_with_password` view) and the reset e-mail are not
  logins, so axes does not see them: `Throttle` counts them in the "throttling" cache, per
  restriction or e-mail address and per client address.
"""

import hashlib
import logging
import math
import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import ngettext

from wagtail import views as wagtail_views
from wagtail.admin.forms.auth import LoginForm, PasswordResetForm
from wagtail.forms import PasswordViewRestrictionForm
from wagtail.models import Page, PageViewRestriction

from axes.backends import AxesBackend

from media.client_address import client_ip

logger = logging.getLogger("hlm.throttling")

TOO_MANY_REQUESTS = 429


# --- Counting in the cache -----------------------------------------------------------------


class Throttle:
    """At most `limit` events per key in a window of `period` seconds.

    Windows are fixed slices of the clock (the key names its slice). `incr` is atomic on the
    local-memory, Redis and Memcached caches; on the database cache (production's, shared
    by every worker) it is a read and a write, and it resets the entry's timeout to the cache's
    default, hence the `touch`. Keys are hashed: e-mail and client addresses are not stored.
    """

    def __init__(self, scope, limit, period):
        self.scope = scope
        self.limit = limit
        self.period = max(1, int(period))

    @property
    def cache(self):
        return caches["throttling"]

    def _key(self, key):
        window = int(time.time() // self.period)
        digest = hashlib.sha256(str(key).encode()).hexdigest()[:32]
        return f"hlm-throttle:{self.scope}:{window}:{digest}"

    def count(self, key):
        return self.cache.get(self._key(key), 0)

    def exceeded(self, key):
        return self.count(key) >= self.limit

    def hit(self, key):
        """Count one event for `key`; returns the count in the current window."""
        cache_key = self._key(key)
        timeout = 2 * self.period  # outlives its window whatever the cache's clock
        self.cache.add(cache_key, 0, timeout=timeout)
        try:
            count = self.cache.incr(cache_key)
        except ValueError:  # evicted between add and incr
            self.cache.set(cache_key, 1, timeout=timeout)
            return 1
        self.cache.touch(cache_key, timeout)
        return count

    def seconds_left(self):
        """Seconds until the current window ends (the longest a block can still last)."""
        return self.period - int(time.time()) % self.period


def lock_minutes():
    return settings.HLM_LOGIN_LOCK_MINUTES


def lockout_message(minutes=None):
    """The same words for every locked form: they never say which username or page exists."""
    minutes = lock_minutes() if minutes is None else minutes
    return ngettext(
        "Mật khẩu đã bị nhập sai quá nhiều lần nên tạm thời bị khoá. "
        "Vui lòng thử lại sau %(minutes)s phút.",
        "Mật khẩu đã bị nhập sai quá nhiều lần nên tạm thời bị khoá. "
        "Vui lòng thử lại sau %(minutes)s phút.",
        minutes,
    ) % {"minutes": minutes}


# --- The admin login (django-axes) ---------------------------------------------------------


def login_failure_limit(request, credentials):
    """AXES_FAILURE_LIMIT: failures in the lock period before a username or address locks."""
    return settings.HLM_LOGIN_FAILURE_LIMIT


def login_lock_period(request=None):
    """AXES_COOLOFF_TIME: how far back failures count, so how long a lock lasts at most."""
    return timedelta(minutes=settings.HLM_LOGIN_LOCK_MINUTES)


class ThrottledLoginForm(LoginForm):
    """Wagtail's login form, which names a lock instead of "wrong password" once axes has
    locked the username or the address. Axes counts every username typed, existing or not, so
    the lock (and its words) comes after the same number of tries for both: no enumeration."""

    def get_invalid_login_error(self):
        if getattr(self.request, "axes_locked_out", False):
            return ValidationError(lockout_message(), code="locked")
        return super().get_invalid_login_error()


def login_lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the login page as rendered (with the lock message from
    ThrottledLoginForm) under 429 Too Many Requests, instead of axes' plain English text."""
    if original_response is None:
        original_response = HttpResponse(
            lockout_message(), content_type="text/plain; charset=utf-8"
        )
    original_response.status_code = TOO_MANY_REQUESTS
    original_response["Retry-After"] = str(lock_minutes() * 60)
    return original_response


class RequestOptionalAxesBackend(AxesBackend):
    """For the test settings only: Django's test client logs in with `authenticate()` and no
    request (Client.login in Django 5.2), which axes refuses. Calls without a request are not
    web logins; every web login passes one. Production keeps axes' own backend, which raises.

    Axes' model-backend variant, because Wagtail's test utilities log in with
    `force_login(user, AUTHENTICATION_BACKENDS[0])`, which needs the backend's `get_user`."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


# --- A page's password ---------------------------------------------------------------------


class LockedPagePasswordForm(PasswordViewRestrictionForm):
    """Wagtail's page-password form while locked: refused with the lock message, and the
    password is not even compared."""

    def __init__(self, *args, message, **kwargs):
        super().__init__(*args, **kwargs)
        self.message = message

    def clean_password(self):
        return self.cleaned_data["password"]

    def clean(self):
        raise ValidationError(self.message, code="locked")


def page_password_throttle():
    return Throttle(
        "page-password",
        settings.HLM_LOGIN_FAILURE_LIMIT,
        settings.HLM_LOGIN_LOCK_MINUTES * 60,
    )


def _locked_page_password(request, restriction_id, page_id, throttle):
    restriction = get_object_or_404(PageViewRestriction, id=restriction_id)
    page = get_object_or_404(Page, id=page_id).specific
    form = LockedPagePasswordForm(
        request.POST,
        instance=restriction,
        message=lockout_message(math.ceil(throttle.seconds_left() / 60)),
    )
    form.is_valid()
    action_url = reverse("wagtailcore_authenticate_with_password", args=[restriction.id, page.id])
    response = page.serve_password_required_response(request, form, action_url)
    response.status_code = TOO_MANY_REQUESTS
    return response


def page_password(request, restriction_id, page_id):
    """Wagtail's page-password view, counting wrong passwords per restriction (attempts from
    many addresses) and per client address (one address trying many pages).

    The wrong password that reaches the limit, and every try after it in the window, gets the
    form again with the lock message and a 429, without the password being checked; the
    right password works again once the window has passed.
    """
    if request.method != "POST":
        return wagtail_views.authenticate_with_password(request, restriction_id, page_id)
    throttle = page_password_throttle()
    keys = (f"restriction:{restriction_id}", f"address:{client_ip(request)}")
    if any(throttle.exceeded(key) for key in keys):
        return _locked_page_password(request, restriction_id, page_id, throttle)
    response = wagtail_views.authenticate_with_password(request, restriction_id, page_id)
    # Wagtail redirects on the right password and renders the form again on a wrong one.
    if response.status_code == 200:
        count = max(throttle.hit(key) for key in keys)
        if count >= throttle.limit:
            logger.warning(
                "Page password of restriction %s locked after %s wrong passwords",
                restriction_id,
                count,
            )
            return _locked_page_password(request, restriction_id, page_id, throttle)
    return response


# --- The password-reset e-mail -------------------------------------------------------------


def password_reset_throttles():
    period = settings.HLM_PASSWORD_RESET_PERIOD_MINUTES * 60
    return (
        Throttle("reset-address", settings.HLM_PASSWORD_RESET_LIMIT, period),
        Throttle("reset-client", settings.HLM_PASSWORD_RESET_IP_LIMIT, period),
    )


class ThrottledPasswordResetForm(PasswordResetForm):
    """Wagtail's reset form, sending at most HLM_PASSWORD_RESET_LIMIT e-mails per address and
    answering HLM_PASSWORD_RESET_IP_LIMIT requests per client address in a period.

    Requests are counted whether the address belongs to an account or not, and over the limit
    the visitor sees the same "check your e-mail" page: nothing tells which addresses exist.
    """

    def save(self, *args, request=None, **kwargs):
        by_address, by_client = password_reset_throttles()
        address = self.cleaned_data["email"].strip().casefold()
        client = client_ip(request) if request is not None else None
        if by_address.exceeded(address) or by_client.exceeded(client):
            logger.warning(
                "Password reset e-mail not sent: limit of the address or client reached"
            )
            return None
        by_address.hit(address)
        by_client.hit(client)
        return super().save(*args, request=request, **kwargs)
