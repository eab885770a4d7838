"""The treadmill's cost: step boundary → Set Target Speed at the belt, and CPU/memory with devices.

1. Latency. The whole app runs in process with a plan of short timed steps
   at alternating speeds; the simulated treadmill (tests/treadmill_sim.py)
   sits on a virtual link served over loopback TCP, joined with
   `tcp-client:127.0.0.1:PORT` exactly as `kick run --ble` joins it. For each
   step, the time from the engine's planned step start (`StepStarted.at`) to
   the moment the simulator's GATT server handled the Set Target Speed write
   is one sample. Both clocks are time.monotonic.

2. CPU and memory. `kick run` on a treadmill workout twice, side by side, in
   two tmux servers of the same size: without devices, and with the simulated
   treadmill and strap (the simulator runs in a third process, not counted).
   After both are up, CPU time over the window is read from /proc/PID/stat and
   peak RSS from VmHWM; ratios are pair by pair within a round.

`--ble bleak` measures the production path instead: bleak's BlueZ backend
talking D-Bus to the fake BlueZ (tests/fake_bluez.py, the same machine) on a
private dbus-daemon, with `--ble bleak` and DBUS_SYSTEM_BUS_ADDRESS pointing
there. The fake and the bus daemon run in their own processes, not counted.

With `--before DIR`, each round of (2) also runs the same pair from another
checkout's `src/` right after (the simulated machines serve one central at a
time, so the two pairs take turns). The programs of (2) run with cached
bytecode after one untimed round, as in `timer_cpu.py`.

Run: .venv/bin/python bench/treadmill.py [--ble bumble|bleak] [--steps 40] [--seconds 30] [--rounds 3]
     [--before DIR] [--skip-latency]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from kicktimer.app.consumers import BaseConsumer, RunEffect, RunSnapshot  # noqa: E402
from kicktimer.app.factory import make_app  # noqa: E402
from kicktimer.audio.recording import RecordingAudio  # noqa: E402
from kicktimer.core.events import StepStarted  # noqa: E402
from kicktimer.core.segments import Plan, Segment  # noqa: E402
from kicktimer.devices.settings import DeviceConfig  # noqa: E402
from kicktimer.history import MemoryStore  # noqa: E402
from kicktimer.workout.model import Environment, StepKind  # noqa: E402
from private_bus import fake_bluetoothctl, private_system_bus  # noqa: E402
from treadmill_sim import Simulator  # noqa: E402

WORKOUT = """\
name: Steady belt
environment: treadmill
steps:
  - run: 30min
    speed: 11 km/h
    incline: 1%
"""
TICKS = os.sysconf("SC_CLK_TCK")


def spread(values: Sequence[float]) -> str:
    return f"{min(values):.2f}/{statistics.median(values):.2f}/{max(values):.2f}"


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


# ---- 1. latency ---------------------------------------------------------------------


class StepTimes(BaseConsumer):
    def __init__(self) -> None:
        self.started: list[float] = []

    def on_effects(self, effects: Sequence[RunEffect], snapshot: RunSnapshot) -> None:
        self.started += [effect.at for effect in effects if isinstance(effect, StepStarted)]


async def latency(steps: int, step_s: float, transport: str, log: Path) -> list[float]:
    """The app in process, the simulator in its own process: planned step start → write handled there."""
    segments = tuple(
        Segment(index=i, kind=StepKind.RUN, label=f"Step {i}", duration_s=step_s, speed_kmh=8.0 + (i % 2))
        for i in range(steps)
    )
    plan = Plan(name="Latency", environment=Environment.TREADMILL, segments=segments)
    times = StepTimes()
    devices = DeviceConfig(transport=transport, treadmill=Simulator.TREADMILL_NAME)
    app = make_app(
        audio=RecordingAudio(),
        store=MemoryStore(),
        plan=plan,
        lead_in_s=6.0,  # time to connect before the first step
        devices=devices,
        extra_consumers=(lambda context: times,),
    )

    def speeds() -> list[float]:
        lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
        return [entry["at"] for entry in map(json.loads, lines) if entry["what"] == "speed"]

    async with app.run_test() as pilot:
        deadline = time.monotonic() + 6 + steps * step_s + 10
        while len(speeds()) < steps and time.monotonic() < deadline:
            await asyncio.sleep(0.2)
        await pilot.pause()
    return [(got - started) * 1000 for started, got in zip(times.started, speeds(), strict=False)]


def start_simulator(scratch: Path, log: Path | None, ble: str) -> tuple[subprocess.Popen[bytes], str]:
    """The simulated machines in their own process: bumble's on loopback TCP, or the fake BlueZ on the bus."""
    ready = scratch / "ready"
    ready.unlink(missing_ok=True)
    if ble == "bleak":
        command = [sys.executable, str(ROOT / "tests" / "fake_bluez.py"), "--ready-file", str(ready)]
    else:
        command = [
            sys.executable,
            str(ROOT / "tests" / "treadmill_sim.py"),
            "--port",
            "0",
            "--port-file",
            str(ready),
        ]
    if log is not None:
        command += ["--log", str(log)]
    sim = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while not (ready.exists() and ready.read_text().strip()):
        if time.monotonic() > deadline:
            sim.kill()
            raise RuntimeError("the simulator never listened")
        time.sleep(0.1)
    return sim, "bleak" if ble == "bleak" else f"tcp-client:127.0.0.1:{ready.read_text().strip()}"


