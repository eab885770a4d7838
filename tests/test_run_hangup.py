"""`kick run` told to stop by the system (SIGTERM) or by its terminal going away (SIGHUP) loses no lap.

Closing the terminal window sends SIGHUP; `kill`, a logout or a shutdown sends
SIGTERM. Either arrives at any moment, including right after a step ended and
before its lap was written (the write waits for the frame that shows the new
step). To land the signal in that gap every time, the test stops the process
(SIGSTOP, as a machine too busy to run it would) just before a boundary, lets
the boundary pass, sends the signal, and lets the process go on: the lap of
the step that ended before the signal must be in `kick history --json`, the
session must read `interrupted`, and the process must end by itself with
128 + the signal's number. Both failed before kick handled the signals.

A last test closes the terminal for real (the tmux server is killed, which
hangs up the pane's terminal as closing a window does), with the process
running: it must end by itself, with the laps so far kept. The same with the
process stopped when the window closes and then continued, as the system does
(a guard: it passed before too). And a terminal that goes away with no SIGHUP
reaching kick: Textual's writer thread died on the first failed write, the
loop blocked once 30 frames waited for it, and the process stayed behind for
good; kick now learns it from the failed write (app/terminal_driver.py).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import sys
import time
from pathlib import Path

import pytest

from pty_support import kick, start_kick_in_pty, terminal_env, wait_until
from tmux_support import Terminal, heading

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

WORKOUT = """\
name: Short steps
steps:
  - repeat: 3
    steps:
      - run: 2s
      - recover: 2s
  - cooldown: 10min
"""


def history(env: dict[str, str]) -> list[dict[str, object]]:
    done = kick(env, "history", "--json")
    assert done.returncode == 0, done.stderr
    sessions: list[dict[str, object]] = json.loads(done.stdout)
    return sessions


def exit_status(pid: int, status_file: Path) -> int:
    """The status `kick run` ended with, as the pane's shell wrote it (the process is not our child)."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if status_file.exists() and status_file.read_text().strip():
            return int(status_file.read_text())
        time.sleep(0.1)
    os.kill(pid, signal.SIGKILL)
    raise AssertionError("kick run did not end after the signal")


def start_run(terminal: Terminal, tmp_path: Path) -> tuple[int, Path]:
    """`kick run` in the pane, past the first boundary; returns its pid and where its exit status goes."""
    workout = tmp_path / "short.yaml"
    workout.write_text(WORKOUT, encoding="utf-8")
    status_file = tmp_path / "status"
    pid_file = tmp_path / "pid"
    terminal.start(
        f"sh -c 'echo $$ > {pid_file}; exec {sys.executable} -m kicktimer run {workout} --lead-in 0 --mute "
        f"--no-voice'; echo $? > {status_file}; sleep 60"
    )
    terminal.wait_for(lambda s: "Start" in s, "the preview")
    terminal.keys("Enter")
    terminal.wait_for(lambda s: "Recover" in heading(s) and "Rep 1/3" in heading(s), "the first recovery")
    return int(pid_file.read_text()), status_file


def signal_in_the_gap(pid: int, number: int) -> None:
    """Stop the run, let the recovery's end (2 s after it began) pass, signal, and let it go on."""
    os.kill(pid, signal.SIGSTOP)
    time.sleep(2.5)  # the recovery ends while the process cannot run: its lap is not written yet
    os.kill(pid, number)
    os.kill(pid, signal.SIGCONT)


def check_nothing_lost(env: dict[str, str]) -> None:
    (session,) = history(env)
    laps = session["laps"]
    assert isinstance(laps, list)
    assert [(lap["kind"], lap["ended_by"]) for lap in laps] == [("run", "time"), ("recover", "time")]
    assert [lap["actual_s"] for lap in laps] == [2.0, 2.0]
    assert session["status"] == "interrupted"


