"""A run's notices (no voice, sound fell back...) are shown without covering what the runner reads."""

from __future__ import annotations

import pytest
from textual.widget import Widget
from textual.widgets import Footer, Static

from app_support import Rig, rig_for_plan, shown_notices
from kicktimer.app.coach.mode import CoachMode
from kicktimer.audio import NO_VOICE_NOTICE
from kicktimer.core.coach.session import assign_keys
from plan_builders import reps_with_recovery

SOUND_NOTICE = "Sound: simpleaudio is not installed; using the terminal bell (pip install 'kicktimer[audio]')"


def fully_shown(rig: Rig, widget: Widget) -> bool:
    """On screen above the footer: nothing of it cut off or under a toast."""
    screen = rig.app.screen
    above_footer = screen.region.crop_size((screen.region.width, screen.query_one(Footer).region.y))
    return widget.region.height > 0 and above_footer.contains_region(widget.region)


@pytest.mark.parametrize(
    ("size", "coach"), [((100, 30), False), ((60, 20), True)], ids=["timer-100x30", "coach-60x20"]
)
async def test_start_notices_are_read_in_their_own_line_not_over_next_or_the_board(
    size: tuple[int, int], coach: bool
) -> None:
    options = {"mode": CoachMode(assign_keys(["Ana", "Ben", "Cy", "Dee", "Eve", "Fay"]))} if coach else {}
    rig = rig_for_plan(reps_with_recovery(3), lead_in_s=0, **options)
    rig.audio.notify(SOUND_NOTICE)
    rig.audio.notify(NO_VOICE_NOTICE)
    async with rig.app.run_test(size=size, notifications=True) as pilot:
        await pilot.pause()
        screen = rig.app.screen
        assert list(rig.app._notifications) == []  # no toast floats over the timer
        assert shown_notices(rig.app) == [SOUND_NOTICE, NO_VOICE_NOTICE]  # the second waits its turn
        line = screen.query_one("#notices", Static)
        assert str(line.render()) == SOUND_NOTICE
        assert fully_shown(rig, line)  # wrapped, not cut (two lines on 60 columns)
        assert fully_shown(rig, screen.query_one("#next"))
        assert "Next:" in str(screen.query_one("#next").render())
        assert fully_shown(rig, screen.query_one("#progress"))
        if coach:
            assert fully_shown(rig, screen.query_one("AthleteBoard"))
