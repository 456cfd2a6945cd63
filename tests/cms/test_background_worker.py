"""The durable task worker: the real `manage.py run_worker` process on its own database.

The worker runs as a separate process, as in production, against a database of its own
(a SQLite file, or a scratch PostgreSQL database when DATABASE_URL names PostgreSQL), so the
tests can kill it with SIGKILL mid-job and start another. Jobs are in tests/cms/worker_jobs.py.
"""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

import pytest
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.cms.scratch import scratch_database_url

REPO = Path(__file__).resolve().parents[2]
MANAGE = [sys.executable, str(REPO / "manage.py")]


@pytest.fixture(scope="module")
def worker_env(tmp_path_factory):
    """Environment of a worker process: the database backend, its own migrated database."""
    with scratch_database_url(tmp_path_factory.mktemp("worker-db")) as url:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cms.settings.test",
            "DATABASE_URL": url,
            "HLM_TASKS_BACKEND": "database",
            "ELASTICSEARCH_URL": "",
            "PYTHONPATH": str(REPO),
        }
        subprocess.run([*MANAGE, "migrate", "--noinput", "-v0"], env=env, check=True, cwd=REPO)
        yield env


def django_py(env, code, **extra_env):
    """Run `code` in a Django shell of the worker's database; its stdout."""
    completed = subprocess.run(
        [*MANAGE, "shell", "-c", code],
        env={**env, **extra_env},
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout


def enqueue(env, task_name, **kwargs):
    code = (
        "from tests.cms import worker_jobs; "
        f"print(worker_jobs.{task_name}.enqueue(**{kwargs!r}).id)"
    )
    return django_py(env, code).strip().splitlines()[-1]


def job_state(env, job_id):
    code = (
        "import json; from django_tasks_db.models import DBTaskResult; "
        f"r = DBTaskResult.objects.get(id={job_id!r}); "
        "print(json.dumps({'status': r.status, 'attempts': len(r.worker_ids), "
        "'run_after_in': (r.run_after - __import__('django.utils.timezone').utils.timezone.now())"
        ".total_seconds(), 'workers': r.worker_ids}))"
    )
    return json.loads(django_py(env, code).strip().splitlines()[-1])


def run_worker(env, *args, **extra_env):
    return subprocess.run(
        [*MANAGE, "run_worker", "--no-startup-delay", "--interval", "0.2", *args],
        env={**env, **extra_env},
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=180,
    )


def wait_for(path, timeout=60):
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.1)


