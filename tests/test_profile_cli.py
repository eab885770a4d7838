"""`kick profile` and `kick profile set`, through the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kicktimer.cli import main


@pytest.fixture
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KICK_CONFIG_DIR", str(tmp_path))
    monkeypatch.setenv("COLUMNS", "120")
    return tmp_path


def test_an_empty_profile_says_how_to_add_a_race(
    config_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["profile"]) == 0
    out = capsys.readouterr().out
    assert "kick profile set 5k 22:30" in out
    assert str(config_home / "config.toml") in out


def test_set_then_show(config_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["profile", "set", "5k", "24:34"]) == 0
    assert "VDOT 39.1" in capsys.readouterr().out
    assert main(["profile"]) == 0
    out = capsys.readouterr().out
    assert "39.1" in out
    for name in ("easy", "marathon", "half", "threshold", "10k", "5k", "3k", "mile"):
        assert f"│ {name} " in out
    assert "4:55/km" in out  # 24:34 for 5 km is 4:54.8 per km


def test_json_profile(config_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["profile", "set", "half", "1:45:00"])
    main(["profile", "set", "units", "mi"])
    capsys.readouterr()
    assert main(["profile", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["units"] == "mi"
    assert data["races"] == {"half": 6300.0}
    assert data["paces_s_per_km"]["half"] == pytest.approx(6300 / 21.0975, abs=0.01)
    assert data["pace_sources"]["mile"] == "half"
    assert list(data["paces_s_per_km"]) == [
        "easy",
        "marathon",
        "half",
        "threshold",
        "10k",
        "5k",
        "3k",
        "mile",
    ]


def test_set_keeps_the_rest_of_the_file(config_home: Path) -> None:
    path = config_home / "config.toml"
    path.write_text('# mine\nvoice = false\n\n[races]\nmile = "6:10"  # indoor\n', encoding="utf-8")
    assert main(["profile", "set", "5k", "22:30"]) == 0
    text = path.read_text(encoding="utf-8")
    assert text.startswith('# mine\nvoice = false\n\n[races]\nmile = "6:10"  # indoor\n')
    assert '5k = "22:30"' in text


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["profile", "set", "5k", "2:00"], "not a time a runner can run"),
        (["profile", "set", "units", "leagues"], "km or mi"),
        (["profile", "set", "favourite", "colour"], "not a setting or a race"),
    ],
)
def test_bad_values_exit_2_with_one_line(
    config_home: Path, capsys: pytest.CaptureFixture[str], argv: list[str], words: str
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert words in err
    assert not (config_home / "config.toml").exists()


def test_a_broken_config_is_one_line_with_its_position(
    config_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = config_home / "config.toml"
    path.write_text('units = "km"\n[races]\n5k = 22:30\n', encoding="utf-8")
    assert main(["profile"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{path}:3:")
    assert "Traceback" not in err


def test_profile_does_not_import_textual(config_home: Path) -> None:
    (config_home / "config.toml").write_text('[races]\n5k = "22:30"\n', encoding="utf-8")
    program = (
        "import sys\n"
        "from kicktimer.cli import main\n"
        "code = main(['profile'])\n"
        "print('TEXTUAL' if 'textual' in sys.modules else 'CLEAN', code)\n"
    )
    env = {**os.environ, "KICK_CONFIG_DIR": str(config_home)}
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "CLEAN 0"


def test_a_config_folder_that_cannot_be_created_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("KICK_CONFIG_DIR", str(blocker / "kicktimer"))
    assert main(["profile", "set", "5k", "22:30"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert err.startswith(f"kick profile set: can't write {blocker / 'kicktimer' / 'config.toml'}: ")


def test_a_config_folder_that_cannot_be_written_is_one_line(
    config_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(config_home))

    monkeypatch.setattr("tempfile.mkstemp", refuse)
    assert main(["profile", "set", "5k", "22:30"]) == 2
    err = capsys.readouterr().err
    assert err == f"kick profile set: can't write {config_home / 'config.toml'}: Permission denied\n"


def test_set_keeps_the_file_mode(config_home: Path) -> None:
    path = config_home / "config.toml"
    path.write_text('units = "km"\n', encoding="utf-8")
    path.chmod(0o644)
    assert main(["profile", "set", "5k", "22:30"]) == 0
    assert path.stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize("command", [["profile"], ["show", "strides"], ["list"]])
def test_unknown_config_keys_are_one_line_warnings_with_what_was_meant(
    config_home: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    path = config_home / "config.toml"
    path.write_text('lead-in = 0\nunit = "mi"\n[race]\n5k = "22:30"\n', encoding="utf-8")
    assert main(command) == 0
    err = capsys.readouterr().err.splitlines()
    assert f"{path}:1:1: warning: unknown key lead-in is ignored; did you mean lead_in?" in err
    assert f"{path}:2:1: warning: unknown key unit is ignored; did you mean units?" in err
    assert f"{path}:3:1: warning: unknown key [race] is ignored; did you mean [races]?" in err


@pytest.mark.parametrize(
    ("race", "time"), [("marathon", "1:00:00"), ("5k", "11:00"), ("mile", "3:20"), ("half", "50:00")]
)
def test_a_time_faster_than_the_world_record_is_refused(
    config_home: Path, capsys: pytest.CaptureFixture[str], race: str, time: str
) -> None:
    assert main(["profile", "set", race, time]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"kick profile set: {race} in {time} is faster than the world record")
    assert not (config_home / "config.toml").exists()


def test_a_world_record_time_is_still_a_time_a_runner_has_run(config_home: Path) -> None:
    assert main(["profile", "set", "marathon", "2:00:35"]) == 0


def test_config_toml_with_an_impossible_race_is_refused_at_its_line(
    config_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = config_home / "config.toml"
    path.write_text('[races]\nmarathon = "1:00:00"\n', encoding="utf-8")
    assert main(["profile"]) == 2
    assert capsys.readouterr().err.startswith(f"{path}:2:1: marathon in 1:00:00 is faster than the world")
