"""The `kick` command: parses arguments and hands off to one command module.

Each command lives in `kicktimer.commands.<name>` with two functions,
`configure(parser)` and `run(args) -> int`. Command modules import only
the standard library at module level and do their heavy imports inside
`run`, so `kick validate` never pays for (or imports) Textual.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from kicktimer import __version__

COMMANDS: dict[str, str] = {
    "run": "run a workout: preview, then the timer",
    "list": "list built-in and your own workouts",
    "show": "show a workout's plan with totals",
    "validate": "check workout files; errors point at FILE:LINE:COL",
    "schema": "print the JSON Schema of the workout format",
    "profile": "show or set your race results and the paces derived from them",
    "cues": "list the cue library: mantras, form and focus cues",
    "history": "past sessions, the kick report and trends",
    "export": "export a session's laps as CSV or JSON",
    "convert": "workouts to and from Garmin FIT, Zwift .zwo and intervals.icu text",
    "devices": "Bluetooth treadmills and heart-rate straps in range",
}

DESCRIPTION = """\
A terminal workout timer for runners. Workouts are YAML files (see `kick schema`
and docs/workout-format.md); built-ins ship with kicktimer.

examples:
  kick                         open the workout picker
  kick run 8x400-last-all-out  preview and run a built-in workout
  kick show strides --json     the compiled plan as JSON
  kick validate my-workout.yaml
  kick profile set 5k 22:30    derive your paces from a 5K time
"""


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole `kick` parser; with `only`, a parser for that command alone.

    Configuring a command imports its module, so `kick run ...` (whose
    start-up a runner waits through) imports no other command, and makes no
    parser for the others either (a millisecond of its start-up); `kick
    --help` and a mistyped command still see every command.
    """
    parser = argparse.ArgumentParser(
        prog="kick", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"kick {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, summary in COMMANDS.items():
        if only is None or name == only:
            sub = commands.add_parser(name, help=summary, description=summary)
            importlib.import_module(f"kicktimer.commands.{name}").configure(sub)
    return parser


def command_line(argv: Sequence[str]) -> tuple[str | None, list[str]]:
    """The command `argv` runs (None: not known before parsing) and the arguments naming it.

    Plain `kick` and options without a command (`kick --lead-in 0`,
    `kick --mute`) are `kick run ...`; `kick --help` and `kick --version`
    (or their abbreviations) stay the program's own.
    """
    arguments = list(argv)
    if not arguments:
        return "run", ["run"]
    first = arguments[0]
    if first in COMMANDS:
        return first, arguments
    if first.startswith("-") and not _is_program_option(first):
        return "run", ["run", *arguments]
    return None, arguments


def _is_program_option(option: str) -> bool:
    if option == "-h":
        return True
    return len(option) > 2 and any(own.startswith(option) for own in ("--help", "--version"))


def parse(argv: Sequence[str]) -> argparse.Namespace:
    """The command line's arguments; the parser is let go here, not kept for the whole workout.

    Held by `main` while the command runs, it stayed in memory for as long
    as `kick run` did (its subparsers, actions and help texts).
    """
    name, arguments = command_line(argv)
    parser = build_parser(only=name)
    args = parser.parse_args(arguments)
    if args.command is None:
        args = parser.parse_args(["run", *arguments])
    return args


def main(argv: Sequence[str] | None = None) -> int:
    from kicktimer.safe_stderr import GuardedStderr

    stderr = sys.stderr
    sys.stderr = GuardedStderr(stderr)
    try:
        args = parse(sys.argv[1:] if argv is None else argv)
        module = importlib.import_module(f"kicktimer.commands.{args.command}")
        return int(module.run(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    finally:
        sys.stderr = stderr
