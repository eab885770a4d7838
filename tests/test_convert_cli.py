"""`kick convert` at the command line: formats from the extension, bad input, and no Textual."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest

from convert_support import convert, home

__all__ = ["home"]


def exported_fit(home: Path, capsys: pytest.CaptureFixture[str]) -> bytes:
    target = home / "good.fit"
    status, _, err = convert(capsys, "8x400-last-all-out", "-o", str(target))
    assert status == 0, err
    return target.read_bytes()


def activity_fit() -> bytes:
    """A (tiny) activity file: valid FIT, but a recorded run rather than a workout."""
    from garmin_fit_sdk import Encoder, Profile

    numbers = Profile["mesg_num"]
    encoder = Encoder()
    when = datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC)
    encoder.write_mesg(
        {"mesg_num": numbers["FILE_ID"], "type": "activity", "manufacturer": "garmin", "time_created": when}
    )
    encoder.write_mesg({"mesg_num": numbers["RECORD"], "timestamp": when, "heart_rate": 150})
    return bytes(encoder.close())


def refused(capsys: pytest.CaptureFixture[str], path: Path, fragment: str) -> None:
    status, out, err = convert(capsys, str(path), "-o", str(path.with_suffix(".yaml")))
    assert status == 2
    assert out == ""
    assert err.splitlines() == [err.strip()], err
    assert err.startswith(f"{path}: ") and fragment in err, err
    assert not path.with_suffix(".yaml").exists()


def test_a_truncated_fit_is_refused(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = exported_fit(home, capsys)
    path = home / "cut.fit"
    path.write_bytes(data[: len(data) // 2])
    refused(capsys, path, "truncated")


def test_a_fit_with_a_bad_crc_is_refused(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = bytearray(exported_fit(home, capsys))
    data[40] ^= 0xFF
    path = home / "bad.fit"
    path.write_bytes(bytes(data))
    refused(capsys, path, "CRC")


def test_an_activity_fit_is_not_a_workout(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = home / "run.fit"
    path.write_bytes(activity_fit())
    refused(capsys, path, "an activity file, not a workout")


def test_a_text_file_named_fit_is_refused(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = home / "notes.fit"
    path.write_text("name: not a FIT file\n", encoding="utf-8")
    refused(capsys, path, "not a FIT file")


def test_fit_cannot_go_to_standard_output(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = convert(capsys, "strides", "-o", "-", "--to", "fit")
    assert status == 2 and out == "" and "binary" in err


def test_an_import_to_standard_output_is_yaml_without_to(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`kick convert x.zwo -o -`: an import becomes kicktimer YAML, so that is what `-` gets."""
    zwo = home / "hills.zwo"
    status, _, err = convert(capsys, "hill-sprints", "-o", str(zwo))
    assert status == 0, err
    status, out, err = convert(capsys, str(zwo), "-o", "-")
    assert status == 0, err
    status, written, _ = convert(capsys, str(zwo), "-o", "-", "--to", "yaml")
    assert out == written and '\nname: "Hill sprints"\n' in out


def test_an_export_to_standard_output_says_which_to_to_add(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = convert(capsys, "strides", "-o", "-")
    assert status == 2 and out == ""
    assert err == "kick convert: -o - writes text: add --to icu, zwo or yaml\n"


def test_an_unknown_extension_asks_for_to(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = convert(capsys, "strides", "-o", str(home / "strides.xml"))
    assert status == 2 and "--to" in err


def test_a_missing_race_is_the_usual_error(kick_dirs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tmp_path = kick_dirs
    status, _, err = convert(capsys, "8x400-last-all-out", "-o", str(tmp_path / "x.fit"))
    assert status == 2
    assert "pace: mile needs a race result in your profile" in err
    assert "hint: kick profile set mile" in err
    assert not (tmp_path / "x.fit").exists()


def test_convert_never_imports_textual(home: Path) -> None:
    program = (
        "import sys\n"
        "from kicktimer.cli import main\n"
        "codes = [\n"
        f"    main(['convert', '8x400-last-all-out', '-o', {str(home / 'a.fit')!r}]),\n"
        f"    main(['convert', {str(home / 'a.fit')!r}, '-o', {str(home / 'a.yaml')!r}]),\n"
        f"    main(['convert', 'hill-sprints', '-o', {str(home / 'a.zwo')!r}]),\n"
        f"    main(['convert', {str(home / 'a.zwo')!r}, '-o', {str(home / 'b.yaml')!r}]),\n"
        f"    main(['convert', 'strides', '-o', {str(home / 'a.txt')!r}]),\n"
        f"    main(['convert', {str(home / 'a.txt')!r}, '-o', {str(home / 'c.yaml')!r}]),\n"
        "]\n"
        "print('TEXTUAL' if 'textual' in sys.modules else 'CLEAN', codes, file=sys.stderr)\n"
    )
    env = {**os.environ, "KICK_CONFIG_DIR": str(home / "config")}
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, env=env, check=True
    )
    assert result.stderr.strip().splitlines()[-1] == "CLEAN [0, 0, 0, 0, 0, 0]"


def test_an_unwritable_destination_is_one_line(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    destination = home / "missing" / "strides.icu"
    status, _, err = convert(capsys, "strides", "-o", str(destination))
    assert status == 2
    assert err.splitlines() == [f"{destination}: cannot write the file: No such file or directory"]


def test_fit_without_the_convert_extra_says_how_to_get_it(home: Path) -> None:
    program = (
        "import sys\n"
        "sys.modules['garmin_fit_sdk'] = None  # as if the convert extra were not installed\n"
        "from kicktimer.cli import main\n"
        f"print(main(['convert', 'strides', '-o', {str(home / 'a.fit')!r}]))\n"
    )
    env = {**os.environ, "KICK_CONFIG_DIR": str(home / "config")}
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.strip() == "2"
    assert result.stderr.strip().splitlines()[-1] == (
        "kick convert: this needs garmin_fit_sdk, from the convert extra: pip install 'kicktimer[convert]'"
    )
    assert "Traceback" not in result.stderr


LATE_NOTES = """\
name: Late notes
environment: track
steps:
  - run: 400m
    label: Fast
  - recover: 1min
notes: written at the end
"""


def test_warnings_come_in_the_order_of_the_file(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The step's warnings (line 4) before the notes' (line 7), whichever pass found them first."""
    source = home / "late.yaml"
    source.write_text(LATE_NOTES)
    status, _, err = convert(capsys, str(source), "-o", str(home / "late.zwo"))
    assert status == 0
    lines = [int(line.split(":")[1]) for line in err.splitlines() if line.startswith(f"{source}:")]
    assert len(lines) >= 2 and 7 in lines
    assert lines == sorted(lines)
