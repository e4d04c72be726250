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


def _die_with_parent() -> None:
    """Linux: the kernel kills this process when its parent dies (no orphan worker keeps running
    after the run is killed)."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _data_now() -> int:
    """This process's data segment in bytes (Linux; 0 elsewhere)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _worker_init(memory_mb: int | None) -> None:
    """A worker's start: its memory ceiling — ``memory_mb`` beyond what it was forked with (a PDF
    bomb fails the task, not the machine) — and its death with the run."""
    _die_with_parent()
    if memory_mb:
        import resource

        limit = _data_now() + memory_mb * 1024 * 1024
        _, hard = resource.getrlimit(resource.RLIMIT_DATA)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))


class LocalExecutor:
    """Tasks in ``workers`` local processes (pebble), each with a timeout and a memory ceiling;
    a process is replaced by a fresh one after ``max_tasks`` tasks (0: never), so that what the
    allocator and native libraries keep of each task does not add up over a long run."""

    def __init__(self, workers: int, memory_mb: int | None = None, max_tasks: int = 0):
        import multiprocessing

        from pebble import ProcessPool

        self.workers = max(1, workers)
        self.memory_mb = memory_mb
        self.name = f"processes({self.workers})"
        # fork where there is fork (Linux): workers start with the imports and rules already
        # loaded; the same on every Python (3.14 changed the default to forkserver)
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        self._pool = ProcessPool(
            max_workers=self.workers,
            max_tasks=max_tasks,
            context=context,
            initializer=_worker_init,
            initargs=(memory_mb,),
        )
        self._timeouts: dict[cf.Future, float | None] = {}
        self.slots = self.workers

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
                limit = f"; its memory limit is {self.memory_mb} MB" if self.memory_mb else ""
                res = TaskCrashed(f"worker process died ({exc}{limit})")
            except MemoryError:
                res = TaskCrashed(f"out of memory (the limit is {self.memory_mb} MB per worker)")
            except Exception as exc:
                res = exc
            out.append((fut, res))
        return out

    def cancel(self, handles: Iterable[cf.Future]) -> None:
        """Stop tasks (a running one is killed with its process; pebble starts another)."""
        for fut in handles:
            fut.cancel()
            self._timeouts.pop(fut, None)

    def close(self, abort: bool = False) -> None:
        if abort:
            self._pool.stop()  # running tasks are killed with their processes
        else:
            self._pool.close()
        self._pool.join()


def _connect(address: str, timeout: float) -> Any:
    """A Dask client of ``address``, or ``TimeoutError`` when the scheduler does not answer in
    ``timeout`` seconds (distributed's own timeout does not bound a listener that never speaks)."""
    from distributed import Client

    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["client"] = Client(address, timeout=f"{timeout:.0f}s")
        except BaseException as exc:
            box["error"] = exc

    t = threading.Thread(target=target, daemon=True)
    t.start()
    t.join(timeout + 5)
    if t.is_alive():
        raise TimeoutError(f"the scheduler did not answer in {timeout:.0f} s")
    if "error" in box:
        raise box["error"]
    return box["client"]


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
    """Tasks on a Dask distributed cluster (``ADDRESS`` of its scheduler, or a ``Client``).
    Connecting and waiting for a first worker are bounded (``connect_timeout`` seconds each): a
    scheduler that never answers, or one with no worker, is a ``TimeoutError`` that says which."""

    def __init__(self, address_or_client: Any, connect_timeout: float = 20.0):
        from distributed import Client

        self._own = not isinstance(address_or_client, Client)
        self.client = _connect(address_or_client, connect_timeout) if self._own else address_or_client
        try:
            self.client.wait_for_workers(1, timeout=connect_timeout)
        except (TimeoutError, OSError) as exc:
            if self._own:
                self.client.close()
            raise TimeoutError(f"no worker joined the scheduler in {connect_timeout:.0f} s") from exc
        self.name = f"dask({self.client.scheduler.address})"
        self.slots = max(1, sum(self.client.nthreads().values()))

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

    def cancel(self, handles) -> None:
        self.client.cancel(list(handles))

    def close(self, abort: bool = False) -> None:
        if self._own:
            self.client.close()
