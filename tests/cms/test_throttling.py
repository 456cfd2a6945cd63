"""Wrong passwords and reset e-mails are limited (docs/faults.md row 32), through the real
views: the admin login (django-axes), a page's password (Wagtail's form behind cms.throttling)
and the password-reset e-mail. See docs/security/logins-and-csp.md.

Each lock answers 429 with the same Vietnamese words whether the username or address exists,
and the right password works again once the lock period is over: the login's failures are
moved back in time by that period (as the clock would), the cache counters of the other two
forms expire with their window (shown with a one-second window) or are cleared.
"""

import re
import time
from datetime import UTC, datetime, timedelta

from django.core import mail
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest
from axes.models import AccessAttempt

from cms.throttling import Throttle
from media.client_address import client_ip
from tests.factories.pages import LessonPageFactory

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-thu-nghiem"
LOGIN = "/admin/login/"
RESET = "/admin/password_reset/"
LOCKED_VI = "Mật khẩu đã bị nhập sai quá nhiều lần nên tạm thời bị khoá"
LOCKED_EN = "The password was entered wrongly too many times"
WRONG_LOGIN = "không trùng với mật khẩu"  # Wagtail's own Vietnamese "didn't match"
ATTEMPTS = 20


def login(client, username, password, address="203.0.113.7", **headers):
    return client.post(
        LOGIN,
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        headers=headers,
    )


def error_text(response):
    """The login page's error banner, without the markup."""
    match = re.search(r'class="messages".*?</div>', response.content.decode(), re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(0))).strip() if match else ""


def signed_in(client):
    return client.get("/admin/").status_code == 200


def pass_lock_period(settings):
    """What the clock does: every recorded failure becomes older than the lock period."""
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= timedelta(minutes=settings.HLM_LOGIN_LOCK_MINUTES, seconds=1)
        attempt.save(update_fields=["attempt_time"])


# --- The admin login -----------------------------------------------------------------------


def test_twenty_wrong_passwords_from_one_address_lock_the_account(client, teacher_a, settings):
    statuses = [login(client, teacher_a.username, f"sai-{n}").status_code for n in range(ATTEMPTS)]
    limit = settings.HLM_LOGIN_FAILURE_LIMIT
    assert limit <= ATTEMPTS
    assert statuses == [200] * (limit - 1) + [429] * (ATTEMPTS - limit + 1)
    # Tries while locked are refused unrecorded: the record stops growing at the limit.
    assert AccessAttempt.objects.get().failures_since_start == limit
    # Locked: even the right password is refused, with the lock message in Vietnamese.
    response = login(client, teacher_a.username, PASSWORD)
    assert response.status_code == 429
    assert LOCKED_VI in error_text(response)
    assert f"sau {settings.HLM_LOGIN_LOCK_MINUTES} phút" in error_text(response)
    assert response["Content-Security-Policy"]  # the lock page is a normal, policed page
    assert not signed_in(client)


def test_wrong_passwords_from_many_addresses_lock_the_account(client, teacher_a, settings):
    for n in range(ATTEMPTS):
        login(client, teacher_a.username, "sai", address=f"198.51.100.{n + 1}")
    # A fresh address with the right password: the account itself is locked.
    response = login(client, teacher_a.username, PASSWORD, address="192.0.2.200")
    assert response.status_code == 429
    assert LOCKED_VI in error_text(response)
    assert not signed_in(client)


def test_many_addresses_behind_the_proxy_are_told_apart(client, teacher_a, teacher_b, settings):
    """Behind nginx every request comes from one REMOTE_ADDR: the client is read from
    X-Forwarded-For, so one learner's typos do not lock a whole centre out."""
    settings.HLM_TRUSTED_PROXY_COUNT = 1
    for n in range(ATTEMPTS):
        login(
            client,
            f"khong-co-{n}",
            "sai",
            address="10.0.0.2",
            x_forwarded_for="203.0.113.1",
        )
    # 203.0.113.1 is locked (by address); another client behind the same proxy is not.
    locked = login(client, teacher_b.username, PASSWORD, "10.0.0.2", x_forwarded_for="203.0.113.1")
    assert locked.status_code == 429
    response = login(
        client, teacher_a.username, PASSWORD, address="10.0.0.2", x_forwarded_for="192.0.2.9"
    )
    assert response.status_code == 302 and signed_in(client)


def test_one_address_trying_many_usernames_is_locked(client, teacher_a, settings):
    for n in range(settings.HLM_LOGIN_FAILURE_LIMIT):
        login(client, f"nguoi-dung-{n}", "sai")
    response = login(client, teacher_a.username, PASSWORD)
    assert response.status_code == 429
    assert not signed_in(client)


