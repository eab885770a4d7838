"""`kick run [WORKOUT] [--where W] [--reps N] [--lead-in SECONDS] [--mute] [--voice/--no-voice]`.

With a workout: its preview (reps and environment can still be changed),
then Enter starts the timer. Without one (also plain `kick`): the picker.
Everything that can be wrong with the workout, the profile or the choices
is reported before the screen opens, as `FILE:LINE:COL: message` with exit
status 2, so a runner never meets a traceback on the way to the belt.

Coach mode: `--athletes "Ana,Ben,Cy"` or `--roster FILE` (a YAML list of
names) puts a board of athletes under the clock, one key each. It needs a
workout (not the picker) whose plan has distance reps run to the lap key, on
a track or road; a workout with none is refused before the screen opens,
like any other bad input. `--high-contrast` starts the board black on white.

`--board [HOST:]PORT` also shows the run in a browser (a tablet, a TV): the
socket is bound here, before any screen opens, so a port in use is bad input
too; the URL, with this session's token, is written to
`$KICK_DATA_DIR/board-url` while the app runs. aiohttp (the `board` extra) is
imported only then.
"""

from __future__ import annotations

import argparse
import functools
import gc
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kicktimer.commands.plan_options import add_plan_options

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from kicktimer.app.board.link import BoardLink
    from kicktimer.app.picking import Planner
    from kicktimer.app.services import RunOutcome
    from kicktimer.commands.board_url import BoardUrlFile
    from kicktimer.config import Config
    from kicktimer.core.coach.athletes import Athlete
    from kicktimer.devices.settings import DeviceConfig
    from kicktimer.history import ResilientStore
    from kicktimer.history.unsaved import UnsavedExports
    from kicktimer.ports import AudioOut

BAD_INPUT = 2
# The sunlight theme is the coach board's: the solo timer tells steps apart by
# colour family (calm, hot, cool), which black on white would erase.
HIGH_CONTRAST_IS_FOR_COACHES = (
    "kick run: --high-contrast is for coach mode (--roster FILE or --athletes NAMES); "
    "the solo timer keeps its step colours"
)
COACH_NEEDS_A_WORKOUT = (
    'kick run: coach mode needs a workout: kick run WORKOUT --athletes "Ana,Ben,Cy" (or --roster FILE)'
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "workout",
        metavar="WORKOUT",
        nargs="?",
        help="a workout file, or a built-in's name or slug (none: the picker)",
    )
    add_plan_options(parser, where_default="the workout's own; the preview asks for `any`")
    parser.add_argument(
        "--lead-in",
        type=_seconds,
        metavar="SECONDS",
        help="countdown before the first step, time to get onto the belt (default 10; 0 skips it)",
    )
    parser.add_argument("--mute", action="store_true", help="no sound (m toggles it while running)")
    parser.add_argument(
        "--voice",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="speak cues and step announcements (default: the config's setting)",
    )
    parser.add_argument(
        "--board",
        metavar="[HOST:]PORT",
        help="show the run in a browser at http://HOST:PORT/ (host default 127.0.0.1; "
        "0.0.0.0 for a tablet or TV on the network: see docs/board.md)",
    )
    devices = parser.add_argument_group("Bluetooth devices (docs/treadmill.md; needs kicktimer[treadmill])")
    devices.add_argument(
        "--treadmill",
        metavar="NAME|ADDRESS",
        help="an FTMS treadmill to drive (with --where treadmill; default: [treadmill] device)",
    )
    devices.add_argument(
        "--hr",
        metavar="NAME|ADDRESS",
        help="a heart-rate strap (default: [heart_rate] device in config.toml)",
    )
    devices.add_argument(
        "--ble",
        metavar="TRANSPORT",
        help="bleak (default), usb:0, hci-socket:0 or tcp-client:HOST:PORT (else KICK_BLE_TRANSPORT, "
        "else [bluetooth] transport)",
    )
    coach = parser.add_argument_group("coach mode (time a group, one key per athlete)")
    athletes = coach.add_mutually_exclusive_group()
    athletes.add_argument(
        "--athletes", metavar='"NAME,NAME,..."', help='the athletes, e.g. --athletes "Ana,Ben,Cy"'
    )
    athletes.add_argument("--roster", metavar="FILE", type=Path, help="a YAML list of athlete names")
    coach.add_argument(
        "--high-contrast", action="store_true", help="coach mode: black on white in the sun (h toggles it)"
    )
    parser.epilog = (
        "keys while running: space lap · p pause/resume · n/→ skip · b/← back\n"
        "                    +/− adjust 10 s · m mute · q quit\n"
        "coach mode:         1–9, a, c... an athlete's split · u undo · space closes the rep\n"
        "                    (everyone still out: DNF) · h high contrast\n"
        "\nexamples:\n  kick run 8x400-last-all-out\n  kick run strides --lead-in 0\n"
        "  kick run 200m-repeats --reps 10 --where track\n"
        "  kick run hill-sprints --where treadmill --treadmill FS-1A2B3C --hr HRM-Pro\n"
        '  kick run 8x400-last-all-out --athletes "Ana,Ben,Cy,Dee,Eve,Fay"\n'
        "  kick run 200m-repeats --roster squad.yaml --high-contrast\n"
        "  kick run 8x400-last-all-out --roster squad.yaml --board 0.0.0.0:8080"
    )
    parser.formatter_class = argparse.RawDescriptionHelpFormatter


