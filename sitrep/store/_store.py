"""The DuckDB store: one file, atomic and idempotent per article, parameterised queries."""

from __future__ import annotations

from sitrep.store._merge_support import MergeSupportMixin
from sitrep.store._views import ViewsMixin
from sitrep.store._writes import WritesMixin


class Store(WritesMixin, MergeSupportMixin, ViewsMixin):
    """Articles, events, figures, evidence and incidents in one DuckDB file.

    Three parts, one per kind of caller: writes (:mod:`sitrep.store._writes`, ingest),
    merge support (:mod:`sitrep.store._merge_support`, the merge stage) and read views
    (:mod:`sitrep.store._views`, the CLI, the API and exports), over one connection
    (:mod:`sitrep.store._connection`).

    DuckDB lets one process write a file at a time: a second writer gets
    :class:`~sitrep.errors.StoreLockedError` (after waiting up to ``lock_timeout``
    seconds), never a corrupted file. Each article is written in one transaction,
    so a crash leaves every stored article complete. The object is safe to share
    between threads (calls are serialised).

    Example:
        >>> with Store.open("sitrep.duckdb") as store:               # doctest: +SKIP
        ...     store.write(processed)
        ...     store.events(EventQuery(country="Syria"))
    """
