"""What the app does with the engine's effects: sounds, speech, history, notices, the kick report."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from rich.console import Console
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from app_support import RecordingAudio, advance, label, rig_for_plan, run_until, shown_notices
from kicktimer.app.app import KickApp
from kicktimer.app.clock import FakeClock
from kicktimer.app.deferred import DeferredAudio, DeferredStore
from kicktimer.app.factory import make_app
from kicktimer.app.kick_report import report_builder
from kicktimer.app.screens.finish import FinishScreen
from kicktimer.app.screens.quit_confirm import QuitConfirmScreen
from kicktimer.config import Config
from kicktimer.core.profile import Profile
from kicktimer.core.segments import PlannedCue
from kicktimer.history import MemoryStore
from kicktimer.planning import prepare_plan
from kicktimer.ports import LapRecord, SessionInfo
from kicktimer.resources import builtin_sound_names
from kicktimer.workout.loader import load_workout_text
from kicktimer.workout.model import Environment, StepKind
from plan_builders import cue, lap_step, plan_of, timed, track_intervals


async def test_step_starts_cues_and_countdown_beeps_are_heard() -> None:
    plan = plan_of(
        timed("Run 0:10", 10, cues=(cue(4, "Knees up!"), PlannedCue(offset_s=6, sound="bell"))),
        timed("Rest 0:05", 5, StepKind.REST),
    )
    rig = rig_for_plan(plan, lead_in_s=0)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        start = rig.clock.now()
        await run_until(pilot, rig, start + 4.5)
        assert str(rig.app.screen.query_one("#cue").content) == "Knees up!"
        await run_until(pilot, rig, start + 10.5)
        assert str(rig.app.screen.query_one("#cue").content) == ""
    heard = rig.audio.calls
    assert heard[:2] == [("play", "go"), ("say", "Run 10 seconds")]
    assert ("say", "Knees up!") in heard and ("play", "bell") in heard
    assert [what for action, what in heard if what == "beep"] == ["beep"] * 3
    assert ("play", "rest") in heard


async def test_the_final_rep_is_announced_as_such() -> None:
    rig = rig_for_plan(track_intervals(reps=2), lead_in_s=0)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")
        await pilot.press("space")
        await pilot.press("n")
    says = [what for action, what in rig.audio.calls if action == "say"]
    assert "Rep 1 of 2, 400 metres" in says
    assert "Final rep, 400 metres, all out" in says


PACED_REPS = """\
name: Paced reps
steps:
  - repeat: 2
    steps:
      - run: 400m
        pace: mile
      - run: 1km
        pace: half
      - run: 1km
        pace: 5k-5s
"""


async def test_a_rep_run_at_a_profile_pace_is_announced_with_its_name() -> None:
    workout = load_workout_text(PACED_REPS, "paced.yaml", sounds=builtin_sound_names()).workout
    config = Config(profile=Profile(races={"5k": 22 * 60 + 30.0}))
    plan = prepare_plan(workout, Environment.TREADMILL, (), config)
    rig = rig_for_plan(plan, lead_in_s=0)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        for _ in range(3):
            await pilot.press("n")
    says = [what for action, what in rig.audio.calls if action == "say"]
    assert says[:3] == [
        "Rep 1 of 2, 400 metres, mile pace",
        "Rep 1 of 2, 1 kilometre, half marathon pace",
        "Rep 1 of 2, 1 kilometre",
    ]


@dataclass
class FailingStore:
    """A store whose disk is full after the session starts."""

    laps_tried: int = 0
    sessions: list[SessionInfo] = field(default_factory=list)

    def start_session(self, info: SessionInfo) -> int:
        self.sessions.append(info)
        return 1

    def record_lap(self, session_id: int, lap: LapRecord) -> None:
        self.laps_tried += 1
        raise OSError("No space left on device")

    def finish_session(self, session_id: int, status: str, ended_at: str) -> None:
        raise OSError("No space left on device")


async def test_a_failing_store_is_reported_once_and_the_timer_goes_on() -> None:
    store = FailingStore()
    app = make_app(
        audio=RecordingAudio(), store=store, clock=FakeClock(), plan=track_intervals(), lead_in_s=0
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")
        await pilot.press("space")
        await pilot.press("n")
        assert label(app, "#step-label") == "Run 400 m"
        messages = shown_notices(app)
        assert sum("History not saved" in m for m in messages) == 1
    assert store.laps_tried == 1
    assert app.session is not None and len(app.session.log.completed) == 3


def _deferred_app(
    opened: list[str], *, muted: bool, notices: tuple[str, ...] = ()
) -> tuple[KickApp, FakeClock, list[RecordingAudio]]:
    """`kick run`'s app on a two-minute workout, with sound and history opened as `kick run` opens them."""
    made: list[RecordingAudio] = []

    def open_audio() -> RecordingAudio:
        opened.append("audio")
        made.append(RecordingAudio(notices=notices))
        return made[-1]

    def open_store() -> MemoryStore:
        opened.append("store")
        return MemoryStore()

    workout = load_workout_text(
        "name: Two minutes\nsteps:\n  - run: 1min\n  - run: 1min\n", "two.yaml", sounds=builtin_sound_names()
    ).workout
    clock = FakeClock()
    app = make_app(
        audio=DeferredAudio(open_audio, muted=muted),
        store=DeferredStore(open_store),
        clock=clock,
        workout=workout,
        lead_in_s=0,
        planner=lambda w, where, reps: prepare_plan(w, where, reps, Config()),
    )
    return app, clock, made


