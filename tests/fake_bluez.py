"""A fake BlueZ (bluetoothd's D-Bus API) serving the simulated treadmill and strap to bleak.

bleak's Linux backend is a D-Bus client of bluetoothd: it reads the object
tree (ObjectManager at /), scans with org.bluez.Adapter1, connects with
org.bluez.Device1, and reads, writes and subscribes with
org.bluez.GattCharacteristic1, hearing notifications as PropertiesChanged
on `Value`. This module owns org.bluez on a private bus (`private_bus.py`)
and answers those calls the way BlueZ does, for the machine in
`treadmill_model.py`, the same one the bumble simulator serves. So
`link_bleak.py` and `kick devices/run --ble bleak` run for real, through
bleak's own backend, on a machine without a Bluetooth adapter.

What it copies from BlueZ (src/adapter.c, src/device.c, src/gatt-client.c):
- discovery belongs to a D-Bus connection: a second StartDiscovery from the
  same connection is org.bluez.Error.InProgress, a StopDiscovery without one
  is org.bluez.Error.Failed "No discovery started"; devices appear
  (InterfacesAdded) when first heard and update RSSI with each advertisement
  while someone scans; a connected peripheral does not advertise;
- Connect sets Connected, adds the GATT objects, then ServicesResolved;
  a drop (or Disconnect) clears both and removes the GATT objects; a
  device out of range also leaves the tree (InterfacesRemoved) until heard again;
- WriteValue with type "request" is a write with response; an ATT error
  comes back as org.bluez.Error.Failed "Operation failed with ATT error:
  0x.." (0x0D as InvalidArguments "Invalid Length"), as bleak parses it;
- a write that needs encryption pairs first (BlueZ raises the security
  level by itself; Just Works needs no agent) and then succeeds.
What it does not do: a radio, advertising packets, ATT and its timing,
real pairing with an agent or keys, MTU exchange, AcquireNotify/AcquireWrite.

Run as a program (the end-to-end tests and bench/treadmill.py):

    python tests/fake_bluez.py --bus ADDRESS --log sim.jsonl --time-scale 10 --ready-file F
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from dbus_fast import BusType, DBusError, Message, Variant
from dbus_fast.aio import MessageBus
from dbus_fast.annotations import (
    DBusBool,
    DBusBytes,
    DBusDict,
    DBusInt16,
    DBusObjectPath,
    DBusSignature,
    DBusStr,
    DBusUInt16,
)
from dbus_fast.constants import PropertyAccess
from dbus_fast.service import ServiceInterface, dbus_method, dbus_property

from treadmill_model import (
    FTMS,
    HRS,
    TREADMILL_DATA,
    TREADMILL_SERVICE_DATA,
    Characteristic,
    Refused,
    StrapModel,
    Switches,
    TreadmillModel,
)

StrList = Annotated[list[str], DBusSignature("as")]
PathList = Annotated[list[str], DBusSignature("ao")]
ServiceData = Annotated[dict[str, Variant], DBusSignature("a{sv}")]
ManufacturerData = Annotated[dict[int, Variant], DBusSignature("a{qv}")]

ADAPTER = "/org/bluez/hci0"
ADVERT_PERIOD_S = 0.1
BASE_UUID = "-0000-1000-8000-00805f9b34fb"
CCCD = 0x2902


def uuid128(number: int) -> str:
    return f"0000{number:04x}{BASE_UUID}"


def att_error(code: int) -> DBusError:
    """An ATT error as BlueZ's create_gatt_dbus_error() words it."""
    if code == 0x02:
        return DBusError("org.bluez.Error.NotPermitted", "Read not permitted")
    if code == 0x03:
        return DBusError("org.bluez.Error.NotPermitted", "Write not permitted")
    if code == 0x0D:
        return DBusError("org.bluez.Error.InvalidArguments", "Invalid Length")
    if code == 0x06:
        return DBusError("org.bluez.Error.NotSupported", "Not Supported")
    return DBusError("org.bluez.Error.Failed", f"Operation failed with ATT error: 0x{code:02x}")


