"""Start-up cost of `kick run` against a bare Textual app that shows one `Digits`.

Each program runs in its own tmux session (100×30), under a small wrapper
that starts it as a child and, when it exits, writes the child's CPU time
(user + system) and peak resident memory (ru_maxrss) from getrusage. The
script waits until the first screen is drawn, sends the key that quits,
and reads the figures. So "start-up" is everything from exec to the first
frame, plus a prompt exit: interpreter, imports, reading the config and the
workout, compiling the plan, opening the history, loading the sounds, and
Textual's first layout.

Bytecode: a pip-installed kicktimer ships compiled `.pyc` files, as the
installed Textual does, but this checkout is an editable install and the
session may set PYTHONDONTWRITEBYTECODE, which would make every start
compile kicktimer's own modules from source (~0.05 s) while the bare app
reads Textual's compiled files. So by default the programs run with their
bytecode cached under the scratch folder (PYTHONPYCACHEPREFIX) after one
untimed warm-up start each; `--no-bytecode-cache` measures the old way.

Programs:
- bare: a Textual app with one Digits showing 10:00 (q quits);
- `kick run strides` (the preview of a built-in, Esc quits);
- `kick run` of a 9,802-segment workout (repeat 10 × 10 × 49 of 5 s on, 5 s off);
- `kick` (the picker, 16 built-ins, Esc quits);
- `kick` with 500 user workouts in $KICK_CONFIG_DIR/workouts;
- with `--before DIR`, the kick programs again from another checkout's `src/`.

Ratios to the bare app are taken run by run (the programs alternate within a
run), then given as min/median/max.

Run: .venv/bin/python bench/startup.py [--runs 5] [--before DIR] [--only TEXT]
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE_APP = """\
from textual.app import App
from textual.widgets import Digits


class Bare(App[None]):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self):
        yield Digits("10:00")


Bare().run()
"""

WRAPPER = """\
import json, resource, subprocess, sys
subprocess.run(sys.argv[2:], check=False)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as out:
    json.dump({"cpu_s": usage.ru_utime + usage.ru_stime, "max_rss_kib": usage.ru_maxrss}, out)
"""


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], check=True, capture_output=True, text=True).stdout


BIG_WORKOUT = """\
name: Ten thousand
steps:
  - warmup: 5min
  - repeat: 10
    steps:
      - repeat: 10
        steps:
          - repeat: 49
            steps:
              - run: 5s
                effort: hard
              - recover: 5s
  - cooldown: 5min
"""

USER_WORKOUT = """\
name: User workout {n}
summary: one of many in the user's folder
steps:
  - warmup: 10min
  - repeat: 6
    steps:
      - run: 400m
        pace: 5k
      - recover: 90s
  - cooldown: 10min
