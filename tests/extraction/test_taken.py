"""The ranges patterns have claimed: overlap is refused, touching is not."""

from __future__ import annotations

import pytest

from sitrep.extraction._taken import Taken


@pytest.mark.parametrize(
    ("start", "end", "free"),
    [(0, 5, True), (0, 6, False), (8, 12, False), (10, 20, True), (12, 13, True), (19, 21, False)],
)
def test_a_range_is_free_unless_it_overlaps_one_taken(start: int, end: int, free: bool) -> None:
    taken = Taken()
    taken.take(20, 30)
    taken.take(5, 10)  # out of order on purpose
    assert taken.free(start, end) is free
