"""`kick run --board`: a bad address or a port in use is one line and exit 2; no aiohttp without it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from pty_support import start_kick_in_pty, terminal_env, wait_until


def kick(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KICK_DATA_DIR": str(tmp_path / "data"), "KICK_CONFIG_DIR": str(tmp_path / "config")}
    return subprocess.run(
        [sys.executable, "-m", "kicktimer", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "eighty",
            "kick run: --board eighty: 'eighty': the port must be a number from 0 to 65535, e.g. 8080",
        ),
        ("99999", "kick run: --board 99999: '99999': the port must be a number from 0 to 65535, e.g. 8080"),
        (
            "example.com:8080",
            "kick run: --board example.com:8080: 'example.com:8080': the host must be an IP address of this"
            " machine (or 0.0.0.0 for every one)",
        ),
    ],
)
def test_a_board_address_that_cannot_be_read_is_one_line(tmp_path: Path, value: str, message: str) -> None:
    result = kick(tmp_path, "run", "hill-sprints", "--board", value)
    assert (result.returncode, result.stderr, result.stdout) == (2, message + "\n", "")


def test_a_port_in_use_is_refused_before_any_screen_opens(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = kick(tmp_path, "run", "hill-sprints", "--board", str(port))
    assert result.returncode == 2
    assert result.stderr.startswith(f"kick run: --board {port}: can't listen on 127.0.0.1:{port}: ")
    assert len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "data" / "board-url").exists()


def test_the_board_is_imported_only_when_asked_for() -> None:
    script = (
        "import sys, kicktimer.commands.run, kicktimer.app.factory, kicktimer.app.app;"
        "import kicktimer.app.run_control;"
        "from kicktimer.app.coach import mode;"
        "print(sorted(m for m in sys.modules if m.startswith(('aiohttp', 'segno', 'kicktimer.app.board.'))))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "[]"  # the factory names the board's consumer; the run imports it


def test_a_board_url_left_by_a_killed_session_is_removed_by_the_next_run_and_a_live_one_is_kept(
    tmp_path: Path,
) -> None:
    env = terminal_env(KICK_CONFIG_DIR=str(tmp_path / "config"), KICK_DATA_DIR=str(tmp_path / "data"))
    url_file = tmp_path / "data" / "board-url"
    session = start_kick_in_pty(env, "run", "hill-sprints", "--mute", "--no-voice", "--board", "127.0.0.1:0")
    try:
        assert wait_until(url_file.exists, 30), "the session never wrote its board-url"
        url = url_file.read_text(encoding="utf-8")
        assert url.startswith("http://127.0.0.1:") and url.count("\n") == 1
        assert kick(tmp_path, "run", "no-such-workout").returncode == 2
        assert url_file.read_text(encoding="utf-8") == url  # its session is alive: kept
        session.process.send_signal(signal.SIGKILL)
        session.process.wait(timeout=10)
    finally:
        session.close()
    assert url_file.exists()  # SIGKILL runs no clean-up
    assert kick(tmp_path, "run", "no-such-workout").returncode == 2
    assert not url_file.exists()
