"""Jobs the worker tests enqueue: importable by the real worker process they start.

Each writes what it did to files under a folder the test chose, so the test reads the
outcome without sharing memory with the worker.
"""

import os
import time
from pathlib import Path

from django_tasks import task


def _runs(folder):
    """Count this run in `runs.txt` (one line per start) and return the number."""
    with open(Path(folder) / "runs.txt", "a") as handle:
        handle.write(f"{os.getpid()}\n")
    return len((Path(folder) / "runs.txt").read_text().splitlines())


@task()
def slow_write(folder, seconds):
    """Start, wait, then write `out.txt` atomically (temporary file + rename)."""
    _runs(folder)
    (Path(folder) / "started").touch()
    time.sleep(seconds)
    temporary = Path(folder) / "out.txt.part"
    temporary.write_text("complete\n")
    temporary.replace(Path(folder) / "out.txt")
    return "done"


@task()
def fail_first_time(folder):
    if _runs(folder) == 1:
        raise RuntimeError("first attempt fails on purpose")
    return "second attempt"


@task()
def always_fail(folder):
    _runs(folder)
    raise RuntimeError("this job always fails")
