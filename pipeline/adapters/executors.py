"""Task executors on third-party libraries (the only module that imports pebble and dask): local
worker processes with per-task timeouts (pebble), and a Dask distributed cluster.

Both have ``submit(fn, args, timeout) -> handle`` and ``wait(handles)`` (at least one done ->
``(handle, outcome)`` pairs); an outcome is the task's result or the exception standing in for it.
"""
from __future__ import annotations

import concurrent.futures as cf
import threading
from collections.abc import Callable, Iterable
from typing import Any

Outcome = Any


class TaskTimeout(Exception):
    """A task did not finish in time."""


class TaskCrashed(Exception):
    """The process running a task died (segfault, out of memory, killed)."""


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
            except Exception as exc:
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
        except BaseException as exc:
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
            except Exception as exc:
                res = exc
            out.append((fut, res))
        return out

    def close(self) -> None:
        if self._own:
            self.client.close()