# ---- 2. CPU and memory ----------------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Running:
    def __init__(self, name: str, command: list[str], env: dict[str, str]) -> None:
        self.name = name
        self.server = f"kicktm-{os.getpid()}-{name.replace(' ', '_')}"
        # The tmux server hands its own environment on: compiling kicktimer at each start would count.
        unset = ["--unset=PYTHONDONTWRITEBYTECODE"]
        line = shlex.join(["env", *unset, *(f"{k}={v}" for k, v in env.items()), *command])
        self.tmux("new-session", "-d", "-x", "100", "-y", "30", "exec " + line)
        self.pid = int(self.tmux("display-message", "-p", "#{pane_pid}").strip())

    def tmux(self, *args: str) -> str:
        done = subprocess.run(["tmux", "-L", self.server, *args], check=True, capture_output=True, text=True)
        return done.stdout

    def wait_for(self, text: str) -> None:
        deadline = time.monotonic() + 30
        while text not in self.tmux("capture-pane", "-p"):
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.name}: {text!r} never appeared")
            time.sleep(0.1)

    def stop(self) -> None:
        """Kill the tmux server and wait for kick to end: one still writing bytecode would
        make the scratch folder's removal fail."""
        subprocess.run(["tmux", "-L", self.server, "kill-server"], check=False, capture_output=True)
        deadline = time.monotonic() + 10
        while self.alive() and time.monotonic() < deadline:
            time.sleep(0.05)

    def alive(self) -> bool:
        try:
            state = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return False
        return state != "Z"


def cpu_round(
    workout: Path, env: dict[str, str], transport: str, seconds: float, label: str = ""
) -> dict[str, tuple[float, float]]:
    base = [sys.executable, "-m", "kicktimer", "run", str(workout), "--lead-in", "0", "--mute", "--no-voice"]
    devices = ["--treadmill", Simulator.TREADMILL_NAME, "--hr", Simulator.STRAP_NAME, "--ble", transport]
    runs = [
        Running(label + "without devices", base, env),
        Running(label + "treadmill + HR", [*base, *devices], env),
    ]
    try:
        runs[1].wait_for("connected, kicktimer sets speed")
        for run in runs:
            run.wait_for("Start")
            run.tmux("send-keys", "Enter")
        runs[1].wait_for("KICKTIMER CONTROLS THE BELT")
        time.sleep(5.0)
        before = {run.name: cpu_seconds(run.pid) for run in runs}
        time.sleep(seconds)
        return {run.name: (cpu_seconds(run.pid) - before[run.name], peak_rss_mib(run.pid)) for run in runs}
    finally:
        for run in runs:
            run.stop()


