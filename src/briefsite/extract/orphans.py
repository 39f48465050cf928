"""No orphan processes: a child process (the CLI's build child, an extraction worker) ends when the process that
started it dies, however it dies (even SIGKILL), so a killed build leaves nothing running behind."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int | None = None, *, owner: int | None = None) -> None:
    """End this process when its parent dies (the kernel's parent-death signal, Linux prctl). `parent`: the pid
    the caller knows its parent by (None: the current parent, and a parent already gone — pid 1 — ends this
    process at once). `owner`: a further process, not the parent (a pool's owner, whose workers are forked by
    a server), watched by a thread."""
    if owner is not None:
        threading.Thread(target=_watch, args=(owner,), daemon=True, name="owner-watchdog").start()
    known = parent is not None
    parent = os.getppid() if parent is None else parent
    name = ctypes.util.find_library("c")
    if name and sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(name).prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL))
    if os.getppid() != parent or (not known and parent == 1):  # it died before the prctl took effect
        os._exit(1)


def _watch(owner: int) -> None:
    while True:
        time.sleep(1)
        try:
            os.kill(owner, 0)
        except ProcessLookupError:
            os._exit(1)
        except OSError:
            continue
