"""Where tasks run: in this process, in local worker processes, or on a Dask cluster.

Every executor has ``submit(fn, args, timeout) -> handle`` and ``wait(handles)``, which blocks
until at least one handle is done and returns ``(handle, outcome)`` pairs. An outcome is the
task's result or the exception that stands in for it (``TaskTimeout``, ``TaskCrashed`` or the
error the task raised): a hung or crashing task never stops the others. Local workers are pebble
processes (a task past its timeout is killed with its process). On Dask the timeout is kept by a
watchdog thread inside the task (a hung task is reported and abandoned; its thread may keep that
worker busy until the worker restarts). Workers load rules and dictionaries once (module caches).
"""
from __future__ import annotations

import concurrent.futures as cf
import os
import threading
from typing import Any, Callable, Iterable


class TaskTimeout(Exception):
    """A task did not finish in time."""


class TaskCrashed(Exception):
    """The process running a task died (segfault, out of memory, killed)."""


Outcome = Any  # a result, or an exception instance


class _Done:
    """The handle of a task that already ran (inline)."""

    def __init__(self, outcome: Outcome):
        self.outcome = outcome


class InlineExecutor:
    """Tasks one after the other in this process, at submit (no timeouts; tests and debugging)."""

    name = "inline"

    def submit(self, fn: Callable, args: tuple, timeout: float | None = None) -> _Done:
        try:
            return _Done(fn(*args))
        except Exception as exc:  # noqa: BLE001 - reported as the task's outcome
            return _Done(exc)

    def wait(self, handles: Iterable[_Done]) -> list[tuple[_Done, Outcome]]:
        return [(h, h.outcome) for h in handles]

    def close(self) -> None:
        pass


class LocalExecutor:
    """Tasks in ``workers`` local processes (pebble), each with a timeout."""

    def __init__(self, workers: int):
        import multiprocessing

        from pebble import ProcessPool

        self.workers = max(1, workers)
        self.name = f"processes({self.workers})"
        # fork where there is fork (Linux): workers start with the imports and rules already
        # loaded; the same on every Python (3.14 changed the default to forkserver)
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        self._pool = ProcessPool(max_workers=self.workers, context=context)
        self._timeouts: dict[cf.Future, float | None] = {}

    def submit(self, fn: Callable, args: tuple, timeout: float | None = None) -> cf.Future:
        fut = self._pool.schedule(fn, args=args, timeout=timeout)
        self._timeouts[fut] = timeout
        return fut

    def wait(self, handles: Iterable[cf.Future]) -> list[tuple[cf.Future, Outcome]]:
        from pebble import ProcessExpired

        done, _ = cf.wait(list(handles), return_when=cf.FIRST_COMPLETED)
        out = []
        for fut in done:
            timeout = self._timeouts.pop(fut, None)
            try:
                res = fut.result()
            except cf.TimeoutError:
                res = TaskTimeout(f"timed out after {timeout:.0f} s")
            except ProcessExpired as exc:
                res = TaskCrashed(f"worker process died ({exc})")
            except Exception as exc:  # noqa: BLE001
                res = exc
            out.append((fut, res))
        return out

    def close(self) -> None:
        self._pool.close()
        self._pool.join()


def _with_deadline(fn: Callable, timeout: float | None, *args):
    """Run ``fn(*args)`` with a deadline (on a Dask worker, where no process can be killed)."""
    if timeout is None:
        return fn(*args)
    box: dict[str, Any] = {}

    def target():
        try:
            box["result"] = fn(*args)
        except BaseException as exc:  # noqa: BLE001 - handed back to the caller
            box["error"] = exc

    t = threading.Thread(target=target, daemon=True)
    t.start()
    t.join(timeout)
    if t.is_alive():
        raise TaskTimeout(f"timed out after {timeout:.0f} s")
    if "error" in box:
        raise box["error"]
    return box["result"]


class DaskExecutor:
    """Tasks on a Dask distributed cluster (``ADDRESS`` of its scheduler, or a ``Client``)."""

    def __init__(self, address_or_client: Any):
        from distributed import Client

        self._own = not isinstance(address_or_client, Client)
        self.client = Client(address_or_client) if self._own else address_or_client
        self.name = f"dask({self.client.scheduler.address})"

    def submit(self, fn: Callable, args: tuple, timeout: float | None = None):
        return self.client.submit(_with_deadline, fn, timeout, *args, pure=False)

    def wait(self, handles):
        from distributed import wait

        done = wait(list(handles), return_when="FIRST_COMPLETED").done
        out = []
        for fut in done:
            try:
                res = fut.result()
            except Exception as exc:  # noqa: BLE001 - TaskTimeout or the task's own error
                res = exc
            out.append((fut, res))
        return out

    def close(self) -> None:
        if self._own:
            self.client.close()


def make_executor(workers: int | None = None, scheduler: Any = None):
    """``scheduler`` (a Dask address or Client) wins; else local processes (``workers`` or all
    cores); ``workers=0`` runs inline."""
    if scheduler is not None:
        return DaskExecutor(scheduler)
    if workers == 0:
        return InlineExecutor()
    return LocalExecutor(workers or os.cpu_count() or 1)


def is_failure(outcome: Outcome) -> bool:
    return isinstance(outcome, BaseException)


def describe(outcome: BaseException) -> str:
    if isinstance(outcome, (TaskTimeout, TaskCrashed)):
        return str(outcome)
    return f"{type(outcome).__name__}: {outcome}"
