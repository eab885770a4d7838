"""A short workout and a driver that plays it through an AudioOut the way the app does.

Run as a script it plays the workout in real time through the real audio
(`make_audio`) and prints what it asked for as JSON; the ALSA integration and
fault tests run it in a subprocess with HOME pointing at their own .asoundrc.
Which sound starts a step is the app's own choice (`announce.start_sound`);
tests/test_audio_e2e.py covers the whole program, with no driver at all.

    python tests/audio_support.py [--fake-time] [--voice]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from kicktimer.core.announce import start_sound
from kicktimer.core.engine import Engine
from kicktimer.core.events import CountdownBeep, CueDue, Effect, Finished, Start, State, StepStarted, Tick
from kicktimer.core.segments import Plan, PlannedCue, Segment
from kicktimer.ports import AudioOut
from kicktimer.workout.model import Environment, StepKind

SOUND_NAMES = ("beep", "go", "rest", "bell", "final", "halfway", "finish")


def short_workout() -> Plan:
    """2 × (run 2 s with a bell 0.7 s in), a 1.6 s recovery between; countdown 1 s.

    Heard: go 0, bell 0.7, beep 1.0, rest 2.0, beep 2.6, final 3.6, beep 4.6, finish 5.6.
    """
    common = {"rep_count": 2}
    segments = (
        Segment(
            0,
            StepKind.RUN,
            "Run 2 s",
            2.0,
            rep="Rep 1/2",
            rep_number=1,
            cues=(PlannedCue(0.7, sound="bell"), PlannedCue(0.7, text="Knees up!")),
            **common,  # type: ignore[arg-type]
        ),
        Segment(1, StepKind.RECOVER, "Recover", 1.6, rep="Rep 1/2", rep_number=1, **common),  # type: ignore[arg-type]
        Segment(2, StepKind.RUN, "Run 2 s", 2.0, rep="Rep 2/2", rep_number=2, all_out=True, **common),  # type: ignore[arg-type]
    )
    return Plan("Audio test", Environment.TREADMILL, segments, countdown=1)


@dataclass
class Heard:
    """What the driver asked the audio for: (planned time from the start, "play"/"say", what)."""

    asked: list[tuple[float, str, str]] = field(default_factory=list)
    finished: bool = False


def perform(effect: Effect, audio: AudioOut, heard: Heard, start: float) -> None:
    """Carry out one engine effect on the audio, as the app's session does."""

    def play(name: str) -> None:
        heard.asked.append((effect_at - start, "play", name))
        audio.play(name)

    effect_at = getattr(effect, "at", start)
    if isinstance(effect, StepStarted):
        play(start_sound(effect.segment, first=not heard.asked))
    elif isinstance(effect, CueDue):
        if effect.cue.sound:
            play(effect.cue.sound)
        if effect.cue.text:
            heard.asked.append((effect_at - start, "say", effect.cue.text))
            audio.say(effect.cue.text)
    elif isinstance(effect, CountdownBeep):
        play("beep")
    elif isinstance(effect, Finished):
        play("finish")
        heard.finished = True


def drive(
    audio: AudioOut,
    plan: Plan,
    now: Callable[[], float],
    wait_until: Callable[[float], None],
) -> Heard:
    """Run `plan` to the end: tick at each deadline, carry out every effect."""
    engine = Engine(plan, lead_in_s=0.0)
    heard = Heard()
    start = now()
    effects = engine.handle(Start(start))
    while True:
        for effect in effects:
            perform(effect, audio, heard, start)
        deadline = engine.next_deadline()
        if deadline is None or engine.state in (State.FINISHED, State.ABORTED):
            return heard
        wait_until(deadline)
        effects = engine.handle(Tick(now()))


def drive_in_fake_time(audio: AudioOut, plan: Plan) -> Heard:
    clock = [1000.0]

    def wait_until(deadline: float) -> None:
        clock[0] = max(clock[0], deadline)

    return drive(audio, plan, lambda: clock[0], wait_until)


def drive_in_real_time(audio: AudioOut, plan: Plan) -> Heard:
    def wait_until(deadline: float) -> None:
        while (left := deadline - time.monotonic()) > 0:
            time.sleep(min(left, 0.05))

    return drive(audio, plan, time.monotonic, wait_until)


def main() -> int:
    from kicktimer.audio import make_audio

    parser = argparse.ArgumentParser()
    parser.add_argument("--fake-time", action="store_true")
    parser.add_argument("--voice", action="store_true")
    args = parser.parse_args()
    bells: list[str] = []

    class BellCounter:
        def write(self, text: str) -> int:
            bells.append(text)
            return len(text)

        def flush(self) -> None:
            return

    audio = make_audio(sound=True, voice=args.voice, bell_stream=BellCounter())  # type: ignore[arg-type]
    notices = audio.take_notices()
    started = time.monotonic()
    heard = (drive_in_fake_time if args.fake_time else drive_in_real_time)(audio, short_workout())
    notices += audio.take_notices()
    if not args.fake_time:
        time.sleep(0.3)  # let the last sound reach the device before closing it
    audio.close()
    notices += audio.take_notices()
    report = {
        "asked": heard.asked,
        "finished": heard.finished,
        "notices": notices,
        "bells": "".join(bells).count("\a"),
        "player": audio.player,
        "started": started,
    }
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
