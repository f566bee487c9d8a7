"""`newslake serve`: the `ingest` flow as the deployment `ingest/scheduled`, on a real Prefect server.

Schedules never fire against Prefect's temporary server, so without `PREFECT_API_URL` a local
`prefect server start` is run on 127.0.0.1 (state in `PREFECT_HOME`: the data folder's `.prefect/`),
waited for, and stopped when serving ends. While it runs, its address is written in
`PREFECT_HOME/newslake-server.json`, so an `ingest` of the same data folder runs against it (its run
is listed with the scheduled ones, and it skips starting a temporary server of its own).
"""

from __future__ import annotations

import json
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
SERVER_RECORD = "newslake-server.json"  # in PREFECT_HOME, while `serve` runs its own server


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
    home = prefect_home()
    home.mkdir(parents=True, exist_ok=True)
    log_path = home / "server.log"
    log = open(log_path, "ab")
    server = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PREFECT_API_URL": "", "PREFECT_UI_API_URL": api_url},
    )
    record = home / SERVER_RECORD
    try:
        wait_healthy(api_url, server, timeout, f"see {log_path}")
        os.environ["PREFECT_API_URL"] = api_url
        staging = record.with_name(f".{record.name}.{os.getpid()}.tmp")
        staging.write_text(json.dumps({"pid": os.getpid(), "api_url": api_url}), encoding="utf-8")
        os.replace(staging, record)
        yield api_url
    finally:
        if _recorded(record) == (os.getpid(), api_url):
            record.unlink(missing_ok=True)
        stop(server, grace=20)
        log.close()


def prefect_home() -> Path:
    return Path(os.environ.get("PREFECT_HOME") or Path.home() / ".prefect")


def running_server(home: Path | None = None) -> str | None:
    """The API URL of the server a `newslake serve` runs with this Prefect home, when that command is
    alive and the server answers within a second; None otherwise (a stale record is removed)."""
    record = (home or prefect_home()) / SERVER_RECORD
    found = _recorded(record)
    if found is None:
        return None
    pid, api_url = found
    try:
        os.kill(pid, 0)
        with urllib.request.urlopen(f"{api_url}/health", timeout=1) as response:
            if response.status == 200:
                return api_url
    except OSError:
        pass
    return None


def _recorded(record: Path) -> tuple[int, str] | None:
    try:
        found = json.loads(record.read_text(encoding="utf-8"))
        return int(found["pid"]), str(found["api_url"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def stop(process: subprocess.Popen, grace: float) -> None:
    """SIGTERM, then SIGKILL when it has not ended after `grace` seconds."""
    process.terminate()
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wait_healthy(api_url: str, server: subprocess.Popen, timeout: float, hint: str) -> None:
    """Until the server answers its health check; `hint` says where to look when it does not."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise ServerDidNotStart(f"prefect server exited with code {server.returncode}; {hint}")
        try:
            with urllib.request.urlopen(f"{api_url}/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.25)
    raise ServerDidNotStart(f"prefect server not healthy at {api_url} after {timeout:.0f} s; {hint}")


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
