"""Synthesise the timer's sounds into sounds/*.wav (standard library only).

    python tools/make_sounds.py            # rewrite sounds/ in the repository
    python tools/make_sounds.py --out DIR  # write them somewhere else

Every sound is short, 16-bit mono at 22050 Hz, and made of plain sine
partials with simple envelopes, so the output is the same bytes on every run
(a test regenerates them and compares with the committed files). Each one has
its own character, so a runner can tell them apart without looking:

    beep     countdown pip in the last seconds of a timed step
    go       rising chirp: a work step starts
    rest     falling two-note: a recovery or rest starts
    bell     one bell strike (`sound: bell` in a workout)
    final    two bell strikes: the final repetition starts
    halfway  two quick pips: halfway through a step
    finish   rising arpeggio: the workout is done

The lengths here are mirrored in `kicktimer.core.cue_schedule.SOUND_SECONDS`
(the scheduler's spacing needs them); a test keeps the two in step.
"""

from __future__ import annotations

import argparse
import math
import struct
import wave
from collections.abc import Callable
from pathlib import Path

RATE = 22050
PEAK = 0.6  # of full scale: loud enough over a treadmill, never clipping

Sound = list[float]


def silence(seconds: float) -> Sound:
    return [0.0] * round(seconds * RATE)


def mix(length_s: float, *parts: tuple[float, Sound]) -> Sound:
    """Lay parts (start time, samples) onto a silent track `length_s` long."""
    track = silence(length_s)
    for start_s, samples in parts:
        offset = round(start_s * RATE)
        for i, value in enumerate(samples[: len(track) - offset]):
            track[offset + i] += value
    return track


def tone(
    freq: float | Callable[[float], float], seconds: float, attack: float = 0.005, release: float = 0.02
) -> Sound:
    """A sine (fixed or gliding frequency) with a linear attack and release."""
    count = round(seconds * RATE)
    samples: Sound = []
    phase = 0.0
    for i in range(count):
        t = i / RATE
        f = freq(t) if callable(freq) else freq
        phase += 2 * math.pi * f / RATE
        gain = min(1.0, t / attack if attack else 1.0, (seconds - t) / release if release else 1.0)
        samples.append(math.sin(phase) * max(gain, 0.0))
    return samples


def strike(freq: float, seconds: float) -> Sound:
    """A bell: inharmonic partials, each dying away at its own rate."""
    partials = ((1.0, 1.0, 2.2), (2.0, 0.5, 3.5), (2.76, 0.35, 5.0), (5.4, 0.2, 8.0))
    count = round(seconds * RATE)
    samples: Sound = []
    for i in range(count):
        t = i / RATE
        value = sum(
            a * math.exp(-decay * t) * math.sin(2 * math.pi * freq * ratio * t)
            for ratio, a, decay in partials
        )
        fade = min(1.0, t / 0.002, (seconds - t) / 0.05)
        samples.append(value / 2.05 * fade)
    return samples


def beep() -> Sound:
    return tone(880.0, 0.12)


def go() -> Sound:
    return tone(lambda t: 600.0 + 1200.0 * t, 0.5, release=0.08)


def rest() -> Sound:
    return mix(0.6, (0.0, tone(784.0, 0.26)), (0.3, tone(523.25, 0.3, release=0.12)))


def bell() -> Sound:
    return strike(880.0, 0.8)


def final() -> Sound:
    return mix(1.4, (0.0, strike(660.0, 0.5)), (0.45, strike(660.0, 0.95)))


def halfway() -> Sound:
    return mix(0.7, (0.0, tone(1046.5, 0.15)), (0.25, tone(1046.5, 0.15)))


def finish() -> Sound:
    notes = (523.25, 659.25, 783.99, 1046.5)
    parts = [
        (0.2 * i, tone(f, 0.2 if i < 3 else 0.95, release=0.05 if i < 3 else 0.4))
        for i, f in enumerate(notes)
    ]
    return mix(1.6, *parts)


SOUNDS: dict[str, Callable[[], Sound]] = {
    "beep": beep,
    "go": go,
    "rest": rest,
    "bell": bell,
    "final": final,
    "halfway": halfway,
    "finish": finish,
}


def encode(samples: Sound) -> bytes:
    """16-bit little-endian PCM at PEAK of full scale, rounded the same way every time."""
    top = max((abs(s) for s in samples), default=0.0) or 1.0
    scale = PEAK * 32767 / top
    return struct.pack(f"<{len(samples)}h", *(round(s * scale) for s in samples))


def write(path: Path, samples: Sound) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(encode(samples))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "sounds")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, make in SOUNDS.items():
        path = args.out / f"{name}.wav"
        write(path, make())
        print(f"{path}  {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
