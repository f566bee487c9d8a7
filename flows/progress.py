"""What a run tells while it runs: the files analysed so far, and lines for the flow run's log."""

from __future__ import annotations

import sys
import threading
import time

from newslake.interrupts import stop_if_asked


class FileProgress:
    """Files analysed so far, told a few articles at a time: a bar with the time left on a terminal;
    elsewhere (a log, a scheduled run) a line every `PROGRESS_SECONDS`, and a log line for
    Prefect's UI (through the run's logger, taken here: the workers' progress arrives on another
    thread, outside the run's context)."""

    def __init__(self, n_files: int):
        self._total, self._done, self._started = n_files, 0.0, time.monotonic()
        self._lock = threading.Lock()
        self._last_line = self._started
        self._logger = run_logger()
        self._bar = None
        if n_files and sys.stderr.isatty():
            from rich.progress import Progress

            self._bar = Progress(*Progress.get_default_columns(), transient=True)
            self._task = self._bar.add_task(f"analysing {n_files} files", total=n_files)

    def __enter__(self):
        if self._bar:
            self._bar.start()
        return self.advance

    def advance(self, n_files: float) -> None:
        """Called from this thread, or from the thread that reads the workers' progress; on this
        thread, where a stop asked for and swallowed on the way is raised again (between files)."""
        stop_if_asked()
        with self._lock:
            self._done += n_files
            now = time.monotonic()
            due = now - self._last_line >= PROGRESS_SECONDS and self._done < self._total
            if due:
                self._last_line = now
        if self._bar:
            self._bar.advance(self._task, n_files)
            return
        if due:
            left = (now - self._started) / self._done * (self._total - self._done)
            line = f"analysed {self._done:.0f} of {self._total} files ({self._done / self._total:.0%}), about {left:.0f} s left"
            print(line, file=sys.stderr, flush=True)
            if self._logger:
                self._logger.info(line)

    def __exit__(self, *exc):
        if self._bar:
            self._bar.stop()


PROGRESS_SECONDS = 10.0


def run_logger():
    """The flow run's logger (its lines go to Prefect's UI); None outside a flow run."""
    from prefect.exceptions import MissingContextError
    from prefect.logging import get_run_logger

    try:
        return get_run_logger()
    except MissingContextError:
        return None


def log(line: str) -> None:
    if logger := run_logger():
        logger.info(line)
