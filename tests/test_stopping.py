"""SIGTERM stops a `newslake` command like Ctrl-C, also when it lands where Python drops exceptions."""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# What each program starts with: the command's handlers, and an object whose finaliser receives a
# SIGTERM (as a weakref callback of the import machinery did in CI: Python prints "Exception
# ignored" and goes on)
PROGRAM = """
import signal, time
from cli.stopping import stop_on_sigterm

class Finalised:
    def __del__(self):
        signal.raise_signal(signal.SIGTERM)
        for _ in range(1000):  # the handler runs here, inside the finaliser
            pass

stop_on_sigterm()
"""


def run(program: str) -> subprocess.CompletedProcess:
    """In a process of its own: the signal handlers are the program's, not those of whatever runs the tests."""
    return subprocess.run([sys.executable, "-c", PROGRAM + textwrap.dedent(program)], cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_sigterm_raises_keyboard_interrupt():
    finished = run("""
        try:
            signal.raise_signal(signal.SIGTERM)
            time.sleep(5)
            print("carried on")
        except KeyboardInterrupt:
            print("stopped")
    """)
    assert finished.stdout == "stopped\n", finished.stderr


# While a flow runs, Prefect's own SIGTERM handler raises its TerminationSignal instead (as
# prefect.utilities.engine.capture_sigterm installs it)
PREFECTS_HANDLER = """
from prefect.exceptions import TerminationSignal

def prefects(signum, frame):
    raise TerminationSignal(signal=signum)

signal.signal(signal.SIGTERM, prefects)
"""


@pytest.mark.parametrize("handler, raised", [("", "KeyboardInterrupt"), (PREFECTS_HANDLER, "TerminationSignal")], ids=["ours", "Prefect's"])
def test_a_sigterm_landing_in_a_finaliser_still_stops_the_command(handler, raised):
    finished = run(handler + f"""
try:
    Finalised()
    time.sleep(5)
    print("carried on")
except {raised}:
    print("stopped")
""")
    assert (finished.stdout, finished.stderr) == ("stopped\n", "")


def test_a_dropped_stop_is_not_sent_again_into_the_cleanup_of_a_later_one():
    finished = run("""
        try:
            Finalised()  # dropped, to be sent again 10 ms later
            signal.raise_signal(signal.SIGTERM)  # a second stop, handled at once
        except KeyboardInterrupt:
            try:
                time.sleep(0.2)  # cleaning up
                print("cleaned up")
            except KeyboardInterrupt:
                print("interrupted while cleaning up")
    """)
    assert finished.stdout == "cleaned up\n", finished.stderr


def test_other_dropped_exceptions_are_still_printed():
    finished = run("""
        class Broken:
            def __del__(self):
                raise ValueError("a finaliser failed")

        Broken()
        print("carried on")
    """)
    assert finished.stdout == "carried on\n" and "ValueError: a finaliser failed" in finished.stderr


@pytest.mark.parametrize("handler, raised", [("", "KeyboardInterrupt"), (PREFECTS_HANDLER, "TerminationSignal")], ids=["ours", "Prefect's"])
def test_a_stop_a_library_swallows_is_raised_again_at_the_next_safe_point(handler, raised):
    # a library that turns every exception into something else (seen once in 10 `make test` runs:
    # `serve` finished its first run after SIGTERM, then served on)
    finished = run(handler + f"""
from newslake.interrupts import stop_if_asked
try:
    signal.raise_signal(signal.SIGTERM)
    time.sleep(0.1)
except {raised}:
    pass  # swallowed
time.sleep(0.1)  # (the thread that reads the wakeup pipe)
try:
    stop_if_asked()
    print("carried on")
except KeyboardInterrupt:
    print("stopped")
""")
    assert (finished.stdout, finished.stderr) == ("stopped\n", "")


def test_without_a_stop_the_safe_points_let_the_command_go_on():
    finished = run("""
        from newslake.interrupts import stop_if_asked
        stop_if_asked()
        print("carried on")
    """)
    assert finished.stdout == "carried on\n", finished.stderr


def raising(error: Exception, stop: bool):
    """A flow that raises; with `stop`, what Prefect's task engine does when the stop lands while it
    creates a task run: its handler of the KeyboardInterrupt raises an error of its own."""

    def run(*args, **kwargs):
        from newslake.interrupts import ask_to_stop

        if stop:
            ask_to_stop()
        raise error

    return run


@pytest.fixture
def no_stop_yet(monkeypatch):
    """A stop asked in one test stays in that test."""
    import threading

    import newslake.interrupts

    monkeypatch.setattr(newslake.interrupts, "_asked", threading.Event())


@pytest.mark.parametrize("stop, expected", [(True, (0, "stopped")), (False, (1, "error: serve failed: ValueError: Task run is not set"))], ids=["stopped", "failed"])
def test_serve_stopped_into_an_error_says_stopped_and_fails_in_one_line_otherwise(tmp_path, monkeypatch, no_stop_yet, stop, expected):
    from contextlib import nullcontext

    from typer.testing import CliRunner

    import cli.app
    import flows.serve

    monkeypatch.setattr(cli.app, "configure_prefect", lambda: None)
    monkeypatch.setattr(flows.serve, "local_prefect_server", lambda: nullcontext("http://127.0.0.1:4200/api"))
    monkeypatch.setattr(flows.serve, "serve_ingest", raising(ValueError("Task run is not set"), stop))
    result = CliRunner().invoke(cli.app.app, ["serve", "--interval", "3600", "--seeds", str(tmp_path), "--data", str(tmp_path / "data")])
    assert (result.exit_code, result.output.splitlines()[-1]) == expected


def test_an_ingest_stopped_into_an_error_says_interrupted(tmp_path, monkeypatch, no_stop_yet):
    from typer.testing import CliRunner

    import cli.app
    import newslake.planning

    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.txt").write_text("Talks resumed on Monday.\n")
    monkeypatch.setattr(newslake.planning, "plan_run", raising(RuntimeError("lost"), stop=True))
    result = CliRunner().invoke(cli.app.app, ["ingest", "--seeds", str(tmp_path / "seeds"), "--data", str(tmp_path / "data")])
    assert (result.exit_code, result.output.splitlines()) == (1, [f"error: interrupted; nothing was written to {tmp_path / 'data'}: it holds no snapshot yet"])
