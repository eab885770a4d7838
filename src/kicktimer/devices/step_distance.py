"""How far into the current step the runner is on the belt: measured while the belt talks, computed when not.

Pure: the caller passes the step's running time (pauses excluded) and the
belt's distance (None while no treadmill is connected). While the belt
reports, the step's distance grows by what the belt covered; while it does
not (never found, or dropped mid-step), it grows at the step's target speed,
so a distance rep still ends at its computed time, as if no device were there.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class StepDistance:
    distance_m: float
    target_kmh: float | None
    covered_m: float = 0.0
    measured: bool = False
    _last_running_s: float = 0.0
    _last_belt_m: float | None = None

    def update(self, running_s: float, belt_m: float | None) -> float:
        """Bring the step up to `running_s`; returns the metres covered so far."""
        dt = max(0.0, running_s - self._last_running_s)
        if belt_m is not None and self._last_belt_m is not None:
            self.covered_m += max(0.0, belt_m - self._last_belt_m)
            self.measured = True
        elif self.target_kmh is not None:
            self.covered_m += self.target_kmh / 3.6 * dt
        self._last_running_s = running_s
        self._last_belt_m = belt_m
        return self.covered_m

    @property
    def to_go_m(self) -> float:
        return max(0.0, self.distance_m - self.covered_m)

    @property
    def done(self) -> bool:
        return self.covered_m >= self.distance_m - 0.05

    def seconds_to_go(self, speed_kmh: float | None) -> float | None:
        """At `speed_kmh` (the belt's, else the target's), how long the rest takes."""
        speed = speed_kmh if speed_kmh else self.target_kmh
        if not speed:
            return None
        return self.to_go_m / (speed / 3.6)
