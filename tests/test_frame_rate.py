"""The app draws a changed widget within 4 ms (250 frames a second), unless the runner set TEXTUAL_FPS.

Why 250 and not Textual's 60 is in kicktimer/app/__init__.py; the figure it
buys is bench/screen_boundaries.py's. Checked in a fresh interpreter, as
`kick` starts: Textual reads the rate once, at its first import.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

READ_RATE = "import kicktimer.app.factory, textual.constants as c; print(c.MAX_FPS)"


@pytest.mark.parametrize(("runner_set", "rate"), [(None, "250"), ("30", "30")])
def test_the_app_frame_rate_is_250_unless_the_runner_chose_one(runner_set: str | None, rate: str) -> None:
    env = {key: value for key, value in os.environ.items() if key != "TEXTUAL_FPS"}
    if runner_set is not None:
        env["TEXTUAL_FPS"] = runner_set
    done = subprocess.run(
        [sys.executable, "-c", READ_RATE], env=env, capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == rate