def test_no_user_enumeration_existing_and_unknown_usernames_answer_alike(client, teacher_a):
    def answers(username):
        result = []
        for n in range(ATTEMPTS):
            response = login(client, username, f"sai-{n}", address="203.0.113.50")
            text = error_text(response)
            result.append((response.status_code, text))
        client.cookies.clear()
        AccessAttempt.objects.filter(ip_address="203.0.113.50").delete()
        return result

    existing = answers(teacher_a.username)
    unknown = answers("khong-ton-tai")
    assert existing == unknown
    assert WRONG_LOGIN in existing[0][1] and LOCKED_VI in existing[-1][1]


def test_the_right_password_works_again_after_the_lock_period(client, teacher_a, settings):
    for n in range(ATTEMPTS):
        login(client, teacher_a.username, "sai", address=f"198.51.100.{n + 1}")
    assert login(client, teacher_a.username, PASSWORD).status_code == 429
    pass_lock_period(settings)
    response = login(client, teacher_a.username, PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert signed_in(client)


def test_the_lock_period_is_a_setting(client, teacher_a, settings):
    settings.HLM_LOGIN_LOCK_MINUTES = 1
    settings.HLM_LOGIN_FAILURE_LIMIT = 3
    statuses = [login(client, teacher_a.username, "sai").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert "sau 1 phút" in error_text(login(client, teacher_a.username, PASSWORD))
    pass_lock_period(settings)  # one minute and a second
    assert login(client, teacher_a.username, PASSWORD).status_code == 302


def test_a_successful_login_clears_earlier_typos(client, teacher_a, settings):
    limit = settings.HLM_LOGIN_FAILURE_LIMIT
    for _ in range(limit - 1):
        login(client, teacher_a.username, "sai")
    assert login(client, teacher_a.username, PASSWORD).status_code == 302
    client.post("/admin/logout/")
    for _ in range(limit - 1):
        assert login(client, teacher_a.username, "sai").status_code == 200


def test_lock_message_in_english_for_english_visitors(client, teacher_a, settings):
    client.cookies["django_language"] = "en"
    for _ in range(settings.HLM_LOGIN_FAILURE_LIMIT):
        response = login(client, teacher_a.username, "sai")
    assert response.status_code == 429
    assert LOCKED_EN in error_text(response)


def test_the_test_clients_login_still_works(client, teacher_a):
    """Django 5.2's Client.login calls authenticate() without a request (see
    cms.settings.test): the suite's logins keep working with axes installed."""
    assert client.login(username=teacher_a.username, password=PASSWORD)
    assert signed_in(client)


# --- A page's password ---------------------------------------------------------------------


@pytest.fixture
def private_lesson(centre_a):
    lesson = LessonPageFactory(parent=centre_a.library_page, title="Bài kiểm tra nội bộ")
    lesson.save_revision().publish()
    restriction = PageViewRestriction.objects.create(
        page=lesson, restriction_type=PageViewRestriction.PASSWORD, password="bimat-2026"
    )
    lesson.refresh_from_db()
    return lesson, restriction


def page_password(client, private_lesson, password, address="203.0.113.7"):
    lesson, restriction = private_lesson
    return client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{lesson.pk}/",
        {"password": password, "return_url": lesson.url},
        REMOTE_ADDR=address,
    )


def test_page_password_is_locked_after_wrong_tries_from_one_address(
    client, private_lesson, settings
):
    statuses = [page_password(client, private_lesson, "sai").status_code for _ in range(20)]
    limit = settings.HLM_LOGIN_FAILURE_LIMIT
    assert statuses == [200] * (limit - 1) + [429] * (20 - limit + 1)
    response = page_password(client, private_lesson, "bimat-2026")
    assert response.status_code == 429
    assert LOCKED_VI in response.content.decode()
    assert client.get(private_lesson[0].url).status_code == 200  # the password form again
    assert "Bài kiểm tra nội bộ" not in client.get(private_lesson[0].url).content.decode()


def test_page_password_is_locked_after_wrong_tries_from_many_addresses(client, private_lesson):
    for n in range(20):
        page_password(client, private_lesson, "sai", address=f"198.51.100.{n + 1}")
    assert page_password(client, private_lesson, "bimat-2026", "192.0.2.1").status_code == 429


def test_page_password_works_again_when_the_window_has_passed(client, private_lesson):
    for _ in range(20):
        page_password(client, private_lesson, "sai")
    assert page_password(client, private_lesson, "bimat-2026").status_code == 429
    caches["throttling"].clear()  # the counters' window is over
    response = page_password(client, private_lesson, "bimat-2026")
    assert response.status_code == 302 and response["Location"] == private_lesson[0].url
    assert "Bài kiểm tra nội bộ" in client.get(private_lesson[0].url).content.decode()


def test_page_password_right_away_is_not_counted(client, private_lesson):
    assert page_password(client, private_lesson, "bimat-2026").status_code == 302
    assert page_password(client, private_lesson, "sai").status_code == 200


def test_page_password_unknown_restriction_is_404(client, private_lesson):
    lesson, restriction = private_lesson
    response = client.post(
        f"/_util/authenticate_with_password/{restriction.pk + 99}/{lesson.pk}/",
        {"password": "sai", "return_url": "/"},
    )
    assert response.status_code == 404


# --- The password-reset e-mail -------------------------------------------------------------


def reset(client, email, address="203.0.113.7"):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=address)


