"""The key footer: rebuilt when the keys it shows change, not for every binding refresh; and
the first frame of a screen drawn in the layout for the terminal's size."""

from __future__ import annotations

from typing import ClassVar

import pytest
from rich.console import RenderableType
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Label

from app_support import preview_app
from kicktimer.app.screens.preview import PreviewScreen
from kicktimer.app.widgets.footer import Footer
from kicktimer.resources import builtin_workouts_dir


class KeysScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "pause", "Pause"),
        Binding("n", "skip", "Skip"),
    ]
    can_skip = True

    def compose(self) -> ComposeResult:
        yield Label("keys")
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.can_skip if action == "skip" else True


class KeysApp(App[None]):
    ENABLE_COMMAND_PALETTE = False

    def on_mount(self) -> None:
        self.push_screen(KeysScreen())


def shown(app: App[None]) -> list[str]:
    return [" ".join(str(key.render()).split()) for key in app.screen.query("FooterKey")]


async def test_a_binding_refresh_that_changes_nothing_shown_leaves_the_keys_as_they_are() -> None:
    app = KeysApp()
    async with app.run_test(size=(80, 12)) as pilot:
        await pilot.pause()
        keys = list(app.screen.query("FooterKey"))
        assert shown(app) == ["p Pause", "n Skip"]
        for _ in range(3):
            app.screen.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert list(app.screen.query("FooterKey")) == keys  # the same widgets: nothing rebuilt
        assert all(key.is_attached for key in keys)


async def test_the_footer_shows_a_key_that_is_no_longer_offered_as_gone() -> None:
    app = KeysApp()
    async with app.run_test(size=(80, 12)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, KeysScreen)
        screen.can_skip = False
        screen.refresh_bindings()
        screen.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert shown(app) == ["p Pause"]
        screen.can_skip = True
        screen.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert shown(app) == ["p Pause", "n Skip"]


def preview_classes_at_first_frame(size: tuple[int, int]) -> tuple[App[None], list[set[str]]]:
    app = preview_app((builtin_workouts_dir() / "strides.yaml").read_text(encoding="utf-8"), "strides.yaml")
    frames: list[set[str]] = []
    display = app._display

    def display_and_note(screen: Screen[object], renderable: RenderableType | None) -> None:
        if isinstance(screen, PreviewScreen):
            frames.append(set(screen.classes))
        display(screen, renderable)

    app._display = display_and_note  # type: ignore[method-assign]
    return app, frames


@pytest.mark.parametrize(
    ("size", "expected"),
    [((120, 40), {"-wide", "-tall"}), ((80, 24), {"-narrow", "-tall"}), ((60, 16), {"-narrow", "-short"})],
)
async def test_the_preview_is_drawn_in_the_layout_for_the_terminal_from_its_first_frame(
    size: tuple[int, int], expected: set[str]
) -> None:
    app, frames = preview_classes_at_first_frame(size)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PreviewScreen)
        assert frames, "no frame of the preview was drawn"
        layouts = {"-wide", "-narrow", "-tall", "-short"}
        assert frames[0] & layouts == expected
        assert set(app.screen.classes) & layouts == expected  # what Textual's resize gives agrees
