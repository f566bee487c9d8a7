"""A stop asked for (SIGTERM, Ctrl-C) is remembered, so that it is never lost.

A signal's handler raises where the main thread happens to be; a library that catches everything
there (a `BaseException` turned into an error, a state, a log line) would swallow the stop, and the
command would carry on: `serve` once finished its first run and then served its schedule (1 `make
test` run in 10, never outside it). The command's entry point (`cli.stopping`) records every stop
here; the flow asks at its safe points (between files, batches and steps) and stops there.
"""

from __future__ import annotations

import threading

_asked = threading.Event()


def ask_to_stop() -> None:
    _asked.set()


def stop_was_asked() -> bool:
    """Whether a stop was asked: an error raised after it is the stop, which a library turned into
    its own (Prefect's task engine, stopped while it created a task run, raises `Task run is not
    set` from its handler of the KeyboardInterrupt: 1 `make test` run in about 20)."""
    return _asked.is_set()


def stop_if_asked() -> None:
    """Raise KeyboardInterrupt, as the signal did, when a stop was asked (on the main thread only:
    elsewhere it would end that thread, not the command)."""
    if _asked.is_set() and threading.current_thread() is threading.main_thread():
        raise KeyboardInterrupt
