"""The GATT link over bleak: the operating system's Bluetooth (BlueZ, CoreBluetooth, WinRT).

This is what a runner uses. BlueZ pairs by itself when a characteristic needs
encryption, so there is nothing to do here for a Just Works control point.
Every bleak or D-Bus failure becomes a DeviceError with one line for the screen.

On Linux all of bleak's scanners in one event loop share one D-Bus
connection to bluetoothd, and bluetoothd keeps one discovery per connection:
a second StartDiscovery while the first runs is refused
(org.bluez.Error.InProgress). The treadmill and the strap connect at the
same time, each scanning for its device, so the radio lets one scan run at
a time. tests/test_bleak_link.py runs this against a fake BlueZ.

BlueZ does not hang up when the program that connected ends without doing
so (killed, crashed): the device stays connected to the computer, and a
connected treadmill does not advertise, so no scan finds it again. So the
radio first asks the operating system for the devices it already holds.

When bluetoothd itself restarts mid-run, `bluez_restart.BlueZWatch` makes
bleak forget the old one's objects and holds connecting until the new one
is there.
"""

from __future__ import annotations

import asyncio
import sys
from typing import TYPE_CHECKING

from bleak import BleakAdapter, BleakClient, BleakScanner
from bleak.backends.characteristic import BleakGATTCharacteristic
from bleak.backends.device import BLEDevice
from bleak.exc import BleakBluetoothNotAvailableError, BleakDBusError, BleakGATTProtocolError

from kicktimer.devices import ftms_codec as codec
from kicktimer.devices.link import DeviceError, Found, GattLink, LinkBase, Receiver, classify

if TYPE_CHECKING:
    from kicktimer.devices.bluez_restart import BlueZWatch


def _short_uuid(uuid: str) -> int | None:
    """The 16-bit number of a SIG base UUID string, else None."""
    if len(uuid) == 36 and uuid.lower().endswith("-0000-1000-8000-00805f9b34fb") and uuid.startswith("0000"):
        return int(uuid[4:8], 16)
    return None


NO_BUS = (FileNotFoundError, ConnectionRefusedError, PermissionError)


def _names(wanted: str, address: str, name: str | None) -> bool:
    """`wanted` is this device's address (any case) or its name, as `Found.matches` says."""
    return wanted.casefold() in (address.casefold(), (name or "").casefold())


def _problem(action: str, error: Exception) -> DeviceError:
    """One plain line; an ATT error keeps its code (`att_error`) and reads as the bumble link says it.

    On Linux the two ways Bluetooth is missing altogether get words a runner
    can act on instead of "[Errno 2] No such file or directory": no system
    D-Bus to find BlueZ on, or a bus where no BlueZ (bluetoothd) answers.
    """
    text = str(error).strip() or type(error).__name__
    if isinstance(error, BleakBluetoothNotAvailableError) and error.args and isinstance(error.args[0], str):
        text = error.args[0]  # its str() is the tuple of its message and the reason's enum
    if isinstance(error, BleakGATTProtocolError):
        code = error.code
        return DeviceError(f"Bluetooth: {action}: ATT error 0x{code:02X} ({code.name})", int(code))
    if sys.platform == "linux" and isinstance(error, NO_BUS):
        return DeviceError(f"Bluetooth: {action}: no system D-Bus to reach BlueZ on ({text})")
    if isinstance(error, BleakDBusError) and error.dbus_error == "org.freedesktop.DBus.Error.ServiceUnknown":
        return DeviceError(f"Bluetooth: {action}: BlueZ is not running (no bluetoothd on the system D-Bus)")
    return DeviceError(f"Bluetooth: {action}: {text}")


