"""Fixtures shared by every test module.

`kick_dirs` gives a test its own config and data folders (KICK_CONFIG_DIR,
KICK_DATA_DIR under tmp_path), so nothing reads or writes the real ones; a
module that needs them for every test says
`pytestmark = pytest.mark.usefixtures("kick_dirs")`. `kick_dirs_with_races`
adds a profile with a mile and a 5K, so every reference pace resolves.
Plans come from `plan_builders`. `system_bus` / `on_system_bus` give bleak a
private D-Bus where `fake_bluez.py` plays BlueZ. `terminal` is a tmux window
on a server of the test's own (`tmux_support.py`), with its own kick folders.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tmux_support import Terminal


@pytest.fixture
def kick_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tmp_path, with KICK_CONFIG_DIR at tmp_path/config and KICK_DATA_DIR at tmp_path/data."""
    monkeypatch.setenv("KICK_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("KICK_DATA_DIR", str(tmp_path / "data"))
    return tmp_path


@pytest.fixture
def kick_dirs_with_races(kick_dirs: Path) -> Path:
    """`kick_dirs` with a config.toml whose profile has a mile (6:00) and a 5K (22:30)."""
    (kick_dirs / "config").mkdir()
    races = '[races]\nmile = "6:00"\n5k = "22:30"\n'
    (kick_dirs / "config" / "config.toml").write_text(races, encoding="utf-8")
    return kick_dirs


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    """A tmux window (`tmux_support.Terminal`) whose server lives under tmp_path; killed after the test."""
    from tmux_support import Terminal, tmux_env

    term = Terminal(f"kick-{os.getpid()}", tmux_env(tmp_path))
    yield term
    term.close()


@pytest.fixture(scope="session")
def system_bus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SystemBus]:
    """A private D-Bus daemon for the fake BlueZ (`fake_bluez.py`), and a `bluetoothctl` for bleak to ask.

    Skips where Debian's dbus-daemon is not installed (.ci/run installs it).
    """
    from private_bus import fake_bluetoothctl, have_dbus_daemon, private_system_bus

    if not have_dbus_daemon():
        pytest.skip("dbus-daemon is not installed (apt-get install dbus-daemon)")
    tools = fake_bluetoothctl(tmp_path_factory.mktemp("bluez-tools"))
    with private_system_bus() as address:
        yield SystemBus(address, f"{tools}{os.pathsep}{os.environ.get('PATH', '')}")


@dataclass(frozen=True)
class SystemBus:
    """Where bleak finds the fake BlueZ: DBUS_SYSTEM_BUS_ADDRESS and a PATH with `bluetoothctl` first."""

    address: str
    path: str

    def environment(self) -> dict[str, str]:
        return {"DBUS_SYSTEM_BUS_ADDRESS": self.address, "PATH": self.path}


@pytest.fixture
def on_system_bus(system_bus: SystemBus, monkeypatch: pytest.MonkeyPatch) -> SystemBus:
    """This test's bleak talks to the private bus."""
    for name, value in system_bus.environment().items():
        monkeypatch.setenv(name, value)
    return system_bus
