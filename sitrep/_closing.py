"""One way to be a context manager that lets go of a resource: :class:`Closing`."""

from __future__ import annotations

from types import TracebackType
from typing import Self


class Closing:
    """Used as ``with X(...) as x:``, ``x`` is closed when the block ends, however it ends.

    A subclass says what closing means in :meth:`close` (a database connection,
    an HTTP client, a lock file) and may do more on entry by overriding
    ``__enter__``.
    """

    def close(self) -> None:
        """Let go of what this object holds; a second call does nothing."""
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
