"""Fixtures shared by every test module.

`kick_dirs` gives a test its own config and data folders (KICK_CONFIG_DIR,
KICK_DATA_DIR under tmp_path), so nothing reads or writes the real ones; a
module that needs them for every test says
`pytestmark = pytest.mark.usefixtures("kick_dirs")`. `kick_dirs_with_races`
adds a profile with a mile and a 5K, so every reference pace resolves.
Plans come from `plan_builders`.
"""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def kick_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tmp_path, with KICK_CONFIG_DIR at tmp_path/config and KICK_DATA_DIR at tmp_path/data."""
    monkeypatch.setenv("KICK_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("KICK_DATA_DIR", str(tmp_path / "data"))
    return tmp_path


@pytest.fixture
def kick_dirs_with_races(kick_dirs: Path) -> Path:
    """`kick_dirs` with a config.toml whose profile has a mile (6:00) and a 5K (22:30)."""
    (kick_dirs / "config").mkdir()
    races = '[races]\nmile = "6:00"\n5k = "22:30"\n'
    (kick_dirs / "config" / "config.toml").write_text(races, encoding="utf-8")
    return kick_dirs
