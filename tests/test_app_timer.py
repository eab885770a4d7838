"""The timer screen driven through its keys, with a fake clock: start, lap, pause, skip, back, adjust."""

from __future__ import annotations

from dataclasses import replace

from textual.app import App
from textual.widgets import Footer

from app_support import advance, big_clock, label, rig_for_plan, run_until
from kicktimer.app.screens.timer import TimerScreen
from kicktimer.app.widgets.workout_progress import WorkoutProgress
from kicktimer.core.events import State
from kicktimer.core.segments import Segment
from kicktimer.workout.model import StepKind
from plan_builders import lap_step, plan_of, timed, track_intervals


async def test_start_counts_down_the_lead_in_then_runs_the_first_step() -> None:
    rig = rig_for_plan(track_intervals(), lead_in_s=10)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        assert isinstance(rig.app.screen, TimerScreen)
        assert label(rig.app, "#step-label") == "Get ready"
        assert big_clock(rig.app) == "0:10"
        assert label(rig.app, "#next") == "First: Warm-up 1:00"
        await advance(pilot, rig, 3.2)
        assert big_clock(rig.app) == "0:07"
        await advance(pilot, rig, 6.8)
        assert label(rig.app, "#step-label") == "Warm-up 1:00"
        assert big_clock(rig.app) == "1:00"
        assert ("play", "go") in rig.audio.calls
        assert rig.app.screen.query_one("#step-label").has_class("family-calm")
        session = rig.store.get_session(rig.app.session.session_id)  # type: ignore[union-attr]
        assert session.status == "running"


async def test_lead_in_zero_starts_the_first_step_at_once() -> None:
    rig = rig_for_plan(track_intervals(), lead_in_s=0)
    async with rig.app.run_test(size=(100, 30)):
        assert label(rig.app, "#step-label") == "Warm-up 1:00"
        assert big_clock(rig.app) == "1:00"


async def test_one_wake_up_per_displayed_second_at_the_moment_it_changes() -> None:
    rig = rig_for_plan(plan_of(timed("Run 0:05", 5)), lead_in_s=0)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        start = rig.clock.now()
        assert rig.app.next_wake_at is not None
        await run_until(pilot, rig, start + 2.5)
        assert big_clock(rig.app) == "0:03"
        # the next wake-up is the next change of the display (at 3 s), not a poll
        assert rig.app.next_wake_at is not None
        assert abs(rig.app.next_wake_at - (start + 3.0)) < 0.01


async def test_lap_ends_a_distance_step_and_shows_the_split_against_the_target() -> None:
    rig = rig_for_plan(track_intervals(), lead_in_s=0)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await advance(pilot, rig, 60)
        assert label(rig.app, "#step-label") == "Run 400 m"
        assert label(rig.app, "#rep") == "Rep 1/3"
        assert big_clock(rig.app) == "0:00"
        assert rig.app.screen.query_one("#split-row").display
        assert label(rig.app, "#target-split") == "target 1:30.0"
        assert label(rig.app, "#ahead-behind") == "1:30 to target split"  # not "1:30 ahead" at the start
        await advance(pilot, rig, 85.4)
        assert big_clock(rig.app) == "1:25"
        assert label(rig.app, "#ahead-behind") == "0:05 to target split"
        await advance(pilot, rig, 7.0)
        assert label(rig.app, "#ahead-behind") == "+0:02 over target"
        await pilot.press("space")
        assert label(rig.app, "#step-label") == "Recover 1:00"
        assert "Last split 1:32.4" in label(rig.app, "#last-split")
        laps = rig.store.get_session(rig.app.session.session_id).laps  # type: ignore[union-attr]
        assert [lap.label for lap in laps] == ["Warm-up 1:00", "Run 400 m"]
        assert abs((laps[1].actual_s or 0) - 92.4) < 1e-6
        assert laps[1].target_s == 90.0


async def test_space_during_a_timed_step_says_why_and_changes_nothing() -> None:
    rig = rig_for_plan(track_intervals(), lead_in_s=0)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await advance(pilot, rig, 5)
        await pilot.press("space")
        await pilot.pause()
        assert rig.app.session.state is State.RUNNING  # type: ignore[union-attr]
        assert label(rig.app, "#step-label") == "Warm-up 1:00"
        assert any("p pauses" in str(n.message) for n in rig.app._notifications)


def footer_keys(app: App[object]) -> list[str]:
    """The footer's keys as drawn: "space Lap", "p Pause"..."""
    footer = app.screen.query_one(Footer)
    return [" ".join(str(key.render()).split()) for key in footer.children]


