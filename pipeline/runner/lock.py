"""``<out>/.lock``: one run at a time per output folder.

The lock is the kernel's (``flock`` on ``<out>/.lock``): taken atomically, released by the kernel
when the run ends in any way (done, interrupted, killed), so there is no stale lock to take over
and no race between two runs that start together. The file says who holds it (pid, host, start),
for the message a second run prints; it stays on disk between runs.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
import time
from collections.abc import Callable
from pathlib import Path

LOCK = ".lock"

#: the lock files this process holds; a forked child (a worker) closes its copies at once, so that
#: only the run itself holds the lock (closing a copy does not release the run's lock)
_HELD: set[int] = set()


def _close_in_child() -> None:
    for fd in list(_HELD):
        with contextlib.suppress(OSError):
            os.close(fd)
    _HELD.clear()


os.register_at_fork(after_in_child=_close_in_child)


class LockedError(RuntimeError):
    """Another run is writing to the same output folder."""


class OutputLock:
    def __init__(self, out_dir: str | Path, warn: Callable[[str], None] | None = None):
        self.path = Path(out_dir) / LOCK
        self.warn = warn or (lambda msg: None)
        self._fd: int | None = None

    def __enter__(self) -> OutputLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read(fd)
            os.close(fd)
            who = f"pid {holder.get('pid')} on {holder.get('host')}" if holder else "another process"
            raise LockedError(
                f"another run ({who}) is writing to {self.path.parent}; wait for it to end"
            ) from None
        before = _read(fd)
        if before.get("pid") and not before.get("ended"):
            self.warn(
                f"the previous run (pid {before.get('pid')}) did not end cleanly; its lock is taken over"
            )
        os.ftruncate(fd, 0)
        os.pwrite(
            fd,
            json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "started": time.time()}).encode(),
            0,
        )
        self._fd = fd
        _HELD.add(fd)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fd is None:
            return
        try:
            info = _read(self._fd)
            os.ftruncate(self._fd, 0)
            os.pwrite(self._fd, json.dumps({**info, "ended": time.time()}).encode(), 0)
        finally:
            _HELD.discard(self._fd)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def _read(fd: int) -> dict:
    try:
        data = os.pread(fd, 4096, 0)
        return json.loads(data.decode()) if data else {}
    except (OSError, ValueError):
        return {}
