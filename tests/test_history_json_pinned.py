"""`kick history --json` byte for byte: the output for a small generated history is pinned in a file.

The file pins the bytes orjson writes (compact separators; before orjson the
lines had `json`'s ", " and ": " and printed infinities as `Infinity`, which is
not JSON: now `null`), so any refactor of how the JSON is made must give
exactly the same bytes: key order, separators, how floats print (shortest
round-trip form), escapes (quotes, backslashes, control characters, NUL),
non-ASCII left as is, `null`, integers stored in REAL columns, and `%` in
text. The history is written through the store's public interface with fixed
numbers, so the pinned file holds. A second test checks the values, not the
bytes, against the standard library's encoder on the records the store reads
back, so a change of encoder cannot change a value unnoticed.
"""

from __future__ import annotations

import json
import math
import os
import random
import subprocess
import sys
from pathlib import Path

from history_support import info, interval_laps
from kicktimer.history.sqlite_store import SqliteStore
from kicktimer.ports import LapRecord

PINNED = Path(__file__).parent / "data" / "history_json" / "pinned.json"
ODD_TEXT = (
    'Tempo "hard" \\ 100% «Ø» 🔥',
    "tab\there\nnew line\r\x01\x1f\x7f end",
    "nul\x00inside",
    "%s %d %% {} [/] [b]",
    "間隔走 インターバル",
    "",
)
ODD_NUMBERS = (
    66.12345678901235,
    552.4462440470149,
    0.1 + 0.2,
    1e-05,
    1e16,
    1e15,
    123456789012345.6,
    5e-324,
    1.7976931348623157e308,
    float("inf"),
    float("-inf"),
    -0.0,
    90,
)


def build_history(path: Path) -> None:
    """Sessions with every kind of value a lap can hold; the numbers come from a seeded generator."""
    rng = random.Random(14)
    store = SqliteStore(path)
    for number, text in enumerate(ODD_TEXT):
        session_id = store.start_session(
            info(text or "Strides", day=number, athletes=(text,) if number else ())
        )
        for index, number_value in enumerate(ODD_NUMBERS):
            store.record_lap(
                session_id,
                LapRecord(
                    index=index,
                    kind="run" if index % 2 else "recover",
                    label=text,
                    rep=text if index % 3 else None,
                    planned_s=number_value,
                    target_s=rng.uniform(60, 400),
                    actual_s=rng.uniform(0, 1000) if index % 4 else None,
                    paused_s=round(rng.uniform(0, 30), rng.randint(0, 4)),
                    started_at=f"2026-05-0{1 + number % 9}T18:30:00.000+02:00",
                    ended_at=text,
                    athlete=text if number else None,
                    distance_m=400.0 if index % 2 else None,
                    ended_by=("lap", "time", "skip", None, text)[index % 5],
                    belt_distance_m=rng.uniform(0, 5000) if index % 3 == 1 else None,
                    avg_speed_kmh=number_value if index % 3 == 1 else None,
                    hr_avg=rng.uniform(90, 190) if index % 2 else None,
                    hr_max=rng.randint(120, 200) if index % 2 else None,
                ),
            )
        if number % 3 != 2:
            store.finish_session(
                session_id, ("completed", "aborted")[number % 2], f"2026-05-0{1 + number}T19:00"
            )
    for day in range(3):  # plain sessions as the app writes them, one still running
        session_id = store.start_session(info(day=10 + day))
        for record in interval_laps([88.25 + day / 3, 87.5, 84.123456789], day=10 + day):
            store.record_lap(session_id, record)
        if day < 2:
            store.finish_session(session_id, "completed", f"2026-05-{14 + day}T19:00:00.000+02:00")
    store.close()
    left_running = (  # a process that started a session and is gone: the session reads `interrupted`
        "import sys; sys.path.insert(0, sys.argv[2]); from pathlib import Path;"
        "from history_support import info, interval_laps;"
        "from kicktimer.history.sqlite_store import SqliteStore;"
        "store = SqliteStore(Path(sys.argv[1])); session_id = store.start_session(info(day=20));"
        "[store.record_lap(session_id, lap) for lap in interval_laps([71.5, 70.25], day=20)]"
    )
    subprocess.run([sys.executable, "-c", left_running, str(path), str(Path(__file__).parent)], check=True)


def history_json(data_dir: Path, *args: str) -> bytes:
    env = {**os.environ, "KICK_DATA_DIR": str(data_dir), "KICK_CONFIG_DIR": str(data_dir / "config")}
    done = subprocess.run(
        [sys.executable, "-m", "kicktimer", "history", "--json", *args],
        capture_output=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_history_json_is_byte_for_byte_the_pinned_output(tmp_path: Path) -> None:
    build_history(tmp_path / "history.sqlite3")
    assert history_json(tmp_path) == PINNED.read_bytes()


def test_a_filtered_and_limited_listing_is_the_same_lines_of_the_pinned_output(tmp_path: Path) -> None:
    build_history(tmp_path / "history.sqlite3")
    pinned = PINNED.read_bytes().decode("utf-8").splitlines()
    sessions = [line.rstrip(",") for line in pinned[1:-1]]
    plain = [line for line in sessions if '"workout":"8 × 400 m' in line]
    listed = history_json(tmp_path, "--workout", "8x400-last-all-out", "--limit", "2").decode("utf-8")
    assert listed == "[\n" + ",\n".join(plain[:2]) + "\n]\n"


def _finite_or_none(value: object) -> object:
    """What a JSON consumer gets for a value: a float that is not finite has no JSON form and reads `null`."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: _finite_or_none(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_finite_or_none(item) for item in value]
    return value


def test_history_json_holds_the_values_the_standard_encoder_gives_for_the_records(tmp_path: Path) -> None:
    build_history(tmp_path / "history.sqlite3")
    store = SqliteStore(tmp_path / "history.sqlite3")
    try:
        by_records = [json.loads(json.dumps(record.to_json())) for record in store.iter_sessions()]
    finally:
        store.close()
    printed = json.loads(history_json(tmp_path))
    interrupted = [session for session in printed if session["status"] == "interrupted"]
    planned = [lap["planned_s"] for session in by_records for lap in session["laps"]]
    assert len(interrupted) == 1 and any(isinstance(v, float) and math.isinf(v) for v in planned)
    for session in by_records:  # the store's own reader does not know the owner is gone
        if session["id"] == interrupted[0]["id"]:
            session["status"] = "interrupted"
    assert printed == _finite_or_none(by_records)


def _strict_json(data: bytes) -> object:
    """Parse as JSON proper: `Infinity` and `NaN` are not JSON, so they fail here."""

    def refuse(constant: str) -> object:
        raise ValueError(f"{constant} is not JSON")

    return json.loads(data, parse_constant=refuse)


def test_kick_export_json_is_strict_json_with_the_values_history_json_prints(tmp_path: Path) -> None:
    build_history(tmp_path / "history.sqlite3")
    listed = {session["id"]: session for session in _strict_json(history_json(tmp_path))}  # type: ignore[union-attr]
    env = {**os.environ, "KICK_DATA_DIR": str(tmp_path), "KICK_CONFIG_DIR": str(tmp_path / "config")}
    for session_id in (1, 2):
        done = subprocess.run(
            [sys.executable, "-m", "kicktimer", "export", "--format", "json", str(session_id)],
            capture_output=True,
            env=env,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        exported = _strict_json(done.stdout)
        assert isinstance(exported, dict)
        assert exported["laps"] == listed[session_id]["laps"]
