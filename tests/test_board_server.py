"""The browser board in process: the app on a fake clock serves its run on a real loopback socket.

The app is built as `kick run --board 127.0.0.1:0` builds it, driven with
Pilot; an aiohttp client reads `/state` and `/events` from the same event
loop, so every check sees exactly what a tablet would.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from app_support import big_clock, rig_for_plan
from kicktimer.app.app import KickApp
from kicktimer.app.board.address import BoardAddress, bind
from kicktimer.app.board.link import BoardLink
from kicktimer.app.clock import FakeClock
from kicktimer.app.coach.mode import CoachMode
from kicktimer.app.coach.timer_screen import CoachTimerScreen
from kicktimer.app.factory import make_app
from kicktimer.app.screens.board_qr import BoardQrScreen
from kicktimer.app.screens.preview import PreviewScreen
from kicktimer.audio.recording import RecordingAudio
from kicktimer.core.coach.session import assign_keys
from kicktimer.core.compile import compile_plan
from kicktimer.core.profile import Profile
from kicktimer.history import MemoryStore
from kicktimer.workout.loader import load_workout_text
from plan_builders import reps_with_recovery

NAMES = ("Ana", "<script>alert(1)</script>", "[/]Cy [bold]")
TARGET_S = 80.0


@dataclass
class BoardRig:
    app: KickApp
    clock: FakeClock
    link: BoardLink

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.link.port}"

    def url(self, path: str = "/", token: str | None = None) -> str:
        return f"{self.base}{path}?token={self.link.token if token is None else token}"

    def tui_cell(self, index: int, column: str) -> str:
        screen = self.app.screen
        assert isinstance(screen, CoachTimerScreen)
        return screen.board.row(index).text_of(column)


def board_rig(*, max_clients: int = 20, names: tuple[str, ...] = NAMES) -> BoardRig:
    link = BoardLink(
        bind(BoardAddress("127.0.0.1", 0)), BoardAddress("127.0.0.1", 0), max_clients=max_clients
    )
    rig = rig_for_plan(
        reps_with_recovery(2, target_s=TARGET_S),
        lead_in_s=0,
        mode=CoachMode(assign_keys(list(names))),
        board=link,
    )
    return BoardRig(rig.app, rig.clock, link)


async def at(pilot: Pilot[object], rig: BoardRig, seconds: float) -> None:
    """Move the fake clock to `seconds` after the start (lead-in 0: the first rep's start) and wake."""
    rig.clock.advance_to(1000.0 + seconds)
    rig.app.wake()
    await pilot.pause()


async def get_state(session: aiohttp.ClientSession, rig: BoardRig) -> dict[str, Any]:
    async with session.get(rig.url("/state")) as response:
        assert response.status == 200
        data: dict[str, Any] = await response.json()
        return data


@asynccontextmanager
async def event_stream(
    session: aiohttp.ClientSession, rig: BoardRig
) -> AsyncIterator[aiohttp.ClientResponse]:
    async with session.get(rig.url("/events")) as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/event-stream")
        yield response


async def next_event(response: aiohttp.ClientResponse) -> tuple[str, dict[str, Any]]:
    """The next `event:`/`data:` pair on a stream (comments and `retry:` skipped)."""
    while True:
        block = (await response.content.readuntil(b"\n\n")).decode()
        fields = dict(line.split(": ", 1) for line in block.strip().splitlines() if ": " in line)
        if "event" in fields:
            return fields["event"], json.loads(fields["data"])


async def pages_settle(rig: BoardRig, count: int) -> None:
    """Let the server see a page's connection close (it notices on its own loop, a few turns later)."""
    server = rig.link.server
    assert server is not None
    for _ in range(200):
        if server.pages == count:
            return
        await asyncio.sleep(0.01)
    assert server.pages == count


async def test_keys_in_the_terminal_show_on_the_board_as_the_terminal_formats_them() -> None:
    rig = board_rig()
    async with rig.app.run_test(size=(120, 40)) as pilot, aiohttp.ClientSession() as session:
        await at(pilot, rig, 65.7)
        state = await get_state(session, rig)
        assert state["clock"] == big_clock(rig.app) == "1:05"
        assert state["step"] == {
            "label": "Run 400 m",
            "rep": "Rep 1/2",
            "kind": "run",
            "family": "hot",
            "all_out": False,
        }
        assert state["next"] == "Next: Recover 1:00 · Rep 1/2" or state["next"].startswith("Next: Recover")
        await pilot.press("1")
        state = await get_state(session, rig)
        ana = state["athletes"][0]
        assert ana["split"] == rig.tui_cell(0, "split") == "1:05.7"
        assert ana["diff"] == rig.tui_cell(0, "diff") == "−14.3"
        assert ana["target"] == rig.tui_cell(0, "target") == "1:20.0"
        assert ana["status"] == "in"
        assert state["news"].startswith("Ana 1:05.7")
        ben = state["athletes"][1]
        assert (ben["split"], ben["status"]) == ("1:05", "out")
        shown_url = rig.app.screen.query_one("#board-url", Static)
        assert str(shown_url.content) == f"Board: {rig.link.url}"  # the timer keeps the address on screen


async def test_a_page_that_joins_late_gets_the_whole_state_then_only_what_changes() -> None:
    rig = board_rig()
    async with rig.app.run_test(size=(120, 40)) as pilot, aiohttp.ClientSession() as session:
        await at(pilot, rig, 30.2)
        await pilot.press("2")
        async with event_stream(session, rig) as stream:
            kind, state = await next_event(stream)
            assert kind == "state"
            assert state["athletes"][1]["split"] == "0:30.2"
            assert state["clock"] == "0:30"
            await at(pilot, rig, 31.0)
            kind, patch = await next_event(stream)
            assert kind == "patch"
            assert patch["clock"] == "0:31"
            assert set(patch["athletes"]) == {"0", "2"}  # the two still out count on; the one in does not
            assert "name" not in patch["athletes"]["0"]


async def test_a_page_that_reconnects_is_sent_the_state_as_it_is_now() -> None:
    rig = board_rig()
    async with rig.app.run_test(size=(120, 40)) as pilot, aiohttp.ClientSession() as session:
        await at(pilot, rig, 10.0)
        async with event_stream(session, rig) as stream:
            _, first = await next_event(stream)
        assert first["clock"] == "0:10"
        await at(pilot, rig, 40.4)
        await pilot.press("3")
        async with event_stream(session, rig) as stream:
            kind, again = await next_event(stream)
        assert kind == "state"
        assert again["clock"] == "0:40"
        assert again["athletes"][2]["split"] == "0:40.4"


async def test_names_are_text_on_the_board_never_html_or_markup() -> None:
    rig = board_rig()
    async with rig.app.run_test(size=(120, 40)) as pilot, aiohttp.ClientSession() as session:
        await at(pilot, rig, 5.0)
        state = await get_state(session, rig)
        assert [athlete["name"] for athlete in state["athletes"]] == list(NAMES)
        async with session.get(rig.url("/")) as response:
            page = await response.text()
        assert "<script>alert" not in page and "[/]Cy" not in page  # names only ever reach the page as data
        assert '<script src="/board.js?token=' in page
        async with session.get(rig.url("/board.js")) as response:
            script = await response.text()
        assert "textContent" in script and "innerHTML" not in script


async def test_every_route_needs_the_token() -> None:
    rig = board_rig()
    async with rig.app.run_test(size=(120, 40)), aiohttp.ClientSession() as session:
        for path in ("/", "/events", "/state", "/board.js", "/board.css"):
            async with session.get(f"{rig.base}{path}") as response:
                assert response.status == 403, path
                assert response.headers["Cache-Control"] == "no-store"
            async with session.get(rig.url(path, token="not-the-token")) as response:
                assert response.status == 403, path
            async with session.get(rig.url(path, token=rig.link.token + "x")) as response:
                assert response.status == 403, path
        async with session.get(rig.url("/")) as response:
            assert response.status == 200
            assert response.headers["Cache-Control"] == "no-store"
            csp = response.headers["Content-Security-Policy"]
            assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "default-src 'none'" in csp


async def test_the_favicon_a_browser_asks_for_on_its_own_is_204_not_a_403() -> None:
    rig = board_rig()
    async with rig.app.run_test(size=(120, 40)), aiohttp.ClientSession() as session:
        async with session.get(f"{rig.base}/favicon.ico") as response:
            assert response.status == 204
            assert await response.read() == b""
            assert response.headers["Cache-Control"] == "no-store"
        async with session.get(f"{rig.base}/favicon.ico", headers={"Host": "evil.example"}) as response:
            assert response.status == 421  # the address check still comes first
        async with session.get(f"{rig.base}/favicon.ico/../state") as response:
            assert response.status == 403


async def test_a_host_header_that_is_not_the_bound_address_gets_421() -> None:
    rig = board_rig()
    async with rig.app.run_test(size=(120, 40)), aiohttp.ClientSession() as session:
        port = rig.link.port
        for host in (
            f"evil.example:{port}",
            f"127.0.0.2:{port}",
            "127.0.0.1:1",
            "127.0.0.1",
            f"kick.local:{port}",
        ):
            async with session.get(rig.url("/state"), headers={"Host": host}) as response:
                assert response.status == 421, host
        for host in (f"127.0.0.1:{port}", f"localhost:{port}"):
            async with session.get(rig.url("/state"), headers={"Host": host}) as response:
                assert response.status == 200, host


async def test_pages_beyond_the_cap_are_turned_away_and_one_leaving_makes_room() -> None:
    rig = board_rig(max_clients=2)
    async with (
        rig.app.run_test(size=(120, 40)),
        aiohttp.ClientSession() as session,
        event_stream(session, rig) as first,
    ):
        await next_event(first)
        async with event_stream(session, rig) as second:
            await next_event(second)
            async with session.get(rig.url("/events")) as third:
                assert third.status == 503
        await pages_settle(rig, 1)
        async with event_stream(session, rig) as again:  # the second left: room for one more
            kind, _ = await next_event(again)
            assert kind == "state"


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
async def test_no_route_changes_the_session(method: str) -> None:
    rig = board_rig()
    async with rig.app.run_test(size=(120, 40)) as pilot, aiohttp.ClientSession() as session:
        await at(pilot, rig, 12.0)
        before = await get_state(session, rig)
        for path in ("/", "/events", "/state", "/board.js"):
            async with session.request(method, rig.url(path), data=b"key=1") as response:
                assert response.status == 405, (method, path)
        assert await get_state(session, rig) == before
        assert rig.tui_cell(0, "split") == "0:12"


async def test_the_preview_shows_the_url_and_c_shows_the_qr_code_on_a_small_terminal() -> None:
    link = BoardLink(bind(BoardAddress("127.0.0.1", 0)), BoardAddress("127.0.0.1", 0))
    workout = load_workout_text(
        "name: Board preview\nenvironment: track\nsteps:\n  - run: 400m\n    pace: 4:00/km\n",
        "w.yaml",
        sounds=(),
    ).workout
    app = make_app(
        audio=RecordingAudio(),
        store=MemoryStore(),
        clock=FakeClock(),
        workout=workout,
        planner=lambda w, where, reps: compile_plan(w, Profile(), where, reps),
        board=link,
    )
    async with app.run_test(size=(80, 24)) as pilot, aiohttp.ClientSession() as session:
        preview = app.screen
        assert isinstance(preview, PreviewScreen)
        assert str(preview.query_one("#preview-board-url", Static).content) == f"Board: {link.url}"
        assert not preview.query_one("#preview-qr", Static).display  # no room beside the plan at 80 columns
        async with session.get(f"http://127.0.0.1:{link.port}/state?token={link.token}") as response:
            waiting = await response.json()
        assert (waiting["workout"], waiting["state"]) == ("Board preview", "ready")
        await pilot.press("c")
        shown = app.screen
        assert isinstance(shown, BoardQrScreen)
        assert str(shown.query_one("#board-qr-code", Static).content).splitlines() == link.qr
        await pilot.press("space")
        assert app.screen is preview
