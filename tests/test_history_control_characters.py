"""Names the history kept with control characters in them are shown escaped, never raw.

Sessions written before workout files refused escapes (or by anything else
that writes the SQLite history) can hold an ESC sequence in a workout's
name, a step's label or an athlete's name. `kick history`, `show`, `trend`
and the finish screen's kick report show it as `\\x1b`; `--json` keeps the
text exactly as it was kept.
"""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

import pytest
from rich.console import Console

from history_support import T0, info, interval_laps, iso
from kicktimer.cli import main
from kicktimer.history import open_history_store
from kicktimer.reporting.session_report import finished_session_report

ESC = "\x1b"
WORKOUT = f"Evil{ESC}]0;pwned\x07 400s"
ATHLETE = f"Ann{ESC}[2J"
LABEL = f"Run{ESC}[31m 400 m"


def _seed(data: Path) -> int:
    """Two coach sessions of a workout whose name, labels and athlete carry escape sequences."""
    data.mkdir(parents=True, exist_ok=True)
    store = open_history_store(data / "history.sqlite3")
    session_id = 0
    for day, times in enumerate(([90.0, 91.0, 88.0], [90.0, 90.0, 85.0])):
        session_id = store.start_session(info(WORKOUT, day=day, athletes=[ATHLETE]))
        for lap in interval_laps(times, day=day, athlete=ATHLETE):
            store.record_lap(session_id, replace(lap, label=LABEL) if lap.kind == "run" else lap)
        store.finish_session(session_id, "completed", iso(T0.replace(day=T0.day + day, hour=23)))
    store.close()
    return session_id


@pytest.fixture
def last_session(kick_dirs: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setenv("COLUMNS", "160")
    return _seed(kick_dirs / "data")


def _raw_controls(text: str) -> list[str]:
    return sorted({char for char in text if ord(char) < 0x20 and char not in "\n"})


@pytest.mark.parametrize(
    "args",
    [["history"], ["history", "show", "{id}"], ["history", "trend", "{workout}"]],
    ids=["list", "show", "trend"],
)
def test_history_commands_show_control_characters_escaped(
    last_session: int, args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [arg.format(id=last_session, workout=WORKOUT) for arg in args]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert _raw_controls(out) == []
    assert "\\x1b" in out
    if args[1:2] == ["show"]:
        assert "Evil\\x1b]0;pwned\\x07 400s" in out and "Ann\\x1b[2J" in out and "Run\\x1b[31m 400 m" in out


def test_history_json_keeps_the_text_exactly(last_session: int, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["history", "--json"]) == 0
    sessions = json.loads(capsys.readouterr().out)
    assert {s["workout"] for s in sessions} == {WORKOUT}
    assert {lap["athlete"] for s in sessions for lap in s["laps"]} >= {ATHLETE}
    assert LABEL in {lap["label"] for s in sessions for lap in s["laps"]}


def test_the_finish_screens_kick_report_shows_them_escaped(kick_dirs: Path, last_session: int) -> None:
    store = open_history_store(kick_dirs / "data" / "history.sqlite3")
    try:
        report = finished_session_report(store, last_session)
    finally:
        store.close()
    out = io.StringIO()
    Console(file=out, width=100, force_terminal=False, color_system=None).print(report)
    assert _raw_controls(out.getvalue()) == []
    assert "Ann\\x1b[2J" in out.getvalue()
