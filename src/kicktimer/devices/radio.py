"""Choosing the Bluetooth implementation from a transport spec (`--ble`, KICK_BLE_TRANSPORT, config).

bleak and bumble are imported only here and only when asked for, so kicktimer
runs without the treadmill extra, and says how to install it when a device is
wanted.
"""

from __future__ import annotations

import asyncio
import importlib
import sys
from types import ModuleType

from kicktimer.devices.link import DeviceError, Radio

DEFAULT_TRANSPORT = "bleak"
BUMBLE_SCHEMES = ("usb", "pyusb", "hci-socket", "tcp-client", "tcp-server", "serial", "vhci", "udp", "unix")
INSTALL_HINT = "Bluetooth needs the treadmill extra: pip install 'kicktimer[treadmill]'"


def uses_bumble(transport: str) -> bool:
    """`bleak` is the operating system's Bluetooth; anything with a scheme is a bumble transport."""
    return transport.split(":", 1)[0] in BUMBLE_SCHEMES


BUMBLE_LINK = "kicktimer.devices.link_bumble"


def _link_module(transport: str) -> str:
    return BUMBLE_LINK if uses_bumble(transport) else "kicktimer.devices.link_bleak"


def load_before_the_loop(transport: str) -> None:
    """Import the transport's link on the main thread, before the app's event loop starts.

    Imported there, nothing is waiting on it (no timer, no screen yet), and
    what the library's modules allocate lands in the main thread's malloc
    arena. Imported later on a worker thread (`_load`), glibc gives that thread
    an arena of its own, and bumble's modules keep it for the whole run (1.8 MiB
    for the import alone, 0.4 MiB of a bumble run's peak: README). Raises
    DeviceError when the extra is missing or the library does not import.
    """
    if uses_bumble(transport):
        _bumble_pairs_in_python()
    try:
        _import_link(_link_module(transport))
    except ImportError as error:
        raise DeviceError(INSTALL_HINT) from error


async def _load(module: str) -> ModuleType:
    """The link module: at hand when `load_before_the_loop` imported it, else imported on a worker
    thread, as bumble takes half a second of CPU to import and the event loop (the timer, the
    screen) must not stop for it."""
    loaded = sys.modules.get(module)
    if loaded is not None:
        return loaded
    try:
        return await asyncio.to_thread(_import_link, module)
    except ImportError as error:
        raise DeviceError(INSTALL_HINT) from error


def _import_link(module: str) -> ModuleType:
    """The link module; bumble's is imported with stand-ins for the modules it seldom uses
    (devices/deferred.py: ~1.5 MiB of the run's memory), which are imported when first used."""
    if module != BUMBLE_LINK:
        return importlib.import_module(module)
    from kicktimer.devices.deferred import standing_in

    with standing_in():
        return importlib.import_module(module)


def _bumble_pairs_in_python() -> None:
    """Have bumble do its pairing maths with its own Python code, not the `cryptography` package.

    bumble imports `cryptography` for P-256 and AES-CMAC when it can and falls
    back to `bumble.crypto.builtin` when it can't. That package's Rust library
    is 7.8 MiB of resident memory for the whole run, in a run that pairs at
    most once (Just Works, when a control point asks for encryption), which
    bumble's own code does in about 12 ms. A `None` in `sys.modules` makes
    that import fail as if the package were missing; a process that has
    already loaded bumble keeps what it chose.
    """
    sys.modules.setdefault("bumble.crypto.cryptography", None)  # type: ignore[arg-type]  # the documented "not there"


async def open_radio(transport: str = DEFAULT_TRANSPORT) -> Radio:
    """The radio for a transport spec (`bleak`, `usb:0`, `hci-socket:0`, `tcp-client:HOST:PORT`).

    Raises DeviceError for an unknown spec, a missing extra or a missing adapter.
    """
    if transport == "bleak":
        bleak_link = await _load(_link_module(transport))
        radio: Radio = bleak_link.BleakRadio()
        return radio
    if uses_bumble(transport):
        _bumble_pairs_in_python()
        bumble_link = await _load(_link_module(transport))
        opened: Radio = await bumble_link.open_bumble_radio(transport)
        return opened
    raise DeviceError(
        f"unknown Bluetooth transport {transport!r}: use bleak, usb:0, hci-socket:0 or tcp-client:HOST:PORT"
    )
