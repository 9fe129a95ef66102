"""The one exception hierarchy of sitrep.

Every error sitrep raises on purpose derives from :class:`Error`, carries the
offending input, and renders as one line a user can act on: the CLI prints
``str(error)`` and exits non-zero, never a traceback.

The hierarchy::

    sitrep.Error
     ├── InputError        an input (file, record, request body) cannot be read
     ├── ConfigError       a configuration file or option is invalid
     ├── ModelError        the NLP model or a packaged data file cannot be loaded
     ├── GazetteerError    the gazetteer index cannot be built or loaded
     ├── StoreError        the database cannot be opened, read or written
     │    └── StoreLockedError   another process holds the database
     └── ServeError        the HTTP server cannot start (a busy port)

Expected rejections (an empty article, an unsupported language, a duplicate)
are *results* with a ``reason`` (:class:`sitrep.records.Rejected`), not
exceptions: a batch goes on past them and reports them.
"""

from __future__ import annotations


class Error(Exception):
    """Base class of every error sitrep raises on purpose.

    Args:
        subject: what the error is about (a path, an article id, an option).
        reason: why it failed, in words a user understands.

    Example:
        >>> str(InputError("notes.txt", "file is empty"))
        'notes.txt: file is empty'
    """

    def __init__(self, subject: str, reason: str) -> None:
        self.subject = subject
        self.reason = reason
        super().__init__(f"{subject}: {reason}")


class InputError(Error):
    """An input cannot be read: missing, empty, binary, badly encoded, too large, malformed."""


class ConfigError(Error):
    """A configuration file or option is invalid."""


class ModelError(Error):
    """The NLP model or a packaged data file cannot be loaded."""


class GazetteerError(Error):
    """The gazetteer index cannot be built or loaded."""


class StoreError(Error):
    """The database cannot be opened, read or written."""


class StoreLockedError(StoreError):
    """Another process holds the database; retry when it has finished."""


class ServeError(Error):
    """The HTTP server cannot start: its address is in use or cannot be bound."""
