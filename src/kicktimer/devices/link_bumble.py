"""The GATT link over bumble: a Bluetooth host in Python on any HCI transport.

`usb:0` drives a dongle directly (no BlueZ), `hci-socket:0` a kernel
controller, and `tcp-client:HOST:PORT` a controller reached over TCP: the
simulator's virtual link in the tests and the end-to-end run. A control point
that needs encryption (ATT 0x05 or 0x0F) is paired with Just Works and the
write tried once more, as BlueZ does by itself under bleak.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable
from typing import TypeVar

from bumble import att
from bumble.core import UUID
from bumble.device import Advertisement, Connection, Device, Peer
from bumble.gatt_client import CharacteristicProxy
from bumble.hci import Address
from bumble.transport import open_transport
from bumble.transport.common import Transport

from kicktimer.devices import ftms_codec as codec
from kicktimer.devices.link import DeviceError, Found, GattLink, LinkBase, Receiver, classify

T = TypeVar("T")
NEEDS_PAIRING = (att.ErrorCode.INSUFFICIENT_AUTHENTICATION, att.ErrorCode.INSUFFICIENT_ENCRYPTION)


def random_static_address() -> Address:
    """A fresh random static address, so two kick processes on one virtual link never collide."""
    raw = bytearray(os.urandom(6))
    raw[0] |= 0xC0
    return Address(":".join(f"{b:02X}" for b in raw), Address.RANDOM_DEVICE_ADDRESS)


def _problem(action: str, error: BaseException) -> DeviceError:
    """One plain line: bumble's own text for an ATT error is a coloured, multi-line dump."""
    if isinstance(error, DeviceError):
        return error
    if isinstance(error, att.ATT_Error):
        code = error.error_code
        return DeviceError(f"Bluetooth: {action}: ATT error 0x{code:02X} ({att.ErrorCode(code).name})", code)
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return DeviceError(f"Bluetooth: {action}: {text}")


