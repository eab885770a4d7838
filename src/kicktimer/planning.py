"""From a loaded workout and the user's config to the plan the timer runs.

One function every front end shares (`kick show`, `kick list`, `kick run`, the
picker's preview), so they can never disagree about a workout: the compiler
resolves paces, environments and rep counts, then the cue scheduler adds the
built-in cues from the user's cue library and spaces everything apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from kicktimer.core.compile import compile_plan
from kicktimer.core.cue_schedule import arrange_cues
from kicktimer.core.segments import Plan
from kicktimer.cues import load_cue_library
from kicktimer.workout.model import Environment, Workout

if TYPE_CHECKING:
    from kicktimer.app.picking import Planner
    from kicktimer.config import Config
    from kicktimer.core.cue_library import CueLibrary

ENVIRONMENT_CHOICES: tuple[str, ...] = ("track", "treadmill", "road")


def parse_where(where: str | Environment | None) -> Environment | None:
    """`--where` text (track, treadmill, road, any) as an Environment; None stays None."""
    if where is None or isinstance(where, Environment):
        return where
    try:
        return Environment(where.strip().lower())
    except ValueError:
        raise ValueError(f"'{where}' is not a place to run: use track, treadmill or road") from None


def prepare_plan(
    workout: Workout,
    where: str | Environment | None,
    reps: int | Sequence[int] | None,
    config: Config,
    cues: CueLibrary | None = None,
    *,
    voice: bool | None = None,
) -> Plan:
    """Compile `workout` for `where` and `reps` with the config's profile, then arrange its cues.

    On a treadmill, steps with no pace or speed get one from their effort or
    kind (`[treadmill] effort_paces`, capped by `max_speed_kmh`;
    `kicktimer.core.belt`), so the screens and the belt read the same figure.
    `cues` is the cue library when the caller has already read it (`kick
    run` plans many times); otherwise it is read here. Raises WorkoutError
    (from the compiler) for problems that need the profile or the
    environment, CueLibraryError for a broken $KICK_CONFIG_DIR/cues.yaml,
    and ValueError for an unknown `where`. `voice` is whether steps are to be
    spoken (default: the config's `voice`); they are heard only when this
    system also has a speech engine, and only then do start cues wait for
    the announcement.
    """
    belt = config.devices.treadmill_settings.belt_choices
    plan = compile_plan(workout, config.profile, parse_where(where), reps, belt=belt)
    library = cues if cues is not None else load_cue_library()
    announced = steps_are_heard(config.voice if voice is None else voice)
    return arrange_cues(plan, workout.cue_settings, library, announced=announced)


def steps_are_heard(voice: bool) -> bool:
    """Whether step starts will be spoken: voice on and a speech engine on this system.

    With the voice off nothing is looked for, and the sound modules wait
    until the run starts rather than being imported before the first frame.
    """
    if not voice:
        return False
    from kicktimer.audio.voice import find_speech_command

    return find_speech_command() is not None


def remembering_planner(config: Config, cues: CueLibrary, *, voice: bool | None = None) -> Planner:
    """`prepare_plan` for this config and cue library, remembering the plans it made.

    The preview's first plan is the one `kick run` compiled to check the
    workout before opening the screen, and a runner going back and forth in
    the picker or the rep count asks for the same plans again.
    """
    plans: dict[tuple[int, Environment | None, tuple[int, ...]], tuple[Workout, Plan]] = {}

    def plan(workout: Workout, where: Environment | None, reps: tuple[int, ...]) -> Plan:
        key = (id(workout), where, tuple(reps))  # the workout is kept in the value, so its id stays its own
        if key not in plans:
            plans[key] = (workout, prepare_plan(workout, where, reps, config, cues, voice=voice))
        return plans[key][1]

    return plan
