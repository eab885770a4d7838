"""Choosing the Bluetooth implementation from a transport spec (`--ble`, KICK_BLE_TRANSPORT, config).

bleak and bumble are imported only here and only when asked for, so kicktimer
runs without the treadmill extra, and says how to install it when a device is
wanted.
"""

from __future__ import annotations

from kicktimer.devices.link import DeviceError, Radio

DEFAULT_TRANSPORT = "bleak"
BUMBLE_SCHEMES = ("usb", "pyusb", "hci-socket", "tcp-client", "tcp-server", "serial", "vhci", "udp", "unix")
INSTALL_HINT = "Bluetooth needs the treadmill extra: pip install 'kicktimer[treadmill]'"


def uses_bumble(transport: str) -> bool:
    """`bleak` is the operating system's Bluetooth; anything with a scheme is a bumble transport."""
    return transport.split(":", 1)[0] in BUMBLE_SCHEMES


async def open_radio(transport: str = DEFAULT_TRANSPORT) -> Radio:
    """The radio for a transport spec (`bleak`, `usb:0`, `hci-socket:0`, `tcp-client:HOST:PORT`).

    Raises DeviceError for an unknown spec, a missing extra or a missing adapter.
    """
    if transport == "bleak":
        try:
            from kicktimer.devices.link_bleak import BleakRadio
        except ImportError as error:
            raise DeviceError(INSTALL_HINT) from error
        return BleakRadio()
    if uses_bumble(transport):
        try:
            from kicktimer.devices.link_bumble import open_bumble_radio
        except ImportError as error:
            raise DeviceError(INSTALL_HINT) from error
        return await open_bumble_radio(transport)
    raise DeviceError(
        f"unknown Bluetooth transport {transport!r}: use bleak, usb:0, hci-socket:0 or tcp-client:HOST:PORT"
    )