async def test_the_lead_in_footer_offers_no_lap_back_or_adjust_yet_space_still_says_why() -> None:
    rig = rig_for_plan(track_intervals(), lead_in_s=10)
    async with rig.app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        shown = " | ".join(footer_keys(rig.app))
        assert "Pause" in shown and "Skip" in shown and "Quit" in shown
        assert "Lap" not in shown and "Back" not in shown and "+10s" not in shown
        await pilot.press("space")
        await pilot.pause()
        assert any("n starts the first step" in str(n.message) for n in rig.app._notifications)
        await advance(pilot, rig, 70)  # the warm-up, then the 400 m rep waiting for the lap key
        await pilot.pause()
        shown = " | ".join(footer_keys(rig.app))
        assert "space Lap" in shown and "Back" in shown and "+10s" not in shown


async def test_pause_freezes_the_clock_and_schedules_nothing_until_resume() -> None:
    rig = rig_for_plan(track_intervals(), lead_in_s=0)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await advance(pilot, rig, 20.3)
        assert big_clock(rig.app) == "0:40"
        await pilot.press("p")
        assert rig.app.screen.has_class("-paused")
        assert rig.app.next_wake_at is None
        await advance(pilot, rig, 300)
        assert big_clock(rig.app) == "0:40"
        await pilot.press("p")
        assert not rig.app.screen.has_class("-paused")
        await advance(pilot, rig, 0.5)
        assert big_clock(rig.app) == "0:40"
        await advance(pilot, rig, 0.3)
        assert big_clock(rig.app) == "0:39"


async def test_skip_and_back_move_between_steps() -> None:
    rig = rig_for_plan(track_intervals(), lead_in_s=0)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")
        assert label(rig.app, "#step-label") == "Run 400 m"
        await pilot.press("right")
        assert label(rig.app, "#step-label") == "Recover 1:00"
        await pilot.press("b")
        assert label(rig.app, "#step-label") == "Run 400 m"
        await advance(pilot, rig, 10)
        await pilot.press("left")  # more than 3 s in: back restarts the step
        assert label(rig.app, "#step-label") == "Run 400 m"
        assert big_clock(rig.app) == "0:00"


async def test_plus_and_minus_adjust_the_timed_step_by_ten_seconds() -> None:
    rig = rig_for_plan(track_intervals(), lead_in_s=0)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await pilot.press("plus")
        assert big_clock(rig.app) == "1:10"
        await pilot.press("minus")
        await pilot.press("minus")
        assert big_clock(rig.app) == "0:50"


async def test_all_out_rep_shows_the_banner_and_the_cue() -> None:
    rig = rig_for_plan(track_intervals(reps=2), lead_in_s=0)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")
        assert not rig.app.screen.query_one("#all-out").display
        assert label(rig.app, "#target") == "3:45/km"
        await pilot.press("space")
        await pilot.press("n")
        assert label(rig.app, "#rep") == "Rep 2/2"
        assert rig.app.screen.query_one("#all-out").display
        assert rig.app.screen.query_one("#clock").has_class("family-hot")
        assert str(rig.app.screen.query_one("#cue").content) == "Relax your shoulders."
        assert ("play", "final") in rig.audio.calls


async def test_mute_toggles_the_sound() -> None:
    rig = rig_for_plan(plan_of(timed("Run 0:30", 30, StepKind.RUN)), lead_in_s=0)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await pilot.press("m")
        assert rig.audio.muted
        await pilot.press("m")
        assert not rig.audio.muted


async def test_mute_is_told_by_the_screen_and_the_footer_not_a_toast() -> None:
    """A toast said "Sound off" over the cue and "Next:" for two seconds, repeating the screen."""
    rig = rig_for_plan(plan_of(timed("Run 0:30", 30, StepKind.RUN)), lead_in_s=0)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await pilot.press("m")
        await pilot.pause()
        assert rig.app.screen.query_one("#muted").display
        assert [
            b.binding.description for b in rig.app.screen.active_bindings.values() if b.binding.key == "m"
        ] == ["Unmute"]
        await pilot.press("m")
        await pilot.pause()
        assert not rig.app.screen.query_one("#muted").display
        assert list(rig.app._notifications) == []


