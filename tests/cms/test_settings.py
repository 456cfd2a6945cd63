"""Deployment settings (docs/faults.md row 24), `.env.example` and the compose stack.

Production settings are loaded in a subprocess, as a deployment would load them, with a
clean environment: the test run's own settings module never leaks in.
"""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings

import pytest
import yaml

BASE_DIR = Path(settings.BASE_DIR)
GOOD_ENV = {
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "hoclieu.example.vn,www.hoclieu.example.vn",
    "DATABASE_URL": "postgres://hlm:mat-khau@db.example.vn:5432/hlm",
}
# Variables whose presence or absence is under test; never inherited from the caller. The
# test run's own switches stay out too: DJANGO_ALLOW_ASYNC_UNSAFE (set for the browser tests)
# is itself a deploy error, and the Elasticsearch side of the deploy check (index present,
# mapping current, major version) is driven by .ci/test.sh and tests/search against the real
# server with indices created first.
CONTROLLED = {
    *GOOD_ENV,
    "DEBUG",
    "DJANGO_SETTINGS_MODULE",
    "SECURE_SSL_REDIRECT",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "ELASTICSEARCH_URL",
    "ELASTICSEARCH_INDEX_PREFIX",
}


def run(args, settings_module="cms.settings.production", **env):
    environment = {k: v for k, v in os.environ.items() if k not in CONTROLLED}
    environment["DJANGO_SETTINGS_MODULE"] = settings_module
    environment.update({k: v for k, v in env.items() if v is not None})
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def load_production(**overrides):
    """Import the production settings the way Django would, with GOOD_ENV plus overrides."""
    env = {**GOOD_ENV, **overrides}
    code = (
        "import json, django.conf; s = django.conf.settings; "
        "print(json.dumps({k: str(getattr(s, k)) for k in "
        "['DEBUG', 'X_FRAME_OPTIONS', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', "
        "'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', 'ALLOWED_HOSTS']}))"
    )
    return run(["-c", code], **env)


def test_check_deploy_passes_with_production_settings_and_real_values():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **GOOD_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_fails_on_the_development_settings():
    """The same command catches an undeployable configuration (DEBUG on, throwaway key)."""
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        settings_module="cms.settings.dev",
    )
    assert result.returncode != 0
    assert "security.W018" in result.stderr  # DEBUG on


def test_production_values():
    result = load_production()
    assert result.returncode == 0, result.stderr
    values = result.stdout
    assert '"DEBUG": "False"' in values
    assert '"X_FRAME_OPTIONS": "DENY"' in values
    assert '"SESSION_COOKIE_SECURE": "True"' in values
    assert '"CSRF_COOKIE_SECURE": "True"' in values
    assert '"SECURE_SSL_REDIRECT": "True"' in values
    assert "www.hoclieu.example.vn" in values


@pytest.mark.parametrize(
    "overrides,message",
    [
        ({"SECRET_KEY": None}, "Set the SECRET_KEY environment variable"),
        ({"SECRET_KEY": ""}, "Set the SECRET_KEY environment variable"),
        ({"ALLOWED_HOSTS": None}, "Set the ALLOWED_HOSTS environment variable"),
        ({"ALLOWED_HOSTS": " "}, "Set the ALLOWED_HOSTS environment variable"),
        ({"DATABASE_URL": None}, "Set the DATABASE_URL environment variable"),
        ({"SECRET_KEY": "ngan-qua"}, "SECRET_KEY must be a random value"),
        ({"SECRET_KEY": "a" * 80}, "SECRET_KEY must be a random value"),
        ({"SECRET_KEY": "django-insecure-" + secrets.token_urlsafe(50)}, "SECRET_KEY must be"),
        ({"SECRET_KEY": "test-only-" + secrets.token_urlsafe(50)}, "SECRET_KEY must be"),
        ({"SECRET_KEY": "change-me-to-a-long-random-value" + "x" * 30}, "SECRET_KEY must be"),
        ({"DEBUG": "1"}, "DEBUG must be off in production"),
        ({"DEBUG": "true"}, "DEBUG must be off in production"),
        ({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS must list the site's host names"),
    ],
)
def test_production_refuses_to_start(overrides, message):
    env = {**GOOD_ENV, **overrides}
    env = {k: v for k, v in env.items() if v is not None}
    result = run(["-c", "import cms.settings.production"], **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_production_sends_the_csp_and_throttles_logins():
    """The CSP is on and the login is watched by axes in production; throttling counters are
    shared by every worker (the database) and the client is read behind nginx."""
    code = (
        "import json, django.conf; s = django.conf.settings; "
        "print(json.dumps({'mw': s.MIDDLEWARE, 'auth': s.AUTHENTICATION_BACKENDS, "
        "'csp': s.CONTENT_SECURITY_POLICY['DIRECTIVES']['script-src'], "
        "'cache': s.CACHES['throttling']['BACKEND'], 'proxies': s.HLM_TRUSTED_PROXY_COUNT}))"
    )
    result = run(["-c", code], **GOOD_ENV)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert "cms.csp.SiteCSPMiddleware" in values["mw"]
    assert values["mw"][-1] == "axes.middleware.AxesMiddleware"
    assert values["auth"][0] == "axes.backends.AxesStandaloneBackend"
    assert values["csp"] == ["'self'", "'report-sample'"]
    assert values["cache"] == "django.core.cache.backends.db.DatabaseCache"
    assert values["proxies"] == 1


def test_debug_off_is_accepted():
    assert load_production(DEBUG="0").returncode == 0


# --- .env.example -------------------------------------------------------------------------


def variables_read_by_settings():
    pattern = re.compile(
        r"""(?:os\.environ\.get|os\.environ\[|env_bool|env_int|env_list)\(?\s*["']([A-Z0-9_]+)["']"""
    )
    names = set()
    for path in (BASE_DIR / "cms" / "settings").glob("*.py"):
        names |= set(pattern.findall(path.read_text()))
    names.update(GOOD_ENV)  # read in a loop in production.py
    return names


def test_env_example_lists_every_variable_the_settings_read():
    text = (BASE_DIR / ".env.example").read_text()
    listed = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))
    read = variables_read_by_settings()
    assert len(read) > 15
    assert read - listed == set()
    # Each variable comes with a comment line above it.
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if re.match(r"^[A-Z][A-Z0-9_]*=", line):
            assert lines[index - 1].startswith("#"), line


def test_env_example_placeholders_are_refused_as_production_secrets():
    values = dict(
        re.findall(r"^([A-Z][A-Z0-9_]*)=(.*)$", (BASE_DIR / ".env.example").read_text(), re.M)
    )
    result = run(
        ["-c", "import cms.settings.production"],
        SECRET_KEY=values["SECRET_KEY"] + "x" * 40,
        ALLOWED_HOSTS=values["ALLOWED_HOSTS"],
        DATABASE_URL=values["DATABASE_URL"],
    )
    assert "SECRET_KEY must be a random value" in result.stderr


# --- docker-compose.yml -------------------------------------------------------------------


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())