def _seconds(text: str) -> float:
    try:
        seconds = float(text.strip().removesuffix("s"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of seconds such as 10 or 0") from None
    if not 0 <= seconds <= 600:
        raise argparse.ArgumentTypeError("the lead-in must be between 0 and 600 seconds")
    return seconds


def run(args: argparse.Namespace) -> int:
    # Start-up allocates a great deal and frees almost nothing, so the
    # collector's passes over it are wasted (a sixth of the CPU to the first
    # frame). The app turns it back on once that frame is drawn. What is
    # garbage already (the argument parser, let go in cycles) is collected
    # first, while there is little to walk: what start-up makes from here on,
    # up to the app, is kept (see _open_app).
    gc.collect()
    gc.disable()
    from kicktimer.config import ConfigError, load_config, print_warnings
    from kicktimer.cues import usable_cue_library
    from kicktimer.errors import RosterError, TargetError, WorkoutError
    from kicktimer.library import UnknownWorkout
    from kicktimer.planning import remembering_planner

    try:
        athletes = _athletes(args)
        if args.high_contrast and not athletes:
            print(HIGH_CONTRAST_IS_FOR_COACHES, file=sys.stderr)
            return BAD_INPUT
        config = load_config()
        print_warnings(config)
        _remove_stale_board_url()
        # Also shown on the screen, where the lines printed before it would go unseen.
        notices = [warning.format() for warning in config.warnings]
        board = _board(args)
        # Read once: a broken cues.yaml is reported here (then left out), not in every plan.
        cues = usable_cue_library(report=notices.append)
        planner = remembering_planner(config, cues, voice=_voice(args, config))
        if args.workout is None:
            if athletes:
                print(COACH_NEEDS_A_WORKOUT, file=sys.stderr)
                return BAD_INPUT
            return _pick(args, config, planner, notices, board)
        return _run_one(args, config, planner, athletes, notices, board)
    except RosterError as error:
        print("\n".join(error.lines), file=sys.stderr)
        return BAD_INPUT
    except UnknownWorkout as unknown:
        print(f"kick run: {unknown}", file=sys.stderr)
        return BAD_INPUT
    except (WorkoutError, ConfigError) as error:
        print(str(error), file=sys.stderr)
        return BAD_INPUT
    except TargetError as error:
        print(f"kick run: {error}", file=sys.stderr)
        return BAD_INPUT
    except BoardUnavailable as error:
        print(f"kick run: --board {args.board}: {error}", file=sys.stderr)
        return BAD_INPUT


class BoardUnavailable(Exception):
    """`--board` can't be served: the extra is missing, or the address can't be listened on."""


def _board(args: argparse.Namespace) -> BoardLink | None:
    """The browser board's bound socket and token, or None without --board; raises BoardUnavailable."""
    if args.board is None:
        return None
    try:
        from kicktimer.app.board.link import open_board
    except ImportError as missing:
        extra = "pip install 'kicktimer[board]'"
        message = f"the board needs the board extra ({missing.name} is missing): {extra}"
        raise BoardUnavailable(message) from None
    from kicktimer.app.board.address import BoardAddressError

    try:
        return open_board(args.board)
    except BoardAddressError as error:
        raise BoardUnavailable(str(error)) from None


def _athletes(args: argparse.Namespace) -> tuple[Athlete, ...]:
    """The coach's athletes from --athletes or --roster (none: a solo run); raises RosterError."""
    if args.roster is None and args.athletes is None:
        return ()
    from kicktimer.roster import load_roster, parse_athletes_option

    if args.roster is not None:
        return load_roster(args.roster)
    return parse_athletes_option(args.athletes)


def _run_one(
    args: argparse.Namespace,
    config: Config,
    planner: Planner,
    athletes: tuple[Athlete, ...] = (),
    notices: Sequence[str] = (),
    board: BoardLink | None = None,
) -> int:
    """Load, check and compile before any screen opens; then the preview."""
    from kicktimer.app.picking import initial_choice
    from kicktimer.library import load_named_workout
    from kicktimer.planning import parse_where

    workout, warnings = load_named_workout(args.workout)
    where = parse_where(args.where)
    choice = initial_choice(workout, where, args.reps)
    plan = planner(workout, choice.where, choice.reps)
    opening: dict[str, object] = {
        "workout": workout,
        "where": choice.where,
        "reps": choice.reps,
        "notices": tuple(notices),
    }
    if athletes:
        from kicktimer.app.coach.mode import CoachMode
        from kicktimer.app.coach.run import require_reps

        require_reps(plan, workout)
        from kicktimer.core.coach.targets import athlete_targets

        athlete_targets(plan, athletes, workout, config.profile.units)
        opening["mode"] = CoachMode(
            athletes, high_contrast=args.high_contrast, workout=workout, units=config.profile.units
        )
    for warning in (*warnings, *plan.warnings):
        print(warning, file=sys.stderr)
    return _open_app(args, config, planner, board=board, **opening)


def _pick(
    args: argparse.Namespace,
    config: Config,
    planner: Planner,
    notices: Sequence[str] = (),
    board: BoardLink | None = None,
) -> int:
    from kicktimer.library import list_workouts

    entries = list_workouts()
    shown = tuple(notices)
    return _open_app(
        args, config, planner, entries=entries, where=None, reps=args.reps, notices=shown, board=board
    )


def _open_app(args: argparse.Namespace, config: Config, planner: Planner, **opening: object) -> int:
    """Build the app as a runner gets it; sound and history open when the workout starts."""
    from kicktimer.app.deferred import DeferredAudio, DeferredStore
    from kicktimer.app.event_loop import run_app
    from kicktimer.app.factory import make_app
    from kicktimer.app.kick_report import report_builder

    voice = _voice(args, config)
    devices = _devices(args, config)
    if devices is not None and devices.treadmill is not None:
        from kicktimer.app.devices_feed import ends_on_belt

        unbelted = planner
        planner = lambda workout, where, reps: ends_on_belt(unbelted(workout, where, reps))  # noqa: E731
    exports = _unsaved_exports()
    audio = DeferredAudio(lambda: _make_audio(voice=voice), muted=args.mute or not config.sound)
    store = DeferredStore(_open_history)
    board = opening.get("board")
    board_url_file = _write_board_url(board)  # type: ignore[arg-type]
    _keep_what_start_up_made()
    try:
        app = make_app(
            audio=audio,
            store=store,
            planner=planner,
            lead_in_s=config.lead_in_s if args.lead_in is None else args.lead_in,
            units=config.profile.units,
            speak_steps=voice,
            report=report_builder(lambda: store.store),
            export_offer=lambda session_id: exports().offer(store.store, session_id),
            devices=devices,
            **opening,  # type: ignore[arg-type]
        )
        outcome = run_app(app)
    finally:
        if board_url_file is not None:
            board_url_file.close()
        audio.close()
        if store.opened:
            for line in exports().write_the_rest(store.store):
                print(line, file=sys.stderr)
        store.close()
    if app.return_code:
        # A crash (Textual has printed the traceback) or SIGTERM/SIGHUP (128 + its number, laps
        # written): neither may look like a finished run.
        return app.return_code
    _say_goodbye(outcome)
    return 0


def _keep_what_start_up_made() -> None:
    """Freeze what start-up has made so far out of the collector's passes, before the app is built.

    The modules, the config, the workout and its plan (10,000 segments for a
    long workout) live as long as the program, and start-up has made no
    garbage since `run` collected the parser's. The app collects once its
    first frame is drawn (`KickApp.on_ready`); frozen here, all this is not
    walked then: that pass was 10-13 ms of the CPU to the first frame.
    """
    if not gc.isenabled():
        gc.freeze()


def _unsaved_exports() -> Callable[[], UnsavedExports]:
    """Where sessions the history could not keep go, made when first needed.

    Only once the history is open can a session fail to be kept; importing
    the history package for it before the first frame cost start-up time.
    """

    @functools.cache
    def exports() -> UnsavedExports:
        from kicktimer.history.unsaved import UnsavedExports

        return UnsavedExports()

    return exports


def _write_board_url(board: BoardLink | None) -> BoardUrlFile | None:
    """`$KICK_DATA_DIR/board-url` holds the board's URL while the app runs (None: no board, or unwritable)."""
    from kicktimer.commands.board_url import BoardUrlFile
    from kicktimer.config import data_dir

    if board is None:
        return None
    path = data_dir() / "board-url"
    try:
        return BoardUrlFile.write(path, board.url)
    except OSError as error:
        print(f"kick run: can't write {path}: {error.strerror or error}", file=sys.stderr)
        return None


def _remove_stale_board_url() -> None:
    """A board-url left by a session killed outright is removed: its address is dead."""
    from kicktimer.commands.board_url import remove_if_stale
    from kicktimer.config import data_dir

    remove_if_stale(data_dir() / "board-url")


def _devices(args: argparse.Namespace, config: Config) -> DeviceConfig | None:
    """The devices this run uses, or None; a missing treadmill extra is one line and a run without them.

    The Bluetooth library is imported here, before the app's event loop starts (see
    radio.load_before_the_loop): nothing waits on it yet, and it costs no thread its own malloc arena.
    """
    from kicktimer.devices.choice import devices_for

    devices = devices_for(config.devices, transport=args.ble, treadmill=args.treadmill, heart_rate=args.hr)
    if not devices.wanted:
        return None
    from kicktimer.devices.link import DeviceError
    from kicktimer.devices.radio import load_before_the_loop

    try:
        load_before_the_loop(devices.transport)
    except DeviceError as error:
        print(f"kick run: {error}; running without devices", file=sys.stderr)
        return None
    return devices


def _open_history() -> ResilientStore:
    from kicktimer.history import open_history_store

    return open_history_store()


def _voice(args: argparse.Namespace, config: Config) -> bool:
    return bool(config.voice if args.voice is None else args.voice)


def _make_audio(*, voice: bool) -> AudioOut:
    """The real sound (simpleaudio, else the terminal bell, else silence) and the system voice.

    Opened unmuted: a run muted from the start (`--mute` or `sound = false` in
    the config) opens it when the m key brings the sound back (`DeferredAudio`).
    """
    from kicktimer.audio import make_audio

    return make_audio(sound=True, voice=voice)


def _say_goodbye(outcome: RunOutcome | None) -> None:
    if outcome is None:
        return
    where = (
        f"saved as session {outcome.session_id} (kick history show {outcome.session_id})"
        if outcome.session_id is not None and outcome.session_id > 0
        else "not saved to disk"
    )
    from kicktimer.core.laps import outcome_text

    laps = f"{outcome.laps} lap" + ("" if outcome.laps == 1 else "s")
    print(f"{outcome.workout}: {outcome_text(outcome.status, outcome.skipped)}, {laps}, {where}")