def test_a_job_of_a_killed_worker_runs_again_in_full(worker_env, tmp_path):
    job = enqueue(worker_env, "slow_write", folder=str(tmp_path), seconds=3)
    worker = subprocess.Popen(
        [*MANAGE, "run_worker", "--no-startup-delay", "--interval", "0.2"],
        env=worker_env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(tmp_path / "started")
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    assert job_state(worker_env, job)["status"] == TaskResultStatus.RUNNING
    assert not (tmp_path / "out.txt").exists()  # killed before it wrote anything

    second = run_worker(worker_env, "--batch")
    assert second.returncode == 0, second.stderr
    assert "Requeued 1 job(s)" in second.stdout
    state = job_state(worker_env, job)
    assert state["status"] == TaskResultStatus.SUCCESSFUL
    assert state["attempts"] == 2
    assert (tmp_path / "out.txt").read_text() == "complete\n"
    assert not (tmp_path / "out.txt.part").exists()
    assert len((tmp_path / "runs.txt").read_text().splitlines()) == 2


def test_a_failed_job_is_retried_after_a_backoff(worker_env, tmp_path):
    job = enqueue(worker_env, "fail_first_time", folder=str(tmp_path))
    first = run_worker(worker_env, "--batch", HLM_TASK_RETRY_BASE_SECONDS="30")
    assert first.returncode == 0, first.stderr
    state = job_state(worker_env, job)
    assert state["status"] == TaskResultStatus.READY
    assert state["attempts"] == 1
    assert 20 < state["run_after_in"] <= 30  # waits its backoff, not run again at once

    django_py(
        worker_env,
        "from django.utils import timezone; from django_tasks_db.models import DBTaskResult; "
        f"DBTaskResult.objects.filter(id={job!r}).update(run_after=timezone.now())",
    )
    second = run_worker(worker_env, "--batch")
    assert second.returncode == 0, second.stderr
    state = job_state(worker_env, job)
    assert state["status"] == TaskResultStatus.SUCCESSFUL
    assert state["attempts"] == 2


def test_a_job_that_keeps_failing_stops_after_its_attempts(worker_env, tmp_path):
    job = enqueue(worker_env, "always_fail", folder=str(tmp_path))
    done = run_worker(
        worker_env, "--batch", HLM_TASK_RETRY_BASE_SECONDS="0", HLM_TASK_MAX_ATTEMPTS="3"
    )
    assert done.returncode == 0, done.stderr
    state = job_state(worker_env, job)
    assert state["status"] == TaskResultStatus.FAILED
    assert state["attempts"] == 3
    assert len((tmp_path / "runs.txt").read_text().splitlines()) == 3


def test_the_worker_drains_the_search_outbox_without_a_shell_loop(worker_env):
    row = django_py(
        worker_env,
        "from search.models import OutboxEntry; "
        "print(OutboxEntry.objects.create(page_id=987654321).pk)",
    ).split()[-1]
    worker = subprocess.Popen(
        [*MANAGE, "run_worker", "--no-startup-delay", "--interval", "0.2"],
        env=worker_env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            done = django_py(
                worker_env,
                "from search.models import OutboxEntry; "
                f"print(OutboxEntry.objects.filter(pk={row}, done_at__isnull=False).exists())",
            ).split()[-1]
            if done == "True" or time.monotonic() > deadline:
                break
            time.sleep(0.5)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)
    assert done == "True"
    waiting = django_py(
        worker_env,
        "from django_tasks_db.models import DBTaskResult; "
        "print(DBTaskResult.objects.filter(task_path__endswith='housekeeping', "
        "status='READY').count())",
    ).split()[-1]
    assert waiting == "1"  # the next run is scheduled, once


def test_run_worker_refuses_the_immediate_backend(worker_env):
    refused = run_worker(worker_env, "--batch", HLM_TASKS_BACKEND="immediate")
    assert refused.returncode != 0
    assert "HLM_TASKS_BACKEND=database" in refused.stderr


def _job(status, worker_ids, error=""):
    return DBTaskResult.objects.create(
        task_path="media.tasks.generate_document_preview",
        args_kwargs={"args": [], "kwargs": {"document_id": 7}},
        status=status,
        worker_ids=worker_ids,
        backend_name="default",
        run_after=timezone.now(),
        exception_class_path=error,
        traceback="Traceback: ValueError: bản PDF hỏng" if error else "",
    )


def test_editors_see_jobs_read_only_and_teachers_not_at_all(client, editor, teacher_a):
    failed = _job(TaskResultStatus.FAILED, ["w1", "w2", "w3"], "builtins.ValueError")
    client.force_login(editor)
    listing = client.get(reverse("background_jobs:index"))
    assert listing.status_code == 200
    assert "generate_document_preview" in listing.content.decode()
    inspect = client.get(reverse("background_jobs:inspect", args=[failed.pk]))
    assert inspect.status_code == 200
    assert "bản PDF hỏng" in inspect.content.decode()
    assert client.get(reverse("background_jobs:add")).status_code in (302, 403)
    assert client.get(reverse("background_jobs:edit", args=[failed.pk])).status_code in (302, 403)
    client.force_login(teacher_a)
    assert client.get(reverse("background_jobs:index")).status_code in (302, 403)


def test_test_settings_keep_the_immediate_backend():
    assert settings.TASKS["default"]["BACKEND"].endswith("ImmediateBackend")
