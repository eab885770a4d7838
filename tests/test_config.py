"""config.toml: where it lives, reading it, and `set_profile_value` keeping the rest of the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from kicktimer.config import (
    Config,
    ConfigError,
    SettingError,
    config_dir,
    config_path,
    data_dir,
    load_config,
    set_profile_value,
)
from kicktimer.core.profile import Profile


@pytest.fixture
def home(kick_dirs: Path) -> Path:
    return kick_dirs


def write_config(home: Path, text: str) -> Path:
    path = home / "config" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_directories_follow_the_environment(home: Path) -> None:
    assert config_dir() == home / "config"
    assert data_dir() == home / "data"
    assert config_path() == home / "config" / "config.toml"


def test_directories_default_to_platformdirs(monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    monkeypatch.delenv("KICK_CONFIG_DIR", raising=False)
    monkeypatch.delenv("KICK_DATA_DIR", raising=False)
    assert config_dir() == Path(platformdirs.user_config_dir("kicktimer"))
    assert data_dir() == Path(platformdirs.user_data_dir("kicktimer"))


def test_a_missing_file_gives_the_defaults(home: Path) -> None:
    expected = Config(profile=Profile(units="km", races={}), sound=True, voice=True, lead_in_s=10.0)
    assert load_config() == expected


def test_a_full_file_is_read(home: Path) -> None:
    write_config(
        home,
        'units = "mi"\nsound = false\nvoice = false\nlead_in = "15s"\n\n'
        '[races]\n5K = "22:30"\nhalf = "1:45:00"\n1500m = "5:10.5"\n',
    )
    config = load_config()
    assert config.profile == Profile(units="mi", races={"5k": 1350.0, "half": 6300.0, "1500m": 310.5})
    assert (config.sound, config.voice, config.lead_in_s) == (False, False, 15.0)


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ('units = "km"\n[races]\n5k = 22:30\n', 3, 8, "not valid TOML"),
        ('units = "furlongs"\n', 1, 1, "units"),
        ('units = "km"\n\n  sound = "loud"\n', 3, 3, "sound must be true or false"),
        ('[races]\nmile = "6:00"\n5k = 1350\n', 3, 1, "quoted"),
        ('[races]\nsprint = "0:12"\n', 2, 1, "not a race distance"),
        ('[races]\n5k = "2:00"\n', 2, 1, "not a time a runner can run"),
        ('[races]\n5k = "fast"\n', 2, 1, "5k"),
        ("lead_in = -4\n", 1, 1, "lead_in"),
        ('races = "5k 22:30"\n', 1, 1, "races must be a table"),
    ],
)
def test_a_broken_file_is_one_line_pointing_at_the_problem(
    home: Path, text: str, line: int, column: int, words: str
) -> None:
    path = write_config(home, text)
    with pytest.raises(ConfigError) as caught:
        load_config()
    first = str(caught.value).splitlines()[0]
    assert first.startswith(f"{path}:{line}:{column}: ")
    assert words in first


def test_invalid_utf8_is_a_clear_error(home: Path) -> None:
    path = home / "config" / "config.toml"
    path.parent.mkdir(parents=True)
    path.write_bytes(b'units = "\xff"\n')
    with pytest.raises(ConfigError, match="UTF-8"):
        load_config()


def test_set_creates_the_file_and_directory(home: Path) -> None:
    assert "VDOT 39.1" in set_profile_value("5k", "24:34")
    assert load_config().profile.races == {"5k": 1474.0}


def test_set_keeps_comments_other_tables_and_keys(home: Path) -> None:
    original = (
        "# my kicktimer settings\n"
        "sound = false  # the neighbours\n"
        "\n"
        "[races]\n"
        "# spring PBs\n"
        '10k = "47:00"\n'
        '5K = "23:00"\n'
        "\n"
        "[somebody.else]\n"
        "keep = [1, 2, 3]\n"
    )
    path = write_config(home, original)
    set_profile_value("5k", "22:30")
    set_profile_value("units", "mi")
    set_profile_value("mile", "6:05")
    text = path.read_text(encoding="utf-8")
    for kept in (
        "# my kicktimer settings",
        "sound = false  # the neighbours",
        "# spring PBs",
        '10k = "47:00"',
        "[somebody.else]",
        "keep = [1, 2, 3]",
    ):
        assert kept in text
    assert '5K = "23:00"' not in text
    config = load_config()
    assert config.profile == Profile(units="mi", races={"10k": 2820.0, "5k": 1350.0, "mile": 365.0})
    assert config.sound is False


def test_set_switches_and_lead_in(home: Path) -> None:
    set_profile_value("voice", "off")
    set_profile_value("lead-in", "5")
    set_profile_value("sound", "on")
    config = load_config()
    assert (config.voice, config.lead_in_s, config.sound) == (False, 5.0, True)


def test_set_none_removes_a_race(home: Path) -> None:
    set_profile_value("5k", "22:30")
    set_profile_value("half", "1:40:00")
    set_profile_value("5k", "none")
    assert load_config().profile.races == {"half": 6000.0}


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("units", "furlongs", "km or mi"),
        ("5k", "quick", "5k"),
        ("5k", "3:00", "not a time a runner can run"),
        ("colour", "red", "not a setting or a race"),
        ("voice", "maybe", "on or off"),
        ("lead_in", "9999", "lead_in"),
    ],
)
def test_set_refuses_bad_values_and_leaves_the_file_alone(
    home: Path, key: str, value: str, words: str
) -> None:
    path = write_config(home, '[races]\n5k = "22:30"\n')
    with pytest.raises(SettingError, match=words):
        set_profile_value(key, value)
    assert path.read_text(encoding="utf-8") == '[races]\n5k = "22:30"\n'


def test_set_never_overwrites_a_broken_file(home: Path) -> None:
    path = write_config(home, "units = \n")
    with pytest.raises(ConfigError):
        set_profile_value("5k", "22:30")
    assert path.read_text(encoding="utf-8") == "units = \n"
