"""Settings for a one-shot run on Prefect's temporary server.

Flow-run heartbeats let a real server notice crashed runs; on the temporary server, which stops with
the process, they only add a second to every run, so they are off there.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator


@contextmanager
def local_run() -> Iterator[None]:
    from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    if PREFECT_API_URL.value():
        yield
        return
    with temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield
