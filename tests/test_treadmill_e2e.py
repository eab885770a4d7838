"""End to end: `kick devices` and `kick run` in a real terminal, the simulator in another process.

Each runs twice, on the same simulated machine (tests/treadmill_model.py):
- bumble: the simulator (tests/treadmill_sim.py) serves its virtual link on
  a loopback TCP port; kick joins with `--ble tcp-client:127.0.0.1:PORT`, as
  it would join any HCI controller over TCP;
- bleak: the fake BlueZ (tests/fake_bluez.py) owns org.bluez on a private
  D-Bus; kick runs with `--ble bleak`, the default, and
  DBUS_SYSTEM_BUS_ADDRESS pointing there, so bleak's own BlueZ backend
  does the scanning, connecting, writes and notifications.
The simulator writes each control-point
command it accepted to a JSON-lines log, which is what these tests check:
the speeds and inclines each step sent, pause and resume, a 400 m step that
ended on the belt's distance, the laps with belt distance and heart rate in
the history, and the simulator killed mid-run with the timer still going.
Only the order of events is checked, never how long anything took.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from pty_support import kick
from tmux_support import Terminal, heading, tmux_env

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

SIMULATOR = Path(__file__).with_name("treadmill_sim.py")
FAKE_BLUEZ = Path(__file__).with_name("fake_bluez.py")
WAIT_S = 30.0
WORKOUT = """\
name: Belt check
environment: treadmill
steps:
  - warmup: 3s
    speed: 8 km/h
  - run: 400m
    speed: 14.4 km/h
    incline: 2-4%
  - recover: 4s
    speed: 6 km/h
  - run: 4s
    speed: 12 km/h
    incline: 1%
  - cooldown: 10min
    speed: 7 km/h
