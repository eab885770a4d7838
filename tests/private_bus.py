"""A private D-Bus daemon standing in for the system bus, and a `bluetoothctl` that says which BlueZ.

bleak's BlueZ backend opens the system bus through dbus-fast, which reads
DBUS_SYSTEM_BUS_ADDRESS (dbus_fast/_private/address.py,
get_system_bus_address), so pointing that at this daemon is all it takes for
bleak to talk to the fake BlueZ in `fake_bluez.py` as it would to
bluetoothd. The daemon is Debian's `dbus-daemon` (package dbus-daemon)
with a configuration that lets anyone own any name, so the fake can own
org.bluez without root.

bleak asks `bluetoothctl --version` before its first connection, to refuse
BlueZ older than 5.55; without the program it logs a warning and assumes a
new enough one. `fake_bluetoothctl` writes a stand-in that answers as BlueZ
5.66 (Debian 12's), as a machine with BlueZ installed would.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CONFIG = """\
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_type="method_call"/>
    <allow send_type="signal"/>
    <allow send_type="method_return"/>
    <allow send_type="error"/>
    <allow receive_type="method_call"/>
    <allow receive_type="signal"/>
    <allow receive_type="method_return"/>
    <allow receive_type="error"/>
  </policy>
</busconfig>
"""


def have_dbus_daemon() -> bool:
    return shutil.which("dbus-daemon") is not None


@contextmanager
def private_system_bus() -> Iterator[str]:
    """A dbus-daemon of its own for the duration; yields its address (for DBUS_SYSTEM_BUS_ADDRESS)."""
    folder = Path(tempfile.mkdtemp(prefix="kickbus-"))  # short: a unix socket path is at most 107 bytes
    config = folder / "bus.conf"
    config.write_text(CONFIG.format(socket=folder / "socket"), encoding="utf-8")
    daemon = subprocess.Popen(
        ["dbus-daemon", f"--config-file={config}", "--nofork", "--nopidfile", "--print-address"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,  # only a harmless "cannot raise the fd limit" here
        text=True,
    )
    try:
        assert daemon.stdout is not None
        address = daemon.stdout.readline().strip()
        if not address:
            raise RuntimeError(f"dbus-daemon printed no address (exit status {daemon.poll()})")
        yield address
    finally:
        daemon.terminate()
        daemon.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


def fake_bluetoothctl(folder: Path, version: str = "5.66") -> Path:
    """A folder holding a `bluetoothctl` that prints BlueZ's version, to put first on PATH."""
    folder.mkdir(parents=True, exist_ok=True)
    program = folder / "bluetoothctl"
    program.write_text(f'#!/bin/sh\necho "bluetoothctl: {version}"\n', encoding="utf-8")
    program.chmod(0o755)
    return folder