"""


def spread(values: list[float]) -> str:
    return f"{min(values):.2f}/{statistics.median(values):.2f}/{max(values):.2f}"


def one_start(
    name: str, command: list[str], ready: str, quit_key: str, env: dict[str, str], scratch: Path
) -> dict[str, float]:
    result = scratch / f"{name}.json"
    result.unlink(missing_ok=True)
    wrapper = scratch / "wrapper.py"
    session = f"kickstart-{os.getpid()}-{name}"
    # A running tmux server starts sessions with its own environment, not the
    # client's, so the program's environment is spelled out on its command line.
    unset = [f"--unset={name}" for name in os.environ if name not in env]
    settings = [f"{name}={value}" for name, value in env.items() if os.environ.get(name) != value]
    line = shlex.join(["env", *unset, *settings, sys.executable, str(wrapper), str(result), *command])
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "100", "-y", "30", line], check=True)
    try:
        deadline = time.monotonic() + 30
        while ready not in tmux("capture-pane", "-p", "-t", session):
            if time.monotonic() > deadline:
                raise RuntimeError(f"{name} never showed {ready!r}")
            time.sleep(0.05)
        tmux("send-keys", "-t", session, quit_key)
        sent = time.monotonic()
        while not result.exists():
            if time.monotonic() > deadline:
                raise RuntimeError(f"{name} did not exit")
            if time.monotonic() - sent > 2:  # a key that arrived before the app listened
                subprocess.run(["tmux", "send-keys", "-t", session, quit_key], check=False)
                sent = time.monotonic()
            time.sleep(0.05)
        time.sleep(0.05)
        figures: dict[str, float] = json.loads(result.read_text())
        return figures
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], check=False, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--no-bytecode-cache",
        action="store_true",
        help="keep the inherited environment (PYTHONDONTWRITEBYTECODE compiles kicktimer at every start)",
    )
    parser.add_argument("--before", type=Path, help="another checkout: its src/ runs as 'before'")
    parser.add_argument(
        "--only",
        action="append",
        metavar="TEXT",
        help="run only the kick programs whose name holds TEXT (and the bare app), e.g. --only 9,802:"
        " more rounds of one figure in the same time",
    )
    args = parser.parse_args()
    kick = str(Path(sys.executable).parent / "kick")
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        (scratch / "wrapper.py").write_text(WRAPPER, encoding="utf-8")
        (scratch / "bare.py").write_text(BARE_APP, encoding="utf-8")
        (scratch / "big.yaml").write_text(BIG_WORKOUT, encoding="utf-8")
        config = scratch / "config"
        many = scratch / "config-500"
        for folder_path in (config, many):
            folder_path.mkdir()
            (folder_path / "config.toml").write_text('units = "km"\n\n[races]\n5k = "22:30"\n')
        (many / "workouts").mkdir()
        for n in range(500):
            (many / "workouts" / f"user-{n:03d}.yaml").write_text(USER_WORKOUT.format(n=n), encoding="utf-8")
        env = {**os.environ, "KICK_CONFIG_DIR": str(config), "KICK_DATA_DIR": str(scratch / "data")}
        if not args.no_bytecode_cache:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(scratch / "pycache")
        flags = ["--mute", "--no-voice"]
        kick_programs = {
            "kick run strides": ([kick, "run", "strides", *flags], "Start", "Escape", {}),
            "kick run 9,802 segments": (
                [kick, "run", str(scratch / "big.yaml"), *flags],
                "Start",
                "Escape",
                {},
            ),
            "kick (picker)": ([kick], "Search", "Escape", {}),
            "kick (picker, 500 user)": ([kick], "Search", "Escape", {"KICK_CONFIG_DIR": str(many)}),
        }
        if args.only:
            kick_programs = {
                name: program for name, program in kick_programs.items() if any(t in name for t in args.only)
            }
        programs = {"bare Digits app": ([sys.executable, str(scratch / "bare.py")], "╰─╯", "q", {})}
        programs.update(kick_programs)
        if args.before is not None:
            old = {"PYTHONPATH": str(args.before.resolve() / "src")}
            for name, (command, ready, quit_key, extra) in kick_programs.items():
                programs[f"before: {name}"] = (command, ready, quit_key, {**extra, **old})
        figures: dict[str, list[dict[str, float]]] = {name: [] for name in programs}
        if not args.no_bytecode_cache:
            for number, (command, ready, quit_key, extra) in enumerate(programs.values()):
                one_start(f"{number}-warm", command, ready, quit_key, {**env, **extra}, scratch)
        for run in range(args.runs):
            for number, (name, (command, ready, quit_key, extra)) in enumerate(programs.items()):
                tag = f"{number}-{run}"
                figures[name].append(one_start(tag, command, ready, quit_key, {**env, **extra}, scratch))
    bare = figures["bare Digits app"]
    cache = "no bytecode cache" if args.no_bytecode_cache else "bytecode cached"
    print(f"Start-up to first frame and exit, {args.runs} runs (tmux 100×30, {cache}), min/median/max:")
    for name, runs in figures.items():
        cpu = [f["cpu_s"] for f in runs]
        rss = [f["max_rss_kib"] / 1024 for f in runs]
        cpu_ratio = [f["cpu_s"] / b["cpu_s"] for f, b in zip(runs, bare, strict=True)]
        rss_ratio = [f["max_rss_kib"] / b["max_rss_kib"] for f, b in zip(runs, bare, strict=True)]
        print(
            f"  {name:<32} CPU {spread(cpu)} s ({spread(cpu_ratio)}× bare)   "
            f"peak RSS {spread(rss)} MiB ({spread(rss_ratio)}× bare)"
        )
    for prefix in ("", "before: ") if args.before is not None else ("",):
        if f"{prefix}kick (picker)" not in figures or f"{prefix}kick (picker, 500 user)" not in figures:
            continue
        many_runs, few_runs = figures[f"{prefix}kick (picker, 500 user)"], figures[f"{prefix}kick (picker)"]
        ratio = [m["cpu_s"] / f["cpu_s"] for m, f in zip(many_runs, few_runs, strict=True)]
        print(f"  {prefix}picker with 500 user workouts ÷ picker with none: CPU {spread(ratio)}×")


if __name__ == "__main__":
    main()
