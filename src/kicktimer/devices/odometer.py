"""How far the belt has gone: the machine's Total Distance, or its speed integrated over time.

Pure: the caller passes the monotonic time of each reading. Many machines
report Total Distance (FTMS flag bit 2) but some do not, and on some it is
not trusted; integrating the reported speed is the fallback. `source`
chooses: "auto" (the default) uses Total Distance when the machine sends it,
"total" insists on it, "integrated" never uses it.

Distance survives reconnections: a machine that restarts its own count (or
a new connection that starts from another base) is joined onto what the
session had already covered, never counted twice or backwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kicktimer.devices.settings import DistanceSource

MAX_GAP_S = 5.0
"""Readings further apart than this (a dropped link) are not integrated across."""


@dataclass
class Odometer:
    source: DistanceSource = "auto"
    integrated_m: float = 0.0
    _total_base: float | None = None
    _total_m: float | None = None
    _last_at: float | None = None
    _last_kmh: float | None = None

    def reading(self, now: float, speed_kmh: float | None, total_m: int | None) -> None:
        """A Treadmill Data record arrived at `now`."""
        if speed_kmh is not None:
            if (
                self._last_at is not None
                and self._last_kmh is not None
                and 0 <= now - self._last_at <= MAX_GAP_S
            ):
                self.integrated_m += (self._last_kmh + speed_kmh) / 2 / 3.6 * (now - self._last_at)
            self._last_at, self._last_kmh = now, speed_kmh
        if total_m is not None and self.source != "integrated":
            covered = self.distance_m
            if self._total_base is None or total_m + self._total_base < (self._total_m or 0.0):
                self._total_base = covered - total_m  # first reading, or the machine restarted its count
            self._total_m = total_m + self._total_base

    def link_lost(self) -> None:
        """The next connection's Total Distance starts from its own base; integration restarts."""
        self._total_base = None
        self._last_at = self._last_kmh = None

    @property
    def has_total(self) -> bool:
        return self._total_m is not None

    @property
    def distance_m(self) -> float:
        if self.source != "integrated" and self._total_m is not None:
            return self._total_m
        return self.integrated_m