# ---- the adapter -------------------------------------------------------------------------


class Adapter(ServiceInterface):
    """hci0: powered, central; discovery sessions per D-Bus connection, as bluetoothd keeps them."""

    def __init__(self, bluez: FakeBlueZ) -> None:
        super().__init__("org.bluez.Adapter1")
        self._bluez = bluez
        self.caller = ""
        self.sessions: set[str] = set()
        self.filters: dict[str, dict[str, Variant]] = {}

    @dbus_property(access=PropertyAccess.READ)
    def Address(self) -> DBusStr:
        return "00:00:5E:00:53:00"

    @dbus_property(access=PropertyAccess.READ)
    def Name(self) -> DBusStr:
        return "fake-bluez"

    @dbus_property(access=PropertyAccess.READ)
    def Alias(self) -> DBusStr:
        return "fake-bluez"

    @dbus_property(access=PropertyAccess.READ)
    def Powered(self) -> DBusBool:
        return True

    @dbus_property(access=PropertyAccess.READ)
    def Discovering(self) -> DBusBool:
        return bool(self.sessions)

    @dbus_property(access=PropertyAccess.READ)
    def Roles(self) -> StrList:
        return ["central", "peripheral"]

    @dbus_property(access=PropertyAccess.READ)
    def UUIDs(self) -> StrList:
        return []

    @dbus_method()
    def SetDiscoveryFilter(self, properties: DBusDict):
        self.filters[self.caller] = properties

    @dbus_method()
    def GetDiscoveryFilters(self) -> StrList:
        return ["UUIDs", "RSSI", "Pathloss", "Transport", "DuplicateData", "Discoverable", "Pattern"]

    @dbus_method()
    def StartDiscovery(self):
        if self.caller in self.sessions:
            raise DBusError("org.bluez.Error.InProgress", "Operation already in progress")
        self.sessions.add(self.caller)
        self._bluez.start_scans.append(self.caller)
        if len(self.sessions) == 1:
            self.emit_properties_changed({"Discovering": True})
            self._bluez.radio_on()

    @dbus_method()
    def StopDiscovery(self):
        if self.caller not in self.sessions:
            raise DBusError("org.bluez.Error.Failed", "No discovery started")
        self.sessions.discard(self.caller)
        if not self.sessions:
            self.emit_properties_changed({"Discovering": False})
            self._bluez.radio_off()

    @dbus_method()
    def RemoveDevice(self, device: DBusObjectPath):
        self._bluez.forget(device)


# ---- GATT objects --------------------------------------------------------------------------


class GattService(ServiceInterface):
    def __init__(self, uuid: int, device_path: str) -> None:
        super().__init__("org.bluez.GattService1")
        self._uuid = uuid128(uuid)
        self._device = device_path

    @dbus_property(access=PropertyAccess.READ)
    def UUID(self) -> DBusStr:
        return self._uuid

    @dbus_property(access=PropertyAccess.READ)
    def Primary(self) -> DBusBool:
        return True

    @dbus_property(access=PropertyAccess.READ)
    def Device(self) -> DBusObjectPath:
        return self._device

    @dbus_property(access=PropertyAccess.READ)
    def Includes(self) -> PathList:
        return []


