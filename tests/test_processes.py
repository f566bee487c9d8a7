"""No process outlives `newslake ingest`: Prefect's temporary server and the analysis workers end
with the command, whether it is stopped with SIGTERM (promptly) or killed with SIGKILL."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cli.watchdog import descendants

# one group: on one xdist worker, so no two of the tests that time how fast a killed or stopped
# process tree ends run at once (each starts a Prefect server and analysis workers)
pytestmark = [pytest.mark.slow, pytest.mark.flow, pytest.mark.xdist_group("stopped processes")]
NEWSLAKE = Path(sys.executable).parent / "newslake"


def running(pids):
    alive = []
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.append(pid)
    return alive


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_nothing_outlives_the_command(tmp_path, seed_file, stop):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for number in range(200):
        shutil.copy(seed_file, seeds / f"copy-{number:02d}.txt")
    command = [str(NEWSLAKE), "ingest", "--seeds", str(seeds), "--data", str(tmp_path / "data"), "--workers", "2"]
    # started as a background job of a shell would be: SIGINT ignored, so only SIGTERM can stop it
    env = {key: value for key, value in os.environ.items() if not key.startswith("PREFECT_API")}  # its own temporary server
    ingest = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    seen: set[int] = set()
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and ingest.poll() is None:
            children = descendants(ingest.pid)
            seen.update(children)
            commands = [Path(f"/proc/{pid}/cmdline").read_text(errors="replace") for pid in running(children)]
            if any("uvicorn" in line for line in commands) and sum("spawn_main" in line for line in commands) == 2:
                break
            time.sleep(0.2)
        else:
            pytest.fail("the ingest ended before its server and workers were seen")
        time.sleep(1.0)
        seen.update(descendants(ingest.pid))
        stopped = time.monotonic()
        ingest.send_signal(stop)
        ingest.wait(timeout=60)
        # the workers are stopped, not waited for: their batches were minutes of work (>15 s before)
        assert time.monotonic() - stopped < 8
        deadline = time.monotonic() + 15
        while running(seen) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert running(seen) == []
    finally:
        ingest.kill()
        for pid in running(seen):
            os.kill(pid, signal.SIGKILL)
