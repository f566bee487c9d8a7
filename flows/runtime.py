"""Where a one-shot run goes: the configured server, the one `newslake serve` runs, or Prefect's
temporary server.

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
    with temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        starting = threading.Thread(target=_start_temporary_server, name="start-prefect-server", daemon=True)
        starting.start()
        meanwhile()
        starting.join()
        yield None


def _start_temporary_server() -> None:
    # imported here too: the server's modules take 1.5 s to import, while the models load
    from prefect.server.api.server import SubprocessASGIServer

    SubprocessASGIServer().start()
