"""kick's answers for named keys are Textual's own, and the footer reads as Textual would write it."""

from __future__ import annotations

import string

import pytest
from textual.binding import Binding
from textual.keys import format_key, key_to_character
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from app_support import rig_for_plan
from kicktimer.app import key_names
from plan_builders import track_intervals


@pytest.mark.parametrize("key", sorted(key_names.CHARACTERS))
def test_each_character_is_the_one_textual_finds(key: str) -> None:
    assert key_names.key_to_character(key) == key_to_character(key)


@pytest.mark.parametrize("key", [*sorted(key_names.CHARACTERS), *string.ascii_letters, *string.digits])
def test_each_key_is_shown_as_textual_shows_it(key: str) -> None:
    shown = key_names.key_display(key)
    assert shown is None or shown == format_key(key)


@pytest.mark.parametrize("key", ["ctrl+x", "f5", "question_mark", "a"])
def test_other_keys_are_textual_s_answer(key: str) -> None:
    assert key_names.key_to_character(key) == key_to_character(key)


async def test_the_timer_footer_reads_as_textual_would_write_it() -> None:
    rig = rig_for_plan(track_intervals(), lead_in_s=0)
    async with rig.app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        footer_keys = list(rig.app.screen.query_one(Footer).query(FooterKey))
        shown = {key.key_display for key in footer_keys}
        assert shown == {format_key(key.key) for key in footer_keys}
        assert {"+", "-", "p", "q"} <= shown
        assert rig.app.get_key_display(Binding("ctrl+q", "quit")) == "^q"
