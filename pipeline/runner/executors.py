"""Where tasks run: in this process, in local worker processes, or on a Dask cluster (the last
two are ``pipeline.adapters.executors``, the only module that imports pebble and dask).

Every executor has ``submit(fn, args, timeout) -> handle`` and ``wait(handles)``, which blocks
until at least one handle is done and returns ``(handle, outcome)`` pairs. An outcome is the
task's result or the exception that stands in for it (``TaskTimeout``, ``TaskCrashed`` or the
error the task raised): a hung or crashing task never stops the others. Local workers are pebble
processes (a task past its timeout is killed with its process). On Dask the timeout is kept by a
watchdog thread inside the task (a hung task is reported and abandoned; its thread may keep that
worker busy until the worker restarts). Workers load rules and dictionaries once (module caches).
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ..adapters.executors import DaskExecutor, LocalExecutor, TaskCrashed, TaskTimeout

Outcome = Any  # a result, or an exception instance


class _Done:
    """The handle of a task that already ran (inline)."""

    def __init__(self, outcome: Outcome):
        self.outcome = outcome


class InlineExecutor:
    """Tasks one after the other in this process, at submit; a task past its timeout is
    interrupted by an alarm signal (in the main thread)."""

    name = "inline"
    slots = 1

    def submit(self, fn: Callable, args: tuple, timeout: float | None = None) -> _Done:
        try:
            with _alarm(timeout):
                return _Done(fn(*args))
        except Exception as exc:
            return _Done(exc)

    def wait(self, handles: Iterable[_Done]) -> list[tuple[_Done, Outcome]]:
        return [(h, h.outcome) for h in handles]

    def cancel(self, handles: Iterable[_Done]) -> None:
        pass  # they ran at submit

    def close(self, abort: bool = False) -> None:
        pass


@contextlib.contextmanager
def raising_on(signum: int, error: Callable[[int], BaseException]) -> Iterator[bool]:
    """While inside, ``error(signum)`` is raised when ``signum`` arrives; the handler before is put
    back after. Yields whether it was installed (only the main thread receives signals)."""
    if threading.current_thread() is not threading.main_thread():
        yield False
        return

    def handler(signum: int, frame: Any) -> None:
        raise error(signum)

    before = signal.signal(signum, handler)
    try:
        yield True
    finally:
        signal.signal(signum, before)


@contextlib.contextmanager
def _alarm(timeout: float | None) -> Iterator[None]:
    """Raise ``TaskTimeout`` in this (main) thread after ``timeout`` seconds."""
    if not timeout:
        yield
        return
    with raising_on(signal.SIGALRM, lambda _: TaskTimeout(f"timed out after {timeout:.0f} s")) as armed:
        if armed:
            signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            yield
        finally:
            if armed:
                signal.setitimer(signal.ITIMER_REAL, 0)


class SchedulerUnreachable(RuntimeError):
    """The Dask scheduler given with ``--scheduler`` cannot be reached."""


def make_executor(
    workers: int | None = None, scheduler: Any = None, memory_mb: int | None = None, max_tasks: int = 0
) -> Any:
    """``scheduler`` (a Dask address or Client) wins; else local processes (``workers`` or all
    cores, each with ``memory_mb`` at most, each replaced after ``max_tasks`` tasks unless 0);
    ``workers=0`` runs inline."""
    if scheduler is not None:
        try:
            return DaskExecutor(scheduler)
        except (OSError, TimeoutError) as exc:
            raise SchedulerUnreachable(
                f"cannot use the Dask scheduler at {scheduler}: {exc} (is `dask scheduler` running there, "
                "with `dask worker` processes joined to it?)"
            ) from exc
    if workers == 0:
        return InlineExecutor()
    return LocalExecutor(workers or os.cpu_count() or 1, memory_mb, max_tasks)


def is_failure(outcome: Outcome) -> bool:
    return isinstance(outcome, BaseException)


def describe(outcome: BaseException) -> str:
    if isinstance(outcome, (TaskTimeout, TaskCrashed)):
        return str(outcome)
    return f"{type(outcome).__name__}: {outcome}"


__all__ = [
    "DaskExecutor",
    "InlineExecutor",
    "LocalExecutor",
    "SchedulerUnreachable",
    "TaskCrashed",
    "TaskTimeout",
    "describe",
    "is_failure",
    "make_executor",
    "raising_on",
]
