"""A repeat in a repeat in a repeat keeps every level: the round, the set and the rep.

2 × (3 × (2 × 200 m)) used to lose the outermost repeat: both rounds read
`Set 1/3 · Rep 1/2` … `Set 3/3 · Rep 2/2` (the table and the timer could not
tell round 1 from round 2), the rest after each round read `Set 1/2` beside the
sets' own `Set 1/3`, the last rep of round 1 was announced as the final rep, and
a session stopped after round 1 got a kick report as if it were finished.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app_support import label, rig_for_plan
from history_support import info
from kicktimer.cli import main
from kicktimer.core.announce import step_phrase
from kicktimer.core.compile import compile_plan
from kicktimer.core.laps import FinishedLap
from kicktimer.core.profile import Profile
from kicktimer.core.segments import Plan
from kicktimer.history import open_history_store
from kicktimer.resources import builtin_sound_names
from kicktimer.workout.loader import load_workout_text
from kicktimer.workout.model import StepKind
from plan_builders import THREE_DEEP


def three_deep_plan() -> Plan:
    workout = load_workout_text(THREE_DEEP, "three.yaml", sounds=builtin_sound_names()).workout
    return compile_plan(workout, Profile())


@pytest.fixture
def three_deep_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "three.yaml"
    path.write_text(THREE_DEEP, encoding="utf-8")
    monkeypatch.setenv("KICK_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("COLUMNS", "120")
    return path


def test_kick_show_gives_each_step_its_round_set_and_rep(
    three_deep_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["show", str(three_deep_file)]) == 0
    rows = [line.split("│") for line in capsys.readouterr().out.splitlines() if line.startswith("│")]
    places = {(row[2].strip(), row[3].strip()) for row in rows}
    assert ("Run 200 m", "1/2 · 1/3 · 1/2") in places
    assert ("Run 200 m", "2/2 · 3/3 · 2/2") in places
    assert ("Recover 1:00", "2/2 · 1/3 · –") in places
    assert [row[3].strip() for row in rows if row[2].strip() == "Rest 2:00"] == ["1/2 · – · –", "2/2 · – · –"]
    runs = [row[3].strip() for row in rows if row[2].strip() == "Run 200 m"]
    assert len(runs) == len(set(runs)) == 12  # no two reps read the same

    assert main(["show", "--json", str(three_deep_file)]) == 0
    segments = json.loads(capsys.readouterr().out)["segments"]
    assert [(s["set"], s["rep"]) for s in segments if s["kind"] == "run"][6] == ("2/2 · 1/3", "1/2")


def test_only_the_last_rep_of_the_last_round_is_the_final_rep() -> None:
    phrases = [step_phrase(s) for s in three_deep_plan().segments if s.kind is StepKind.RUN]
    assert [p for p in phrases if p.startswith("Final")] == ["Final rep, 200 metres"]
    assert phrases[5] == "Rep 2 of 2, 200 metres"


async def test_the_timer_heads_a_rep_with_its_round_and_a_rounds_rest_as_a_round() -> None:
    plan = three_deep_plan()
    rest = next(s for s in plan.segments if s.label == "Rest 2:00")
    rig = rig_for_plan(plan, lead_in_s=0)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert label(rig.app, "#rep") == "Round 1/2 · Set 1/3 · Rep 1/2"
        for _ in range(rest.index):
            await pilot.press("n")
        await pilot.pause()
        assert label(rig.app, "#rep") == "Round 1/2"
        await pilot.press("n")
        await pilot.pause()
        assert label(rig.app, "#rep") == "Round 2/2 · Set 1/3 · Rep 1/2"


def test_a_session_stopped_after_round_one_gives_no_kick(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Round 1's last rep (set 3/3, rep 2/2), run fastest, is no final rep: round 2 never ran."""
    plan = three_deep_plan()
    store = open_history_store(tmp_path / "history.sqlite3")
    session_id = store.start_session(info("Two rounds of three sets"))
    clock = 0.0
    for segment in plan.segments[: next(s.index for s in plan.segments if s.label == "Rest 2:00")]:
        length = 30.0 if segment.index == 13 else segment.duration_s or 40.0
        lap = FinishedLap(segment, length, 0.0, clock, clock + length, "lap" if segment.is_work else "time")
        store.record_lap(session_id, lap.to_lap_record(lambda _: "2026-05-04T19:00:00.000+02:00"))
        clock += length
    store.finish_session(session_id, "aborted", "2026-05-04T19:30:00.000+02:00")
    store.close()
    monkeypatch.setenv("KICK_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("COLUMNS", "140")
    assert main(["history", "show", str(session_id)]) == 0
    shown = capsys.readouterr().out
    assert "stopped after rep 2 of 2 in set 3 of 3 in round 1 of 2" in shown
    assert "◀ final" not in shown


async def test_at_40_columns_the_heading_keeps_the_current_rep_count() -> None:
    """`… sound off  Round 1/2 · Set 1/3 · Rep` lost `1/2`: the rep takes a shorter form instead."""
    plan = three_deep_plan()
    rig = rig_for_plan(plan, lead_in_s=0)
    rig.audio.muted = True
    async with rig.app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        heading = rig.app.screen._compositor.render_strips()[0].text
        assert "sound off" in heading and heading.rstrip().endswith("R1/2 S1/3 1/2"), heading
        await pilot.press("n", "n")
        await pilot.pause()
        heading = rig.app.screen._compositor.render_strips()[0].text
        assert heading.rstrip().endswith("R1/2 S1/3 2/2"), heading
        await pilot.press("m")  # sound on: room for the whole of it
        await pilot.pause()
        heading = rig.app.screen._compositor.render_strips()[0].text
        assert "sound off" not in heading, heading
        assert heading.rstrip().endswith("Round 1/2 · Set 1/3 · Rep 2/2"), heading
        await pilot.resize_terminal(20, 12)
        await pilot.pause()
        heading = rig.app.screen._compositor.render_strips()[0].text
        assert heading.rstrip().endswith("Rep 2/2"), heading