class GattCharacteristic(ServiceInterface):
    def __init__(self, peripheral: Peripheral, entry: Characteristic, service_path: str) -> None:
        super().__init__("org.bluez.GattCharacteristic1")
        self._peripheral = peripheral
        self.entry = entry
        self._service = service_path
        self.value = entry.value
        self.notifying = False

    @dbus_property(access=PropertyAccess.READ)
    def UUID(self) -> DBusStr:
        return uuid128(self.entry.uuid)

    @dbus_property(access=PropertyAccess.READ)
    def Service(self) -> DBusObjectPath:
        return self._service

    @dbus_property(access=PropertyAccess.READ)
    def Value(self) -> DBusBytes:
        return self.value

    @dbus_property(access=PropertyAccess.READ)
    def Notifying(self) -> DBusBool:
        return self.notifying

    @dbus_property(access=PropertyAccess.READ)
    def Flags(self) -> StrList:
        return list(self.entry.flags)

    @dbus_property(access=PropertyAccess.READ)
    def MTU(self) -> DBusUInt16:
        return 247

    @dbus_method()
    def ReadValue(self, options: DBusDict) -> DBusBytes:
        if "read" not in self.entry.flags:
            raise DBusError("org.bluez.Error.NotPermitted", "Read not permitted")
        if self.entry.read_error is not None:
            raise att_error(self.entry.read_error)
        return self.entry.value

    @dbus_method()
    def WriteValue(self, value: DBusBytes, options: DBusDict):
        kind = options["type"].value if "type" in options else "request"
        self._peripheral.write_types.append(kind)
        if kind != "request" or "write" not in self.entry.flags:
            raise DBusError("org.bluez.Error.NotSupported", "Not Supported")
        if self.entry.encrypted_write:
            self._peripheral.pair()
        try:
            self._peripheral.model_write(bytes(value))
        except Refused as refused:
            raise att_error(refused.code) from refused

    @dbus_method()
    def StartNotify(self):
        if not {"notify", "indicate"} & set(self.entry.flags):
            raise DBusError("org.bluez.Error.NotSupported", "Operation is not supported")
        if self.entry.subscribe_error is not None:
            raise att_error(self.entry.subscribe_error)
        if self._peripheral.hangs_up_on_subscribe(self.entry.uuid):
            self._peripheral.drop()
            raise DBusError("org.bluez.Error.Failed", "Not connected")
        if not self.notifying:
            self.notifying = True
            self.emit_properties_changed({"Notifying": True})

    @dbus_method()
    def StopNotify(self):
        if self.notifying:
            self.notifying = False
            self.emit_properties_changed({"Notifying": False})

    @dbus_method()
    def AcquireNotify(self, options: DBusDict):
        raise DBusError("org.bluez.Error.NotSupported", "not in the fake")

    def deliver(self, value: bytes) -> None:
        """A notification or indication: BlueZ sets Value and says so, each time, even if unchanged."""
        if self.notifying:
            self.value = value
            self.emit_properties_changed({"Value": value})


class GattDescriptor(ServiceInterface):
    """The Client Characteristic Configuration of a notifying characteristic (bleak lists descriptors)."""

    def __init__(self, characteristic_path: str) -> None:
        super().__init__("org.bluez.GattDescriptor1")
        self._characteristic = characteristic_path

    @dbus_property(access=PropertyAccess.READ)
    def UUID(self) -> DBusStr:
        return uuid128(CCCD)

    @dbus_property(access=PropertyAccess.READ)
    def Characteristic(self) -> DBusObjectPath:
        return self._characteristic

    @dbus_property(access=PropertyAccess.READ)
    def Value(self) -> DBusBytes:
        return b""

    @dbus_property(access=PropertyAccess.READ)
    def Flags(self) -> StrList:
        return ["read", "write"]


# ---- a peripheral: Device1 and its GATT tree -------------------------------------------------


