"""One database file, one writing process at a time, and a server that reads it meanwhile.

DuckDB lets a file be open in one process for writing or in several for
reading, never both. So that ``sitrep ingest`` can add articles while
``sitrep serve`` shows the same file, neither holds it for long:

* the writer (:class:`Writer`) holds the file only for one batch's transaction
  or one merge (:meth:`Writer.session`); the NLP work between batches, which is
  most of an ingest, runs with the file closed;
* the server (:class:`SharedReader`) holds it while it answers, and lets go at
  the end of a request when a writer is running, or half a second after its last
  request.

They meet in a small lock file beside the database (``FILE.writer``) holding two
POSIX record locks: byte 0 is held by a writing process for its whole run (a
second ingest sees it and stops at once, or waits with ``--wait``); byte 1 by
the writer while it wants or holds the file, during which the server waits
instead of reopening, so a busy server cannot starve the writer. A reader
opens the file only between two sessions, so it sees what was committed and
never half of an article. Locks vanish with the process that held them: a
killed writer leaves nothing that blocks the next one.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from sitrep._closing import Closing
from sitrep.errors import StoreLockedError
from sitrep.store._connection import LOCK_POLL_S
from sitrep.store._store import Store

#: Byte ranges of the lock file: the writer's whole run, and one session of it.
_RUN, _SESSION = 0, 1
#: How long a writer's session waits for readers to let go of the file, at least.
SESSION_WAIT_S = 30.0
#: How long a starting writer waits for the file: a server lets go within one request.
_START_WAIT_S = 5.0
#: An idle server keeps the file this long after its last request (opening costs ~10 ms).
IDLE_CLOSE_S = 0.5

_BUSY = "database is in use by another process; retry when it has finished"


def lock_path(db: str | Path) -> Path:
    """The lock file beside the database ``db``."""
    return Path(f"{db}.writer")


def _held_by_other(fd: int, start: int) -> bool:
    """Whether another process holds byte ``start`` of the lock file (a shared test lock)."""
    try:
        fcntl.lockf(fd, fcntl.LOCK_SH | fcntl.LOCK_NB, 1, start)
    except OSError:
        return True
    fcntl.lockf(fd, fcntl.LOCK_UN, 1, start)
    return False


class Writer(Closing):
    """The one writing process of a database file; use it as a context manager.

    Example:
        >>> with Writer("sitrep.duckdb") as writer:                       # doctest: +SKIP
        ...     with writer.session() as store:
        ...         store.write_many(batch)

    Args:
        path: the DuckDB file (created on the first session when missing).
        lock_timeout: seconds to wait for another writing process to finish.

    Raises:
        StoreLockedError: (on entry) another process writes the file past ``lock_timeout``.
    """

    def __init__(self, path: str | Path, *, lock_timeout: float = 0.0) -> None:
        self.path = Path(path)
        self.lock_timeout = lock_timeout
        self._fd: int | None = None
        self._store: Store | None = None

    def __enter__(self) -> Writer:
        fd = os.open(lock_path(self.path), os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + self.lock_timeout
        while True:
            try:
                fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, _RUN)
                break
            except OSError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise StoreLockedError(str(self.path), _BUSY) from None
                time.sleep(LOCK_POLL_S)
        self._fd = fd
        try:  # fail early if a process that ignores the lock file holds the database
            with self.session(wait=max(self.lock_timeout, _START_WAIT_S)):
                pass
        except BaseException:
            self.close()
            raise
        return self

    def close(self) -> None:
        """End the run: let go of the lock file, so another writer may start."""
        if self._fd is not None:
            os.close(self._fd)  # releases both locks
            self._fd = None

    @contextlib.contextmanager
    def session(self, *, wait: float | None = None) -> Iterator[Store]:
        """Hold the file for one transaction or merge; readers wait meanwhile.

        Args:
            wait: seconds to wait for readers to let go (default
                :data:`SESSION_WAIT_S` or the writer's ``lock_timeout``, the longer).

        Raises:
            StoreLockedError: the file stayed open elsewhere past ``wait``.
        """
        if self._fd is None:
            raise RuntimeError("a Writer's session needs the Writer entered")
        fcntl.lockf(self._fd, fcntl.LOCK_EX, 1, _SESSION)
        try:
            timeout = max(SESSION_WAIT_S, self.lock_timeout) if wait is None else wait
            with Store.open(self.path, lock_timeout=timeout) as store:
                yield store
        finally:
            fcntl.lockf(self._fd, fcntl.LOCK_UN, 1, _SESSION)


class SharedReader:
    """A server's hold on a database that a :class:`Writer` may update at any time.

    One connection, opened when a request needs it and kept while requests
    follow one another; closed at the end of a request when a writer runs, or
    :data:`IDLE_CLOSE_S` after the last request (a writer may have started
    meanwhile). Thread-safe: requests take the connection one at a time.

    Args:
        path: the DuckDB file.
        read_only: open for queries only (a server without an ingest token).
        wait: seconds a request waits for a writer's session before failing.
    """

    def __init__(self, path: str | Path, *, read_only: bool, wait: float) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self.wait = wait
        self._store: Store | None = None
        self._lock = threading.Lock()
        self._queued = 0
        self._count_lock = threading.Lock()
        self._idle: threading.Timer | None = None

    @contextlib.contextmanager
    def hold(self) -> Iterator[Store]:
        """The store for one request: opened or kept, and let go afterwards if needed.

        Raises:
            StoreLockedError: a writer held the file past ``wait`` seconds.
        """
        with self._count():
            self._lock.acquire()
        if self._idle is not None:
            self._idle.cancel()
            self._idle = None
        try:
            fd = self._lock_fd()
            try:
                if fd is not None and _held_by_other(fd, _SESSION):
                    self._release()
                    self._wait_for_session(fd)
                if self._store is None:
                    self._store = Store.open(
                        self.path, read_only=self.read_only, lock_timeout=self.wait
                    )
                try:
                    yield self._store
                finally:
                    if fd is not None and _held_by_other(fd, _RUN):
                        self._release()
                    elif self._queued == 0:
                        self._idle = threading.Timer(IDLE_CLOSE_S, self._close_if_idle)
                        self._idle.daemon = True
                        self._idle.start()
            finally:
                if fd is not None:
                    os.close(fd)
        finally:
            self._lock.release()

    def close(self) -> None:
        """Let go of the file (at server shutdown)."""
        with self._lock:
            if self._idle is not None:
                self._idle.cancel()
            self._release()

    def _close_if_idle(self) -> None:
        if self._lock.acquire(blocking=False):  # a request holds it: it decides
            try:
                self._release()
            finally:
                self._lock.release()

    @contextlib.contextmanager
    def _count(self) -> Iterator[None]:
        with self._count_lock:
            self._queued += 1
        try:
            yield
        finally:
            with self._count_lock:
                self._queued -= 1

    def _lock_fd(self) -> int | None:
        try:
            return os.open(lock_path(self.path), os.O_RDONLY)
        except OSError:
            return None  # no writer has ever run here, or the folder is not ours to read

    def _wait_for_session(self, fd: int) -> None:
        deadline = time.monotonic() + self.wait
        while _held_by_other(fd, _SESSION):
            if time.monotonic() >= deadline:
                raise StoreLockedError(str(self.path), _BUSY)
            time.sleep(LOCK_POLL_S / 5)

    def _release(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
