"""Steady CPU and peak memory while a workout runs: kick solo, kick coaching 12 athletes, a bare app.

All programs of a round run at the same moment, each in its own tmux server
and terminal of the same size, so whatever else the machine does weighs on
all of them alike. Once each is up and counting it waits 5 s, reads the
process's CPU time (user + system, /proc/PID/stat), waits the window, reads
it again, and reads the peak resident memory (VmHWM, /proc/PID/status).
Ratios are taken pair by pair within a round, then summarised as
min/median/max over the rounds.

Bytecode, as in `startup.py`: an installed kicktimer ships `.pyc` files like
the installed Textual the bare app reads, but this checkout is an editable
install and the session may set PYTHONDONTWRITEBYTECODE, which would make
every start compile kicktimer from source, and the compiler's memory would
count in kick's peak RSS (~0.75 MiB). So the programs run with their bytecode
cached under the scratch folder (PYTHONPYCACHEPREFIX), after one untimed
warm-up round; `--no-bytecode-cache` measures the old way.

Programs:
- bare: a Textual app with one `Digits` counting down, updated at each whole second;
- kick solo: `kick run hill-sprints` (a timed step counting down);
- kick coach 12: `kick run 200m-repeats --where track` with 12 athletes, `n` skips the
  warm-up so the board counts a rep (every athlete out, every live split moving);
- termdown 10m, when installed (`--termdown`);
- with `--before SRC`, kick solo and coach again from another checkout's `src/`
  (e.g. a worktree of an older commit), for before/after in one run.

Run: .venv/bin/python bench/timer_cpu.py [--seconds 60] [--rounds 3] [--size 80x24] [--before DIR]
     [--no-bytecode-cache]
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

BARE_APP = """\
import time
from textual.app import App
from textual.widgets import Digits


class Bare(App[None]):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self):
        self.end = time.monotonic() + 600
        yield Digits("10:00")

    def on_mount(self):
        self.tick()

    def tick(self):
        left = max(0, round(self.end - time.monotonic()))
        self.query_one(Digits).update(f"{left // 60}:{left % 60:02d}")
        self.set_timer(self.end - left + 1 - time.monotonic() if left else 1, self.tick)


