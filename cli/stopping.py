"""SIGTERM stops a `newslake` command like Ctrl-C, and no stop is lost.

SIGTERM is what stops a command started in the background of a shell (SIGINT is ignored there) or
by a supervisor. A signal's handler runs wherever the main thread is; when that is a finaliser or a
weakref callback (a module lock freed during an import, seen in CI while `serve`'s first run loaded
its model), the KeyboardInterrupt it raises is printed as "Exception ignored" and dropped, and the
command carried on as if never stopped: `serve` then served its schedule until killed.
"""

from __future__ import annotations

import signal
import sys
import threading
from typing import NoReturn

_RESEND_SECONDS = 0.01


def stop_on_sigterm() -> None:
    """SIGTERM raises KeyboardInterrupt (whatever SIGINT was set to by whoever started the command),
    and a KeyboardInterrupt that Python had to drop is raised again, where the main thread goes on."""
    signal.signal(signal.SIGTERM, _interrupt)
    sys.unraisablehook = _raise_dropped_interrupt(sys.unraisablehook)


def _interrupt(signum, frame) -> NoReturn:
    raise KeyboardInterrupt


def _raise_dropped_interrupt(previous):
    def hook(unraisable) -> None:
        if isinstance(unraisable.exc_value, KeyboardInterrupt):
            # Not from here: the main thread would run the handler inside this hook, at its next
            # call, and the raise would be dropped again. Marked as arrived a moment later, the
            # handler runs wherever the main thread has gone on to (dropped again, it comes back here);
            # sent to the main thread, the signal also ends a wait it is blocked in.
            main = threading.main_thread().ident
            resend = threading.Timer(_RESEND_SECONDS, signal.pthread_kill, args=(main, signal.SIGTERM))
            resend.daemon = True
            resend.start()
        else:
            previous(unraisable)

    return hook
