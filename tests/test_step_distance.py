"""A distance step's progress: the belt's metres while it reports, the target speed while it does not."""

from __future__ import annotations

import pytest

from kicktimer.devices.step_distance import StepDistance


def test_the_belt_measures_while_it_reports() -> None:
    step = StepDistance(distance_m=400, target_kmh=14.4)
    step.update(0.0, 1000.0)
    assert step.update(10.0, 1050.0) == 50.0 and step.measured
    assert step.to_go_m == 350.0
    assert step.seconds_to_go(18.0) == pytest.approx(70.0)  # at the belt's speed, 5 m/s


def test_without_the_belt_the_step_goes_on_at_its_target_speed() -> None:
    step = StepDistance(distance_m=400, target_kmh=14.4)  # 4 m/s
    step.update(0.0, 1000.0)
    step.update(50.0, 1200.0)  # 200 m on the belt
    step.update(60.0, None)  # the belt dropped: 10 s at 4 m/s
    assert step.covered_m == pytest.approx(240.0)
    assert step.seconds_to_go(None) == pytest.approx(40.0)
    step.update(100.0, None)
    assert step.done


def test_a_belt_that_restarts_its_count_does_not_go_backwards() -> None:
    step = StepDistance(distance_m=400, target_kmh=12.0)
    step.update(0.0, 500.0)
    step.update(5.0, 520.0)
    step.update(6.0, 3.0)  # a new connection counting from zero
    assert step.covered_m == 20.0
