"""`manage.py run_worker`: the background worker of production (docker-compose `worker`).

django-tasks-db's `db_worker`, plus what a worker that may be killed needs: a worker id that
names its host and process, jobs a dead worker held requeued at start, failed jobs retried
with backoff (cms/background/retries.py), and the periodic housekeeping job (requeue, search
outbox drain). See docs/background-work.md.
"""

import time
from datetime import timedelta

from django.core.management.base import CommandError
from django.db import InterfaceError, OperationalError, connections

from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands import db_worker

from cms.background.housekeeping import schedule_housekeeping
from cms.background.recovery import requeue_abandoned, worker_id


class Command(db_worker.Command):
    help = (
        "Run the background worker: jobs from the database queue, retries with backoff, "
        "recovery of jobs a dead worker held, search outbox drains."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        # db_worker's default id is random; ours names the host and process (recovery.py).
        parser.set_defaults(worker_id=None)
        # The backend is checked in handle(), with a message that names our setting.
        for action in parser._actions:
            if action.dest == "backend_name":
                action.type = str

    def handle(self, *args, **options):
        backend = task_backends[options.get("backend_name") or DEFAULT_TASK_BACKEND_ALIAS]
        if not isinstance(backend, DatabaseBackend):
            raise CommandError(
                "TASKS uses the immediate backend: set HLM_TASKS_BACKEND=database to run a "
                "worker (jobs then wait in the database for it)."
            )
        options["worker_id"] = options.get("worker_id") or worker_id()
        recovered = requeue_abandoned()
        if recovered:
            self.stdout.write(f"Requeued {recovered} job(s) held by a worker that is gone.")
        if not options.get("batch"):
            schedule_housekeeping(delay=timedelta(0))
        while True:
            try:
                return super().handle(*args, **options)
            except (OperationalError, InterfaceError) as error:
                # The database went away (restart, failover): wait and carry on; the job
                # in hand, if any, was marked failed and is retried (retries.py).
                self.stderr.write(f"Database unavailable ({error}); retrying in 2 s.")
                connections.close_all()
                time.sleep(2)
