"""Sessions as CSV and JSON: for `kick export`, and for saving a session the database couldn't take.

CSV has one row per lap; in coach mode a lap is one athlete's split, so each
athlete's split is its own row with the athlete's name. The group clock's own
row for a step that has athlete splits (stored with an empty athlete, so the
session still reads as the plan was run) is left out of the CSV: it would
read as one more athlete. Steps nobody is split on (warm-up, recoveries) keep
their single row with an empty athlete cell. JSON keeps every stored row.
Empty cells are nulls (an open step has no planned time, a DNF has no actual
time). Times are seconds with millisecond precision.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from kicktimer.history.records import LAP_FIELDS, SessionRecord
from kicktimer.ports import LapRecord

FORMATS = ("csv", "json")

CSV_COLUMNS: tuple[str, ...] = ("session", "workout", *LAP_FIELDS)
#: Lap fields holding seconds (or metres): written with millisecond precision.
_MEASURES = frozenset(
    {
        "planned_s",
        "target_s",
        "actual_s",
        "paused_s",
        "distance_m",
        "belt_distance_m",
        "avg_speed_kmh",
        "hr_avg",
    }
)


def sessions_csv(records: Sequence[SessionRecord]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for record in records:
        for lap in csv_laps(record):
            writer.writerow((record.id, record.workout, *(_lap_cell(lap, name) for name in LAP_FIELDS)))
    return out.getvalue()


def _lap_cell(lap: LapRecord, name: str) -> object:
    value = getattr(lap, name)
    return _seconds(value) if name in _MEASURES else _cell(value)


def csv_laps(record: SessionRecord) -> list[LapRecord]:
    """The laps the CSV shows: all of them, less the group rows of steps split per athlete."""
    split_steps = {lap.index for lap in record.laps if lap.athlete is not None}
    return [lap for lap in record.laps if lap.athlete is not None or lap.index not in split_steps]


def session_json(record: SessionRecord) -> str:
    """One session as a JSON object, with the copy of its workout file."""
    return _indented_json(record.to_json(with_yaml=True))


def sessions_json(records: Sequence[SessionRecord]) -> str:
    """Several sessions as a JSON list of the objects `session_json` prints."""
    return _indented_json([record.to_json(with_yaml=True) for record in records])


def _indented_json(data: object) -> str:
    """The export's JSON, indented for reading, with the same encoder as `kick history --json`.

    One encoder, so a value reads the same in both: a float that is not
    finite is `null` (json's `Infinity` is not JSON).
    """
    from orjson import OPT_INDENT_2, dumps

    return dumps(data, option=OPT_INDENT_2).decode("utf-8") + "\n"


def write_export(records: Sequence[SessionRecord], path: Path, fmt: str) -> None:
    """Save sessions to a file the user chose (CSV, or a JSON list); raises OSError."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    text = sessions_csv(records) if fmt == "csv" else sessions_json(records)
    path.write_text(text, encoding="utf-8", newline="")


def _cell(value: object) -> object:
    return "" if value is None else value


def _seconds(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"
