"""The user's config file: where it lives, reading it, and changing one key in place.

`config.toml` sits in $KICK_CONFIG_DIR, or the platform's user config
directory. It holds the athlete's profile and a few switches:

    units = "km"            # or "mi"
    sound = true
    voice = true
    lead_in = 10            # seconds before the first step (or "10s")

    [races]
    5k = "22:30"
    half = "1:45:00"

Reading uses tomllib; writing uses tomlkit, so that `kick profile set` keeps
the user's comments, order and every key it does not touch. A broken file is
one line, `PATH:LINE:COL: message`, like a broken workout.
"""

from __future__ import annotations

import difflib
import math
import os
import re
import sys
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from kicktimer.core import pace as pace_math
from kicktimer.core.profile import Profile, UnknownRace, canonical_race, race_distance_m
from kicktimer.devices.settings import TABLES as DEVICE_TABLES
from kicktimer.devices.settings import DeviceConfig, read_device_tables
from kicktimer.errors import Problem, Severity, SourcePos
from kicktimer.workout.quantities import QuantityError, Unit, format_clock, parse_clock, parse_duration

if TYPE_CHECKING:
    from tomlkit import TOMLDocument

CONFIG_FILE = "config.toml"
SWITCHES = ("sound", "voice")
LEAD_IN_KEY = "lead_in"
MAX_LEAD_IN_S = 600.0


@dataclass(frozen=True)
class Config:
    """Everything `config.toml` says, with defaults for what it leaves out."""

    profile: Profile = field(default_factory=Profile)
    sound: bool = True
    voice: bool = True
    lead_in_s: float = 10.0
    warnings: tuple[Problem, ...] = ()
    devices: DeviceConfig = field(default_factory=DeviceConfig)
    """[bluetooth], [treadmill], [heart_rate]: see docs/treadmill.md."""


class ConfigError(Exception):
    """config.toml cannot be read: carries one `PATH:LINE:COL` problem."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(problem.format())


class SettingError(ValueError):
    """A key or value given to `kick profile set` that cannot be stored; the message says why."""


def config_dir() -> Path:
    """$KICK_CONFIG_DIR, else the platform's user config directory for kicktimer."""
    override = os.environ.get("KICK_CONFIG_DIR")
    return Path(override) if override else Path(platformdirs.user_config_dir("kicktimer"))


