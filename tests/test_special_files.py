"""A path that names no file is refused in one line, at once: no hang, no endless read.

`kick validate /dev/zero` used to say "the file is 0.0 MiB; … at most 1 MiB"
(a device has no size), a named pipe nobody writes to hung `kick validate`
in its open, and `kick validate - < /dev/zero` or `--roster /dev/zero` read
until memory ran out. Each child process here gets 30 s and 1 GiB of address
space: the code before this failed by timing out or by running out of memory.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.usefixtures("kick_dirs")


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def kick(*args: str, stdin: int | None = subprocess.DEVNULL) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kicktimer", *args],
        stdin=stdin,
        capture_output=True,
        text=True,
        timeout=30,
        preexec_fn=_limited,
        env={**os.environ, "NO_COLOR": "1"},
    )


def test_a_device_is_refused_as_no_workout_file() -> None:
    done = kick("validate", "/dev/zero")
    assert done.returncode == 2
    assert done.stderr == "/dev/zero:1:1: this is a device (such as /dev/zero), not a workout file\n"


def test_a_named_pipe_with_no_writer_is_refused_without_waiting(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    done = kick("validate", str(pipe))
    assert done.returncode == 2
    message = "this is a named pipe and nothing is writing to it, not a workout file"
    assert done.stderr == f"{pipe}:1:1: {message}\n"


def test_a_named_pipe_being_fed_is_read_like_a_file(tmp_path: Path) -> None:
    source = tmp_path / "source.yaml"
    source.write_text("name: Piped\nsteps:\n  - run: 1min\n", encoding="utf-8")
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    writer = subprocess.Popen(["sh", "-c", 'cat "$1" > "$2"', "sh", str(source), str(pipe)])
    try:
        done = kick("validate", str(pipe))
    finally:
        writer.wait(timeout=30)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"{pipe}: ok\n"


def test_standard_input_that_never_ends_is_read_only_to_the_limit() -> None:
    with open("/dev/zero", "rb") as endless:
        done = kick("validate", "-", stdin=endless.fileno())
    assert done.returncode == 2
    assert done.stderr.splitlines()[0] == (
        "<stdin>:1:1: the file is more than 1 MiB; a workout file may be at most 1 MiB"
    )


def test_a_roster_that_is_a_device_is_one_line() -> None:
    done = kick("run", "hill-sprints", "--where", "road", "--roster", "/dev/zero")
    assert done.returncode == 2
    assert done.stderr == "/dev/zero: this is a device (such as /dev/zero), not a roster\n"
