"""SIGTERM stops a `newslake` command like Ctrl-C, also when it lands where Python drops exceptions."""

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(program: str) -> subprocess.CompletedProcess:
    """In a process of its own: the signal handlers are the program's, not those of whatever runs the tests."""
    return subprocess.run([sys.executable, "-c", textwrap.dedent(program)], cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_sigterm_raises_keyboard_interrupt():
    finished = run("""
        import signal, time
        from cli.stopping import stop_on_sigterm
        stop_on_sigterm()
        try:
            signal.raise_signal(signal.SIGTERM)
            time.sleep(5)
            print("carried on")
        except KeyboardInterrupt:
            print("stopped")
    """)
    assert finished.stdout == "stopped\n", finished.stderr


def test_a_sigterm_landing_in_a_finaliser_still_stops_the_command():
    """As in a weakref callback of the import machinery: Python prints "Exception ignored" and goes on."""
    finished = run("""
        import signal, time
        from cli.stopping import stop_on_sigterm

        class Finalised:
            def __del__(self):
                signal.raise_signal(signal.SIGTERM)
                for _ in range(1000):  # the handler runs here, inside the finaliser
                    pass

        stop_on_sigterm()
        try:
            Finalised()
            time.sleep(5)
            print("carried on")
        except KeyboardInterrupt:
            print("stopped")
    """)
    assert (finished.stdout, finished.stderr) == ("stopped\n", "")


def test_other_dropped_exceptions_are_still_printed():
    finished = run("""
        from cli.stopping import stop_on_sigterm

        class Broken:
            def __del__(self):
                raise ValueError("a finaliser failed")

        stop_on_sigterm()
        Broken()
        print("carried on")
    """)
    assert finished.stdout == "carried on\n" and "ValueError: a finaliser failed" in finished.stderr