Bare().run()
"""
ATHLETES = ",".join(f"A{n}" for n in range(1, 13))
TICKS = os.sysconf("SC_CLK_TCK")
UNSET = ("PYTHONDONTWRITEBYTECODE",)


@dataclass
class Program:
    name: str
    command: list[str]
    ready: str
    keys: Sequence[str] = ()
    env: dict[str, str] = field(default_factory=dict)


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime, fields 14 and 15 of stat(5)


def peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Running:
    """One program in its own tmux server."""

    def __init__(self, program: Program, size: tuple[int, int], base_env: dict[str, str]) -> None:
        self.program = program
        self.server = f"kickcpu-{os.getpid()}-{program.name.replace(' ', '_')}"
        env = {**base_env, **program.env}
        # The tmux server hands its own environment on; say what the program must not inherit.
        unset = [f"--unset={name}" for name in UNSET if name not in env]
        line = shlex.join(["env", *unset, *(f"{k}={v}" for k, v in env.items()), *program.command])
        self.tmux("new-session", "-d", "-x", str(size[0]), "-y", str(size[1]), "exec " + line)
        self.pid = int(self.tmux("display-message", "-p", "#{pane_pid}").strip())

    def tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.server, *args], check=True, capture_output=True, text=True
        )
        return result.stdout

    def bring_up(self) -> None:
        deadline = time.monotonic() + 30
        while self.program.ready not in self.tmux("capture-pane", "-p"):
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.program.name}: {self.program.ready!r} never appeared")
            time.sleep(0.1)
        for key in self.program.keys:
            self.tmux("send-keys", key)
            time.sleep(0.5)

    def stop(self) -> None:
        subprocess.run(["tmux", "-L", self.server, "kill-server"], check=False, capture_output=True)


def one_round(
    programs: Sequence[Program], size: tuple[int, int], env: dict[str, str], seconds: float
) -> dict[str, tuple[float, float]]:
    running = [Running(program, size, env) for program in programs]
    try:
        for one in running:
            one.bring_up()
        time.sleep(5.0)
        before = {one.program.name: cpu_seconds(one.pid) for one in running}
        time.sleep(seconds)
        return {
            one.program.name: (cpu_seconds(one.pid) - before[one.program.name], peak_rss_mib(one.pid))
            for one in running
        }
    finally:
        for one in running:
            one.stop()


def spread(values: Sequence[float]) -> str:
    return f"{min(values):.2f}/{statistics.median(values):.2f}/{max(values):.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--size", default="80x24", help="terminal size, COLSxROWS")
    parser.add_argument("--before", type=Path, help="another checkout: its src/ runs as 'before'")
    parser.add_argument("--termdown", action="store_true", help="also run termdown 10m")
    parser.add_argument(
        "--no-bytecode-cache",
        action="store_true",
        help="keep the inherited environment (PYTHONDONTWRITEBYTECODE compiles kicktimer at every start)",
    )
    args = parser.parse_args()
    cols, rows = (int(n) for n in args.size.split("x"))
    python = sys.executable
    kick_flags = ["--lead-in", "0", "--mute", "--no-voice"]
    solo = [python, "-m", "kicktimer", "run", "hill-sprints", *kick_flags]
    coach = [
        python,
        "-m",
        "kicktimer",
        "run",
        "200m-repeats",
        "--where",
        "track",
        "--athletes",
        ATHLETES,
        *kick_flags,
    ]
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as folder:  # a program may still be writing
        scratch = Path(folder)
        (scratch / "bare.py").write_text(BARE_APP, encoding="utf-8")
        config = scratch / "config"
        config.mkdir()
        (config / "config.toml").write_text('units = "km"\n\n[races]\n5k = "22:30"\n')
        env = {
            "KICK_CONFIG_DIR": str(config),
            "KICK_DATA_DIR": str(scratch / "data"),
            "TERM": "xterm-256color",
        }
        env.update({k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL")})
        if args.no_bytecode_cache:
            env.update({k: v for k, v in os.environ.items() if k in UNSET})
        else:
            env["PYTHONPYCACHEPREFIX"] = str(scratch / "pycache")
        programs = [
            Program("bare Digits 1 Hz", [python, str(scratch / "bare.py")], "╰─╯"),
            Program("kick solo", solo, "Start", ["Enter"]),
            Program("kick coach 12", coach, "Start", ["Enter", "n"]),
        ]
        if args.before is not None:
            old = {"PYTHONPATH": str(args.before.resolve() / "src")}
            programs.append(Program("before: kick solo", solo, "Start", ["Enter"], old))
            programs.append(Program("before: kick coach 12", coach, "Start", ["Enter", "n"], old))
        if args.termdown:
            termdown = shutil.which("termdown", path=str(Path(python).parent)) or shutil.which("termdown")
            if termdown is None:
                sys.exit("termdown is not installed: .venv/bin/pip install termdown")
            programs.append(Program("termdown 10m", [termdown, "10m"], ""))
        if not args.no_bytecode_cache:
            one_round(programs, (cols, rows), env, 0.0)  # untimed: writes every program's bytecode
        rounds = [one_round(programs, (cols, rows), env, args.seconds) for _ in range(args.rounds)]
    print(
        f"Steady CPU over {args.seconds:g} s at {cols}×{rows}, {args.rounds} rounds, "
        "all programs at once (min/med/max):"
    )
    for program in programs:
        cpu = [r[program.name][0] for r in rounds]
        rss = [r[program.name][1] for r in rounds]
        print(f"  {program.name:<24} CPU {spread(cpu)} s   peak RSS {spread(rss)} MiB")

    def ratio(a: str, b: str, what: int = 0) -> None:
        values = [r[a][what] / r[b][what] for r in rounds if r[b][what] > 0]
        print(f"  {a + ' ÷ ' + b:<48} {spread(values)}")

    print("Ratios, pair by pair within a round (min/med/max):")
    ratio("kick coach 12", "kick solo")
    ratio("kick solo", "bare Digits 1 Hz")
    if args.before is not None:
        ratio("before: kick coach 12", "before: kick solo")
        ratio("before: kick solo", "bare Digits 1 Hz")
    print("Peak RSS ratios:")
    ratio("kick solo", "bare Digits 1 Hz", 1)
    if args.before is not None:
        ratio("before: kick solo", "bare Digits 1 Hz", 1)


if __name__ == "__main__":
    main()