async def test_muted_from_the_start_says_so_on_screen() -> None:
    rig = rig_for_plan(plan_of(timed("Run 0:30", 30, StepKind.RUN)), lead_in_s=0)
    rig.audio.muted = True
    async with rig.app.run_test(size=(100, 30)) as pilot:
        assert rig.app.screen.has_class("-muted")
        assert rig.app.screen.query_one("#muted").display
        await pilot.press("m")
        assert not rig.app.screen.has_class("-muted")
        assert not rig.audio.muted


async def test_a_long_heading_keeps_a_gap_before_sound_off_on_a_40_by_12_terminal() -> None:
    """The label gives way (cut with …) to "sound off" and the set and rep; it ran into them."""
    step = timed("Tempo hard uphill", 60, rep="1/3", rep_number=1, rep_count=3, set_number=1, set_count=2)
    rig = rig_for_plan(plan_of(step), lead_in_s=0)
    rig.audio.muted = True
    async with rig.app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        heading = rig.app.screen._compositor.render_strips()[0].text
        assert heading.rstrip().endswith("Set 1/2 · Rep 1/3"), heading
        before, muted, _ = heading.partition("sound off")
        assert muted, heading
        assert before.startswith(" Tempo") and before.rstrip().endswith("…"), heading
        assert before.endswith(" "), heading


async def test_time_left_says_at_least_while_open_steps_are_ahead() -> None:
    plan = plan_of(
        timed("Run 1:00", 60), lap_step("Walk back", None, StepKind.RECOVER), timed("Run 1:00", 60)
    )
    rig = rig_for_plan(plan, lead_in_s=0)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        progress = rig.app.screen.query_one("#progress", WorkoutProgress)
        assert progress.text == "0:00 done, 2:00+ left"
        await advance(pilot, rig, 60)
        await pilot.press("space")
        assert progress.text == "1:00 done, 1:00 left"


async def test_no_redraw_is_scheduled_just_before_a_step_boundary() -> None:
    rig = rig_for_plan(plan_of(timed("Run 0:03", 3), timed("Run 0:03", 3)), lead_in_s=0)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        start = rig.clock.now()
        await run_until(pilot, rig, start + 2.5)
        # the countdown would show 0:00 a millisecond before the end; the boundary's wake-up does it
        assert rig.app.next_wake_at == start + 3.0


async def test_a_send_off_recovery_counts_down_to_the_next_repetition() -> None:
    def rep(number: int, group: int | None) -> list[Segment]:
        work = lap_step(
            "Run 200 m", 40.0, rep_number=number, rep_count=2, sendoff_group=group, sendoff_s=60.0
        )
        if group is None:
            return [replace(work, sendoff_s=None)]
        recover = Segment(
            index=0,
            kind=StepKind.RECOVER,
            label="Recover",
            duration_s=20.0,
            sendoff_group=group,
            sendoff_s=60.0,
            fills_sendoff=True,
        )
        return [work, recover]

    rig = rig_for_plan(plan_of(*rep(1, 1), *rep(2, None)), lead_in_s=0)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await advance(pilot, rig, 44.2)
        await pilot.press("space")
        assert label(rig.app, "#step-label") == "Recover"
        assert big_clock(rig.app) == "0:16"
        await pilot.press("plus")  # a send-off recovery can't be stretched
        assert big_clock(rig.app) == "0:16"
        await advance(pilot, rig, 15.8)
        assert label(rig.app, "#step-label") == "Run 200 m"
        assert label(rig.app, "#rep") == "Rep 2/2"


async def test_the_footer_names_what_p_does_now() -> None:
    rig = rig_for_plan(plan_of(timed("Run 0:30", 30)), lead_in_s=0)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        shown = {binding.description for _, binding, enabled, _ in rig.app.screen.active_bindings.values()}
        assert "Pause" in shown
        await pilot.press("p")
        await pilot.pause()
        active = [b.description for _, b, enabled, _ in rig.app.screen.active_bindings.values() if enabled]
        assert "Resume" in active and "Pause" not in active
        await pilot.press("p")
        assert rig.app.session is not None and rig.app.session.state is State.RUNNING


async def test_the_footer_names_what_m_does_now() -> None:
    rig = rig_for_plan(plan_of(timed("Run 0:30", 30)), lead_in_s=0)
    async with rig.app.run_test(size=(100, 30)) as pilot:

        def active() -> list[str]:
            bindings = rig.app.screen.active_bindings.values()
            return [binding.description for _, binding, enabled, _ in bindings if enabled]

        assert "Mute" in active() and "Unmute" not in active()
        await pilot.press("m")
        await pilot.pause()
        assert rig.audio.muted
        assert "Unmute" in active() and "Mute" not in active()
        await pilot.press("m")
        await pilot.pause()
        assert not rig.audio.muted
        assert "Mute" in active() and "Unmute" not in active()


