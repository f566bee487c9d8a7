"""`newslake serve`: the `ingest` flow as the deployment `ingest/scheduled`, on a real Prefect server.

Schedules never fire against Prefect's temporary server, so without `PREFECT_API_URL` a local
`prefect server start` is run on 127.0.0.1 (state in `PREFECT_HOME`), waited for, and stopped when
serving ends. While it runs, its address is written in `PREFECT_HOME/newslake-server.json`, so an
`ingest` with the same Prefect home runs against it (its run is listed with the scheduled ones, and
it skips starting a temporary server of its own). The record is trusted only when it names a
loopback address, and a live `prefect server start` on that port that carries the record's token
in its environment: a process of this user that serve started.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

DEPLOYMENT_NAME = "scheduled"
SERVER_RECORD = "newslake-server.json"  # in PREFECT_HOME, while `serve` runs its own server
_TOKEN_VARIABLE = "NEWSLAKE_SERVER_TOKEN"  # in the environment of the server serve starts
_LOOPBACK = ("127.0.0.1", "::1", "localhost")
_DRAIN_SECONDS = 5.0


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
    token = secrets.token_hex(16)
    server = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT,
        env={**os.environ, "PREFECT_API_URL": "", "PREFECT_UI_API_URL": api_url, _TOKEN_VARIABLE: token},
    )
    record = home / SERVER_RECORD
    written = {"pid": os.getpid(), "api_url": api_url, "server_pid": server.pid, "token": token}
    try:
        wait_healthy(api_url, server, timeout, f"see {log_path}")
        os.environ["PREFECT_API_URL"] = api_url
        staging = record.with_name(f".{record.name}.{os.getpid()}.tmp")
        staging.write_text(json.dumps(written), encoding="utf-8")
        os.replace(staging, record)
        yield api_url
    finally:
        if _recorded(record) == written:
            record.unlink(missing_ok=True)
        drain_prefect_services()  # while the server still answers: sent after it stopped, they are retried for a minute and more
        stop(server, grace=20)
        log.close()


def prefect_home() -> Path:
    return Path(os.environ.get("PREFECT_HOME") or Path.home() / ".prefect")


def running_server(home: Path | None = None) -> str | None:
    """The API URL of the server a `newslake serve` runs with this Prefect home, when the record of
    it is to be trusted (`_is_ours`) and the server answers within a second; None otherwise."""
    record = (home or prefect_home()) / SERVER_RECORD
    found = _recorded(record)
    if found is None or not _is_ours(record, found):
        return None
    try:
        with urllib.request.urlopen(f"{found['api_url']}/health", timeout=1) as response:
            if response.status == 200:
                return found["api_url"]
    except OSError:
        pass
    return None


def _recorded(record: Path) -> dict | None:
    try:
        found = json.loads(record.read_text(encoding="utf-8"))
        written = {"pid": int(found["pid"]), "api_url": str(found["api_url"]), "server_pid": int(found["server_pid"]), "token": str(found["token"])}
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return written


def _is_ours(record: Path, found: dict) -> bool:
    """Whether a server record was written by a `newslake serve` of this user that still runs the
    server it names: the file is this user's, the address a loopback one, the serve command alive,
    and the recorded server process a `prefect server start` on that port whose environment holds
    the record's token (a process's environment can be read only by its own user)."""
    try:
        if record.stat().st_uid != os.getuid():
            return False
        address = urlsplit(found["api_url"])
        if address.scheme != "http" or address.hostname not in _LOOPBACK or address.port is None:
            return False
        os.kill(found["pid"], 0)
        command = Path(f"/proc/{found['server_pid']}/cmdline").read_bytes().split(b"\0")
        environment = Path(f"/proc/{found['server_pid']}/environ").read_bytes().split(b"\0")
    except (OSError, ValueError):
        return False
    starts_server = b"prefect" in command and [b"server", b"start"] == command[command.index(b"prefect") + 1 : command.index(b"prefect") + 3]
    on_port = str(address.port).encode() in command and b"--port" in command
    return starts_server and on_port and f"{_TOKEN_VARIABLE}={found['token']}".encode() in environment


def check_schedule(cron: str | None, interval: int | None) -> None:
    """Refuse a schedule Prefect would refuse, before anything starts.

    Raises:
        ValueError: the cron expression or the interval is not one (one line).
    """
    if interval is not None and interval <= 0:
        raise ValueError(f"--interval wants a number of seconds above 0, not {interval}")
    if cron is not None:
        from prefect.client.schemas.schedules import CronSchedule

        try:
            CronSchedule(cron=cron)
        except ValueError:
            raise ValueError(f"--cron {cron!r} is not a cron schedule (five fields: minute hour day month weekday, e.g. '*/15 * * * *')") from None


def drain_prefect_services(seconds: float = _DRAIN_SECONDS) -> None:
    """Send what Prefect still holds for its server (logs, events) and stop its senders, while the
    server still runs: afterwards each send is retried until Prefect gives up, a minute and more."""
    if "prefect" not in sys.modules:
        return
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for service in (APILogWorker, EventsWorker):
        service.drain_all(timeout=seconds)


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
        time.sleep(0.05)  # (refused at once until it listens: polling costs it nothing)
    raise ServerDidNotStart(f"prefect server not healthy at {api_url} after {timeout:.0f} s; {hint}")


def serve_ingest(parameters: dict, cron: str | None, interval: int | None) -> None:
    """Run the flow once now, then create `ingest/scheduled` with the schedule and run its flow runs
    until interrupted; every run prints its summary line."""
    from flows.ingest import PRINT_RUNS, ingest
    from newslake.interrupts import stop_if_asked

    os.environ[PRINT_RUNS] = "1"
    ingest(**parameters)  # at start, not one interval later
    stop_if_asked()  # (a stop the first run's libraries swallowed: `newslake.interrupts`)
    ingest.serve(
        name=DEPLOYMENT_NAME,
        cron=cron,
        interval=interval,
        parameters=parameters,
        description="newslake: ingest the seeds folder on a schedule",
        print_starting_message=False,
    )
