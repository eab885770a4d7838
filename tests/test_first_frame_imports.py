"""What `kick run WORKOUT` has imported when its first frame is drawn: nothing the preview does not need.

The program below runs the real command line (`kicktimer.cli.main`) as a
runner starts it, headless, and lists the loaded modules the moment the
app is ready (`KickApp.on_ready`, the first frame), then leaves. Every
module imported before that frame is start-up time the runner waits through.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

FIRST_FRAME = """
import json, sys
from kicktimer.app import event_loop
from kicktimer.app.app import KickApp

def on_ready(self):
    print(json.dumps(sorted(sys.modules)))
    self.exit(None)

KickApp.on_ready = on_ready
run_app = event_loop.run_app
event_loop.run_app = lambda app, headless=False: run_app(app, headless=True)
from kicktimer.cli import main
sys.exit(main(sys.argv[1:]))
"""

NOT_BEFORE_THE_FIRST_FRAME = (
    "kicktimer.ports",  # the history's and the sound's records: the services only name them
    "kicktimer.history",
    "kicktimer.core.engine",
    "kicktimer.app.run_control",
    "kicktimer.app.coach",
    "kicktimer.audio",
    "sqlite3",
)

TEN_THOUSAND = """\
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
              - recover: 5s
  - cooldown: 5min
"""


@pytest.fixture(scope="module")
def loaded_at_first_frame(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
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
    modules: list[str] = json.loads(result.stdout.strip().splitlines()[-1])
    return modules


def test_the_preview_is_drawn_before_the_run_and_history_modules_load(
    loaded_at_first_frame: list[str],
) -> None:
    assert "kicktimer.app.screens.preview" in loaded_at_first_frame, "the preview was never drawn"
    early = [
        name
        for name in loaded_at_first_frame
        for top in NOT_BEFORE_THE_FIRST_FRAME
        if name == top or name.startswith(top + ".")
    ]
    assert early == []
