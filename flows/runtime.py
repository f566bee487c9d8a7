"""Settings for a one-shot run on Prefect's temporary server.

Flow-run heartbeats let a real server notice crashed runs; on the temporary server, which stops with
the process, they only add a second to every run, so they are off there. The temporary server takes
several seconds to start: it is started in a thread while this process does its own slow start
(loading the models), instead of when the flow first calls the API.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Callable, Iterator


@contextmanager
def local_run(meanwhile: Callable[[], None] = lambda: None) -> Iterator[None]:
    """Run `meanwhile` while Prefect's temporary server starts (when no server is configured)."""
    from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    if PREFECT_API_URL.value():
        meanwhile()
        yield
        return
    with temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        starting = threading.Thread(target=_start_temporary_server, name="start-prefect-server", daemon=True)
        starting.start()
        meanwhile()
        starting.join()
        yield


def _start_temporary_server() -> None:
    # imported here too: the server's modules take 1.5 s to import, while the models load
    from prefect.server.api.server import SubprocessASGIServer

    SubprocessASGIServer().start()
