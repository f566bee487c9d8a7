"""One guard around every file and every record read: whatever a reader raises becomes a reject
that names the file, the record and the reason, so one hostile input never stops a run.

Readers raise `RejectedInput` (or `limits.OverLimit`) with a reason written for people; anything
else they raise (a parser's recursion on deep nesting, a library's error on bytes nobody
foresaw) is a reject too, named by its type. A reader of a new format gets the same treatment by
reading inside `read_guarded`, and by handing its records to `each_record`.
"""

from __future__ import annotations

from typing import Callable, Iterable, NamedTuple, TypeVar

from transforms.reading.decoding import RejectedInput

T = TypeVar("T")
_LONGEST_REASON = 300


class Reject(NamedTuple):
    """An input, or one record of it, that did not become a document, and why (one line): `line`
    of a dump's record, `offset` of a web archive's."""

    source_path: str
    reason: str
    line: int | None = None
    offset: int | None = None

    @property
    def whole_file(self) -> bool:
        return self.line is None and self.offset is None


def reason(error: BaseException) -> str:
    """Why an input was rejected, in one line: a reader's own reason as it is; any other error by
    its type and first line (the type says more than a message such as '0')."""
    if isinstance(error, RejectedInput):
        text = str(error)
    elif isinstance(error, RecursionError):
        text = "nested too deeply to read (RecursionError)"
    elif isinstance(error, MemoryError):
        text = "too large to read (MemoryError)"
    elif isinstance(error, OSError):
        text = f"cannot read: {error.strerror or error}"
    else:
        first = str(error).strip().splitlines()[0] if str(error).strip() else ""
        text = f"could not be read ({type(error).__name__}{': ' + first if first else ''})"
    text = " ".join(text.split())
    return text if len(text) <= _LONGEST_REASON else text[: _LONGEST_REASON - 1] + "…"


def read_guarded(source_path: str, read: Callable[[], tuple[list[T], list[Reject]]]) -> tuple[list[T], list[Reject]]:
    """What `read` makes of one file (its articles and the rejects of its records); anything it
    raises is one reject of the whole file."""
    try:
        return read()
    except Exception as error:  # the guard: no reader's error reaches the run
        return [], [Reject(source_path, reason(error))]


def each_record(source_path: str, records: Iterable[tuple[int, Callable[[], T]]], unit: str = "line") -> tuple[list[T], list[Reject]]:
    """Build each record of a file (`records` yields where it starts and how to build it); a
    record that raises is one reject naming its `unit` and number, and the next one is read. An
    error while finding the records (the file's own structure is broken) rejects what is left of
    the file and keeps the records before it."""
    built: list[T] = []
    rejects: list[Reject] = []
    iterator = iter(records)
    number = None
    while True:
        try:
            item = next(iterator)
        except StopIteration:
            break
        except Exception as error:
            where = f"after {unit} {number}" if number is not None else f"at {unit} 1"
            rejects.append(Reject(source_path, f"{where}: {reason(error)}; the rest of the file was not read", number + 1 if number is not None else 1))
            break
        number, build = item
        try:
            built.append(build())
        except Exception as error:
            rejects.append(Reject(source_path, f"{unit} {number}: {reason(error)}", number))
    return built, rejects


def whole_file(source_path: str, rejects: list[Reject], done: str = "read") -> Reject:
    """One reject for a file none of whose records became a document (`rejects`: theirs)."""
    if len(rejects) == 1:
        return Reject(source_path, rejects[0].reason)
    return Reject(source_path, f"none of its {len(rejects)} records could be {done}; the first, {rejects[0].reason}")