def data_dir() -> Path:
    """$KICK_DATA_DIR, else the platform's user data directory for kicktimer."""
    override = os.environ.get("KICK_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir("kicktimer"))


def config_path() -> Path:
    return config_dir() / CONFIG_FILE


# ---- reading ---------------------------------------------------------------


_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TABLE_HEADER = re.compile(r"^\s*\[\s*([^\]]+?)\s*\]")


def _key_position(text: str, table: str | None, key: str) -> SourcePos:
    """Where `key` (in `[table]`, or at the top) is written; the file start if not found.

    tomllib keeps no positions, and a wrong value should still point at its line.
    """
    current: str | None = None
    pattern = re.compile(rf"""^(\s*)(?:{re.escape(key)}|"{re.escape(key)}"|'{re.escape(key)}')\s*=""")
    for number, line in enumerate(text.splitlines(), start=1):
        header = _TABLE_HEADER.match(line)
        if header:
            current = header.group(1).strip().strip("\"'")
            continue
        match = pattern.match(line)
        if match and current == table:
            return SourcePos(number, len(match.group(1)) + 1)
    return SourcePos(1, 1)


def load_config(path: Path | None = None) -> Config:
    """Read config.toml (default: in `config_dir()`); a missing file gives the defaults.

    Raises ConfigError carrying one `PATH:LINE:COL` problem.
    """
    target = path if path is not None else config_path()
    try:
        raw = target.read_bytes()
    except (FileNotFoundError, NotADirectoryError):  # no file there (its folder may not exist either)
        return Config()
    except OSError as error:
        raise ConfigError(Problem(str(target), SourcePos(1, 1), f"cannot read: {error.strerror}")) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError(Problem(str(target), SourcePos(1, 1), "not UTF-8 text")) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        where = _TOML_POSITION.search(message)
        pos = SourcePos(int(where.group(1)), int(where.group(2))) if where else SourcePos(1, 1)
        detail = _TOML_POSITION.sub("", message)
        hint = 'race times are text: 5k = "22:30"' if "races" in text else None
        raise ConfigError(Problem(str(target), pos, f"not valid TOML: {detail}", hint)) from None
    return _config_from(data, text, str(target))


def _config_from(data: dict[str, object], text: str, file: str) -> Config:
    def problem(table: str | None, key: str, message: str, hint: str | None = None) -> ConfigError:
        return ConfigError(Problem(file, _key_position(text, table, key), message, hint))

    units = data.get("units", "km")
    if units not in ("km", "mi"):
        raise problem(None, "units", f'units must be "km" or "mi", not {units!r}')
    switches: dict[str, bool] = {}
    for name in SWITCHES:
        value = data.get(name, True)
        if not isinstance(value, bool):
            raise problem(None, name, f"{name} must be true or false, not {value!r}")
        switches[name] = value
    lead_in = data.get(LEAD_IN_KEY, 10.0)
    try:
        lead_in_s = _lead_in_seconds(lead_in)
    except ValueError as error:
        raise problem(None, LEAD_IN_KEY, str(error)) from None
    races_table = data.get("races", {})
    if not isinstance(races_table, dict):
        raise problem(None, "races", 'races must be a table: [races] then lines like 5k = "22:30"')
    races: dict[str, float] = {}
    for key, value in races_table.items():
        try:
            name, seconds = parse_race(key, value)
        except ValueError as error:
            raise problem("races", key, str(error)) from None
        races[name] = seconds
    checked_units: Unit = "km" if units == "km" else "mi"
    devices = read_device_tables(data, lambda table, key, message: problem(table, key, message))
    return Config(
        profile=Profile(units=checked_units, races=races),
        sound=switches["sound"],
        voice=switches["voice"],
        lead_in_s=lead_in_s,
        warnings=tuple(_unknown_keys(data, text, file)),
        devices=devices,
    )


KNOWN_KEYS = ("units", *SWITCHES, LEAD_IN_KEY, "races", *DEVICE_TABLES)


def _unknown_keys(data: dict[str, object], text: str, file: str) -> list[Problem]:
    """A warning for each top-level key kick does not read: a typo would otherwise do nothing.

    `lead-in = 0` or `[race]` is not an error (the rest of the file still
    counts), but the runner is told it is ignored and what was probably meant.
    """
    warnings = []
    for key, value in data.items():
        if key in KNOWN_KEYS:
            continue
        spelled = key.strip().lower().replace("-", "_").replace(" ", "_")
        close = [spelled] if spelled in KNOWN_KEYS else difflib.get_close_matches(spelled, KNOWN_KEYS, n=1)
        is_table = isinstance(value, dict)
        written = f"[{key}]" if is_table else key
        if close:
            meant = f"[{close[0]}]" if close[0] == "races" else close[0]
            advice = f"did you mean {meant}?"
        else:
            advice = "known keys: " + ", ".join(KNOWN_KEYS)
        pos = _table_position(text, key) if is_table else _key_position(text, None, key)
        message = f"unknown key {written} is ignored; {advice}"
        warnings.append(Problem(file, pos, message, severity=Severity.WARNING))
    return warnings


def _table_position(text: str, table: str) -> SourcePos:
    """Where `[table]` is opened; the file start if not found."""
    for number, line in enumerate(text.splitlines(), start=1):
        header = _TABLE_HEADER.match(line)
        if header and header.group(1).strip().strip("\"'") == table:
            return SourcePos(number, line.index("[") + 1)
    return SourcePos(1, 1)


def print_warnings(config: Config) -> None:
    """Each of config.toml's warnings on standard error, one line (and a hint) each."""
    for warning in config.warnings:
        print(warning.format(), file=sys.stderr)


def _lead_in_seconds(value: object) -> float:
    if isinstance(value, bool):
        raise ValueError("lead_in must be seconds, e.g. lead_in = 10")
    if isinstance(value, int | float):
        seconds = float(value)
    elif isinstance(value, str):
        try:
            seconds = parse_duration(value)
        except QuantityError as error:
            raise ValueError(f"lead_in: {error}") from None
    else:
        raise ValueError("lead_in must be seconds, e.g. lead_in = 10")
    if not math.isfinite(seconds) or not 0 <= seconds <= MAX_LEAD_IN_S:
        raise ValueError(f"lead_in must be between 0 and {MAX_LEAD_IN_S:g} seconds")
    return seconds


def parse_race(key: str, value: object) -> tuple[str, float]:
    """A `[races]` entry as (canonical race name, seconds), checked for being humanly possible.

    Raises ValueError with a message for the user.
    """
    try:
        name = canonical_race(key)
    except UnknownRace as error:
        raise ValueError(str(error)) from None
    if not isinstance(value, str):
        raise ValueError(f'the {name} time must be quoted text such as "22:30" or "1:45:00"')
    try:
        seconds = parse_clock(value) if ":" in value else parse_duration(value)
    except QuantityError as error:
        raise ValueError(f"{name}: {error}") from None
    per_km = seconds / (race_distance_m(name) / 1000.0)
    if not pace_math.is_plausible_pace(per_km):
        raise ValueError(f"{name} in {format_clock(seconds)} is not a time a runner can run")
    try:
        vdot = pace_math.vdot(race_distance_m(name), seconds)
    except pace_math.PaceError as error:
        raise ValueError(f"{name} in {format_clock(seconds)}: {error}") from None
    if vdot > pace_math.HIGHEST_VDOT:
        raise ValueError(
            f"{name} in {format_clock(seconds)} is faster than the world record "
            f"(VDOT {vdot:.1f}; the records are below {pace_math.HIGHEST_VDOT:g})"
        )
    return name, seconds


# ---- writing ---------------------------------------------------------------


def set_profile_value(key: str, value: str, path: Path | None = None) -> str:
    """Set one key in config.toml, keeping everything else in the file; returns what was written.

    Keys: `units` (km/mi), `sound`/`voice` (on/off), `lead_in` (seconds), or a
    race (`5k`, `mile`, `half`, `1500m`, ...) with a time; a race set to
    `none` is removed. Raises SettingError for a bad key or value or a
    folder that cannot be written, and
    ConfigError for a config file that is already broken (it is never
    overwritten then).
    """
    import tomlkit

    target = path if path is not None else config_path()
    load_config(target)
    text = target.read_text(encoding="utf-8-sig") if target.exists() else ""
    document = tomlkit.parse(text)
    normalized = key.strip().lower().replace("-", "_")
    try:
        if normalized == "units":
            written = _set_units(document, value)
        elif normalized in SWITCHES:
            written = _set_switch(document, normalized, value)
        elif normalized == LEAD_IN_KEY:
            written = _set_lead_in(document, value)
        else:
            written = _set_race(document, key, value)
    except ValueError as error:
        raise SettingError(str(error)) from None
    try:
        _write_atomically(target, tomlkit.dumps(document))
    except OSError as error:
        raise SettingError(f"can't write {target}: {error.strerror or error}") from None
    return written


def _set_units(document: TOMLDocument, value: str) -> str:
    units = value.strip().lower()
    units = {"kilometres": "km", "kilometers": "km", "miles": "mi", "mile": "mi"}.get(units, units)
    if units not in ("km", "mi"):
        raise ValueError(f'units must be km or mi, not "{value}"')
    document["units"] = units
    return f"units = {units}"


def _set_switch(document: TOMLDocument, name: str, value: str) -> str:
    text = value.strip().lower()
    if text in ("on", "true", "yes", "1"):
        switch = True
    elif text in ("off", "false", "no", "0"):
        switch = False
    else:
        raise ValueError(f'{name} must be on or off, not "{value}"')
    document[name] = switch
    return f"{name} = {'on' if switch else 'off'}"


def _set_lead_in(document: TOMLDocument, value: str) -> str:
    try:
        given: object = float(value)
    except ValueError:
        given = value
    seconds = _lead_in_seconds(given)
    document[LEAD_IN_KEY] = int(seconds) if seconds.is_integer() else seconds
    return f"lead_in = {seconds:g} s"


def _set_race(document: TOMLDocument, key: str, value: str) -> str:
    import tomlkit
    from tomlkit.items import Table

    try:
        name = canonical_race(key)
    except UnknownRace:
        raise ValueError(
            f"'{key}' is not a setting or a race: use units, sound, voice, lead_in, "
            "or a race such as 5k, 10k, mile, half, marathon, 1500m"
        ) from None
    races = document.get("races")
    if races is None:
        races = tomlkit.table()
        document["races"] = races
    if not isinstance(races, Table):
        raise ValueError("races in config.toml is not a table")
    existing = [k for k in races if _same_race(k, name)]
    if value.strip().lower() in ("none", "unset", "-"):
        for k in existing:
            del races[k]
        return f"{name} removed"
    name, seconds = parse_race(name, value.strip())
    for k in existing:
        if k != name:
            del races[k]
    written = format_clock(seconds) if seconds.is_integer() else _clock_with_fraction(seconds)
    races[name] = written
    vdot = pace_math.vdot(race_distance_m(name), seconds)
    return f"{name} = {written} (VDOT {vdot:.1f})"


def _same_race(key: str, name: str) -> bool:
    try:
        return canonical_race(key) == name
    except UnknownRace:
        return False


def _clock_with_fraction(seconds: float) -> str:
    whole = math.floor(seconds)
    fraction = f"{seconds - whole:.2f}".lstrip("0").rstrip("0").rstrip(".")
    return format_clock(whole) + fraction


def _write_atomically(target: Path, text: str) -> None:
    """Replace the file in one step, so a crash never leaves half a config.

    The new file keeps the old one's permissions (a new file gets the
    umask's, like any file the user makes): mkstemp's private 0600 would
    otherwise tighten config.toml on every `kick profile set`. Raises
    OSError when the folder cannot be made or written.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = target.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    handle, temporary = tempfile.mkstemp(prefix=".config-", suffix=".toml", dir=target.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    """The process's umask (reading it means setting it, so it is put straight back)."""
    current = os.umask(0o022)
    os.umask(current)
    return current
