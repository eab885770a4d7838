"""CPU used while a workout runs: `kick run` against termdown, same terminal, same 30 s.

Both run in their own tmux session (100×30), like a user would run them. Once
each is up and counting (kick: Enter pressed on the preview, a 10-minute timed
step; termdown: `termdown 10m`), the script waits 2 s, reads the process's
CPU time (user + system, from /proc/PID/stat), waits the measured window, and
reads it again. The rounds alternate between the programs so that anything
else on the machine weighs on both alike. A last row measures kick paused
(nothing on screen changes, so nothing should run).

Needs tmux and termdown (`.venv/bin/pip install termdown`).

Run: .venv/bin/python bench/timer_cpu.py [--seconds 30] [--rounds 2]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

WORKOUT = """\
name: CPU benchmark
steps:
  - run: 10min
    effort: steady
"""
SIZE = ("100", "30")
TICKS = os.sysconf("SC_CLK_TCK")


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], check=True, capture_output=True, text=True).stdout


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    user, system = int(fields[11]), int(fields[12])  # fields 14 and 15 of stat(5)
    return (user + system) / TICKS


def wait_for(session: str, text: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in tmux("capture-pane", "-p", "-t", session):
            return
        time.sleep(0.1)
    raise RuntimeError(f"{session}: {text!r} never appeared:\n" + tmux("capture-pane", "-p", "-t", session))


def measure(
    name: str, command: Sequence[str], env: dict[str, str], seconds: float, ready: str, keys: Sequence[str]
) -> float:
    """CPU seconds `command` spends over `seconds`, once it shows `ready` and has been sent `keys`."""
    session = f"kickbench-{os.getpid()}-{name}"
    line = "exec " + " ".join(command)
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", SIZE[0], "-y", SIZE[1], line],
        check=True,
        env=env,
    )
    try:
        pid = int(tmux("display-message", "-p", "-t", session, "#{pane_pid}").strip())
        wait_for(session, ready)
        for key in keys:
            tmux("send-keys", "-t", session, key)
            time.sleep(0.3)
        time.sleep(2.0)
        before = cpu_seconds(pid)
        time.sleep(seconds)
        return cpu_seconds(pid) - before
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], check=False, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    venv_bin = Path(sys.executable).parent
    kick = str(venv_bin / "kick")
    termdown = shutil.which("termdown", path=str(venv_bin)) or shutil.which("termdown")
    if termdown is None:
        sys.exit("termdown is not installed: .venv/bin/pip install termdown")
    with tempfile.TemporaryDirectory() as scratch:
        workout = Path(scratch) / "cpu.yaml"
        workout.write_text(WORKOUT, encoding="utf-8")
        env = {
            **os.environ,
            "KICK_CONFIG_DIR": str(Path(scratch) / "config"),
            "KICK_DATA_DIR": str(Path(scratch) / "data"),
        }
        kick_run = [kick, "run", str(workout), "--lead-in", "0", "--mute", "--no-voice"]
        results: dict[str, list[float]] = {
            "kick run (running)": [],
            "termdown 10m": [],
            "kick run (paused)": [],
        }
        for _ in range(args.rounds):
            results["kick run (running)"].append(
                measure("kick", kick_run, env, args.seconds, ready="Start", keys=["Enter"])
            )
            results["termdown 10m"].append(measure("termdown", [termdown, "10m"], env, args.seconds, "", []))
        results["kick run (paused)"].append(
            measure("kick-paused", kick_run, env, args.seconds, ready="Start", keys=["Enter", "p"])
        )
    print(f"CPU seconds over {args.seconds:g} s of a running timer (tmux {SIZE[0]}×{SIZE[1]}), per round:")
    for name, values in results.items():
        shown = ", ".join(f"{value:.2f}" for value in values)
        mean = statistics.fmean(values)
        print(f"  {name:<20} {shown:<14} mean {mean:.2f} s  ({mean / args.seconds * 100:.2f} % of one core)")


if __name__ == "__main__":
    main()