async def test_sound_and_history_open_only_when_the_workout_starts() -> None:
    opened: list[str] = []
    app, _clock, _made = _deferred_app(opened, muted=False)
    async with app.run_test(size=(100, 30)) as pilot:
        assert opened == []
        await pilot.press("enter")
        assert sorted(opened) == ["audio", "store"]  # the sound is ready before the lead-in ends
        assert not app.services.audio.muted
    store = app.services.store
    assert isinstance(store, DeferredStore) and store.store.get_session(1).workout == "Two minutes"


async def test_a_muted_run_opens_no_sound_until_m_brings_it_back() -> None:
    """Muted from the start, the audio backend (simpleaudio, its WAVs: ~1 MiB) is not opened for nothing."""
    opened: list[str] = []
    notice = "Sound: no device; using the terminal bell"
    app, clock, made = _deferred_app(opened, muted=True, notices=(notice,))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        assert opened == ["store"]
        assert app.services.audio.muted
        clock.advance(30)
        app.wake()
        await pilot.pause()
        assert opened == ["store"]
        await pilot.press("m")  # the sound comes back: opened now, ready for the next step
        assert opened == ["store", "audio"] and not app.services.audio.muted
        clock.advance(31)
        app.wake()
        await pilot.pause()
        assert any("no device" in notice for notice in shown_notices(app))
    assert len(made) == 1 and made[0].calls[-2:] == [("play", "go"), ("say", "Run 1 minute")]


async def test_ctrl_q_during_a_run_asks_first() -> None:
    rig = rig_for_plan(track_intervals(), lead_in_s=0)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+q")
        assert isinstance(rig.app.screen, QuitConfirmScreen)
        await pilot.press("escape")
        assert rig.app.session is not None and rig.app.session.log.finished_total_s is None


async def test_the_quit_question_s_footer_names_its_own_keys_not_the_timer_s() -> None:
    """Under the question the timer's footer said `n Skip`, while the box said n keeps going."""
    rig = rig_for_plan(track_intervals(), lead_in_s=0)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await pilot.press("q")
        await pilot.pause()
        question = rig.app.screen
        assert isinstance(question, QuitConfirmScreen)
        keys = {key.key: key.description for key in question.query_one(Footer).query(FooterKey)}
        assert keys["y"] == "Quit" and keys["n"] == "Keep going"
        assert "Skip" not in keys.values() and "Pause" not in keys.values()


async def test_the_finish_screen_shows_the_kick_report_from_the_stored_laps() -> None:
    reps = [lap_step("Run 200 m", 40.0, distance_m=200.0, rep_number=i, rep_count=3) for i in (1, 2, 3)]
    plan = plan_of(
        reps[0], timed("Rest", 30, StepKind.REST), reps[1], timed("Rest", 30, StepKind.REST), reps[2]
    )
    clock = FakeClock()
    store = MemoryStore()
    app = make_app(
        audio=RecordingAudio(),
        store=store,
        clock=clock,
        plan=plan,
        lead_in_s=0,
        report=report_builder(lambda: store),
    )
    async with app.run_test(size=(100, 40)) as pilot:
        for rep_seconds in (41.0, 40.0, 36.0):
            clock.advance(rep_seconds)
            app.wake()
            await pilot.press("space")
            clock.advance(30)  # the rest, timed
            app.wake()
        await pilot.pause()
        assert isinstance(app.screen, FinishScreen)
        report = app.screen.query_one("#kick-report")
        assert not report.has_class("-empty")
        console = Console(width=100, record=True, file=io.StringIO())
        console.print(report.content)
        text = console.export_text()
        assert "Final rep 36.0" in text and "faster" in text


async def test_ten_hours_on_a_fake_clock_end_exactly_at_the_planned_total() -> None:
    steps = [timed(f"Run {i}", 59.7 if i % 2 else 60.3, rep_number=i + 1, rep_count=600) for i in range(600)]
    plan = plan_of(*steps, environment=Environment.ANY)
    rig = rig_for_plan(plan, lead_in_s=0)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        start = rig.clock.now()
        await advance(pilot, rig, 10 * 3600 + 1)
        assert isinstance(rig.app.screen, FinishScreen)
    session = rig.app.session
    assert session is not None
    assert session.log.finished_total_s == plan.total_time_s
    assert session.log.completed[-1].ended_at == start + plan.total_time_s
