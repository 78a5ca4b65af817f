"""One build at a time: a lock file (`.cache/build.lock`) held for the whole build, holding the holder's pid.

Two builds started at once would stage into the same folders and save the citations cache over each other;
the second waits for the first (up to a bound, then says which process holds the lock). The lock is an
flock, so the kernel drops it when its holder dies, however it dies: a killed build never leaves a lock
that the next one must remove by hand. The holder's forked workers share it, and die with the holder
(Linux: PR_SET_PDEATHSIG), so no orphaned worker goes on writing after its build is gone.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

try:
    import fcntl
except ImportError:  # not on POSIX: one build at a time is the user's to keep
    fcntl = None

LOCK = "build.lock"
_PR_SET_PDEATHSIG = 1
_holder: int | None = None  # the pid holding the lock in this process (inherited by forked workers)


class Busy(Exception):
    """Another build holds the lock."""

    def __init__(self, pid: str, waited: float):
        super().__init__(f"another build (pid {pid}) is running")
        self.pid = pid
        self.waited = waited


def _die_with_holder() -> None:
    """In a worker forked by the lock's holder: be killed when the holder dies."""
    if _holder is None or not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != _holder:  # the holder died before prctl took effect
        os._exit(1)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_die_with_holder)


class BuildLock:
    """`with BuildLock(cache_dir, wait=600, waiting=print_once):` — `waiting(pid)` is called once if the
    lock is held by another build; Busy is raised after `wait` seconds."""

    def __init__(self, folder: Path, wait: float = 600.0, waiting: Callable[[str], None] | None = None):
        self.path = folder / LOCK
        self.wait = wait
        self.waiting = waiting
        self.fd: int | None = None

    def holder(self) -> str:
        try:
            return self.path.read_text("ascii").strip() or "?"
        except (OSError, UnicodeDecodeError):
            return "?"

    def __enter__(self) -> BuildLock:
        global _holder
        if fcntl is None:
            return self
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
        started = time.monotonic()
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                waited = time.monotonic() - started
                if waited >= self.wait:
                    os.close(fd)
                    raise Busy(self.holder(), waited) from None
                if not told and self.waiting is not None:
                    self.waiting(self.holder())
                    told = True
                time.sleep(min(0.1, self.wait - waited))
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        self.fd = fd
        _holder = os.getpid()
        return self

    def __exit__(self, *exc) -> None:
        global _holder
        if self.fd is None:
            return
        _holder = None
        os.ftruncate(self.fd, 0)
        fcntl.flock(self.fd, fcntl.LOCK_UN)
        os.close(self.fd)
        self.fd = None
