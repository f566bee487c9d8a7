"""`newslake serve` end to end: a real Prefect server, the scheduled deployment, a triggered run."""

import os
import re
import shutil
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest

from cli.watchdog import descendants

pytestmark = [pytest.mark.slow, pytest.mark.flow, pytest.mark.xdist_group("stopped processes")]  # see test_processes.py


def test_serve_creates_the_scheduled_deployment_and_runs_it(tmp_path, seed_file):
    import anyio
    from prefect.client.orchestration import get_client
    from prefect.deployments import run_deployment
    from prefect.settings import PREFECT_API_URL, temporary_settings

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(seed_file, seeds)
    env = {key: value for key, value in os.environ.items() if not key.startswith("PREFECT_API")}
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")  # a server of its own, with no old deployments
    env["PREFECT_RUNNER_POLL_FREQUENCY"] = "1"  # the served process looks for the triggered run every second, not every 10
    (tmp_path / "prefect-home").mkdir()
    serve = subprocess.Popen(
        [sys.executable, "-m", "cli", "serve", "--interval", "3600", "--seeds", str(seeds), "--data", str(tmp_path / "data")],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        api_url = None
        deadline = time.monotonic() + 60
        lines = []
        while api_url is None and time.monotonic() < deadline:
            line = serve.stdout.readline()
            lines.append(line)
            found = re.search(r"API: (http://127\.0\.0\.1:\d+/api)", line)
            api_url = found.group(1) if found else None
            assert serve.poll() is None, "".join(lines)
        assert api_url, "".join(lines)

        with temporary_settings({PREFECT_API_URL: api_url}):
            async def deployment():
                async with get_client() as client:
                    for _ in range(100):
                        try:
                            return await client.read_deployment_by_name("ingest/scheduled")
                        except Exception:
                            await anyio.sleep(0.2)
            found = anyio.run(deployment)
            assert [schedule.schedule.interval.total_seconds() for schedule in found.schedules] == [3600]
            assert found.parameters["seeds"] == str(seeds)
            run = run_deployment("ingest/scheduled", timeout=60, poll_interval=0.5)
            assert run.state.is_completed(), run.state
            # an ingest of the same data folder runs on serve's server, not on a temporary one
            (seeds / "second.txt").write_text("Talks resume\n\nOfficials met in Paris on Monday.\n", encoding="utf-8")
            ingest = subprocess.run(
                [sys.executable, "-m", "cli", "ingest", "--seeds", str(seeds), "--data", str(tmp_path / "data"), "--workers", "1"],
                cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
            )
            assert ingest.returncode == 0 and f"flow run on the Prefect server at {api_url.removesuffix('/api')}" in ingest.stderr, ingest.stderr

            async def finished_runs():
                async with get_client() as client:
                    return sum(run.state.is_completed() for run in await client.read_flow_runs())
            assert anyio.run(finished_runs) == 3  # at start, the deployment's, the ingest's (the others are scheduled)
        documents = pd.read_parquet(tmp_path / "data" / "parquet" / "documents")
        assert sorted(documents.title) == ["Talks resume", "“Unequal battle”: what can Putin and Biden agree on during negotiations"]
    finally:
        # SIGTERM, not SIGINT: a process started in the background of a shell has SIGINT ignored
        server_processes = descendants(serve.pid)
        stopped = time.monotonic()
        serve.send_signal(signal.SIGTERM)
        try:
            output, _ = serve.communicate(timeout=30)
            stop_seconds = time.monotonic() - stopped
        finally:
            kill(serve, server_processes)
    assert "stopped" in output
    assert stop_seconds < 15 and "ERROR" not in output, output
    runs = re.findall(r"\d\d:\d\d:\d\d (1 files seen: \d ingested, \d unchanged)", "".join(lines) + output)
    # the run at start ingested the article, the deployment's run found it unchanged
    assert runs == ["1 files seen: 1 ingested, 0 unchanged", "1 files seen: 0 ingested, 1 unchanged"]
    assert subprocess.run(["pgrep", "-f", f"prefect server start --host 127.0.0.1 --port {api_url.split(':')[2].split('/')[0]}"]).returncode == 1


def test_serve_stopped_during_its_first_run_ends_at_once(tmp_path, seed_file):
    """Prefect's logs and events are sent before its server stops: sent after it, each was retried
    ("Error logging to API"; stopped 6 s into a first run of 40 articles, serve took 68 s to exit)."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for number in range(12):
        shutil.copy(seed_file, seeds / f"copy-{number:02d}.txt")
    env = {key: value for key, value in os.environ.items() if not key.startswith("PREFECT_API")}
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")
    (tmp_path / "prefect-home").mkdir()
    serve = subprocess.Popen(
        [sys.executable, "-m", "cli", "serve", "--interval", "3600", "--seeds", str(seeds), "--data", str(tmp_path / "data"), "--workers", "1"],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    server_processes: list[int] = []
    try:
        lines = [serve.stdout.readline() for _ in range(2)]  # "Serving …", then the address: the first run starts
        assert "API: http://127.0.0.1:" in lines[1], lines
        server_processes = descendants(serve.pid)
        time.sleep(3)  # into the first run, which logs to the server
        stopped = time.monotonic()
        serve.send_signal(signal.SIGTERM)
        output, _ = serve.communicate(timeout=120)
        assert time.monotonic() - stopped < 15, output
        assert output.strip() == "stopped"
    finally:
        kill(serve, server_processes)


def kill(serve: subprocess.Popen, server_processes: list[int]) -> None:
    """Whatever a failed test left running: serve and the server it started."""
    serve.kill()
    for pid in server_processes:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