async def test_muted_from_the_start_offers_unmute() -> None:
    rig = rig_for_plan(plan_of(timed("Run 0:30", 30)), lead_in_s=0)
    rig.audio.muted = True
    async with rig.app.run_test(size=(100, 30)):
        shown = [b.description for _, b, enabled, _ in rig.app.screen.active_bindings.values() if enabled]
        assert "Unmute" in shown and "Mute" not in shown


async def test_the_bar_is_not_full_at_the_first_of_several_lap_steps() -> None:
    plan = plan_of(*(lap_step(f"Stride {n}", None) for n in range(1, 5)))
    rig = rig_for_plan(plan, lead_in_s=0)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        progress = rig.app.screen.query_one("#progress", WorkoutProgress)
        await advance(pilot, rig, 5)
        assert progress.fraction == 0.0
        await pilot.press("space")
        await advance(pilot, rig, 5)
        assert progress.fraction == 0.25
        assert progress.text == "0:10 done, 3 laps left"  # not "0:00+ left": no time is known


async def test_a_plan_of_lap_steps_counts_laps_left_not_time() -> None:
    plan = plan_of(*(lap_step(f"Stride {n}", None) for n in range(1, 3)))
    rig = rig_for_plan(plan, lead_in_s=0)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        progress = rig.app.screen.query_one("#progress", WorkoutProgress)
        await pilot.pause()
        assert progress.text == "0:00 done, 2 laps left"
        await advance(pilot, rig, 5)
        await pilot.press("space")
        await pilot.pause()
        assert progress.text == "0:05 done, 1 lap left"


async def test_the_progress_line_draws_the_time_done_and_left_and_moves_each_second() -> None:
    rig = rig_for_plan(plan_of(timed("Run 1:00", 60), timed("Walk 1:00", 60, StepKind.RECOVER)), lead_in_s=0)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        progress = rig.app.screen.query_one("#progress", WorkoutProgress)
        drawn = progress.render_line(0).text
        assert drawn.startswith("0:00 ━") and drawn.endswith(" 2:00 left")
        await advance(pilot, rig, 1.0)
        drawn = progress.render_line(0).text
        assert drawn.startswith("0:01 ") and drawn.endswith(" 1:59 left")
        await advance(pilot, rig, 59.0)  # half way: half the bar in the colour of done
        line = progress.render_line(0)
        assert line.text.startswith("1:00 ━") and line.text.endswith(" 1:00 left")
        assert line.cell_length == progress.size.width
        bar = [
            segment.style for segment in line.crop(5, progress.size.width - len(" 1:00 left")) if segment.text
        ]
        assert bar[0] != bar[-1]


async def test_a_line_that_no_longer_fits_wraps_and_one_that_fits_again_takes_one_line() -> None:
    long_label = "Recover by walking back to the start line slowly"
    plan = plan_of(timed("Run 0:05", 5), timed("Jog 0:05", 5), timed(long_label, 5, StepKind.RECOVER))
    rig = rig_for_plan(plan, lead_in_s=0)
    async with rig.app.run_test(size=(40, 24)) as pilot:
        following = rig.app.screen.query_one("#next")
        assert label(rig.app, "#next") == "Next: Jog 0:05"
        assert following.region.height == 1
        await advance(pilot, rig, 5.0)
        assert label(rig.app, "#next") == f"Next: {long_label}"
        assert following.region.height == 2  # wrapped, every word of it on screen
        await advance(pilot, rig, 5.0)
        assert label(rig.app, "#next") == "Next: finish"
        assert following.region.height == 1


async def test_the_rep_label_widens_when_its_text_does() -> None:
    plan = plan_of(*(timed(f"Run {n}", 2, rep_number=n, rep_count=10) for n in range(8, 11)))
    rig = rig_for_plan(plan, lead_in_s=0)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        rep = rig.app.screen.query_one("#rep")
        assert label(rig.app, "#rep") == "Rep 8/10"
        narrow = rep.region.width
        await advance(pilot, rig, 2.0)
        assert label(rig.app, "#rep") == "Rep 9/10"
        assert rep.region.width == narrow
        await advance(pilot, rig, 2.0)
        assert label(rig.app, "#rep") == "Rep 10/10"
        assert rep.region.width == narrow + 1
        assert rig.app.screen.query_one("#step-label").region.right + 1 == rep.region.x  # one space between
