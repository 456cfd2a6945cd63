"""The production stack, probed through nginx as a browser and a deploy would see it.

`.ci/stack.sh start` runs what docker-compose.yml describes from this machine's packages:
gunicorn with cms.settings.production, the task worker, Debian's nginx with
cms/deploy/nginx.conf, the real PostgreSQL and Elasticsearch. These tests run when
HLM_STACK_URL names that nginx (make test sets it); TLS ends in front of nginx in production,
so every request carries the `X-Forwarded-Proto: https` such a proxy adds.
"""

import json
import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests

STACK_URL = os.environ.get("HLM_STACK_URL", "")
REPO = Path(__file__).resolve().parents[2]
HTTPS = {"X-Forwarded-Proto": "https"}

pytestmark = [
    pytest.mark.stack,
    pytest.mark.skipif(not STACK_URL, reason="HLM_STACK_URL is not set (.ci/stack.sh start)"),
]


def stack_env():
    lines = subprocess.run(
        ["bash", str(REPO / ".ci" / "stack.sh"), "env"],
        check=True,
        capture_output=True,
        text=True,
        cwd=REPO,
    ).stdout.splitlines()
    return {**os.environ, **dict(line.split("=", 1) for line in lines if "=" in line)}


def stack_python(code):
    """Run `code` in `manage.py shell` with the stack's settings; the last line it prints."""
    done = subprocess.run(
        [sys.executable, str(REPO / "manage.py"), "shell", "-c", code],
        env=stack_env(),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


CONTENT = """
import json
from django.contrib.auth import get_user_model
from content_models.models import Centre, Licence, LessonPage, Province
from content_models.models import ensure_centre_library, ensure_site_structure
ensure_site_structure()
centre, _ = Centre.objects.get_or_create(
    name="Trung tâm GDTX tỉnh Lào Cai", defaults={"province": Province.objects.get(name="Lào Cai")}
)
library = ensure_centre_library(centre)
word = "__WORD__"
lesson = library.add_child(instance=LessonPage(
    title=f"Phương trình bậc hai {word}", summary="Giải phương trình bậc hai một ẩn " * 20,
    licence=Licence.objects.get(name="CC BY 4.0"), centre=centre,
))
lesson.save_revision().publish()
User = get_user_model()
admin, _ = User.objects.get_or_create(
    username="stack-admin", defaults={"is_superuser": True, "is_staff": True}
)
admin.set_password("__PASSWORD__")
admin.save()
print(json.dumps({"lesson": lesson.pk, "url": lesson.url}))
"""


@pytest.fixture(scope="module")
def content():
    word = f"kiemtra{uuid.uuid4().hex[:8]}"
    password = f"Mk-{uuid.uuid4().hex}"
    made = json.loads(
        stack_python(CONTENT.replace("__WORD__", word).replace("__PASSWORD__", password))
    )
    return {**made, "word": word, "password": password}


def get(path, **kwargs):
    headers = {**HTTPS, "Accept-Encoding": "gzip", **kwargs.pop("headers", {})}
    return requests.get(
        STACK_URL + path, headers=headers, allow_redirects=False, timeout=30, **kwargs
    )


def test_plain_http_is_redirected_to_https():
    response = requests.get(STACK_URL + "/", allow_redirects=False, timeout=30)
    assert response.status_code == 301
    assert response.headers["Location"].startswith("https://")


def test_pages_carry_security_headers_and_are_compressed(content):
    response = get(content["url"])
    assert response.status_code == 200
    assert content["word"] in response.text
    headers = response.headers
    assert "max-age=31536000" in headers["Strict-Transport-Security"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy.split("style-src")[0]
    assert "object-src 'none'" in policy
    assert headers["Content-Encoding"] == "gzip"
    assert headers["Server"] == "nginx"  # no version: server_tokens off


def test_static_files_are_compressed_and_cached_for_long(content):
    page = get("/").text
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', page).group(1)
    response = get(stylesheet)
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert "max-age=315360000" in response.headers["Cache-Control"]
    assert "immutable" in response.headers["Cache-Control"]


def login(password):
    session = requests.Session()
    session.headers.update(HTTPS)
    form = session.get(STACK_URL + "/admin/login/", timeout=30)
    cookie = form.headers["Set-Cookie"]
    assert "csrftoken=" in cookie and "Secure" in cookie
    token = session.cookies.get("csrftoken") or re.search(r"csrftoken=([^;]+)", cookie).group(1)
    response = session.post(
        STACK_URL + "/admin/login/",
        data={"username": "stack-admin", "password": password, "csrfmiddlewaretoken": token},
        headers={"Referer": STACK_URL.replace("http://", "https://") + "/admin/login/"},
        cookies={"csrftoken": token},
        allow_redirects=False,
        timeout=30,
    )
    return session, token, response


def _cookie(response, name):
    return next(c for c in response.headers["Set-Cookie"].split(", ") if c.startswith(name))


def test_admin_login_works_over_the_production_session_and_csrf_settings(content):
    session, _token, response = login(content["password"])
    assert response.status_code == 302, response.text[:500]
    session_cookie = response.headers["Set-Cookie"]
    assert "sessionid=" in session_cookie
    assert "Secure" in session_cookie and "HttpOnly" in session_cookie
    sessionid = re.search(r"sessionid=([^;]+)", session_cookie).group(1)
    dashboard = requests.get(
        STACK_URL + "/admin/", headers=HTTPS, cookies={"sessionid": sessionid}, timeout=30
    )
    assert dashboard.status_code == 200
    assert "stack-admin" in dashboard.text


def test_a_wrong_csrf_token_is_refused(content):
    response = requests.post(
        STACK_URL + "/admin/login/",
        data={"username": "stack-admin", "password": content["password"]},
        headers={**HTTPS, "Referer": STACK_URL.replace("http://", "https://") + "/"},
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 403


def wait_until(check, what, timeout=90):
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        assert time.monotonic() < deadline, f"{what} did not happen within {timeout} s"
        time.sleep(1)


def test_an_uploaded_image_gets_its_renditions_from_the_worker(content):
    from io import BytesIO

    from PIL import Image

    session, token, response = login(content["password"])
    sessionid = re.search(r"sessionid=([^;]+)", response.headers["Set-Cookie"]).group(1)
    picture = BytesIO()
    Image.new("RGB", (1600, 900), (30, 110, 180)).save(picture, "JPEG")
    title = f"Ảnh bìa {content['word']}"
    upload = requests.post(
        STACK_URL + "/admin/images/add/",
        data={"title": title, "csrfmiddlewaretoken": token, "collection": "1"},
        files={"file": ("anh-bia.jpg", picture.getvalue(), "image/jpeg")},
        headers={**HTTPS, "Referer": STACK_URL.replace("http://", "https://") + "/admin/images/"},
        cookies={"sessionid": sessionid, "csrftoken": token},
        allow_redirects=False,
        timeout=60,
    )
    assert upload.status_code == 302, upload.text[:1000]

    def rendition_url():
        return stack_python(
            "from media.models import CustomImage; "
            f"image = CustomImage.objects.get(title={title!r}); "
            "r = image.renditions.order_by('id').first(); "
            "print(r.url if r and image.renditions.count() >= 3 else '')"
        )

    url = wait_until(rendition_url, "the worker making renditions")
    served = get(url)
    assert served.status_code == 200
    assert served.headers["Content-Type"].startswith("image/")
    assert "public" in served.headers["Cache-Control"]
    assert "Expires" in served.headers
    assert served.headers["X-Content-Type-Options"] == "nosniff"


def test_a_published_lesson_becomes_searchable_through_the_worker(content):
    def found():
        response = get(f"/api/v1/search?q={content['word']}")
        assert response.status_code == 200
        data = response.json()
        return data["total"] >= 1 and not data.get("degraded")

    wait_until(found, "publish → searchable on Elasticsearch")
    page = get(f"/tim-kiem/?q={content['word']}")
    assert page.status_code == 200
    assert content["word"] in page.text


def test_media_outside_renditions_is_not_served_from_disk():
    assert get("/media/original_images/anything.jpg").status_code == 404


PHONE = "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 Chrome/131.0 Mobile"
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


def lesson_views(pk):
    return int(
        stack_python(
            "from django.db.models import Sum; from content_models.models import DailyUsage; "
            f"print(DailyUsage.objects.filter(kind='view', item_id={pk})"
            ".aggregate(n=Sum('count'))['n'] or 0)"
        )
    )


def test_anonymous_pages_come_from_the_shared_cache_and_every_view_counts(content):
    """Three learners (three browsers) and a robot: every gunicorn worker shares the stored
    page, the three views count (the stack flushes counts every 5 s), the robot's does not."""
    before = lesson_views(content["lesson"])
    run = uuid.uuid4().hex[:8]
    answers = [
        get(content["url"], headers={"User-Agent": f"{PHONE} run-{run}-{n}"}) for n in range(3)
    ]
    robot = get(content["url"], headers={"User-Agent": GOOGLEBOT})
    assert all(answer.status_code == 200 for answer in answers + [robot])
    assert [a.headers["X-Page-Cache"] for a in answers[1:]] == ["hit", "hit"]
    assert robot.headers["X-Page-Cache"] == "hit"
    assert len({a.text for a in answers}) == 1
    wait_until(lambda: lesson_views(content["lesson"]) >= before + 3, "the views counted")
    time.sleep(8)  # one more flush interval: nothing else may arrive
    assert lesson_views(content["lesson"]) == before + 3


def test_a_publish_in_another_process_invalidates_the_stored_page(content):
    get(content["url"])
    assert get(content["url"]).headers["X-Page-Cache"] == "hit"
    title = f"Phương trình bậc hai đã sửa {uuid.uuid4().hex[:6]}"
    stack_python(
        "from content_models.models import LessonPage; "
        f"page = LessonPage.objects.get(pk={content['lesson']}); page.title = {title!r}; "
        "page.save_revision().publish(); print('ok')"
    )
    fresh = get(content["url"])
    assert fresh.headers["X-Page-Cache"] == "miss"
    assert title in fresh.text


def test_a_signed_in_editor_never_gets_the_stored_page(content):
    get(content["url"])
    _session, _token, response = login(content["password"])
    sessionid = re.search(r"sessionid=([^;]+)", response.headers["Set-Cookie"]).group(1)
    page = get(content["url"], cookies={"sessionid": sessionid})
    assert page.status_code == 200
    assert "X-Page-Cache" not in page.headers


def search_log(text):
    return int(
        stack_python(
            "from django.db.models import Sum; from search.models import SearchQueryLog; "
            f"print(SearchQueryLog.objects.filter(text={text!r}).aggregate(n=Sum('count'))['n'] "
            "or 0)"
        )
    )


def test_a_repeated_search_comes_from_the_cache_and_every_search_is_logged(content):
    """Two learners search the same missing word: the second answer is the stored page and
    both searches count in the zero-result log. A search made within the settle window of a
    new generation is answered but not stored, so the first is retried until stored."""
    word = "zz" + uuid.uuid4().hex[:10].translate(str.maketrans("0123456789", "ghijklmnop"))
    made = 0

    def stored():
        nonlocal made
        made += 1
        answer = get(f"/tim-kiem/?q={word}")
        assert answer.status_code == 200
        return answer.headers.get("X-Page-Cache") == "miss"

    wait_until(stored, "a search stored")
    again = get(f"/tim-kiem/?q={word}", headers={"User-Agent": PHONE})
    assert (again.status_code, again.headers["X-Page-Cache"]) == (200, "hit")
    assert word in again.text
    assert search_log(word) == made + 1