class Peripheral(ServiceInterface):
    """One remote device as BlueZ shows it: Device1 at .../dev_XX_XX_..., its GATT objects when connected."""

    def __init__(
        self,
        bluez: FakeBlueZ,
        *,
        name: str,
        address: str,
        service: int,
        table: list[Characteristic],
        service_data: bytes | None = None,
    ) -> None:
        super().__init__("org.bluez.Device1")
        self._bluez = bluez
        self.device_name = name
        self.address = address
        self.path = f"{ADAPTER}/dev_{address.replace(':', '_')}"
        self.service = service
        self.table = table
        self.service_data = service_data
        self.rssi = -60
        self.connected = False
        self.services_resolved = False
        self.paired = False
        self.trusted = False
        self.connection: object | None = None
        self.in_tree = False
        self.characteristics: dict[int, GattCharacteristic] = {}
        self._gatt_paths: list[tuple[str, ServiceInterface]] = []
        self.write_types: list[str] = []
        self.pairings = 0
        self.on_write = lambda connection, value: None
        self.hangs_up_on_subscribe: Callable[[int], bool] = lambda uuid: False
        """The device drops the link as the central subscribes to `uuid` (`hang_ups_on_subscribe`)."""

    # -- properties bleak reads
    @dbus_property(access=PropertyAccess.READ)
    def Address(self) -> DBusStr:
        return self.address

    @dbus_property(access=PropertyAccess.READ)
    def AddressType(self) -> DBusStr:
        return "public"

    @dbus_property(access=PropertyAccess.READ)
    def Name(self) -> DBusStr:
        return self.device_name

    @dbus_property(access=PropertyAccess.READ)
    def Alias(self) -> DBusStr:
        return self.device_name

    @dbus_property(access=PropertyAccess.READ)
    def Adapter(self) -> DBusObjectPath:
        return ADAPTER

    @dbus_property(access=PropertyAccess.READ)
    def UUIDs(self) -> StrList:
        return [uuid128(self.service)]

    @dbus_property(access=PropertyAccess.READ)
    def ServiceData(self) -> ServiceData:
        if self.service_data is None:
            return {}
        return {uuid128(self.service): Variant("ay", self.service_data)}

    @dbus_property(access=PropertyAccess.READ)
    def ManufacturerData(self) -> ManufacturerData:
        return {}

    @dbus_property(access=PropertyAccess.READ)
    def RSSI(self) -> DBusInt16:
        return self.rssi

    @dbus_property(access=PropertyAccess.READ)
    def Connected(self) -> DBusBool:
        return self.connected

    @dbus_property(access=PropertyAccess.READ)
    def ServicesResolved(self) -> DBusBool:
        return self.services_resolved

    @dbus_property(access=PropertyAccess.READ)
    def Paired(self) -> DBusBool:
        return self.paired

    @dbus_property(access=PropertyAccess.READ)
    def Bonded(self) -> DBusBool:
        return self.paired

    @dbus_property()
    def Trusted(self) -> DBusBool:
        return self.trusted

    @Trusted.setter
    def Trusted(self, value: DBusBool) -> None:
        self.trusted = value

    @dbus_property(access=PropertyAccess.READ)
    def Blocked(self) -> DBusBool:
        return False

    @dbus_property(access=PropertyAccess.READ)
    def LegacyPairing(self) -> DBusBool:
        return False

    # -- methods
    @dbus_method()
    def Connect(self):
        if self.connected:
            raise DBusError("org.bluez.Error.AlreadyConnected", "Already Connected")
        if not self.in_tree:
            raise DBusError("org.freedesktop.DBus.Error.UnknownObject", "no such device")
        self.connect()

    @dbus_method()
    def Disconnect(self):
        self.drop()

    @dbus_method()
    def Pair(self):
        self.pair()

    # -- what the fake does
    def connect(self) -> None:
        """BlueZ connects: Connected, the GATT objects, then ServicesResolved."""
        self.connection = object()
        self.connected = True
        self._bluez.connects.append(self.device_name)
        self.emit_properties_changed({"Connected": True})
        self._add_gatt()
        self.services_resolved = True
        self.emit_properties_changed({"ServicesResolved": True})

    def advertise(self) -> None:
        """Heard while scanning: first InterfacesAdded, then an RSSI change per advertisement."""
        if self.connected:
            return
        if not self.in_tree:
            self.in_tree = True
            self._bluez.bus.export(self.path, self)
            return
        self.rssi = -61 if self.rssi == -60 else -60
        self.emit_properties_changed({"RSSI": self.rssi})

    def pair(self) -> None:
        if not self.paired:
            self.paired = True
            self.pairings += 1
            self.emit_properties_changed({"Paired": True, "Bonded": True})

    def drop(self, *, out_of_range: bool = False) -> None:
        """The link goes (Disconnect, or the device drops it); out of range, the device leaves the tree."""
        if self.connected:
            self.connection = None
            self.connected = self.services_resolved = False
            self.emit_properties_changed({"ServicesResolved": False, "Connected": False})
            for path, interface in reversed(self._gatt_paths):
                self._bluez.bus.unexport(path, interface)
            self._gatt_paths.clear()
            self.characteristics.clear()
        if out_of_range and self.in_tree:
            self.in_tree = False
            self._bluez.bus.unexport(self.path, self)

    def _add_gatt(self) -> None:
        service_path = f"{self.path}/service000a"
        exports: list[tuple[str, ServiceInterface]] = [(service_path, GattService(self.service, self.path))]
        handle = 0x000B
        for entry in self.table:
            char_path = f"{service_path}/char{handle:04x}"
            characteristic = GattCharacteristic(self, entry, service_path)
            self.characteristics[entry.uuid] = characteristic
            exports.append((char_path, characteristic))
            handle += 1
            if {"notify", "indicate"} & set(entry.flags):
                exports.append((f"{char_path}/desc{handle:04x}", GattDescriptor(char_path)))
                handle += 1
        for path, interface in exports:
            self._bluez.bus.export(path, interface)
        self._gatt_paths = exports

    def model_write(self, value: bytes) -> None:
        self.on_write(self.connection, value)

    def send(self, uuid: int, value: bytes) -> None:
        characteristic = self.characteristics.get(uuid) if self.connected else None
        if characteristic is not None:
            characteristic.deliver(value)