def test_reset_emails_per_address_are_limited(client, teacher_a, settings):
    responses = [reset(client, teacher_a.email) for _ in range(6)]
    assert {(r.status_code, r["Location"]) for r in responses} == {
        (302, "/admin/password_reset/done/")
    }
    assert len(mail.outbox) == settings.HLM_PASSWORD_RESET_LIMIT
    assert {message.to[0] for message in mail.outbox} == {teacher_a.email}
    # Another spelling of the same address is the same address.
    reset(client, teacher_a.email.upper())
    assert len(mail.outbox) == settings.HLM_PASSWORD_RESET_LIMIT


def test_reset_answers_alike_for_existing_and_unknown_addresses(client, teacher_a):
    def answers(email):
        return [
            (r.status_code, r["Location"])
            for r in (reset(client, email, "198.51.100.3") for _ in range(6))
        ]

    assert answers(teacher_a.email) == answers("khong-ton-tai@example.org")
    done = client.get("/admin/password_reset/done/")
    assert done.status_code == 200


def test_reset_requests_per_client_address_are_limited(client, teacher_a, settings):
    settings.HLM_PASSWORD_RESET_IP_LIMIT = 5
    for n in range(5):
        reset(client, f"nguoi-{n}@example.org")
    response = reset(client, teacher_a.email)
    assert response.status_code == 302
    assert mail.outbox == []
    reset(client, teacher_a.email, address="192.0.2.44")  # someone else
    assert len(mail.outbox) == 1


def test_reset_sends_again_when_the_period_has_passed(client, teacher_a, settings):
    for _ in range(5):
        reset(client, teacher_a.email)
    caches["throttling"].clear()
    reset(client, teacher_a.email)
    assert len(mail.outbox) == settings.HLM_PASSWORD_RESET_LIMIT + 1


def test_reset_limit_holds_on_the_production_cache(client, teacher_a, settings):
    """Production keeps the counters in the database, shared by every worker."""
    settings.CACHES = {
        **settings.CACHES,
        "throttling": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "hlm_throttling_cache",
        },
    }
    call_command("createcachetable", "hlm_throttling_cache", verbosity=0)
    for _ in range(5):
        reset(client, teacher_a.email)
    assert len(mail.outbox) == settings.HLM_PASSWORD_RESET_LIMIT
    # The counters outlive the period, although the database cache's incr() sets its default
    # five-minute timeout.
    with connection.cursor() as cursor:
        cursor.execute("SELECT expires FROM hlm_throttling_cache")
        expiries = [row[0] for row in cursor.fetchall()]
    period = timedelta(minutes=settings.HLM_PASSWORD_RESET_PERIOD_MINUTES)
    assert len(expiries) == 2  # the address and the client
    for expires in expiries:
        if isinstance(expires, str):  # SQLite
            expires = datetime.fromisoformat(expires)
        if expires.tzinfo is None:
            expires = expires.replace(tzinfo=UTC)
        assert expires > timezone.now() + period


# --- Pieces --------------------------------------------------------------------------------


def test_a_window_ends_by_itself():
    throttle = Throttle("test-window", limit=2, period=1)
    # Start at the beginning of a window so that both hits fall in it.
    time.sleep(1 - time.time() % 1)
    throttle.hit("k")
    throttle.hit("k")
    assert throttle.exceeded("k")
    time.sleep(1.05)
    assert not throttle.exceeded("k")


@pytest.mark.parametrize(
    "proxies,remote,forwarded,expected",
    [
        (0, "203.0.113.1", "", "203.0.113.1"),
        (0, "203.0.113.1", "198.51.100.9", "203.0.113.1"),  # no proxy: the header is ignored
        (1, "10.0.0.2", "198.51.100.9", "198.51.100.9"),
        (1, "10.0.0.2", "6.6.6.6, 198.51.100.9", "198.51.100.9"),  # the client's own entry
        (2, "10.0.0.2", "6.6.6.6, 198.51.100.9, 10.0.0.1", "198.51.100.9"),
        (2, "10.0.0.2", "198.51.100.9", "10.0.0.2"),  # shorter than the proxies: not trusted
        (1, "10.0.0.2", "khong-phai-ip", "10.0.0.2"),
        (1, "10.0.0.2", "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_ip(settings, proxies, remote, forwarded, expected):
    settings.HLM_TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
