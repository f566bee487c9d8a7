"""Children die with the command: `python -m cli.watchdog PID`, started by `newslake` itself.

Prefect's temporary server (a uvicorn process) and the spawned analysis workers are children of the
`newslake` process. When it ends normally or by SIGTERM they are stopped on the way out; SIGKILL
gives no way out, and they would live on (holding a port, loading models) for good. So the command
starts this watchdog in a session of its own: it reads a pipe whose only writer is the command, notes
the command's descendants four times a second, and when the pipe closes (the command is gone, however
it ended) it stops the ones still running: SIGTERM, then SIGKILL after a grace period.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

_POLL_SECONDS = 0.25
_GRACE_SECONDS = 5.0


def start(pid: int | None = None) -> subprocess.Popen:
    """Watch `pid` (this process by default); the watchdog ends when it has cleaned up."""
    read_end, write_end = os.pipe()
    watchdog = subprocess.Popen(
        [sys.executable, "-m", "cli.watchdog", str(pid or os.getpid())],
        stdin=read_end, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    os.close(read_end)
    # The write end stays open, unused, until this process ends; no child inherits it, so the
    # watchdog sees the pipe close exactly when the command is gone.
    os.set_inheritable(write_end, False)
    return watchdog


def descendants(pid: int) -> list[int]:
    """Every process below `pid`, read from /proc."""
    found, pending = [], [pid]
    while pending:
        for task in _list(Path(f"/proc/{pending.pop()}/task")):
            try:
                children = [int(child) for child in (task / "children").read_text().split()]
            except OSError:
                continue
            found.extend(children)
            pending.extend(children)
    return found


def _list(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError:
        return []


def _started(pid: int) -> str | None:
    """The start time of a process, so a reused pid is never mistaken for a child."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def watch(pid: int, pipe: int = 0) -> None:
    seen: dict[int, str] = {}
    while True:
        ready, _, _ = select.select([pipe], [], [], _POLL_SECONDS)
        if ready and not os.read(pipe, 1):
            break  # the command is gone
        for child in descendants(pid):
            if child != os.getpid() and (started := _started(child)):
                seen.setdefault(child, started)
    left = [child for child, started in seen.items() if _started(child) == started]
    _signal(left, signal.SIGTERM)
    deadline = time.monotonic() + _GRACE_SECONDS
    while time.monotonic() < deadline and any(_started(child) == seen[child] for child in left):
        time.sleep(0.1)
    _signal([child for child in left if _started(child) == seen[child]], signal.SIGKILL)


def _signal(pids: list[int], number: int) -> None:
    for pid in pids:
        try:
            os.kill(pid, number)
        except OSError:
            pass


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # only the pipe ends the watch
    watch(int(sys.argv[1]))