# ---- the machine behind it -----------------------------------------------------------------


class BluezTreadmill(TreadmillModel):
    """The model's notifications and indications become `Value` changes on the peripheral."""

    def __init__(self, switches: Switches, peripheral: Peripheral) -> None:
        super().__init__(switches)
        self.peripheral = peripheral
        peripheral.on_write = self.write_control_point
        peripheral.hangs_up_on_subscribe = lambda uuid: (
            uuid == TREADMILL_DATA and self.hangs_up_on_subscribe()
        )

    async def notify(self, uuid: int, value: bytes) -> None:
        self.peripheral.send(uuid, value)

    async def indicate(self, connection: object, uuid: int, value: bytes) -> None:
        if connection is not self.peripheral.connection:
            raise ConnectionError("the central that wrote is gone")
        self.peripheral.send(uuid, value)

    async def drop_link(self, *, out_of_range: bool = False) -> None:
        """The treadmill goes away: Connected becomes False (and, out of range, the device leaves BlueZ)."""
        self.peripheral.drop(out_of_range=out_of_range)


class BluezStrap(StrapModel):
    def __init__(self, belt: TreadmillModel, peripheral: Peripheral, period_s: float) -> None:
        super().__init__(belt.belt, period_s)
        self.peripheral = peripheral

    async def notify(self, uuid: int, value: bytes) -> None:
        self.peripheral.send(uuid, value)


