"""Runs ffmpeg, ffprobe and Ghostscript as bounded child processes.

A hostile or broken file must not hold a worker: each run has a wall-clock timeout (the whole
process group is killed when it passes), a CPU-time limit, an address-space limit (so a file
that makes a decoder allocate without end fails instead of swapping the machine), a file-size
limit on what it may write, and a low priority, all set by `prlimit` and `nice`.
See docs/light-versions.md.
"""

import os
import shutil
import signal
import subprocess
from dataclasses import dataclass

from django.utils.translation import gettext as _


class ToolError(Exception):
    """A run that failed, timed out or broke a limit; the message is shown to editors."""


@dataclass(frozen=True)
class Limits:
    seconds: int
    memory_bytes: int
    output_bytes: int


def bounded(args, limits):
    """`args` under util-linux's `prlimit` and `nice`: the limits are set by those programs
    between fork and exec, so nothing runs in the (possibly threaded) worker after fork."""
    return [
        "prlimit",
        # A little over the wall-clock bound, so that bound (with its clearer message) usually
        # acts first; the CPU bound catches a tool that spreads over several threads.
        f"--cpu={limits.seconds + 5}:{limits.seconds + 10}",
        f"--as={limits.memory_bytes}",
        f"--fsize={limits.output_bytes}",
        "--core=0",
        "--",
        "nice",
        "-n",
        "10",
        *args,
    ]


def run(args, limits, *, tool):
    """stdout of `args` (bytes); ToolError naming `tool` on a timeout, a limit or an error."""
    if shutil.which(args[0]) is None:
        raise ToolError(_("Máy chủ chưa cài %(tool)s.") % {"tool": tool})
    try:
        process = subprocess.Popen(
            bounded(args, limits),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
            close_fds=True,
        )
    except FileNotFoundError as error:  # prlimit or nice themselves (util-linux, coreutils)
        raise ToolError(_("Máy chủ chưa cài %(tool)s.") % {"tool": "prlimit"}) from error
    try:
        stdout, stderr = process.communicate(timeout=limits.seconds)
    except subprocess.TimeoutExpired as error:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise ToolError(
            _("%(tool)s chạy quá %(seconds)s giây và đã bị dừng.")
            % {"tool": tool, "seconds": limits.seconds}
        ) from error
    if process.returncode != 0:
        if process.returncode < 0:
            reason = _(
                "bị dừng bởi tín hiệu %(signal)s: vượt giới hạn %(seconds)s giây hoặc bộ nhớ"
            ) % {"signal": -process.returncode, "seconds": limits.seconds}
        else:
            reason = _("mã lỗi %(code)s") % {"code": process.returncode}
        detail = stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise ToolError(
            _("%(tool)s không xử lý được tệp (%(reason)s): %(detail)s")
            % {"tool": tool, "reason": reason, "detail": detail[0][:200]}
        )
    return stdout
