"""A simulated FTMS treadmill and heart-rate strap: bumble GATT servers on a virtual link.

The tests and the end-to-end run drive kicktimer's real treadmill session
against these instead of hardware. The machine itself is `treadmill_model.py`
(shared with the fake BlueZ in `fake_bluez.py`); this module serves it over
bumble. Switches reproduce what real machines do
(see /work/shared/spec/devices-and-formats.md, "Real machines"): control
permission, Invalid Parameter, ATT 0xFE for a write while one is pending, a
control point that needs encryption (paired with Just Works), speed in mph,
no inclination range, console buttons and the safety key (status
notifications). The belt ramps towards its target speed and integrates
distance; `time_scale` runs the belt's time faster, so a 400 m step ends in
seconds.

Run as a program, it serves a virtual link on a loopback TCP port (one
virtual controller speaking H4 per connection, since bumble removed its link
relay in 0.0.213) with both devices on it, and writes every control-point
command it accepts as one JSON line to --log:

    python tests/treadmill_sim.py --port 0 --log sim.jsonl --time-scale 10
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bumble import att, gatt, hci, ll
from bumble.controller import Controller
from bumble.core import UUID
from bumble.device import Connection, Device
from bumble.hci import Address
from bumble.host import Host
from bumble.link import LocalLink
from bumble.transport.common import AsyncPipeSink, PacketParser

from treadmill_model import (
    FTMS,
    HRS,
    TREADMILL_DATA,
    TREADMILL_SERVICE_DATA,
    Belt,
    Characteristic,
    Refused,
    StrapModel,
    Switches,
    TreadmillModel,
)

__all__ = ["Belt", "Simulator", "Strap", "Switches", "Treadmill", "central_device", "serve_link"]


def u16(number: int) -> UUID:
    return UUID.from_16_bits(number)


def advert(name: str, service: int, service_data: bytes | None = None) -> bytes:
    """Flags, the 16-bit service list, optional service data and the complete name (≤ 31 bytes)."""
    data = bytes([2, 0x01, 0x06, 3, 0x03]) + service.to_bytes(2, "little")
    if service_data is not None:
        data += bytes([len(service_data) + 3, 0x16]) + service.to_bytes(2, "little") + service_data
    encoded = name.encode()
    data += bytes([len(encoded) + 1, 0x09]) + encoded
    assert len(data) <= 31, "legacy advertising carries 31 bytes; BlueZ drops longer data"
    return data


_PROPERTIES = {
    "read": gatt.Characteristic.Properties.READ,
    "write": gatt.Characteristic.Properties.WRITE,
    "notify": gatt.Characteristic.Properties.NOTIFY,
    "indicate": gatt.Characteristic.Properties.INDICATE,
}


def _refuse(code: int) -> Callable[[Connection], bytes]:
    def read(connection: Connection) -> bytes:
        raise att.ATT_Error(code)

    return read


def _refuse_write(code: int) -> Callable[[Connection, bytes], None]:
    def write(connection: Connection, value: bytes) -> None:
        raise att.ATT_Error(code)

    return write


def gatt_service(
    service: int, table: list[Characteristic], on_write: Callable[[Connection, bytes], None] | None = None
) -> tuple[gatt.Service, dict[int, gatt.Characteristic[Any]]]:
    """The model's characteristics as a bumble GATT service; writes go to `on_write`."""
    made: dict[int, gatt.Characteristic[Any]] = {}
    for entry in table:
        properties = gatt.Characteristic.Properties(0)
        for flag in entry.flags:
            properties |= _PROPERTIES[flag]
        permissions = gatt.Characteristic.Permissions(0)
        value: Any = entry.value
        if "read" in entry.flags:
            permissions |= gatt.Characteristic.READABLE
            if entry.read_error is not None:
                value = gatt.CharacteristicValue(read=_refuse(entry.read_error))
        if "write" in entry.flags:
            permissions |= gatt.Characteristic.WRITEABLE
            if entry.encrypted_write:
                permissions |= gatt.Characteristic.WRITE_REQUIRES_ENCRYPTION
            value = gatt.CharacteristicValue(write=on_write)
        descriptors = []
        if entry.subscribe_error is not None:  # bumble adds a working CCCD only where there is none
            cccd = gatt.CharacteristicValue(write=_refuse_write(entry.subscribe_error))
            descriptors.append(
                gatt.Descriptor(
                    gatt.GATT_CLIENT_CHARACTERISTIC_CONFIGURATION_DESCRIPTOR,
                    gatt.Descriptor.READABLE | gatt.Descriptor.WRITEABLE,
                    cccd,
                )
            )
        made[entry.uuid] = gatt.Characteristic(
            u16(entry.uuid), properties, permissions, value, descriptors=descriptors
        )
    return gatt.Service(u16(service), list(made.values())), made


