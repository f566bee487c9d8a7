"""Where a one-shot run goes: the configured server, the one `newslake serve` runs, or Prefect's
temporary server.

Flow-run heartbeats let a real server notice crashed runs; on the temporary server, which stops with
the process, they only add a second to every run, so they are off there. The temporary server takes
several seconds to start: it is started as a process of its own while this process does its own
slow start (loading the models), instead of when the flow first calls the API.
"""

from __future__ import annotations

import atexit
import os
import subprocess
import sys
from contextlib import contextmanager
from typing import Callable, Iterator


@contextmanager
def local_run(meanwhile: Callable[[], None] = lambda: None) -> Iterator[str | None]:
    """Run `meanwhile` while Prefect's temporary server starts, unless a server is configured or
    `newslake serve` runs one for this Prefect home; yields the URL of the server used, None for a
    temporary one."""
    from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    from flows.serve import running_server

    if PREFECT_API_URL.value():
        meanwhile()
        yield PREFECT_API_URL.value()
        return
    served = running_server()
    if served:
        with temporary_settings({PREFECT_API_URL: served}):
            meanwhile()
            yield served
        return
    with temporary_server(meanwhile) as api_url, temporary_settings({PREFECT_API_URL: api_url, PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield None


@contextmanager
def temporary_server(meanwhile: Callable[[], None]) -> Iterator[str]:
    """Prefect's temporary server (its uvicorn command, as Prefect runs it) started at once in a
    process of its own, `meanwhile` run while it starts, and its API URL yielded. The process is
    stopped when this one exits, as Prefect stops its own: after Prefect has sent the run's last
    logs and events (its workers drain at exit; stopped earlier, they print connection errors).

    Prefect's own `SubprocessASGIServer` first imports the server's modules in this process (1.5 s
    of Python), which then competes with loading the models for this process' one interpreter
    lock; started as a command, the server boots on the other core.
    """
    import prefect
    from prefect.settings import PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS

    from flows.serve import free_port, stop, wait_healthy

    port = free_port()
    command = [
        sys.executable, "-m", "uvicorn", "--app-dir", str(prefect.__module_path__.parent), "--factory",
        "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(port), "--log-level", "error", "--lifespan", "on",
    ]
    environment = {**os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}
    environment.pop("PREFECT_API_URL", None)
    server = subprocess.Popen(command, env=environment)
    atexit.register(stop, server, 5)
    meanwhile()
    api_url = f"http://127.0.0.1:{port}/api"
    wait_healthy(api_url, server, PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value(), "its messages are above")
    yield api_url
