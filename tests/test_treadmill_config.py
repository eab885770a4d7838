"""`[bluetooth]`, `[treadmill]`, `[heart_rate]` in config.toml, and what wins over them."""

from __future__ import annotations

from pathlib import Path

import pytest

from kicktimer.config import ConfigError, load_config
from kicktimer.devices.choice import TRANSPORT_ENV, devices_for, transport_for
from kicktimer.devices.settings import DeviceConfig, TreadmillSettings


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_device_tables_are_read(tmp_path: Path) -> None:
    config = load_config(
        write(
            tmp_path,
            '[bluetooth]\ntransport = "usb:0"\n\n[treadmill]\ndevice = "FS-1A2B3C"\nmax_speed_kmh = 16\n'
            'max_incline_pct = 8\nfinish = "stop"\ndistance = "integrated"\nmph = true\n'
            "incline_step_pct = 0.5\n"
            "control_every_write = true\nwrite_gap_ms = 300\nhold_while_ramping = true\n\n"
            '[heart_rate]\ndevice = "HRM-Pro:1"\n',
        )
    )
    assert config.devices == DeviceConfig(
        transport="usb:0",
        treadmill="FS-1A2B3C",
        heart_rate="HRM-Pro:1",
        treadmill_settings=TreadmillSettings(
            max_speed_kmh=16,
            max_incline_pct=8,
            finish="stop",
            distance="integrated",
            mph=True,
            incline_step_pct=0.5,
            control_every_write=True,
            write_gap_s=0.3,
            hold_while_ramping=True,
        ),
    )
    assert config.warnings == ()


def test_defaults_without_the_tables(tmp_path: Path) -> None:
    devices = load_config(write(tmp_path, 'units = "km"\n')).devices
    assert devices == DeviceConfig()
    assert not devices.wanted
    assert devices.treadmill_settings.max_speed_kmh == 20 and devices.treadmill_settings.finish == "walk"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("[treadmill]\nmax_speed_kmh = 45\n", 2, "max_speed_kmh must be between 1 and 30, not 45"),
        ('[treadmill]\nmax_speed_kmh = "fast"\n', 2, "max_speed_kmh must be a number, not 'fast'"),
        (
            '[treadmill]\ndevice = "x"\nfinish = "crawl"\n',
            3,
            'finish must be "walk" or "stop", not \'crawl\'',
        ),
        ("[treadmill]\nmph = 1\n", 2, "mph must be true or false, not 1"),
        ("[treadmill]\nspeed = 3\n", 2, "[treadmill] has no key 'speed' (see docs/treadmill.md)"),
        ("[bluetooth]\nadapter = 1\n", 2, "[bluetooth] has one key, transport; not 'adapter'"),
        ("[heart_rate]\ndevice = 3\n", 2, "device must be a name or an address in quotes, not 3"),
        ('treadmill = "FS"\n', 1, "treadmill must be a table: [treadmill] then its keys"),
    ],
)
def test_a_wrong_value_is_one_positioned_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert str(error.value).startswith(f"{path}:{line}:1: {message}")


def test_the_command_line_wins_then_the_environment_then_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    config = DeviceConfig(transport="usb:0", treadmill="Belt", heart_rate="Strap")
    monkeypatch.delenv(TRANSPORT_ENV, raising=False)
    assert transport_for(None, config) == "usb:0"
    monkeypatch.setenv(TRANSPORT_ENV, "hci-socket:0")
    assert transport_for(None, config) == "hci-socket:0"
    assert transport_for("tcp-client:127.0.0.1:9", config) == "tcp-client:127.0.0.1:9"
    chosen = devices_for(config, transport=None, treadmill="Other belt", heart_rate=None)
    assert (chosen.transport, chosen.treadmill, chosen.heart_rate) == ("hci-socket:0", "Other belt", "Strap")
