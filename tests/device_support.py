"""Devices as the tests start them: a Treadmill on a radio's named machine, its notices in a list."""

from __future__ import annotations

import asyncio

from kicktimer.devices.link import Radio
from kicktimer.devices.treadmill import Treadmill, TreadmillSettings


def started_treadmill(radio: Radio, name: str, notices: list[str], *, seconds: float = 5) -> Treadmill:
    """A Treadmill with the default settings, connecting to `name` through `radio` (each try waits
    `seconds`), started on the running loop; what it tells the runner goes to `notices`."""
    treadmill = Treadmill(
        lambda: radio.connect(name, seconds=seconds),
        TreadmillSettings(),
        now=asyncio.get_running_loop().time,
        notify=notices.append,
    )
    treadmill.start()
    return treadmill
