"""``<out>/.lock``: one run at a time per output folder.

The lock file holds the owner's pid and host. A lock whose process is gone (same host, pid not
running) is taken over with a warning; a live one, or one held by another host (which cannot be
checked from here), stops the new run with ``LockedError``.
"""
from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import Callable
from pathlib import Path

LOCK = ".lock"


class LockedError(RuntimeError):
    """Another run is writing to the same output folder."""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


class OutputLock:
    def __init__(self, out_dir: str | Path, warn: Callable[[str], None] | None = None):
        self.path = Path(out_dir) / LOCK
        self.warn = warn or (lambda msg: None)

    def __enter__(self) -> OutputLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        me = json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "started": time.time()})
        for _ in range(2):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                self._take_over_if_stale()
                continue
            with os.fdopen(fd, "w") as f:
                f.write(me)
            return self
        raise LockedError(f"could not take the lock {self.path}")

    def _take_over_if_stale(self) -> None:
        try:
            info = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            info = {}
        pid, host = info.get("pid"), info.get("host")
        if host and host != socket.gethostname():
            raise LockedError(f"{self.path} is held by a run on {host} (pid {pid}); remove it if that run is gone")
        if isinstance(pid, int) and _alive(pid):
            raise LockedError(f"another run (pid {pid}) is writing to {self.path.parent}; "
                              f"wait for it, or remove {self.path} if it is gone")
        self.warn(f"taking over a stale lock {self.path} (pid {pid} is not running)")
        self.path.unlink(missing_ok=True)

    def __exit__(self, *exc: object) -> None:
        self.path.unlink(missing_ok=True)
