"""`kick devices [--ble TRANSPORT] [--seconds N] [--json]`: the treadmills and heart-rate straps in range.

Treadmills advertise the Fitness Machine Service (0x1826) with the treadmill
bit in its service data; straps the Heart Rate Service (0x180D). For each
treadmill kick connects briefly to read what it supports (speed and incline
control, total distance) and its ranges. No adapter, no treadmill extra or a
transport that does not answer is one line and exit status 1, never a
traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from dataclasses import dataclass

from kicktimer.devices.link import DeviceError, Found, Radio

DEVICE_FAILURE = 1


def configure(parser: argparse.ArgumentParser) -> None:
    add_transport_option(parser)
    parser.add_argument(
        "--seconds", type=float, default=5.0, metavar="N", help="how long to listen (default 5)"
    )
    parser.add_argument("--json", action="store_true", help="a JSON list of {name, address, kind, features}")
    parser.epilog = (
        "examples:\n  kick devices\n  kick devices --ble usb:0 --seconds 10\n"
        "  kick devices --ble tcp-client:127.0.0.1:9000 --json\n\n"
        "then: kick run hill-sprints --where treadmill --treadmill NAME [--hr NAME]"
    )
    parser.formatter_class = argparse.RawDescriptionHelpFormatter


def add_transport_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--ble",
        metavar="TRANSPORT",
        help="bleak (the system's Bluetooth, the default), usb:0, hci-socket:0 or tcp-client:HOST:PORT "
        "(else KICK_BLE_TRANSPORT, else [bluetooth] transport in config.toml)",
    )


@dataclass(frozen=True)
class Described:
    found: Found
    ranges: tuple[str, ...] = ()


def run(args: argparse.Namespace) -> int:
    from kicktimer.config import ConfigError, load_config
    from kicktimer.devices.choice import transport_for

    try:
        transport = transport_for(args.ble, load_config().devices)
    except ConfigError as error:
        print(str(error), file=sys.stderr)
        return 2
    if not 0 < args.seconds <= 120:
        print("kick devices: --seconds must be between 0 and 120", file=sys.stderr)
        return 2
    try:
        described = asyncio.run(_look(transport, args.seconds))
    except DeviceError as error:
        print(f"kick devices: {error}", file=sys.stderr)
        return DEVICE_FAILURE
    if args.json:
        entries = [
            {
                "name": d.found.name,
                "address": d.found.address,
                "kind": d.found.kind,
                "features": list(d.found.features),
            }
            for d in described
        ]
        print(json.dumps(entries, indent=2, ensure_ascii=False))
        return 0
    if not described:
        print(f"No treadmill or heart-rate strap heard in {args.seconds:g} s ({transport}).")
        return 0
    for d in described:
        kind = "treadmill" if d.found.kind == "treadmill" else "heart-rate strap"
        print(f"{d.found.name or '(no name)'}  {d.found.address}  {kind}")
        details = [*d.found.features, *d.ranges]
        if details:
            print("    " + ", ".join(details))
    return 0


async def _look(transport: str, seconds: float) -> list[Described]:
    from kicktimer.devices.radio import open_radio

    radio = await open_radio(transport)
    try:
        found = await radio.scan(seconds)
        return [await _describe(radio, f) if f.kind == "treadmill" else Described(f) for f in found]
    finally:
        await radio.close()


async def _describe(radio: Radio, found: Found) -> Described:
    """Connect briefly and read the Feature and the ranges; a treadmill that won't talk is listed as seen."""
    from dataclasses import replace

    from kicktimer.devices import ftms_codec as codec

    try:
        link = await radio.connect(found.address, seconds=5)
    except DeviceError:
        return Described(found)
    try:
        features: list[str] = []
        ranges: list[str] = []
        if link.has(codec.FTMS_FEATURE) and (
            parsed := codec.parse_features(await link.read(codec.FTMS_FEATURE))
        ):
            features = parsed.names()
        if link.has(codec.SUPPORTED_SPEED_RANGE):
            speed = codec.parse_speed_range(await link.read(codec.SUPPORTED_SPEED_RANGE))
            if speed is not None:
                ranges.append(
                    f"speed {speed.minimum / 100:g}–{speed.maximum / 100:g} km/h by {speed.increment / 100:g}"
                )
        if link.has(codec.SUPPORTED_INCLINATION_RANGE):
            incline = codec.parse_inclination_range(await link.read(codec.SUPPORTED_INCLINATION_RANGE))
            if incline is not None:
                low, high, step = incline.minimum / 10, incline.maximum / 10, incline.increment / 10
                ranges.append(f"incline {low:g}–{high:g} % by {step:g}")
        if not link.has(codec.FTMS_CONTROL_POINT):
            features = [f for f in features if not f.endswith("_control")]
        return Described(replace(found, features=tuple(features)), tuple(ranges))
    except DeviceError:
        return Described(found)
    finally:
        await link.disconnect()
