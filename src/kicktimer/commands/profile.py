"""`kick profile [--json]` and `kick profile set KEY VALUE`: race results and the paces they give.

Workouts name paces such as `mile`, `5k` or `easy`; they come from here. One
race result is enough for every reference pace (Daniels–Gilbert VDOT); more
results make the race paces nearer to each distance more faithful.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

    from kicktimer.core.profile import Profile

BAD_INPUT = 2

KEYS_HELP = (
    "units (km or mi); a race: mile, 3k, 5k, 10k, half, marathon or any distance such as 1500m "
    "(a time such as 22:30 or 1:45:00, or none to remove it); sound / voice (on or off); "
    "lead_in (seconds before the first step)"
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the profile and derived paces as JSON")
    actions = parser.add_subparsers(dest="action", metavar="set KEY VALUE")
    setter = actions.add_parser("set", help="set one value in config.toml", description=KEYS_HELP)
    setter.add_argument(
        "key", metavar="KEY", help="units, a race (5k, mile, half, ...), sound, voice or lead_in"
    )
    setter.add_argument("value", metavar="VALUE", help="e.g. km, mi, 22:30, 1:45:00, none, on, off")
    parser.epilog = (
        "examples:\n"
        "  kick profile                 your races, VDOT and training paces\n"
        "  kick profile set 5k 22:30    a 5K race result\n"
        "  kick profile set units mi    show paces and distances in miles\n"
        "units also sets the unit of a pace offset written without one: 5k-5s is 5 s per km\n"
        "with units km, 5 s per mile with units mi. An offset with its unit (5k-5s/km) never\n"
        "changes; the built-in workouts all write theirs.\n"
        "config.toml lives in $KICK_CONFIG_DIR (default: your platform's config directory)."
    )
    parser.formatter_class = argparse.RawDescriptionHelpFormatter


def run(args: argparse.Namespace) -> int:
    from kicktimer.config import (
        ConfigError,
        SettingError,
        config_path,
        load_config,
        print_warnings,
        set_profile_value,
    )

    try:
        if args.action == "set":
            written = set_profile_value(args.key, args.value)
            print(f"{written}  ({config_path()})")
            print_warnings(load_config())
            return 0
        config = load_config()
        print_warnings(config)
    except ConfigError as error:
        print(error.problem.format(), file=sys.stderr)
        return BAD_INPUT
    except SettingError as error:
        print(f"kick profile set: {error}", file=sys.stderr)
        return BAD_INPUT
    if args.json:
        import json

        print(json.dumps(profile_json(config.profile), indent=2, ensure_ascii=False))
    else:
        print_profile(config.profile, config_path())
    return 0


def profile_json(profile: Profile) -> dict[str, Any]:
    """Units, races (seconds), each race's VDOT, and the reference paces (seconds per km) with sources."""
    from kicktimer.core.profile import race_vdots, reference_paces, reference_sources

    sources = reference_sources(profile)
    vdots = race_vdots(profile)
    return {
        "units": profile.units,
        "races": dict(profile.races),
        "vdot": {name: round(value, 2) for name, value in vdots.items()},
        "training_vdots": {
            name: round(vdots[sources[name]], 2) for name in ("easy", "threshold") if name in sources
        },
        "paces_s_per_km": {name: round(seconds, 2) for name, seconds in reference_paces(profile).items()},
        "pace_sources": sources,
    }


def print_profile(profile: Profile, path: Path) -> None:
    """Races with their VDOT, then every reference pace in both units and as a belt speed."""
    from rich.table import Table

    from kicktimer.core.pace import format_pace, kmh_from_pace, mph_from_kmh
    from kicktimer.core.profile import (
        race_distance_m,
        race_vdots,
        reference_paces,
        reference_sources,
    )
    from kicktimer.text import console as plain_console
    from kicktimer.workout.quantities import format_clock

    console = plain_console()
    console.print(f"Config: {path}")
    console.print(f"Units: {profile.units}")
    if not profile.races:
        console.print("No race results yet, so workouts cannot use paces such as 5k, mile or easy.")
        console.print("Add one: kick profile set 5k 22:30")
        return
    vdots = race_vdots(profile)
    races = Table(title="Races", title_justify="left")
    races.add_column("Race")
    races.add_column("Time", justify="right")
    races.add_column("Pace", justify="right")
    races.add_column("VDOT", justify="right")
    for name, seconds in profile.races.items():
        per_km = seconds / (race_distance_m(name) / 1000.0)
        races.add_row(name, format_clock(seconds), format_pace(per_km, profile.units), f"{vdots[name]:.1f}")
    console.print(races)
    sources = reference_sources(profile)
    threshold, easy = sources["threshold"], sources["easy"]
    console.print(
        f"Threshold pace from your {threshold} (VDOT {vdots[threshold]:.1f}), easy from your {easy} "
        f"(VDOT {vdots[easy]:.1f}): the races nearest 15 km and the marathon",
        markup=False,
        highlight=False,
    )
    paces = Table(title="Paces", title_justify="left")
    paces.add_column("Pace")
    paces.add_column("per km", justify="right")
    paces.add_column("per mi", justify="right")
    paces.add_column("km/h", justify="right")
    paces.add_column("mph", justify="right")
    paces.add_column("From")
    for name, seconds in reference_paces(profile).items():
        kmh = kmh_from_pace(seconds)
        source = sources[name]
        origin = "your race" if source == name else f"your {source} (VDOT {vdots[source]:.1f})"
        paces.add_row(
            name,
            format_pace(seconds, "km"),
            format_pace(seconds, "mi"),
            f"{kmh:.1f}",
            f"{mph_from_kmh(kmh):.1f}",
            origin,
        )
    console.print(paces)
