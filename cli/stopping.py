"""SIGTERM stops a `newslake` command like Ctrl-C, and no stop is lost.

SIGTERM is what stops a command started in the background of a shell (SIGINT is ignored there) or
by a supervisor. A signal's handler runs wherever the main thread is; when that is a finaliser or a
weakref callback (a module lock freed during an import, seen in CI while `serve`'s first run loaded
its model), the KeyboardInterrupt it raises is printed as "Exception ignored" and dropped, and the
command carried on as if never stopped: `serve` then served its schedule until killed.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from typing import NoReturn

from newslake.interrupts import ask_to_stop

_RESEND_SECONDS = 0.01


def stop_on_sigterm() -> None:
    """SIGTERM raises KeyboardInterrupt (whatever SIGINT was set to by whoever started the command),
    and a KeyboardInterrupt that Python had to drop is raised again, where the main thread goes on.
    Every SIGTERM and SIGINT is also recorded (`newslake.interrupts`), whichever handler takes it
    (Prefect installs its own while a flow runs): the interpreter writes each signal's number to
    a wakeup pipe before any handler runs, and a thread reads it."""
    signal.signal(signal.SIGTERM, _interrupt)
    sys.unraisablehook = _raise_dropped_interrupt(sys.unraisablehook)
    _record_stops()


def _record_stops() -> None:
    read_end, write_end = os.pipe()
    os.set_blocking(write_end, False)
    signal.set_wakeup_fd(write_end, warn_on_full_buffer=False)

    def read() -> None:
        while data := os.read(read_end, 64):
            if signal.SIGTERM in data or signal.SIGINT in data:
                ask_to_stop()

    threading.Thread(target=read, name="stop signals", daemon=True).start()


def _interrupt(signum, frame) -> NoReturn:
    ask_to_stop()
    for resend in _resends:
        resend.cancel()  # this stop arrived: a dropped one is not sent again into its cleanup
    _resends.clear()
    raise KeyboardInterrupt


_resends: list[threading.Timer] = []


def _raise_dropped_interrupt(previous):
    def hook(unraisable) -> None:
        number = _stop_signal(unraisable.exc_value)
        if number is None:
            previous(unraisable)
            return
        # Not from here: the main thread would run the handler inside this hook, at its next
        # call, and the raise would be dropped again. Marked as arrived a moment later, the
        # handler runs wherever the main thread has gone on to (dropped again, it comes back here);
        # sent to the main thread, the signal also ends a wait it is blocked in.
        main = threading.main_thread().ident
        resend = threading.Timer(_RESEND_SECONDS, signal.pthread_kill, args=(main, number))
        resend.daemon = True
        _resends.append(resend)
        resend.start()

    return hook


def _stop_signal(error: BaseException | None) -> int | None:
    """The signal a dropped exception stood for: ours (KeyboardInterrupt), or Prefect's
    TerminationSignal, which its own SIGTERM handler raises while a flow runs."""
    if isinstance(error, KeyboardInterrupt):
        return signal.SIGTERM
    number = getattr(error, "signal", None)
    if isinstance(error, BaseException) and not isinstance(error, Exception) and number in (signal.SIGTERM, signal.SIGINT):
        return number
    return None