@dataclass
class FakeBlueZ:
    """org.bluez on `bus`: the adapter, the treadmill and the strap, and what bleak asked of them."""

    bus: MessageBus
    adapter: Adapter = field(init=False)
    treadmill: BluezTreadmill = field(init=False)
    strap: BluezStrap = field(init=False)
    tread_device: Peripheral = field(init=False)
    strap_device: Peripheral = field(init=False)
    start_scans: list[str] = field(default_factory=list)
    connects: list[str] = field(default_factory=list)
    tasks: list[asyncio.Task[None]] = field(default_factory=list)
    _radio: asyncio.Task[None] | None = None

    TREADMILL_NAME = "KICKSIM Tread"
    STRAP_NAME = "KICKSIM HR"

    @classmethod
    async def start(cls, bus_address: str, switches: Switches | None = None) -> FakeBlueZ:
        switches = switches or Switches()
        bus = await MessageBus(bus_address=bus_address, bus_type=BusType.SYSTEM).connect()
        bluez = cls(bus)
        bluez.adapter = Adapter(bluez)

        def note_caller(message: Message) -> None:
            """Which D-Bus connection called: bluetoothd keeps one discovery per connection."""
            if message.path == ADAPTER and message.sender:
                bluez.adapter.caller = message.sender

        bus.add_message_handler(note_caller)
        probe = TreadmillModel(switches)
        strap_probe = StrapModel(probe.belt, refuse_subscription=switches.strap_refuses_subscription)
        bluez.tread_device = Peripheral(
            bluez,
            name=cls.TREADMILL_NAME,
            address="C0:00:00:00:00:01",
            service=FTMS,
            table=probe.characteristics(),
            service_data=TREADMILL_SERVICE_DATA,
        )
        bluez.treadmill = BluezTreadmill(switches, bluez.tread_device)
        bluez.strap_device = Peripheral(
            bluez,
            name=cls.STRAP_NAME,
            address="C0:00:00:00:00:02",
            service=HRS,
            table=strap_probe.characteristics(),
        )
        bluez.strap = BluezStrap(
            bluez.treadmill, bluez.strap_device, period_s=max(0.1, 1 / switches.time_scale)
        )
        bus.export(ADAPTER, bluez.adapter)
        await bus.request_name("org.bluez")
        bluez.tasks = [asyncio.ensure_future(bluez.treadmill.run()), asyncio.ensure_future(bluez.strap.run())]
        return bluez

    def remove_adapter(self) -> None:
        """No hci0: bluetoothd runs on a machine without a Bluetooth adapter (or with it unplugged)."""
        self.bus.unexport(ADAPTER, self.adapter)

    def radio_on(self) -> None:
        if self._radio is None:
            self._radio = asyncio.ensure_future(self._advertise())

    def radio_off(self) -> None:
        if self._radio is not None:
            self._radio.cancel()
            self._radio = None

    async def _advertise(self) -> None:
        while True:
            for peripheral in (self.tread_device, self.strap_device):
                peripheral.advertise()
            await asyncio.sleep(ADVERT_PERIOD_S)

    def forget(self, path: str) -> None:
        for peripheral in (self.tread_device, self.strap_device):
            if peripheral.path == path:
                peripheral.drop(out_of_range=True)
                return
        raise DBusError("org.bluez.Error.DoesNotExist", "Does Not Exist")

    async def stop(self) -> None:
        self.radio_off()
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        self.bus.disconnect()


async def _main(args: argparse.Namespace) -> None:
    address = args.bus or os.environ["DBUS_SYSTEM_BUS_ADDRESS"]
    switches = Switches(time_scale=args.time_scale, data_period_s=max(0.1, 1 / args.time_scale))
    bluez = await FakeBlueZ.start(address, switches)
    if args.log:
        log_file = Path(args.log).open("a", encoding="utf-8", buffering=1)  # noqa: SIM115 (open for the process's life)
        belt = bluez.treadmill.belt
        bluez.treadmill.log.sink = lambda what, value: print(
            json.dumps(
                {
                    "what": what,
                    "value": value,
                    "distance_m": round(belt.distance_m, 1),
                    "at": time.monotonic(),  # the system's monotonic clock: comparable across processes
                }
            ),
            file=log_file,
        )
    if args.ready_file:
        Path(args.ready_file).write_text("ready", encoding="utf-8")
    await asyncio.Event().wait()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--bus", help="the bus address (default: DBUS_SYSTEM_BUS_ADDRESS)")
    parser.add_argument("--ready-file", help="written once org.bluez is owned")
    parser.add_argument("--log", help="one JSON line per control-point command accepted")
    parser.add_argument("--time-scale", type=float, default=1.0)
    try:
        asyncio.run(_main(parser.parse_args()))
    except KeyboardInterrupt:
        sys.exit(0)
