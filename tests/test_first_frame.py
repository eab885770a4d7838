"""`kick run WORKOUT` at its first frame: nothing imported the preview does not need, the plan frozen.

The program below runs the real command line (`kicktimer.cli.main`) as a
runner starts it, headless, and reports the moment the app is ready
(`KickApp.on_ready`, the first frame), then leaves: the loaded modules (each
one imported before that frame is start-up time the runner waits through),
and the plan's segments the collection at that frame would walk (start-up
freezes what it made before building the app, so it walks none of them).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from plan_builders import TEN_THOUSAND

FIRST_FRAME = """
import gc, json, sys
from kicktimer.app import event_loop
from kicktimer.app.app import KickApp
from kicktimer.core.segments import Segment

ready = KickApp.on_ready

def on_ready(self):
    walked = sum(1 for thing in gc.get_objects() if isinstance(thing, Segment))
    plan = self.screen.plan
    ready(self)
    report = {
        "modules": sorted(sys.modules),
        "segments": len(plan.segments),
        "segments_walked": walked,
        "collector_on": gc.isenabled(),
    }
    print(json.dumps(report))
    self.exit(None)

KickApp.on_ready = on_ready
run_app = event_loop.run_app
event_loop.run_app = lambda app, headless=False: run_app(app, headless=True)
from kicktimer.cli import main
sys.exit(main(sys.argv[1:]))
"""

NOT_BEFORE_THE_FIRST_FRAME = (
    "kicktimer.ports",  # the history's and the sound's records: the services only name them
    "kicktimer.devices.odometer",  # a treadmill run's: the config only needs its distance sources
    "kicktimer.history",
    "kicktimer.core.engine",
    "kicktimer.app.run_control",
    "kicktimer.app.coach",
    "kicktimer.audio",
    "sqlite3",
)


@pytest.fixture(scope="module")
def first_frame(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("first-frame")
    workout = folder / "ten-thousand.yaml"
    workout.write_text(TEN_THOUSAND, encoding="utf-8")
    env = {**os.environ, "KICK_CONFIG_DIR": str(folder / "config"), "KICK_DATA_DIR": str(folder / "data")}
    src = str(Path(__file__).resolve().parents[1] / "src")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, (src, env.get("PYTHONPATH"))))
    result = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME, "run", str(workout), "--mute", "--no-voice"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return report


def test_the_preview_is_drawn_before_the_run_and_history_modules_load(first_frame: dict[str, Any]) -> None:
    loaded: list[str] = first_frame["modules"]
    assert "kicktimer.app.screens.preview" in loaded, "the preview was never drawn"
    early = [
        name
        for name in loaded
        for top in NOT_BEFORE_THE_FIRST_FRAME
        if name == top or name.startswith(top + ".")
    ]
    assert early == []


def test_the_collection_at_the_first_frame_walks_none_of_the_plans_segments(
    first_frame: dict[str, Any],
) -> None:
    """The plan was frozen with the rest of start-up before the app was built; the collector is back on."""
    assert first_frame["segments"] == 9802
    assert first_frame["segments_walked"] == 0
    assert first_frame["collector_on"]
