"""How soon a due cue is heard: from "cue due" to play() starting, returning, and bytes at ALSA.

    .venv/bin/python bench/audio_latency.py [--cues 40] [--every 0.25]

Runs the real engine on an asyncio loop (as the app does: a timer at the
engine's next deadline, then a Tick) over a plan full of sound cues, and
plays each through the real audio (`make_audio`, simpleaudio). ALSA's
default device is pointed, through a temporary HOME and .asoundrc, at the
file plugin writing into a FIFO that a thread here reads, so the moment the
first bytes of each sound reach ALSA is known. Target: play() starts within
10 ms of the cue coming due. Needs simpleaudio (`pip install '.[audio]'`).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from kicktimer.core.engine import Engine
from kicktimer.core.events import CueDue, Effect, Start, State, Tick
from kicktimer.core.segments import Plan, PlannedCue, Segment
from kicktimer.workout.model import Environment, StepKind

TARGET_MS = 10.0


class FifoReader(threading.Thread):
    """The time the first bytes of each sound (one open of the FIFO) arrived."""

    def __init__(self, path: Path) -> None:
        super().__init__(daemon=True)
        self.path = path
        self.first_bytes: list[float] = []

    def run(self) -> None:
        while True:
            fd = os.open(self.path, os.O_RDONLY)
            first = None
            while chunk := os.read(fd, 1 << 16):
                if first is None:
                    first = time.monotonic()
                if chunk == b"STOP":
                    os.close(fd)
                    return
            os.close(fd)
            if first is not None:
                self.first_bytes.append(first)

    def stop(self) -> None:
        fd = os.open(self.path, os.O_WRONLY)
        os.write(fd, b"STOP")
        os.close(fd)
        self.join(5)


def cue_plan(cues: int, every: float) -> Plan:
    length = cues * every + 1.0
    planned = tuple(PlannedCue(0.5 + i * every, sound="beep") for i in range(cues))
    segment = Segment(0, StepKind.RUN, "Cues", length, cues=planned)
    return Plan("latency", Environment.TREADMILL, (segment,), countdown=0)


async def run_plan(plan: Plan, audio: object) -> list[tuple[float, float, float]]:
    """(due, play started, play returned) for every cue, on a real asyncio loop."""
    loop = asyncio.get_running_loop()
    engine = Engine(plan, lead_in_s=0.0)
    timings: list[tuple[float, float, float]] = []
    done = asyncio.Event()

    def carry_out(effects: list[Effect]) -> None:
        for effect in effects:
            if isinstance(effect, CueDue) and effect.cue.sound:
                started = time.monotonic()
                audio.play(effect.cue.sound)  # type: ignore[attr-defined]
                timings.append((effect.at, started, time.monotonic()))

    def tick() -> None:
        carry_out(engine.handle(Tick(time.monotonic())))
        schedule()

    def schedule() -> None:
        deadline = engine.next_deadline()
        if deadline is None or engine.state is State.FINISHED:
            done.set()
            return
        loop.call_at(deadline, tick)  # the loop's clock is time.monotonic

    carry_out(engine.handle(Start(time.monotonic())))
    schedule()
    await done.wait()
    return timings


def summary(name: str, values_ms: list[float]) -> str:
    ordered = sorted(values_ms)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (
        f"{name:<34} median {statistics.median(ordered):6.2f}  p95 {p95:6.2f}  "
        f"max {ordered[-1]:6.2f}  min {ordered[0]:6.2f}  (ms, n={len(ordered)})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--cues", type=int, default=40)
    parser.add_argument("--every", type=float, default=0.25, help="seconds between cues")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        fifo = Path(home) / "pcm.raw"
        os.mkfifo(fifo)
        (Path(home) / ".asoundrc").write_text(
            f'pcm.!default {{ type file; slave.pcm "null"; file "{fifo}"; format "raw" }}\n'
        )
        os.environ["HOME"] = home  # ALSA reads ~/.asoundrc when the first sound opens the device
        reader = FifoReader(fifo)
        reader.start()
        from kicktimer.audio import make_audio

        audio = make_audio(sound=True, voice=False)
        if audio.player != "simpleaudio":
            print("simpleaudio is not available:", *audio.take_notices(), file=sys.stderr)
            return 1
        timings = asyncio.run(run_plan(cue_plan(args.cues, args.every), audio))
        time.sleep(0.3)
        reader.stop()
        notices = audio.take_notices()
        audio.close()
    if notices or len(reader.first_bytes) != len(timings):
        print(f"sounds lost: {len(timings)} played, {len(reader.first_bytes)} reached ALSA; {notices}")
        return 1
    print(f"{len(timings)} cue sounds, one every {args.every:g} s, simpleaudio into ALSA's file plugin")
    print(summary("cue due -> play() starts", [(s - due) * 1000 for due, s, _ in timings]))
    print(summary("play() call itself", [(r - s) * 1000 for _, s, r in timings]))
    print(summary("cue due -> play() returned", [(r - due) * 1000 for due, _, r in timings]))
    arrived = [(first - due) * 1000 for (due, _, _), first in zip(timings, reader.first_bytes, strict=True)]
    print(summary("cue due -> first bytes at ALSA", arrived))
    late = max((s - due) * 1000 for due, s, _ in timings)
    verdict = "within" if late <= TARGET_MS else "OVER"
    print(f"worst start {late:.2f} ms: {verdict} the {TARGET_MS:g} ms target")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