"""


@dataclass
class Sim:
    process: subprocess.Popen[bytes]
    transport: str
    log: Path
    environment: dict[str, str]

    def commands(self) -> list[tuple[str, float | None]]:
        if not self.log.exists():
            return []
        lines = self.log.read_text(encoding="utf-8").splitlines()
        return [
            (entry["what"], entry["value"]) for entry in map(json.loads, lines) if entry["what"] != "control"
        ]


def wait_until(check: Callable[[], bool], what: str, describe: Callable[[], str] = lambda: "") -> None:
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"never saw {what}\n{describe()}")


@pytest.fixture(params=["bumble", "bleak"])
def sim(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Sim]:
    ready = tmp_path / "ready"
    log = tmp_path / "sim.jsonl"
    environment: dict[str, str] = {}
    if request.param == "bumble":
        command = [str(SIMULATOR), "--port", "0", "--port-file", str(ready)]
    else:
        environment = request.getfixturevalue("system_bus").environment()
        command = [
            str(FAKE_BLUEZ),
            "--bus",
            environment["DBUS_SYSTEM_BUS_ADDRESS"],
            "--ready-file",
            str(ready),
        ]
    process = subprocess.Popen(
        [sys.executable, *command, "--log", str(log), "--time-scale", "10"], stdout=subprocess.DEVNULL
    )
    try:
        wait_until(lambda: ready.exists() and ready.read_text().strip() != "", "the simulator listening")
        transport = "bleak" if environment else f"tcp-client:127.0.0.1:{ready.read_text().strip()}"
        yield Sim(process, transport, log, environment)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)


@pytest.fixture
def env(tmp_path: Path, request: pytest.FixtureRequest) -> dict[str, str]:
    environment = tmux_env(tmp_path)
    if "sim" in request.fixturenames:
        environment.update(request.getfixturevalue("sim").environment)
    environment.pop("KICK_BLE_TRANSPORT", None)
    return environment


def test_kick_devices_lists_the_simulated_treadmill_and_strap(sim: Sim, env: dict[str, str]) -> None:
    done = kick(env, "devices", "--ble", sim.transport, "--seconds", "2", "--json")
    assert done.returncode == 0, done.stderr
    found = {entry["name"]: entry for entry in json.loads(done.stdout)}
    assert found["KICKSIM Tread"]["kind"] == "treadmill"
    assert found["KICKSIM Tread"]["features"] == [
        "speed_control",
        "incline_control",
        "total_distance",
        "incline",
    ]
    assert found["KICKSIM HR"] == {
        "name": "KICKSIM HR",
        "address": "C0:00:00:00:00:02",
        "kind": "heart_rate",
        "features": [],
    }
    env_transport = dict(env, KICK_BLE_TRANSPORT=sim.transport)
    text = kick(env_transport, "devices", "--seconds", "2")
    assert "KICKSIM Tread  C0:00:00:00:00:01  treadmill" in text.stdout
    assert "speed 1–20 km/h by 0.1, incline -3–15 % by 0.5" in text.stdout


@pytest.mark.parametrize(
    ("transport", "message"),
    [
        (
            "tcp-client:127.0.0.1:1",
            "kick devices: Bluetooth: nothing is listening at tcp-client:127.0.0.1:1 (connection refused)",
        ),
        ("usb:7", "kick devices: Bluetooth: no USB Bluetooth dongle could be opened at usb:7 ("),
        ("carrier-pigeon", "kick devices: unknown Bluetooth transport 'carrier-pigeon'"),
    ],
)
def test_kick_devices_without_a_controller_is_one_line(
    env: dict[str, str], transport: str, message: str
) -> None:
    done = kick(env, "devices", "--ble", transport, "--seconds", "1")
    assert done.returncode == 1
    assert done.stderr.startswith(message)
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


def test_kick_run_drives_the_simulated_belt_end_to_end(sim: Sim, env: dict[str, str], tmp_path: Path) -> None:
    workout = tmp_path / "belt-check.yaml"
    workout.write_text(WORKOUT, encoding="utf-8")
    terminal = Terminal(f"kick-belt-{os.getpid()}", env, window="belt", wait_s=WAIT_S)
    done_marker = "KICK EXITED"
    terminal.tmux(
        "new-session",
        "-d",
        "-s",
        "belt",
        "-x",
        "120",
        "-y",
        "40",
        f"{sys.executable} -m kicktimer run {workout} --treadmill 'KICKSIM Tread' --hr 'KICKSIM HR'"
        f" --ble {sim.transport} --lead-in 2 --mute --no-voice; echo {done_marker} $?; sleep 60",
    )
    try:
        terminal.wait_for(
            lambda s: "Treadmill KICKSIM Tread: connected, kicktimer sets speed" in s,
            "the preview saying the belt can be set",
        )
        terminal.tmux("send-keys", "-t", "belt", "Enter")
        terminal.wait_for(lambda s: "Run 400 m" in heading(s) and "m to go" in s, "the 400 m on the belt")
        screen = terminal.wait_for(lambda s: "KICKTIMER CONTROLS THE BELT" in s and "♥" in s, "the belt line")
        terminal.wait_for(lambda s: "Recover" in heading(s), "the 400 m ended on belt distance")
        terminal.tmux("send-keys", "-t", "belt", "p")
        terminal.wait_for(lambda s: "PAUSED" in s, "the pause")
        wait_until(
            lambda: ("pause", None) in sim.commands(), "Stop/Pause at the belt", lambda: str(sim.commands())
        )
        terminal.tmux("send-keys", "-t", "belt", "p")
        terminal.wait_for(lambda s: "PAUSED" not in s, "the resume")
        terminal.wait_for(lambda s: "Cool-down" in heading(s), "the cool-down")
        wait_until(
            lambda: ("speed", 7.0) in sim.commands(), "the cool-down speed", lambda: str(sim.commands())
        )

        sim.process.send_signal(signal.SIGKILL)  # the treadmill goes away mid-run
        sim.process.wait(timeout=10)
        before = terminal.wait_for(lambda s: "BELT not connected" in s, "the belt reported gone")
        terminal.wait_for(lambda s: s.splitlines()[-2:] != before.splitlines()[-2:], "the timer still going")
        terminal.tmux("send-keys", "-t", "belt", "q")
        terminal.tmux("send-keys", "-t", "belt", "y")
        terminal.wait_for(lambda s: done_marker in s, "kick run to exit")
    finally:
        terminal.tmux("kill-server")

    assert "BELT " in screen and " km/h · " in screen and " m to go · ~" in screen, screen
    commands = sim.commands()
    assert commands[:3] == [("speed", 8.0), ("start", None), ("speed", 14.4)]
    assert commands[3] == ("incline", 2.0)  # 2-4 %: the low end
    recover = commands.index(("speed", 6.0))
    assert commands[recover : recover + 4] == [
        ("speed", 6.0),
        ("pause", None),
        ("start", None),
        ("speed", 12.0),
    ]
    assert commands[recover + 4 :] == [("incline", 1.0), ("speed", 7.0)]

    history = kick(env, "history", "--json")
    assert history.returncode == 0, history.stderr
    (session,) = json.loads(history.stdout)
    exported = json.loads(kick(env, "export", str(session["id"]), "--format", "json").stdout)
    laps = exported[0]["laps"] if isinstance(exported, list) else exported["laps"]
    by_label = {lap["label"]: lap for lap in laps}
    run = by_label["Run 400 m"]
    assert run["ended_by"] == "lap"
    assert 400 <= run["belt_distance_m"] < 440
    assert run["hr_avg"] is not None and run["hr_max"] >= run["hr_avg"]
    assert run["avg_speed_kmh"] > 14
    recover_lap = by_label["Recover 0:04"] if "Recover 0:04" in by_label else laps[2]
    assert recover_lap["belt_distance_m"] is not None


def test_done_when_hill_sprints_drive_the_belt_from_the_config(
    sim: Sim, env: dict[str, str], tmp_path: Path
) -> None:
    """Issue 15's done-when: `[treadmill] device` set once, then `kick run hill-sprints --where treadmill`.

    The hill sprints say only `effort: max` and `incline: 5-10%`: the belt
    speeds up to the runner's mile pace for each sprint and tilts to 5 %,
    walks flat for each recovery, and the heart rate is on screen and in
    the history. The speeds the belt gets are the ones `kick show` prints.
    """
    config = tmp_path / "config"
    config.mkdir()
    (config / "config.toml").write_text(
        '[races]\n5k = "22:30"\n\n'
        f'[bluetooth]\ntransport = "{sim.transport}"\n\n'
        '[treadmill]\ndevice = "KICKSIM Tread"\n\n'
        '[heart_rate]\ndevice = "KICKSIM HR"\n',
        encoding="utf-8",
    )
    shown = kick(env, "show", "hill-sprints", "--where", "treadmill", "--json")
    assert shown.returncode == 0, shown.stderr
    segments = json.loads(shown.stdout)["segments"]
    easy, sprint, walk = segments[0]["speed_kmh"], segments[1]["speed_kmh"], segments[2]["speed_kmh"]
    assert (segments[1]["speed_from"], segments[2]["speed_from"], walk) == ("mile pace", "walk", 5.0)

    terminal = Terminal(f"kick-hills-{os.getpid()}", env, window="hills", wait_s=WAIT_S)
    done_marker = "KICK EXITED"
    terminal.start(
        f"{sys.executable} -m kicktimer run hill-sprints --where treadmill --lead-in 1 --mute --no-voice;"
        f" echo {done_marker} $?; sleep 60"
    )
    seen: list[str] = []
    try:
        terminal.wait_for(
            lambda s: "Treadmill KICKSIM Tread: connected, kicktimer sets speed" in s and "♥" not in s,
            "the preview saying the belt can be set",
        )
        preview = terminal.wait_for(lambda s: "(mile pace)" in s, "the sprint's belt speed on the preview")
        assert f"{sprint:.1f} km/h (mile pace)" in preview
        terminal.keys("Enter")
        terminal.wait_for(lambda s: "Warm-up" in heading(s), "the warm-up")
        wait_until(lambda: ("start", None) in sim.commands(), "the belt started", lambda: str(sim.commands()))
        terminal.keys("n")
        for rep in range(1, 6):
            terminal.wait_for(lambda s: "Hill sprint" in heading(s), f"sprint {rep}")
            wait_until(
                lambda rep=rep: sim.commands().count(("speed", sprint)) == rep,
                f"sprint {rep}'s speed at the belt",
                lambda: str(sim.commands()),
            )
            seen.append(
                terminal.wait_for(
                    lambda s: f"BELT {sprint:.1f} km/h · 5.0 %" in s and re.search(r"♥ \d+", s) is not None,
                    f"the belt at sprint speed and 5 % with the heart rate, sprint {rep}",
                )
            )
            terminal.keys("n")
            if rep < 5:
                terminal.wait_for(lambda s: "Recover" in heading(s), f"recovery {rep}")
                wait_until(
                    lambda rep=rep: sim.commands().count(("speed", 5.0)) == rep,
                    f"recovery {rep}'s walk at the belt",
                    lambda: str(sim.commands()),
                )
                terminal.wait_for(lambda s: "BELT 5.0 km/h · 0.0 %" in s, f"the belt walking, recovery {rep}")
                terminal.keys("Space")
        terminal.wait_for(lambda s: "Cool-down" in heading(s), "the cool-down")
        wait_until(lambda: sim.commands().count(("speed", easy)) == 2, "the cool-down's speed")
        terminal.keys("n")
        wait_until(
            lambda: sim.commands().count(("speed", 5.0)) == 5,
            "the finish's walk",
            lambda: f"{sim.commands()}\n{terminal.screen()}",
        )
        terminal.keys("q")
        terminal.wait_for(lambda s: done_marker in s, "kick run to exit")
    finally:
        terminal.close()

    assert all("KICKTIMER CONTROLS THE BELT" in screen for screen in seen)
    commands = sim.commands()
    print("\nwhat the simulated treadmill accepted, in order:", *commands, sep="\n  ")
    repetition = [("speed", sprint), ("incline", 5.0), ("speed", 5.0), ("incline", 0.0)]
    assert commands == [
        ("speed", easy),
        ("incline", 0.0),
        ("start", None),  # the warm-up starts the belt at its easy pace
        *repetition * 4,  # each sprint at mile pace and 5 %, each recovery a flat walk
        ("speed", sprint),
        ("incline", 5.0),  # the last sprint has no recovery (last: skip)
        ("speed", easy),
        ("incline", 0.0),  # the cool-down
        ("speed", 5.0),  # the finish: a walk (the belt is flat already)
    ]
    history = kick(env, "history", "--json")
    (session,) = json.loads(history.stdout)
    exported = json.loads(kick(env, "export", str(session["id"]), "--format", "json").stdout)
    laps = exported[0]["laps"] if isinstance(exported, list) else exported["laps"]
    sprints = [lap for lap in laps if lap["label"] == "Hill sprint"]
    assert len(sprints) == 5
    assert all(lap["hr_max"] is not None and lap["belt_distance_m"] is not None for lap in sprints)