def test_sigterm_right_after_a_boundary_keeps_its_lap(terminal: Terminal, tmp_path: Path) -> None:
    pid, status_file = start_run(terminal, tmp_path)
    signal_in_the_gap(pid, signal.SIGTERM)
    assert exit_status(pid, status_file) == 128 + signal.SIGTERM
    check_nothing_lost(terminal.env)


def test_sighup_right_after_a_boundary_keeps_its_lap(terminal: Terminal, tmp_path: Path) -> None:
    pid, status_file = start_run(terminal, tmp_path)
    signal_in_the_gap(pid, signal.SIGHUP)
    assert exit_status(pid, status_file) == 128 + signal.SIGHUP
    check_nothing_lost(terminal.env)


def test_closing_the_terminal_ends_the_run_and_keeps_its_laps(terminal: Terminal, tmp_path: Path) -> None:
    pid, _ = start_run(terminal, tmp_path)
    terminal.tmux("kill-server")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and _alive(pid):
        time.sleep(0.1)
    assert not _alive(pid), "kick run did not end when its terminal went away"
    (session,) = history(terminal.env)
    laps = session["laps"]
    assert isinstance(laps, list)
    assert [lap["kind"] for lap in laps][:1] == ["run"]
    assert session["status"] == "interrupted"


def test_a_run_stopped_as_its_terminal_closes_ends_when_continued(terminal: Terminal, tmp_path: Path) -> None:
    pid, _ = start_run(terminal, tmp_path)
    os.kill(pid, signal.SIGSTOP)
    terminal.tmux("kill-server")
    time.sleep(0.5)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGCONT)  # as the system does for a stopped group its terminal left
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and _alive(pid):
        time.sleep(0.1)
    alive = _alive(pid)
    if alive:
        os.kill(pid, signal.SIGKILL)
    assert not alive, "kick run stayed behind its closed terminal"
    (session,) = history(terminal.env)
    laps = session["laps"]
    assert isinstance(laps, list)
    assert [lap["kind"] for lap in laps][:1] == ["run"]
    assert session["status"] == "interrupted"


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_a_run_whose_terminal_goes_away_without_a_sighup_ends_and_keeps_its_laps(tmp_path: Path) -> None:
    """A terminal can vanish without a SIGHUP reaching kick (kick is not its session's foreground).

    Here kick runs on a pseudo-terminal that is not its controlling terminal,
    and the test closes the master end: every write fails from then on.
    Before, Textual's writer thread died on the first failed write, the loop
    blocked once 30 frames waited for it, and the process stayed for ever.
    """
    workout = tmp_path / "short.yaml"
    workout.write_text(WORKOUT, encoding="utf-8")
    env = terminal_env(KICK_CONFIG_DIR=str(tmp_path / "config"), KICK_DATA_DIR=str(tmp_path / "data"))
    kick_run = start_kick_in_pty(env, "run", str(workout), "--lead-in", "0", "--mute", "--no-voice")
    try:
        assert wait_until(lambda: kick_run.shows(b"Start"), 30), "the preview never showed"
        kick_run.type(b"\r")
        assert wait_until(lambda: _laps_kept(env) >= 1, 30), "the first step never ended"
        os.close(kick_run.master)  # the window is gone
        ended = wait_until(lambda: kick_run.process.poll() is not None, 40)
    finally:
        if kick_run.process.poll() is None:
            kick_run.process.kill()
        kick_run.process.wait(timeout=10)
    assert ended, "kick run stayed behind its closed terminal"
    assert kick_run.process.returncode == 128 + signal.SIGHUP
    (session,) = history(env)
    laps = session["laps"]
    assert isinstance(laps, list)
    assert [(lap["kind"], lap["ended_by"]) for lap in laps][:1] == [("run", "time")]
    assert session["status"] == "interrupted"


def _laps_kept(env: dict[str, str]) -> int:
    sessions = history(env)
    laps = sessions[0]["laps"] if sessions else []
    return len(laps) if isinstance(laps, list) else 0
