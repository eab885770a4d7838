"""The app's Bluetooth devices: opened once, when the preview (or the run) first asks, kept till the app ends.

Connecting takes seconds, so it starts on the preview: by the time Enter is
pressed the belt is usually there, and the preview says what is connected
and whether kicktimer can set the belt. The run's `DevicesFeed` then drives
the same objects. One radio (one adapter, or one bumble host) serves both
devices. Nothing here waits: connecting and reconnecting are asyncio tasks.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text

if TYPE_CHECKING:
    from kicktimer.devices.heart_rate import HeartRateStrap
    from kicktimer.devices.link import GattLink, Radio
    from kicktimer.devices.settings import DeviceConfig
    from kicktimer.devices.treadmill import Treadmill


class DeviceHub:
    """The treadmill and the strap the runner asked for, and who listens to them."""

    def __init__(self, config: DeviceConfig, now: Callable[[], float]) -> None:
        self.config = config
        self._now = now
        self._radio: asyncio.Future[Radio] | None = None
        self._notices: list[str] = []
        self.treadmill: Treadmill | None = None
        self.strap: HeartRateStrap | None = None
        self.on_stopped: Callable[[str], None] = lambda why: None
        self.on_moved: Callable[[], None] = lambda: None
        self.on_heartbeat: Callable[[int, float], None] = lambda bpm, at: None
        self.on_change: Callable[[], None] = lambda: None
        self._failed = False
        self._settled = False

    def start(self) -> None:
        """Begin connecting (idempotent; needs the running event loop)."""
        if self.treadmill is not None or self.strap is not None:
            return
        from kicktimer.devices.heart_rate import HeartRateStrap
        from kicktimer.devices.treadmill import Treadmill

        config = self.config
        if config.treadmill is not None:
            wanted = config.treadmill
            self.treadmill = Treadmill(
                lambda: self._connect(wanted),
                config.treadmill_settings,
                now=self._now,
                notify=self._notify,
                on_stopped=lambda why: self._safely(lambda: self.on_stopped(why)),
                on_reading=self._moved,
            )
            self.treadmill.start()
        if config.heart_rate is not None:
            wanted_hr = config.heart_rate
            self.strap = HeartRateStrap(
                lambda: self._connect(wanted_hr),
                now=self._now,
                notify=self._notify,
                on_reading=self._heartbeat,
            )
            self.strap.start()

    async def _connect(self, wanted: str) -> GattLink:
        from kicktimer.devices.radio import open_radio

        await self._forget_a_lost_radio()
        if self._radio is None:
            self._radio = asyncio.ensure_future(open_radio(self.config.transport))
        try:
            radio = await asyncio.shield(self._radio)
        except Exception:
            self._radio = None  # the next try opens it again (the dongle may be plugged in by then)
            raise
        connected = await radio.connect(wanted)
        self._settle()
        self._safely(self.on_change)
        return connected

    async def _forget_a_lost_radio(self) -> None:
        """A radio whose dongle or controller went away never connects again: the next try opens
        a new one, so a dongle plugged back in (or a controller back) brings the devices back."""
        opened = self._radio
        if opened is None or not opened.done() or opened.cancelled() or opened.exception() is not None:
            return
        radio = opened.result()
        if radio.lost:
            self._radio = None  # the treadmill and the strap both get here: one of them closes it
            await radio.close()

    def _settle(self) -> None:
        """Once the first device is connected, keep what the Bluetooth stack built out of the
        collector's full passes for the rest of the app (gc.freeze), as start-up's objects are.

        By then the stack is imported and running: bumble's modules alone are some
        28,000 objects (HCI's hundreds of dataclasses), which every full pass walked
        again for as long as the run lasted (18-30 ms a pass, three times one
        without devices). The young garbage is collected first so that it is not
        kept for good; one young pass costs a millisecond or two.
        """
        if self._settled:
            return
        self._settled = True
        gc.collect(1)
        gc.freeze()

    def _notify(self, text: str) -> None:
        self._notices.append(text)
        self._safely(self.on_change)

    def _moved(self) -> None:
        self._safely(self.on_moved)
        self._safely(self.on_change)

    def _heartbeat(self, bpm: int, at: float) -> None:
        self._safely(lambda: self.on_heartbeat(bpm, at))
        self._safely(self.on_change)

    def _safely(self, call: Callable[[], None]) -> None:
        """A listener's error stays here (one notice): it must never reach the Bluetooth stack's callbacks."""
        try:
            call()
        except Exception as error:
            if not self._failed:
                self._failed = True
                self._notices.append(
                    f"Devices: the screen could not take a reading ({error}); the workout goes on"
                )

    def take_notices(self) -> list[str]:
        notices, self._notices = self._notices, []
        return notices

    def preview_line(self) -> Text:
        """What the preview says: each device, connected or not, and whether the belt can be set."""
        line = Text()
        belt = self.treadmill
        if self.config.treadmill is not None:
            line.append("Treadmill ")
            line.append(self.config.treadmill, style="bold")
            if belt is None or not belt.figures.connected:
                line.append(": connecting…")
            elif belt.figures.controllable:
                line.append(": connected, kicktimer sets speed and incline at each step")
            else:
                line.append(": connected, read only (no control point): set the belt yourself")
        if self.config.heart_rate is not None:
            if line:
                line.append("   ")
            line.append("Heart rate ")
            line.append(self.config.heart_rate, style="bold")
            strap = self.strap
            line.append(": connected" if strap is not None and strap.connected else ": connecting…")
        return line

    async def close(self) -> None:
        if self.treadmill is not None:
            await self.treadmill.close()
        if self.strap is not None:
            await self.strap.close()
        radio = self._radio
        if radio is not None and radio.done() and not radio.cancelled() and radio.exception() is None:
            await radio.result().close()
