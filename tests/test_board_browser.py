"""The board in a real browser: a coach session in tmux, its page in Debian's chromium.

`kick run` runs in a tmux window (as in test_coach_tmux) with `--board
127.0.0.1:0`; Playwright drives /usr/bin/chromium (never a downloaded
browser) to the URL the session writes to `$KICK_DATA_DIR/board-url`. The
coach presses athlete keys in the terminal; each split must appear on the
page exactly as the terminal's status line shows it, names must read as
written (no HTML, no markup), and a screenshot is kept as an artefact.
Only the order of events is checked, never how long anything took.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from kicktimer.app.board.browser import CHROMIUM, CHROMIUM_ARGS
from tmux_support import Terminal, heading

pytestmark = [
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (.ci/run installs it)"
    ),
]

WORKOUT = """\
name: Two 200s on the board
environment: track
steps:
  - repeat: 2
    steps:
      - run: 200m
        pace: 5k
      - recover: 30s
        last: skip
"""
NAMES = ("Ana", "<script>alert(1)</script>", "[/]Cy [bold]")
PAGE_WAIT_MS = 20_000


SPLIT = r"(\d+:\d\d\.\d)"


def news_split(screen: str, name: str) -> str | None:
    """The split the terminal's status line gives `name`: `Ana 0:03.2 (…) · 2 still out`."""
    match = re.search(re.escape(name) + " " + SPLIT, screen)
    return None if match is None else match.group(1)


def last_split(screen: str, name: str) -> str | None:
    """The Last column of `name`'s row (the rep just closed: the status line has moved on)."""
    for line in screen.splitlines():
        if name in line:
            match = re.search(SPLIT, line.split(name, 1)[1])
            return None if match is None else match.group(1)
    return None


def test_each_split_pressed_in_the_terminal_shows_on_the_page(terminal: Terminal, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    subprocess.run(
        [sys.executable, "-m", "kicktimer", "profile", "set", "5k", "20:00"],
        env=terminal.env,
        check=True,
        capture_output=True,
        timeout=60,
    )
    workout = tmp_path / "two-200s.yaml"
    workout.write_text(WORKOUT, encoding="utf-8")
    url_file = tmp_path / "data" / "board-url"
    done_marker = "KICK EXITED"
    athletes = ",".join(["Ana:18:40", *NAMES[1:]])
    terminal.start(
        f"{sys.executable} -m kicktimer run {workout} --athletes '{athletes}' --lead-in 0 --mute --no-voice"
        f" --board 127.0.0.1:0; echo {done_marker} $?; sleep 60"
    )
    preview = terminal.wait_for(lambda s: "Board: http://127.0.0.1:" in s, "the board's URL on the preview")
    assert "1 Ana (5k 18:40)" in preview
    url = url_file.read_text(encoding="utf-8").strip()
    assert url.startswith("http://127.0.0.1:") and "?token=" in url

    dialogs: list[str] = []
    shots = Path(tempfile.mkdtemp(prefix="kick-board-"))  # kept after the test: the screenshots are artefacts
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(url)
        page.wait_for_function(
            "() => document.getElementById('workout').textContent === 'Two 200s on the board'",
            timeout=PAGE_WAIT_MS,
        )

        terminal.keys("Enter")
        terminal.wait_for(lambda s: "Rep 1/2" in heading(s), "the first rep")
        page.wait_for_function(
            "() => document.getElementById('rep').textContent === 'Rep 1/2'"
            " && document.querySelectorAll('#athletes tbody tr').length === 3",
            timeout=PAGE_WAIT_MS,
        )
        for key, name, last in (("2", NAMES[1], False), ("1", "Ana", False), ("3", NAMES[2], True)):
            terminal.keys(key)
            read = last_split if last else news_split  # the last one in closes the rep
            shown = terminal.wait_for(lambda s, n=name, r=read: r(s, n) is not None, f"{name}'s split")
            split = read(shown, name)
            cell = f"#athletes tbody tr:nth-child({NAMES.index(name) + 1}) td.split"
            page.wait_for_function(
                f"() => document.querySelector('{cell}').textContent === '{split}'", timeout=PAGE_WAIT_MS
            )
            if name == "Ana":
                screenshot = shots / "board.png"
                page.screenshot(path=str(screenshot))
                print(f"board screenshot: {screenshot}")

        page.click("#theme")  # high contrast for the sun: the page's own setting, nothing sent
        assert page.evaluate("() => document.body.classList.contains('contrast')")
        contrast = shots / "board-contrast.png"
        page.screenshot(path=str(contrast))
        print(f"high-contrast screenshot: {contrast}")
        names = page.eval_on_selector_all("#athletes td.name", "cells => cells.map(c => c.textContent)")
        assert names == list(NAMES)
        assert page.eval_on_selector_all("#athletes td.name *", "elements => elements.length") == 0
        targets = page.eval_on_selector_all("#athletes td.target", "cells => cells.map(c => c.textContent)")
        assert targets == ["0:44.8", "", ""]  # Ana's 5K gives her own; the others have none of the coach's
        browser.close()
    assert dialogs == []

    terminal.wait_for(lambda s: "Recover" in heading(s) or "Rep 2/2" in heading(s), "the rep closed")
    terminal.keys("q", "y")
    terminal.wait_for(lambda s: "Stopped" in s, "the results so far")
    terminal.keys("q")
    goodbye = terminal.wait_for(lambda s: done_marker in s, "kick run to exit")
    assert f"{done_marker} 0" in goodbye  # the server closed with the app, no error on the way out
    assert not url_file.exists()  # the URL lives only while the session does
