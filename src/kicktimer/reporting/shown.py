"""A session as the terminal may show it: its text with control characters escaped.

The history keeps what it was given. Sessions written before workout files
refused control characters (or written to the SQLite file by anything else)
can hold an ESC sequence in a workout name, a step's label or an athlete's
name; printed raw, it would clear, retitle or recolour the runner's
terminal. Everything `kick history` and the finish screen draw from a record
goes through `shown_record` first; `--json` and the exports read the store,
not this, and keep the text exactly.
"""

from __future__ import annotations

from dataclasses import replace

from kicktimer.history.records import SessionRecord
from kicktimer.ports import LapRecord
from kicktimer.text import shown


def shown_lap(lap: LapRecord) -> LapRecord:
    """`lap` with its label and athlete's name escaped for the terminal."""
    athlete = shown(lap.athlete) if lap.athlete is not None else None
    label = shown(lap.label)
    if label is lap.label and athlete is lap.athlete:
        return lap
    return replace(lap, label=label, athlete=athlete)


def shown_record(record: SessionRecord) -> SessionRecord:
    """`record` with its workout's name, athletes and laps escaped for the terminal; itself when
    nothing needs an escape (a listing of thousands of sessions copies none)."""
    workout = shown(record.workout)
    athletes = tuple(shown(name) for name in record.athletes)
    laps = tuple(shown_lap(lap) for lap in record.laps)
    unchanged = (
        workout is record.workout
        and all(new is old for new, old in zip(athletes, record.athletes, strict=True))
        and all(new is old for new, old in zip(laps, record.laps, strict=True))
    )
    if unchanged:
        return record
    return replace(record, workout=workout, athletes=athletes, laps=laps)
