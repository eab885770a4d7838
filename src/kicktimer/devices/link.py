"""The GATT-link seam: the five things the FTMS and heart-rate logic need from Bluetooth.

`GattLink` is one connection (read, write-with-response, subscribe,
has-characteristic, disconnect); `Radio` finds devices and opens links. Two
implementations sit behind them: bleak, the operating system's Bluetooth
(`link_bleak`), and bumble, a Bluetooth stack in Python that drives a USB
dongle, an HCI socket or a controller over TCP (`link_bumble`). The
treadmill session never knows which one it talks to, so the tests drive the
same session code over bumble's virtual link that a runner drives over BlueZ.

Every failure a device or the operating system can cause comes out as
`DeviceError` with a sentence for the screen; nothing else escapes.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Literal, Protocol

from kicktimer.devices import ftms_codec as codec

Kind = Literal["treadmill", "heart_rate"]

RECONNECT_DELAYS_S = (1.0, 2.0, 4.0, 8.0)


class DeviceError(Exception):
    """Bluetooth could not do what was asked; the message is one line for the runner.

    `att_error` is the ATT error code when the device itself refused a
    write (0x05 / 0x0F: encryption needed, 0xFE: a write still pending, ...).
    """

    def __init__(self, message: str, att_error: int | None = None) -> None:
        super().__init__(message)
        self.att_error = att_error


Receiver = Callable[[bytes], None]


class GattLink(Protocol):
    """One connected device, as far as kicktimer needs it."""

    def has(self, uuid: int) -> bool:
        """The device has this characteristic (16-bit SIG number)."""
        ...

    async def read(self, uuid: int) -> bytes: ...

    async def write(self, uuid: int, data: bytes) -> None:
        """Write with response; an ATT error raises DeviceError with `att_error` set."""
        ...

    async def subscribe(self, uuid: int, receiver: Receiver) -> None:
        """Notifications or indications (whichever the characteristic has) go to `receiver`."""
        ...

    def on_disconnect(self, callback: Callable[[], None]) -> None:
        """`callback` runs once when the link drops (not after our own `disconnect`)."""
        ...

    async def disconnect(self) -> None: ...


class LinkBase:
    """The drop-callback and closing half that every `GattLink` shares, whatever the stack.

    A subclass reports a drop through `_on_drop` unless `_closing` is set, and
    says in `_close` how its stack hangs up; a link that is already gone when
    we hang up has nothing left to close, so that error is not one.
    """

    def __init__(self) -> None:
        self._on_drop: Callable[[], None] | None = None
        self._closing = False

    def on_disconnect(self, callback: Callable[[], None]) -> None:
        self._on_drop = callback

    async def disconnect(self) -> None:
        self._closing = True
        try:
            await self._close()
        except Exception:  # already gone: nothing left to close
            return

    async def _close(self) -> None:
        raise NotImplementedError


async def connect_and_set_up(
    connect: Callable[[], Awaitable[GattLink]],
    set_up: Callable[[GattLink], Awaitable[None]],
    *,
    name: str,
    notify: Callable[[str], None],
    reconnecting: bool,
) -> GattLink:
    """A link with `set_up` done on it, tried again after 1, 2, 4, then every 8 s until one is.

    The first failure in a row is one notice (`NAME: reason`). A link whose
    set-up fails is hung up before the next try, never left connected (over
    bleak, each try would also keep a D-Bus connection of its own). Connected
    after failures, or back after a drop (`reconnecting`), it says so.
    The treadmill and the heart-rate strap keep their links this way.
    """
    failures = 0
    while True:
        try:
            link = await connect()
            try:
                await set_up(link)
            except DeviceError:
                await link.disconnect()
                raise
            except asyncio.CancelledError:
                await _hang_up_on_the_way_out(link)
                raise
        except DeviceError as error:
            if failures == 0:
                notify(f"{name}: {error}")
            await asyncio.sleep(RECONNECT_DELAYS_S[min(failures, len(RECONNECT_DELAYS_S) - 1)])
            failures += 1
            continue
        if reconnecting:
            notify(f"{name} reconnected")
        elif failures:
            notify(f"{name} connected")
        return link


HANG_UP_ON_QUIT_S = 2.0


async def _hang_up_on_the_way_out(link: GattLink) -> None:
    """Hang up a link whose set-up was cancelled (kick quit while it was being set up).

    Left connected, BlueZ would keep the treadmill connected after kick
    exits. The wait is bounded: quitting must not hang on a device that
    does not answer, and a device that fails to hang up is no longer ours.
    """
    with contextlib.suppress(DeviceError, TimeoutError, OSError):
        await asyncio.wait_for(link.disconnect(), HANG_UP_ON_QUIT_S)


@dataclass(frozen=True)
class Found:
    """A device seen while scanning."""

    name: str
    address: str
    kind: Kind
    features: tuple[str, ...] = field(default=())

    def matches(self, wanted: str) -> bool:
        """`wanted` is this device's address (any case) or its advertised name."""
        return wanted.casefold() in (self.address.casefold(), self.name.casefold())


def classify(service_uuids: set[int], ftms_data: bytes | None) -> Kind | None:
    """What an advertisement says the device is: a treadmill, a heart-rate strap, or neither.

    A Fitness Machine advertises 0x1826 with service data naming its type;
    an FTMS device whose data says it is a bike or a rower is not ours. One
    that advertises 0x1826 without the data is taken for a treadmill (many do
    not send it), and checked for Treadmill Data after connecting.
    """
    if codec.FTMS_SERVICE in service_uuids or ftms_data is not None:
        advert = None if ftms_data is None else codec.parse_ftms_service_data(ftms_data)
        if advert is None or advert.treadmill:
            return "treadmill"
    if codec.HEART_RATE_SERVICE in service_uuids:
        return "heart_rate"
    return None


class Radio(Protocol):
    """A Bluetooth adapter: scans and opens links."""

    @property
    def lost(self) -> bool:
        """The adapter or the controller went away (a dongle pulled out, the controller's process
        ended): this radio will never connect again, and a new one must be opened."""
        ...

    async def scan(self, seconds: float) -> list[Found]: ...

    async def connect(self, wanted: str, *, seconds: float = 10.0) -> GattLink:
        """Connect to the device whose address or name is `wanted`; DeviceError if not found."""
        ...

    async def close(self) -> None: ...
