"""`kick run` with devices imports the Bluetooth library before the app's event loop starts.

Imported there, nothing waits on it, and what bumble's modules allocate stays
in the main thread's malloc arena instead of a worker thread's own (0.4 MiB
of a bumble run's peak memory, README). A missing or broken library is one line before the
workout, and the run goes on without devices. The program is the real
`kick run` (`kicktimer.cli.main`) with Textual's headless driver; it notes
what was loaded when the app's loop started, then quits.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

PROGRAM = """
import json, sys
from textual.app import App
from kicktimer.cli import main

for name in {blocked!r}:
    sys.modules[name] = None  # imports of it fail, as when it is not installed
real_run = App.run_async
at_start = {{}}


async def quit_at_the_preview(pilot):
    for _ in range(500):
        if type(pilot.app.screen).__name__ == "PreviewScreen" and pilot.app.focused is not None:
            break
        await pilot.pause(0.01)
    pilot.app.exit()


async def headless_run(app, **options):
    at_start["link_bumble"] = "kicktimer.devices.link_bumble" in sys.modules
    print("the app starts", file=sys.stderr, flush=True)
    return await real_run(app, headless=True, size=(100, 30), auto_pilot=quit_at_the_preview)


App.run_async = headless_run
main(["run", "hill-sprints", "--where", "treadmill", "--treadmill", "KICKSIM Tread",
               "--ble", "tcp-client:127.0.0.1:9", "--lead-in", "0", "--mute", "--no-voice"])
print(json.dumps(at_start))
"""

LINE = (
    "kick run: Bluetooth needs the treadmill extra: pip install 'kicktimer[treadmill]';"
    " running without devices"
)


def kick_run(tmp_path: Path, *blocked: str) -> tuple[dict[str, Any], str]:
    """What the program reports, and its standard error."""
    env = {**os.environ, "KICK_CONFIG_DIR": str(tmp_path / "config"), "KICK_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM.format(blocked=blocked)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    report: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return report, done.stderr


def test_the_bumble_link_is_loaded_before_the_app_starts(tmp_path: Path) -> None:
    report, errors = kick_run(tmp_path)
    assert report == {"link_bumble": True}
    assert LINE not in errors
    assert "Traceback" not in errors


@pytest.mark.parametrize(
    "blocked",
    [("bumble",), ("bumble.device",)],
    ids=["extra missing", "bumble does not import"],
)
def test_a_library_that_does_not_import_is_one_line_before_the_workout(
    tmp_path: Path, blocked: tuple[str, ...]
) -> None:
    report, errors = kick_run(tmp_path, *blocked)
    assert report == {"link_bumble": False}
    before_the_app = errors.split("the app starts")[0]
    assert [line for line in before_the_app.splitlines() if line.startswith("kick run:")] == [LINE]
    assert "Traceback" not in errors
