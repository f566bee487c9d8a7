"""Where a one-shot run goes: the configured server, the one `newslake serve` runs, or Prefect's
temporary server.

Flow-run heartbeats let a real server notice crashed runs; on the temporary server, which stops with
the process, they only add a second to every run, so they are off there. The temporary server takes
several seconds to start: it is started as a process of its own while this process does its own
slow start (loading the models), instead of when the flow first calls the API.
"""

from __future__ import annotations

import atexit
import importlib.util
import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, NamedTuple


class Server(NamedTuple):
    """A temporary server's process and its API URL."""

    process: subprocess.Popen
    api_url: str


@contextmanager
def local_run(meanwhile: Callable[[], None] = lambda: None, early: Server | None = None) -> Iterator[str | None]:
    """Run `meanwhile` while Prefect's temporary server starts, unless a server is configured or
    `newslake serve` runs one for this Prefect home; yields the URL of the server used, None for a
    temporary one. `early`: the temporary server, already started (`start_temporary_server`)."""
    from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    from flows.serve import running_server, stop

    configured = PREFECT_API_URL.value() or running_server()
    if configured:
        if early is not None:
            stop(early.process, 5)  # a Prefect profile names a server: this one was started for nothing
        with temporary_settings({PREFECT_API_URL: configured}):
            meanwhile()
            yield configured
        return
    with temporary_server(meanwhile, early) as api_url, temporary_settings({PREFECT_API_URL: api_url, PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield None


def start_temporary_server() -> Server | None:
    """Prefect's temporary server started now, when a run will need one (no PREFECT_API_URL in the
    environment, no `newslake serve` for this Prefect home), before this process imports Prefect:
    the server boots on the other core during those imports (1.5 s) as well as the model load.
    (A Prefect profile that names a server is only known once Prefect is imported; `local_run`
    then stops this one.)"""
    from flows.serve import running_server

    if os.environ.get("PREFECT_API_URL") or running_server():
        return None
    return _start_server()


@contextmanager
def temporary_server(meanwhile: Callable[[], None], started: Server | None = None) -> Iterator[str]:
    """Prefect's temporary server (its uvicorn command, as Prefect runs it) started at once in a
    process of its own (or `started` already), `meanwhile` run while it starts, and its API URL
    yielded. The process is stopped when this one exits, as Prefect stops its own: after Prefect
    has sent the run's last logs and events (its workers drain at exit; stopped earlier, they print
    connection errors).

    Prefect's own `SubprocessASGIServer` first imports the server's modules in this process (1.5 s
    of Python), which then competes with loading the models for this process' one interpreter
    lock; started as a command, the server boots on the other core.
    """
    from flows.serve import wait_healthy

    server = started or _start_server()
    meanwhile()
    seconds = float(os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS") or 90)
    wait_healthy(server.api_url, server.process, seconds, "its messages are above")
    yield server.api_url


def _start_server() -> Server:
    """The uvicorn command of Prefect's temporary server on a free loopback port, stopped when this
    process exits. Prefect's folder is found without importing it."""
    from flows.serve import free_port, stop

    port = free_port()
    site = Path(importlib.util.find_spec("prefect").origin).parent.parent
    command = [
        sys.executable, "-m", "uvicorn", "--app-dir", str(site), "--factory",
        "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(port), "--log-level", "error", "--lifespan", "on",
    ]
    # No block types registered: newslake's runs use no blocks, and checking whether they are
    # registered imports every Prefect collection installed (prefect-dask brings Dask: 0.5 s of
    # the server's 4.5 s of processor time at start). No automations (triggers and their actions):
    # they belong on a server that stays up (`newslake serve`'s, or a configured one), and starting
    # them read every automation's state before this one answered (0.25-0.3 s of its processor
    # time at start, measured). A user's own settings still win.
    quiet = {
        "PREFECT_SERVER_REGISTER_BLOCKS_ON_START": "false", "PREFECT_SERVER_MEMOIZE_BLOCK_AUTO_REGISTRATION": "false",
        "PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED": "false",
    }
    environment = {**quiet, **os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}
    environment.pop("PREFECT_API_URL", None)
    server = subprocess.Popen(command, env=environment)
    atexit.register(stop, server, 5)
    return Server(server, f"http://127.0.0.1:{port}/api")