def test_compose_services_and_health(compose):
    services = compose["services"]
    assert {"web", "worker", "db", "elasticsearch", "nginx"} <= set(services)
    assert services["worker"]["command"][:3] == ["python", "manage.py", "run_worker"]
    assert services["worker"]["environment"]["HLM_TASKS_BACKEND"] == "database"
    web = services["web"]
    assert web["depends_on"] == {
        "db": {"condition": "service_healthy"},
        "elasticsearch": {"condition": "service_healthy"},
    }
    assert web["env_file"] == ".env"
    assert web["environment"]["DJANGO_SETTINGS_MODULE"] == "cms.settings.production"
    assert services["db"]["image"] == "postgres:15"
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    elasticsearch = services["elasticsearch"]
    assert re.fullmatch(
        r"docker\.elastic\.co/elasticsearch/elasticsearch:8\.19\.\d+", elasticsearch["image"]
    )
    assert elasticsearch["environment"]["discovery.type"] == "single-node"
    assert elasticsearch["environment"]["xpack.security.enabled"] == "false"
    assert "_cluster/health" in " ".join(elasticsearch["healthcheck"]["test"])
    for name in ("web", "db", "elasticsearch"):
        assert services[name]["healthcheck"]["test"], name


def test_compose_media_volume_is_mounted_at_media_root(compose):
    services = compose["services"]
    media_root = services["web"]["environment"]["MEDIA_ROOT"]
    assert f"media:{media_root}" in services["web"]["volumes"]
    assert f"media:{media_root}:ro" in services["nginx"]["volumes"]
    assert "media" in compose["volumes"]
    nginx_conf = (BASE_DIR / "cms" / "deploy" / "nginx.conf").read_text()
    assert f"alias {media_root}/images/;" in nginx_conf  # renditions
    assert re.search(r"location /media/ \{\s*return 404;", nginx_conf)  # originals, documents


def test_compose_builds_the_web_image_from_cms_deploy(compose):
    build = compose["services"]["web"]["build"]
    assert build == {"context": ".", "dockerfile": "cms/deploy/Dockerfile"}
    dockerfile = (BASE_DIR / build["dockerfile"]).read_text()
    assert dockerfile.startswith("#") and "FROM python:3.11-slim" in dockerfile
    assert "cms.wsgi:application" in dockerfile and "gunicorn" in dockerfile
    assert "USER hlm" in dockerfile
    entrypoint = (BASE_DIR / "cms" / "deploy" / "entrypoint.sh").read_text()
    for step in (
        "check --deploy",
        "migrate --noinput",
        "createcachetable",
        "collectstatic --noinput",
    ):
        assert step in entrypoint
    assert os.access(BASE_DIR / "cms" / "deploy" / "entrypoint.sh", os.X_OK)
    assert not (BASE_DIR / "Dockerfile").exists()  # the top level is fixed (docs/architecture.md)


def test_compose_reads_every_interpolated_variable_from_env_example(compose):
    text = (BASE_DIR / "docker-compose.yml").read_text()
    interpolated = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)", text))
    listed = set(
        re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", (BASE_DIR / ".env.example").read_text(), re.M)
    )
    assert interpolated and interpolated <= listed