def cpu_and_memory(
    seconds: float, rounds: int, ble: str, before: Path | None = None
) -> list[dict[str, tuple[float, float]]]:
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        workout = scratch / "steady.yaml"
        workout.write_text(WORKOUT, encoding="utf-8")
        sim, transport = start_simulator(scratch, None, ble)
        try:
            env = {"KICK_CONFIG_DIR": str(scratch / "config"), "TERM": "xterm-256color"}
            passed = ("PATH", "HOME", "LANG", "LC_ALL", "DBUS_SYSTEM_BUS_ADDRESS")
            env.update({k: v for k, v in os.environ.items() if k in passed})
            env["PYTHONPYCACHEPREFIX"] = str(scratch / "pycache")
            checkouts = {"": env}
            if before is not None:
                checkouts["before: "] = {**env, "PYTHONPATH": str(before.resolve() / "src")}
            results = []
            for number in range(rounds + 1):
                result: dict[str, tuple[float, float]] = {}
                for label, checkout_env in checkouts.items():
                    checkout_env["KICK_DATA_DIR"] = str(scratch / f"data{number}{label.strip(': ')}")
                    window = seconds if number else 0.0  # round 0 is untimed: it writes the bytecode
                    result.update(cpu_round(workout, checkout_env, transport, window, label))
                if number:
                    results.append(result)
            return results
        finally:
            sim.kill()
            sim.wait()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--steps", type=int, default=40)
    parser.add_argument("--step-seconds", type=float, default=0.5)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--latency-rounds", type=int, default=3)
    parser.add_argument("--skip-cpu", action="store_true")
    parser.add_argument("--skip-latency", action="store_true")
    parser.add_argument("--before", type=Path, help="another checkout: its src/ runs as 'before'")
    parser.add_argument(
        "--ble",
        choices=("bumble", "bleak"),
        default="bumble",
        help="bleak: the fake BlueZ on a private D-Bus",
    )
    args = parser.parse_args()
    with contextlib.ExitStack() as stack:
        if args.ble == "bleak":
            tools = fake_bluetoothctl(Path(stack.enter_context(tempfile.TemporaryDirectory())))
            os.environ["DBUS_SYSTEM_BUS_ADDRESS"] = stack.enter_context(private_system_bus())
            os.environ["PATH"] = f"{tools}{os.pathsep}{os.environ['PATH']}"
        measure(args)


def measure(args: argparse.Namespace) -> None:
    link = "bleak → D-Bus → fake BlueZ" if args.ble == "bleak" else "bumble, loopback TCP"
    samples: list[float] = []
    for _ in range(0 if args.skip_latency else args.latency_rounds):
        with tempfile.TemporaryDirectory() as folder:
            log = Path(folder) / "sim.jsonl"
            sim, transport = start_simulator(Path(folder), log, args.ble)
            try:
                samples += asyncio.run(latency(args.steps, args.step_seconds, transport, log))
            finally:
                sim.kill()
                sim.wait()
    if samples:
        print(
            f"Step boundary → Set Target Speed at the simulated belt, {len(samples)} steps, {link} (ms): "
            f"min {min(samples):.1f}  median {statistics.median(samples):.1f}  "
            f"p99 {percentile(samples, 0.99):.1f}  max {max(samples):.1f}"
        )
    if args.skip_cpu:
        return
    rounds = cpu_and_memory(args.seconds, args.rounds, args.ble, args.before)
    print(f"Steady CPU over {args.seconds:g} s, {args.rounds} rounds side by side, {link} (min/med/max):")
    labels = ("", "before: ") if args.before is not None else ("",)
    for label in labels:
        for name in ("without devices", "treadmill + HR"):
            cpu = [r[label + name][0] for r in rounds]
            rss = [r[label + name][1] for r in rounds]
            print(f"  {label + name:<26} CPU {spread(cpu)} s   peak RSS {spread(rss)} MiB")
    for label in labels:
        none, devices = label + "without devices", label + "treadmill + HR"
        ratios = [r[devices][0] / r[none][0] for r in rounds if r[none][0] > 0]
        extra = [r[devices][1] - r[none][1] for r in rounds]
        print(f"  {label}CPU ratio, devices ÷ none: {spread(ratios)}")
        print(f"  {label}peak RSS difference: {spread(extra)} MiB")


if __name__ == "__main__":
    main()