class Treadmill(TreadmillModel):
    """The FTMS server on its own bumble device."""

    def __init__(self, device: Device, switches: Switches) -> None:
        super().__init__(switches)
        self.device = device
        service, self._characteristics = gatt_service(FTMS, self.characteristics(), self._on_write)
        device.add_service(service)
        self._characteristics[TREADMILL_DATA].on("subscription", self._on_subscription)

    def _on_subscription(self, bearer: object, notify: bool, indicate: bool) -> None:
        if notify and self.hangs_up_on_subscribe():
            for connection in list(self.device.connections.values()):
                self._spawn(connection.disconnect())

    def _on_write(self, connection: Connection, value: bytes) -> None:
        try:
            self.write_control_point(connection, value)
        except Refused as refused:
            raise att.ATT_Error(refused.code) from refused

    async def notify(self, uuid: int, value: bytes) -> None:
        await self.device.notify_subscribers(self._characteristics[uuid], value)

    async def indicate(self, connection: object, uuid: int, value: bytes) -> None:
        assert isinstance(connection, Connection)
        indication = self.device.indicate_subscriber(connection, self._characteristics[uuid], value)
        await asyncio.wait_for(indication, 2.0)

    async def drop_link(self) -> None:
        """The treadmill goes out of range: every connection is dropped."""
        for connection in list(self.device.connections.values()):
            await connection.disconnect()


class Strap(StrapModel):
    """A heart-rate strap on its own bumble device."""

    def __init__(
        self, device: Device, belt: Belt, period_s: float = 0.5, *, refuse_subscription: bool = False
    ) -> None:
        super().__init__(belt, period_s, refuse_subscription=refuse_subscription)
        self.device = device
        service, self._characteristics = gatt_service(HRS, self.characteristics())
        device.add_service(service)

    async def notify(self, uuid: int, value: bytes) -> None:
        await self.device.notify_subscribers(self._characteristics[uuid], value)


def virtual_device(link: LocalLink, name: str, address: str) -> Device:
    """A bumble device with its own virtual controller on `link`."""
    controller = Controller(name, link=link, public_address=address)
    return Device(name=name, address=Address(address), host=Host(controller, AsyncPipeSink(controller)))


@dataclass
class Simulator:
    """The treadmill and the strap on one virtual link, advertising and notifying."""

    link: LocalLink
    treadmill: Treadmill
    strap: Strap
    tasks: list[asyncio.Task[None]] = field(default_factory=list)

    TREADMILL_NAME = "KICKSIM Tread"
    STRAP_NAME = "KICKSIM HR"

    @classmethod
    async def start(cls, switches: Switches | None = None, link: LocalLink | None = None) -> Simulator:
        link = link or LocalLink()
        switches = switches or Switches()
        t_device = virtual_device(link, "treadmill", "C0:00:00:00:00:01")
        h_device = virtual_device(link, "strap", "C0:00:00:00:00:02")
        treadmill = Treadmill(t_device, switches)
        strap = Strap(
            h_device,
            treadmill.belt,
            period_s=max(0.1, 1 / switches.time_scale),
            refuse_subscription=switches.strap_refuses_subscription,
        )
        for device, data in (
            (t_device, advert(cls.TREADMILL_NAME, FTMS, TREADMILL_SERVICE_DATA)),
            (h_device, advert(cls.STRAP_NAME, HRS)),
        ):
            await device.power_on()
            await device.start_advertising(
                advertising_data=data, auto_restart=True, advertising_interval_min=20
            )
        sim = cls(link, treadmill, strap)
        sim.tasks = [asyncio.ensure_future(treadmill.run()), asyncio.ensure_future(strap.run())]
        return sim

    async def stop(self) -> None:
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)