class BumbleLink(LinkBase):
    """One connection through bumble's GATT client."""

    def __init__(self, connection: Connection, peer: Peer) -> None:
        super().__init__()
        self._connection = connection
        self._peer = peer
        self._down = asyncio.Event()
        self._pairing: asyncio.Future[None] | None = None
        connection.on(connection.EVENT_DISCONNECTION, self._dropped)

    def _dropped(self, *_: object) -> None:
        self._down.set()
        if not self._closing and self._on_drop is not None:
            self._closing = True
            self._on_drop()

    async def _unless_dropped(self, action: str, operation: Awaitable[T]) -> T:
        """`operation`'s result, or DeviceError as soon as the device hangs up.

        bumble leaves a request to a device that hung up waiting out its GATT
        timeout (30 s), or cancels it from under us: either way a treadmill
        that drops the link while kicktimer sets it up (discovery, subscribing)
        would hold the set-up half a minute, or end the task that keeps the link.
        """
        task = asyncio.ensure_future(operation)
        if self._down.is_set():
            task.cancel()
            raise DeviceError(f"Bluetooth: {action}: the device hung up")
        down = asyncio.ensure_future(self._down.wait())
        try:
            await asyncio.wait({task, down}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            down.cancel()
            if not task.done():
                task.cancel()
        if task.done() and not task.cancelled():
            return task.result()
        raise DeviceError(f"Bluetooth: {action}: the device hung up")

    async def discover(self, wanted: str) -> None:
        """Find the device's services and characteristics (DeviceError if it hangs up meanwhile)."""
        action = f"connecting to {wanted}"
        try:
            await self._unless_dropped(action, self._peer.discover_services())
            await self._unless_dropped(action, self._peer.discover_characteristics())
        except Exception as error:
            raise _problem(action, error) from error

    def _characteristic(self, uuid: int) -> CharacteristicProxy[bytes]:
        found = self._peer.get_characteristics_by_uuid(UUID.from_16_bits(uuid))
        if not found:
            raise DeviceError(f"Bluetooth: the device has no characteristic 0x{uuid:04X}")
        return found[0]

    def has(self, uuid: int) -> bool:
        return bool(self._peer.get_characteristics_by_uuid(UUID.from_16_bits(uuid)))

    async def read(self, uuid: int) -> bytes:
        characteristic = self._characteristic(uuid)
        action = f"reading 0x{uuid:04X}"
        try:
            return bytes(await self._unless_dropped(action, characteristic.read_value()))
        except Exception as error:
            raise _problem(f"reading 0x{uuid:04X}", error) from error

    async def write(self, uuid: int, data: bytes) -> None:
        characteristic = self._characteristic(uuid)
        action = f"writing 0x{uuid:04X}"
        try:
            await self._unless_dropped(action, characteristic.write_value(data, with_response=True))
            return
        except att.ATT_Error as error:
            if error.error_code not in NEEDS_PAIRING:
                raise _problem(action, error) from error
        except Exception as error:
            raise _problem(action, error) from error
        action = f"writing 0x{uuid:04X} after pairing"
        try:
            await self._unless_dropped(action, self._paired())
            await self._unless_dropped(action, characteristic.write_value(data, with_response=True))
        except Exception as error:
            raise _problem(action, error) from error

    async def _paired(self) -> None:
        """Pair once however many writes were refused for want of it: writes that overlap share the
        pairing in flight (a second bumble pair() while one runs fails and drops the link)."""
        if self._connection.is_encrypted:
            return
        if self._pairing is None or (self._pairing.done() and self._pairing.exception() is not None):
            self._pairing = asyncio.ensure_future(self._connection.pair())
        await asyncio.shield(self._pairing)

    async def subscribe(self, uuid: int, receiver: Receiver) -> None:
        characteristic = self._characteristic(uuid)

        def deliver(value: bytes) -> None:
            receiver(bytes(value))

        action = f"subscribing to 0x{uuid:04X}"
        try:
            await self._unless_dropped(action, characteristic.subscribe(deliver))
        except Exception as error:
            raise _problem(action, error) from error

    async def _close(self) -> None:
        if not self._down.is_set():  # bumble would wait for ever for a gone link's disconnection
            await self._connection.disconnect()


class BumbleRadio:
    """A bumble host on one HCI transport."""

    def __init__(self, device: Device, transport: Transport | None) -> None:
        self.device = device
        self._transport = transport
        self._seen: dict[str, tuple[Address, codec.AdvertFields]] = {}
        self._heard = asyncio.Event()
        self._busy = asyncio.Lock()  # one scan or connection at a time: a controller has one of each

    @property
    def lost(self) -> bool:
        """The transport ended (a USB dongle pulled out, the TCP controller's process gone)."""
        return self._transport is not None and self._transport.source.terminated.done()

    def _on_advertisement(self, advertisement: Advertisement) -> None:
        fields = codec.parse_advertising(advertisement.data_bytes)
        key = str(advertisement.address)
        earlier = self._seen.get(key)
        if earlier is not None:  # an advertisement and its scan response: keep what each said
            old = earlier[1]
            fields = codec.AdvertFields(
                name=fields.name or old.name,
                services=fields.services | old.services,
                service_data=fields.service_data or old.service_data,
            )
        self._seen[key] = (advertisement.address, fields)
        self._heard.set()

    def _found(self) -> list[tuple[Found, Address]]:
        result = []
        for key, (address, fields) in self._seen.items():
            kind = classify(set(fields.services), fields.data_for(codec.FTMS_SERVICE))
            if kind is not None:
                result.append((Found(name=fields.name or "", address=key.split("/")[0], kind=kind), address))
        return result

    async def _scan_until(self, seconds: float, done: Callable[[], bool]) -> None:
        self.device.on(self.device.EVENT_ADVERTISEMENT, self._on_advertisement)
        try:
            await self.device.start_scanning(filter_duplicates=False)
            loop = asyncio.get_running_loop()
            deadline = loop.time() + seconds
            while not done() and (left := deadline - loop.time()) > 0:
                self._heard.clear()
                try:
                    await asyncio.wait_for(self._heard.wait(), timeout=left)
                except TimeoutError:
                    break
            await self.device.stop_scanning()
        except DeviceError:
            raise
        except Exception as error:
            raise _problem("scanning", error) from error
        finally:
            self.device.remove_listener(self.device.EVENT_ADVERTISEMENT, self._on_advertisement)

    def _check_alive(self) -> None:
        if self.lost:
            raise DeviceError("Bluetooth: the Bluetooth controller went away")

    async def scan(self, seconds: float) -> list[Found]:
        self._check_alive()
        async with self._busy:
            self._seen.clear()
            await self._scan_until(seconds, lambda: False)
            return [found for found, _ in self._found()]

    async def connect(self, wanted: str, *, seconds: float = 10.0) -> GattLink:
        def match() -> Address | None:
            return next((address for found, address in self._found() if found.matches(wanted)), None)

        self._check_alive()
        async with self._busy:
            self._seen.clear()
            await self._scan_until(seconds, lambda: match() is not None)
            address = match()
            if address is None:
                raise DeviceError(f"Bluetooth: {wanted} not found")
            try:
                connection = await self.device.connect(address, timeout=seconds)
            except Exception as error:
                raise _problem(f"connecting to {wanted}", error) from error
        link = BumbleLink(connection, Peer(connection))
        try:
            await link.discover(wanted)
        except DeviceError:
            await link.disconnect()  # never left connected: the next try makes a connection of its own
            raise
        return link

    async def close(self) -> None:
        if self._transport is not None:
            try:
                await self._transport.close()
            except Exception:  # the controller went away first: nothing left to close
                return


def _opening_problem(spec: str, error: Exception) -> DeviceError:
    """What a transport that cannot be opened means to a runner, with the library's words after it.

    libusb's `LIBUSB_ERROR_OTHER [-99]` for a dongle that is not plugged in, or
    asyncio's `[Errno 111] Connect call failed` for a TCP controller that is
    not running, say what failed but not what to check.
    """
    detail = _problem("", error).args[0].removeprefix("Bluetooth: : ")
    if spec.startswith("usb:"):
        return DeviceError(f"Bluetooth: no USB Bluetooth dongle could be opened at {spec} ({detail})")
    if isinstance(error, ConnectionRefusedError):
        return DeviceError(f"Bluetooth: nothing is listening at {spec} (connection refused)")
    return _problem(f"opening {spec}", error)


async def open_bumble_radio(spec: str) -> BumbleRadio:
    """Open the transport and power the host on; DeviceError if there is no controller there."""
    try:
        transport = await open_transport(spec)
    except Exception as error:
        raise _opening_problem(spec, error) from error
    device = Device.with_hci("kicktimer", random_static_address(), transport.source, transport.sink)
    try:
        await asyncio.wait_for(device.power_on(), timeout=10)
    except Exception as error:
        await transport.close()
        raise _problem(f"no controller answering on {spec}", error) from error
    return BumbleRadio(device, transport)
