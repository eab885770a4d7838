"""A heart-rate strap (Heart Rate Service 0x180D): the latest beat rate, kept connected.

Readings older than `STALE_S` are not shown: a strap that lost contact or
range says nothing rather than a frozen number. A dropped link is one
notice and is brought back in the background, like the treadmill's.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable

from kicktimer.devices import ftms_codec as codec
from kicktimer.devices.link import DeviceError, GattLink, connect_and_set_up

STALE_S = 5.0


class HeartRateStrap:
    def __init__(
        self,
        connect: Callable[[], Awaitable[GattLink]],
        *,
        now: Callable[[], float],
        notify: Callable[[str], None],
        on_reading: Callable[[int, float], None] = lambda bpm, at: None,
        name: str = "Heart-rate strap",
    ) -> None:
        self._connect = connect
        self._now = now
        self._notify = notify
        self._on_reading = on_reading
        self.name = name
        self.connected = False
        self._bpm: int | None = None
        self._at: float | None = None
        self._link: GattLink | None = None
        self._lost = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._bad_said = False
        self.connected_once = asyncio.Event()

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._keep_link())

    @property
    def bpm(self) -> int | None:
        """The latest rate, or None when there is none from the last few seconds."""
        if self._at is None or self._now() - self._at > STALE_S:
            return None
        return self._bpm

    @property
    def stale_at(self) -> float | None:
        """When the reading shown now stops being shown (`bpm` turns None), or None if none is."""
        if self._at is None or self._now() - self._at > STALE_S:
            return None
        return self._at + STALE_S

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        link, self._link = self._link, None
        if link is not None:
            await link.disconnect()

    async def _keep_link(self) -> None:
        """Connect, and connect again whenever the link drops (`connect_and_set_up`)."""
        while True:
            link = await connect_and_set_up(
                self._connect,
                self._set_up,
                name=self.name,
                notify=self._notify,
                reconnecting=self.connected_once.is_set(),
            )
            self._link = link
            self.connected = True
            self.connected_once.set()
            await self._lost.wait()

    async def _set_up(self, link: GattLink) -> None:
        self._lost.clear()
        link.on_disconnect(self._link_lost)
        if not link.has(codec.HEART_RATE_MEASUREMENT):
            raise DeviceError("the device has no Heart Rate Measurement: is it a heart-rate strap?")
        await link.subscribe(codec.HEART_RATE_MEASUREMENT, self._on_measurement)

    def _link_lost(self) -> None:
        if self._link is None:
            return
        self._link = None
        self.connected = False
        self._notify(f"{self.name} disconnected: reconnecting in the background")
        self._lost.set()

    def _on_measurement(self, data: bytes) -> None:
        reading = codec.parse_heart_rate(data)
        if reading is None:
            if not self._bad_said:
                self._bad_said = True
                self._notify(f"{self.name} sent a packet kicktimer cannot read; ignored")
            return
        self._bpm, self._at = reading.bpm, self._now()
        self._on_reading(reading.bpm, self._at)
