"""`newslake serve`: the `ingest` flow as the deployment `ingest/scheduled`, on a real Prefect server.

Schedules never fire against Prefect's temporary server, so without `PREFECT_API_URL` a local
`prefect server start` is run on 127.0.0.1 (state in `PREFECT_HOME`: the data folder's `.prefect/`), waited for, and
stopped when serving ends.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

DEPLOYMENT_NAME = "scheduled"


class ServerDidNotStart(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def local_prefect_server(port: int | None = None, timeout: float = 90.0) -> Iterator[str]:
    """Run `prefect server start` on loopback; yield its API URL, with PREFECT_API_URL set to it."""
    port = port or free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    home = Path(os.environ.get("PREFECT_HOME") or Path.home() / ".prefect")
    home.mkdir(parents=True, exist_ok=True)
    log_path = home / "server.log"
    log = open(log_path, "ab")
    server = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PREFECT_API_URL": "", "PREFECT_UI_API_URL": api_url},
    )
    try:
        _wait_healthy(api_url, server, timeout, log_path)
        os.environ["PREFECT_API_URL"] = api_url
        yield api_url
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def _wait_healthy(api_url: str, server: subprocess.Popen, timeout: float, log_path: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise ServerDidNotStart(f"prefect server exited with code {server.returncode}; see {log_path}")
        try:
            with urllib.request.urlopen(f"{api_url}/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.25)
    raise ServerDidNotStart(f"prefect server not healthy at {api_url} after {timeout:.0f} s; see {log_path}")


def serve_ingest(parameters: dict, cron: str | None, interval: int | None) -> None:
    """Run the flow once now, then create `ingest/scheduled` with the schedule and run its flow runs
    until interrupted; every run prints its summary line."""
    from flows.ingest import PRINT_RUNS, ingest

    os.environ[PRINT_RUNS] = "1"
    ingest(**parameters)  # at start, not one interval later
    ingest.serve(
        name=DEPLOYMENT_NAME,
        cron=cron,
        interval=interval,
        parameters=parameters,
        description="newslake: ingest the seeds folder on a schedule",
        print_starting_message=False,
    )