def central_device(link: LocalLink, address: str = "C0:00:00:00:00:10") -> Device:
    """kicktimer's side, in process: a device on the same virtual link."""
    return virtual_device(link, "kicktimer", address)


# ---- the virtual link over TCP (one H4 controller per connection) ----------------------


class _H4Connection(asyncio.Protocol):
    def __init__(self, link: LocalLink, number: int) -> None:
        self.link = link
        self.number = number
        self.controller: Controller | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        writer = transport

        class Sink:
            def on_packet(self, packet: bytes) -> None:
                writer.write(packet)

        self.controller = Controller(
            f"tcp{self.number}",
            host_sink=Sink(),
            link=self.link,
            public_address=f"D0:00:00:00:00:{self.number:02X}",
        )
        self.parser = PacketParser(self.controller)

    def data_received(self, data: bytes) -> None:
        self.parser.feed_data(data)

    def connection_lost(self, exc: Exception | None) -> None:
        """The process on the other end went away: its links time out, as a radio's would."""
        controller = self.controller
        if controller is None:
            return
        controller.host = None
        for connection in list(controller.le_connections.values()):
            connection.send_ll_control_pdu(ll.TerminateInd(hci.HCI_ErrorCode.CONNECTION_TIMEOUT_ERROR))
            controller.on_le_disconnected(connection, hci.HCI_ErrorCode.CONNECTION_TIMEOUT_ERROR)
        self.link.remove_controller(controller)


async def serve_link(link: LocalLink, port: int = 0) -> asyncio.Server:
    """A loopback listener giving each connection its own virtual controller on `link`."""
    counter = iter(range(1, 255))
    loop = asyncio.get_running_loop()
    return await loop.create_server(lambda: _H4Connection(link, next(counter)), "127.0.0.1", port)


async def _main(args: argparse.Namespace) -> None:
    log_file = Path(args.log).open("a", encoding="utf-8", buffering=1) if args.log else None  # noqa: SIM115 (open for the process's life)
    switches = Switches(
        time_scale=args.time_scale,
        data_period_s=max(0.1, 1 / args.time_scale),
        encrypted_control_point=args.encrypted_control_point,
    )
    sim = await Simulator.start(switches)
    if log_file is not None:
        sim.treadmill.log.sink = lambda what, value: print(
            json.dumps(
                {
                    "what": what,
                    "value": value,
                    "distance_m": round(sim.treadmill.belt.distance_m, 1),
                    "at": time.monotonic(),  # the system's monotonic clock: comparable across processes
                }
            ),
            file=log_file,
        )
    server = await serve_link(sim.link, args.port)
    port = server.sockets[0].getsockname()[1]
    print(f"listening {port}", flush=True)
    if args.port_file:
        Path(args.port_file).write_text(str(port), encoding="utf-8")
    await asyncio.Event().wait()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-file")
    parser.add_argument("--log")
    parser.add_argument("--time-scale", type=float, default=1.0)
    parser.add_argument(
        "--encrypted-control-point", action="store_true", help="writes need Just Works pairing"
    )
    try:
        asyncio.run(_main(parser.parse_args()))
    except KeyboardInterrupt:
        sys.exit(0)
