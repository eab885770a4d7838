"""A `kick run` whose app dies with an exception exits non-zero (Textual prints the traceback and returns)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from pty_support import start_kick_in_pty, terminal_env, wait_until

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")

# Loaded by Python at start-up (sitecustomize on PYTHONPATH): the preview raises as it opens.
CRASH = """\
import kicktimer.app.screens.preview as preview


def crash(self):
    raise RuntimeError("injected crash")


preview.PreviewScreen.on_mount = crash
"""


def test_a_crashed_app_does_not_exit_0(tmp_path: Path) -> None:
    (tmp_path / "sitecustomize.py").write_text(CRASH, encoding="utf-8")
    env = terminal_env(
        PYTHONPATH=str(tmp_path),
        KICK_CONFIG_DIR=str(tmp_path / "config"),
        KICK_DATA_DIR=str(tmp_path / "data"),
    )
    kick_run = start_kick_in_pty(env, "run", "strides", "--lead-in", "0", "--mute", "--no-voice")
    try:
        assert wait_until(lambda: kick_run.process.poll() is not None, 60), "kick run did not end"
        assert kick_run.shows(b"injected crash")
        assert kick_run.process.returncode != 0
    finally:
        kick_run.close()
