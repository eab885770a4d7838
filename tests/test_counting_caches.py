"""A counting timer files nothing away each second: no cache entry per new figure.

Each entry is kept for good (Rich's `cell_len` cache holds up to 4,096):
the progress line's texts in Rich's cache and the clock's text in
`pixel_width`'s were about 190 entries a minute, 0.5 MiB of live heap over
a 20-minute workout.

The check counts the entries of Rich's `cell_len` cache and of every LRU
cache of kicktimer's own over a minute of fake-clock seconds. (Textual's
`Region` caches grow too, but by the clock's few regions, not by the second.)
"""

from __future__ import annotations

import functools
import gc

from rich.cells import cached_cell_len

from app_support import advance, big_clock, rig_for_plan
from plan_builders import plan_of, timed

SECONDS = 60


def cached_entries() -> int:
    """How many entries Rich's `cell_len` cache and kicktimer's own `functools.lru_cache` caches hold now."""
    caches = [
        one
        for one in gc.get_objects()
        if isinstance(one, functools._lru_cache_wrapper) and one.__module__.startswith("kicktimer.")
    ]
    return sum(cache.cache_info().currsize for cache in [*caches, cached_cell_len])


async def test_a_minute_of_counting_adds_no_cache_entry_per_second() -> None:
    rig = rig_for_plan(plan_of(timed("Run 20:00", 1200)), lead_in_s=0)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        for _ in range(5):  # the first seconds draw what every later second reuses
            await advance(pilot, rig, 1)
        before = cached_entries()
        for _ in range(SECONDS):
            await advance(pilot, rig, 1)
        assert big_clock(rig.app) == "18:55", "the clock did not count"
        added = cached_entries() - before
    assert added < SECONDS // 4, f"{added} cache entries added over {SECONDS} counted seconds"