class BleakLink(LinkBase):
    """One connection through bleak."""

    def __init__(self, client: BleakClient) -> None:
        super().__init__()
        self._client = client

    def dropped(self) -> None:
        if not self._closing and self._on_drop is not None:
            self._on_drop()

    def has(self, uuid: int) -> bool:
        """False once the device has gone: bleak forgets the services and raises if asked for them."""
        try:
            return self._client.services.get_characteristic(codec.uuid16(uuid)) is not None
        except Exception:
            return False

    async def read(self, uuid: int) -> bytes:
        try:
            return bytes(await self._client.read_gatt_char(codec.uuid16(uuid)))
        except Exception as error:  # bleak raises BleakError, D-Bus and OS errors alike
            raise _problem(f"reading 0x{uuid:04X}", error) from error

    async def write(self, uuid: int, data: bytes) -> None:
        try:
            await self._client.write_gatt_char(codec.uuid16(uuid), data, response=True)
        except Exception as error:
            raise _problem(f"writing 0x{uuid:04X}", error) from error

    async def subscribe(self, uuid: int, receiver: Receiver) -> None:
        def deliver(_: BleakGATTCharacteristic, data: bytearray) -> None:
            receiver(bytes(data))

        try:
            await self._client.start_notify(codec.uuid16(uuid), deliver)
        except Exception as error:
            raise _problem(f"subscribing to 0x{uuid:04X}", error) from error

    async def _close(self) -> None:
        await self._client.disconnect()


class BleakRadio:
    """The operating system's adapter."""

    def __init__(self) -> None:
        self._scanning = asyncio.Lock()  # one discovery at a time: see the module's docstring
        self._bluez: BlueZWatch | None = None
        if sys.platform == "linux":
            from kicktimer.devices.bluez_restart import BlueZWatch

            self._bluez = BlueZWatch()

    async def _bluez_there(self) -> int:
        """On Linux: start watching bluetoothd, and wait for it while it restarts; its restarts so far."""
        if self._bluez is None:
            return 0
        await self._bluez.start()
        await self._bluez.back()
        return self._bluez.restarts

    def _restarted_since(self, restarts: int) -> bool:
        return self._bluez is not None and self._bluez.restarts != restarts

    async def scan(self, seconds: float) -> list[Found]:
        """What is in range; a scan that bluetoothd's restart broke is made again once it is back."""
        while True:
            restarts = await self._bluez_there()
            try:
                return await self._scan_once(seconds)
            except DeviceError:
                if not self._restarted_since(restarts):
                    raise

    async def _scan_once(self, seconds: float) -> list[Found]:
        try:
            async with self._scanning:
                seen = await BleakScanner.discover(timeout=seconds, return_adv=True)
        except Exception as error:
            raise _problem("scanning", error) from error
        found = []
        for device, advert in seen.values():
            uuids = {n for n in (_short_uuid(u) for u in advert.service_uuids) if n is not None}
            ftms = advert.service_data.get(codec.uuid16(codec.FTMS_SERVICE))
            kind = classify(uuids, ftms)
            if kind is not None:
                name = advert.local_name or device.name or ""
                found.append(Found(name=name, address=device.address, kind=kind))
        return found

    async def _held(self, wanted: str) -> BLEDevice | None:
        """`wanted` if the operating system is already connected to it (None where it cannot say)."""
        try:
            adapter = await BleakAdapter.get()
            services = [codec.uuid16(codec.FTMS_SERVICE), codec.uuid16(codec.HEART_RATE_SERVICE)]
            held = await adapter.get_connected_devices(services)
        except Exception:  # not every platform can list them: a scan will do
            return None
        return next((d for d in held if _names(wanted, d.address, d.name)), None)

    async def connect(self, wanted: str, *, seconds: float = 10.0) -> GattLink:
        """A link to `wanted`; a try that bluetoothd's restart broke is not a failure: it is made
        again once bluetoothd is back (the drop itself was already one notice)."""
        while True:
            restarts = await self._bluez_there()
            try:
                return await self._connect_once(wanted, seconds)
            except DeviceError:
                if not self._restarted_since(restarts):
                    raise

    async def _connect_once(self, wanted: str, seconds: float) -> GattLink:
        try:
            async with self._scanning:
                device = await self._held(wanted) or await BleakScanner.find_device_by_filter(
                    lambda d, a: _names(wanted, d.address, a.local_name), timeout=seconds
                )
        except Exception as error:
            raise _problem(f"looking for {wanted}", error) from error
        if device is None:
            raise DeviceError(f"Bluetooth: {wanted} not found")
        holder: list[BleakLink] = []
        client = BleakClient(device, disconnected_callback=lambda _: holder[0].dropped() if holder else None)
        link = BleakLink(client)
        holder.append(link)
        try:
            await client.connect(timeout=seconds)
        except Exception as error:
            raise _problem(f"connecting to {wanted}", error) from error
        return link

    async def close(self) -> None:
        if self._bluez is not None:
            await self._bluez.close()
