"""One build at a time: a lock file (`.cache/build.lock`) held for the whole build, holding the holder's pid.

Two builds started at once would stage into the same folders and save the citations cache over each other;
the second waits for the first (up to a bound, then says which process holds the lock). The lock is an
flock, so the kernel drops it when its holder dies, however it dies: a killed build never leaves a lock
that the next one must remove by hand. The holder's forked workers share it, and die with the holder
(Linux: PR_SET_PDEATHSIG), so no orphaned worker goes on writing after its build is gone.

`make site` (kparchive.makesite) holds the lock for its whole run and hands it to the steps it runs as
processes of their own (build_index.py, the offline edition), which take it themselves when run alone: the
step inherits the locked descriptor (`handed_down()`: its number in KP_BUILD_LOCK_FD), and taking the lock
through it succeeds at once, since the kernel's lock belongs to that open file, not to a process. A step's
process dies with the run that started it (`dies_with_us`), so a killed `make site` leaves no MkDocs or
Pagefind writing on.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

try:
    import fcntl
except ImportError:  # not on POSIX: one build at a time is the user's to keep
    fcntl = None

LOCK = "build.lock"
INHERITED = "KP_BUILD_LOCK_FD"  # the descriptor of the lock a parent build holds, handed to its steps
_PR_SET_PDEATHSIG = 1
_holder: int | None = None  # the pid holding the lock in this process (inherited by forked workers)


class Busy(Exception):
    """Another build holds the lock."""

    def __init__(self, pid: str, waited: float):
        super().__init__(f"another build (pid {pid}) is running")
        self.pid = pid
        self.waited = waited


def _killed_with_parent() -> bool:
    """Ask the kernel to kill this process when its parent dies (Linux); False where it cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return False
    return True


def _die_with_holder() -> None:
    """In a worker forked by the lock's holder: be killed when the holder dies."""
    if _holder is None or not _killed_with_parent():
        return
    if os.getppid() != _holder:  # the holder died before prctl took effect
        os._exit(1)


def _die_with_parent(parent: int) -> None:
    if _killed_with_parent() and os.getppid() != parent:
        os._exit(1)  # the parent died before prctl took effect


def dies_with_us() -> dict:
    """`subprocess` keyword arguments for a build's step run as a process (MkDocs, Pagefind, build_index.py):
    killed when the process that starts it dies, also across exec (Pagefind's wrapper execs its binary)."""
    return {"preexec_fn": partial(_die_with_parent, os.getpid())} if os.name == "posix" else {}


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
        self.inherited = False  # held through a parent build's descriptor: released by that build

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
        inherited = self._inherited()
        if inherited is not None:
            self.fd, self.inherited, _holder = inherited, True, os.getpid()
            return self
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

    def _inherited(self) -> int | None:
        """The descriptor of this lock that the build which started this process holds and handed down, if
        any: the same file, and locked through it at once (a descriptor of another lock, or none, is
        ignored, and the lock is taken as usual)."""
        handed = os.environ.get(INHERITED, "")  # a descriptor's number, not a setting: never a user's
        try:
            fd = int(handed)
            held, own = os.fstat(fd), os.stat(self.path)
            if (held.st_dev, held.st_ino) != (own.st_dev, own.st_ino):
                return None
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except (ValueError, OSError):  # unset, or not a descriptor of this lock
            return None
        return fd

    def handed_down(self) -> dict:
        """What to give `subprocess` for a step that runs under this lock: the descriptor and its number."""
        if self.fd is None:
            return {}
        return {"pass_fds": (self.fd,), "env": {**os.environ, INHERITED: str(self.fd)}}

    def __exit__(self, *exc) -> None:
        global _holder
        if self.fd is None:
            return
        _holder = None
        if self.inherited:  # the parent build's lock: it stays held until that build ends
            self.fd = None
            return
        os.ftruncate(self.fd, 0)
        fcntl.flock(self.fd, fcntl.LOCK_UN)
        os.close(self.fd)
        self.fd = None
