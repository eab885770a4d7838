"""What the board page shows, as text: the terminal's own formatting, never recomputed in the browser.

`board_state` turns one moment of the run (the engine's view and, in coach
mode, the athletes' rows) into a small JSON-ready dict whose every time is
formatted by the functions the timer screen and the coach's board use
(`clock_figure`, `live_split_text`, `diff_text`...). The page only puts
these strings on screen, so the tablet and the laptop can never disagree by
a tenth.

`state_delta` is what changed between two states, so a page is sent a few
dozen bytes a second while the clock runs instead of the whole board.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from kicktimer.app.coach.display import (
    ahead,
    best_text,
    diff_text,
    last_text,
    live_split_text,
    mean_text,
    target_text,
)
from kicktimer.app.display import rep_text
from kicktimer.app.view_text import ahead_behind, clock_figure, next_text
from kicktimer.core.coach.board import AthleteRow
from kicktimer.core.engine_view import EngineView
from kicktimer.core.events import State
from kicktimer.core.segments import Segment

BoardState = dict[str, Any]
"""`{workout, state, step: {label, rep, kind, family, all_out}, clock, target, ahead, next, cue,
news, athletes}`."""

STATE_NAMES: dict[State, str] = {
    State.READY: "ready",
    State.LEAD_IN: "lead-in",
    State.RUNNING: "running",
    State.WAITING_FOR_LAP: "running",
    State.PAUSED: "paused",
    State.FINISHED: "finished",
    State.ABORTED: "stopped",
}


def waiting_state(workout: str, first: Segment | None, athletes: Sequence[tuple[str, str]]) -> BoardState:
    """Before Enter: the workout's name, what comes first and who is on the board."""
    return {
        "workout": workout,
        "state": "ready",
        "step": {"label": "Waiting to start", "rep": "", "kind": "", "family": "", "all_out": False},
        "clock": "",
        "target": "",
        "ahead": "",
        "next": "" if first is None else "First: " + first.label,
        "cue": "",
        "news": "",
        "athletes": [_idle_athlete(key, name) for key, name in athletes],
    }


def board_state(
    workout: str, view: EngineView, rows: Sequence[AthleteRow] = (), news: str = ""
) -> BoardState:
    """The run at one view, formatted as the terminal shows it."""
    segment = view.segment
    step = {"label": "Get ready", "rep": "", "kind": "", "family": "", "all_out": False}
    target = verdict = ""
    if view.state is State.FINISHED:
        step["label"] = "Finished"
    elif view.state is State.ABORTED:
        step["label"] = "Stopped"
    elif view.state is not State.LEAD_IN and segment is not None:
        step = {
            "label": segment.label,
            "rep": rep_text(segment),
            "kind": segment.kind.value,
            "family": segment.kind.family,
            "all_out": segment.all_out,
        }
        texts = ahead_behind(segment, view)
        if texts is not None and not rows:
            target, verdict, _ = texts
    over = view.state in (State.FINISHED, State.ABORTED)
    cue = view.last_cue
    shown_cue = (
        cue.text if cue is not None and cue.text and not over and view.state is not State.LEAD_IN else ""
    )
    first = view.next_segment
    if view.state is State.LEAD_IN:
        upcoming = "" if first is None else "First: " + first.label
    else:
        upcoming = "" if over else next_text(first)
    return {
        "workout": workout,
        "state": STATE_NAMES[view.state],
        "step": step,
        "clock": "" if over else clock_figure(view),
        "target": target,
        "ahead": verdict,
        "next": upcoming,
        "cue": shown_cue,
        "news": news,
        "athletes": [athlete_state(row) for row in rows],
    }


def athlete_state(row: AthleteRow) -> dict[str, Any]:
    """One athlete's row in the coach board's texts; `n` counts their splits (a new one flashes)."""
    verdict = ahead(row)
    return {
        "key": row.athlete.key,
        "name": row.athlete.name,
        "split": live_split_text(row),
        "last": last_text(row),
        "best": best_text(row),
        "mean": mean_text(row),
        "target": target_text(row),
        "diff": diff_text(row),
        "ahead": verdict,
        "status": row.status,
        "n": row.stats.finished,
    }


def _idle_athlete(key: str, name: str) -> dict[str, Any]:
    return {
        "key": key,
        "name": name,
        "split": "",
        "last": "—",
        "best": "—",
        "mean": "—",
        "target": "",
        "diff": "",
        "ahead": None,
        "status": "between reps",
        "n": 0,
    }


def state_delta(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any] | None:
    """What changed from `old` to `new` (None: nothing); athletes as `{index: {field: value}}`.

    Applying it is a shallow merge at the top and per athlete. A change in
    the number of athletes can't be a delta: the caller sends the whole state.
    """
    delta: dict[str, Any] = {}
    for key, value in new.items():
        if key == "athletes":
            continue
        if old.get(key) != value:
            delta[key] = value
    old_rows: list[dict[str, Any]] = old.get("athletes", [])
    new_rows: list[dict[str, Any]] = new.get("athletes", [])
    if len(old_rows) != len(new_rows):
        raise ValueError("the athletes changed: send the whole state")
    rows: dict[str, dict[str, Any]] = {}
    for index, (before, after) in enumerate(zip(old_rows, new_rows, strict=True)):
        changed = {field: value for field, value in after.items() if before.get(field) != value}
        if changed:
            rows[str(index)] = changed
    if rows:
        delta["athletes"] = rows
    return delta or None
