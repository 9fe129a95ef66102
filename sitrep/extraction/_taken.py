"""Ranges of a text already claimed by one reading, so that later patterns skip them.

Counts and dates are both read by several patterns in turn, each of which must leave
alone what an earlier one took. A sorted list answers that in O(log n); scanning every
range taken made a run-on text of thousands of counts or dates quadratic.
"""

from __future__ import annotations

import bisect


class Taken:
    """Character ranges already read: sorted, never overlapping."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def free(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` overlaps no range taken so far.

        Example:
            >>> taken = Taken()
            >>> taken.take(5, 10)
            >>> taken.free(0, 5), taken.free(8, 12), taken.free(10, 11)
            (True, False, True)
        """
        # Ranges never overlap, so their ends rise with their starts: only the last range
        # starting before ``end`` can reach past ``start``.
        i = bisect.bisect_left(self._starts, end)
        return i == 0 or self._ends[i - 1] <= start

    def take(self, start: int, end: int) -> None:
        """Record ``[start, end)``, which must be :meth:`free`."""
        i = bisect.bisect_left(self._starts, start)
        self._starts.insert(i, start)
        self._ends.insert(i, end)
