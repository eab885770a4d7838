"""The voice: an argument list (never a shell), never blocking, phrases queued sensibly."""

from __future__ import annotations

import json
import os
import stat
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from kicktimer.audio import make_audio
from kicktimer.audio.voice import Voice, find_speech_command


def wait_for(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "gave up waiting"
        time.sleep(0.01)


class FakeEngine:
    """An executable that logs its arguments, and holds each phrase until the test releases it."""

    def __init__(self, folder: Path, name: str = "espeak-ng", complaint: str = "", status: int = 0) -> None:
        self.folder = folder
        self.log = folder / "spoken.jsonl"
        self.gate = folder / "gate"
        self.path = folder / name
        self.path.write_text(
            f"#!{os.environ.get('PYTHON_FOR_FAKES', '/usr/bin/env python3')}\n"
            "import json, os, sys, time\n"
            f"log = {str(self.log)!r}\n"
            "def note(e): open(log, 'a').write(json.dumps({'argv': sys.argv[1:], 'event': e}) + '\\n')\n"
            "note('start')\n"
            f"while not os.path.exists({str(self.gate)!r}): time.sleep(0.01)\n"
            "note('end')\n"
            f"sys.stderr.write({complaint!r})\n"
            f"sys.exit({status})\n"
        )
        self.path.chmod(self.path.stat().st_mode | stat.S_IXUSR)

    def events(self) -> list[tuple[str, str]]:
        if not self.log.exists():
            return []
        lines = [json.loads(line) for line in self.log.read_text().splitlines()]
        return [(line["event"], line["argv"][-1]) for line in lines]

    def release(self) -> None:
        self.gate.touch()


@pytest.fixture
def engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeEngine:
    monkeypatch.setenv("PYTHON_FOR_FAKES", sys.executable)
    return FakeEngine(tmp_path)


def test_text_goes_to_the_engine_as_one_argument_never_through_a_shell(engine: FakeEngine) -> None:
    engine.release()
    audio = make_audio(sound=False, voice=True, speech_command=[str(engine.path), "--"])
    tricky = "Knees up! $(touch pwned); `rm -rf x` && echo 'hi' > out"
    audio.say(tricky)
    wait_for(lambda: ("end", tricky) in engine.events())
    assert not (engine.folder / "pwned").exists()
    lines = [json.loads(line) for line in engine.log.read_text().splitlines()]
    assert lines[0]["argv"] == ["--", tricky]
    audio.close()
    assert audio.take_notices() == []


def test_say_returns_while_the_engine_is_still_speaking(engine: FakeEngine) -> None:
    audio = make_audio(sound=False, voice=True, speech_command=[str(engine.path)])
    audio.say("Rep 3 of 8, 400 metres, mile pace")
    wait_for(lambda: engine.events() == [("start", "Rep 3 of 8, 400 metres, mile pace")])
    assert ("end", "Rep 3 of 8, 400 metres, mile pace") not in engine.events()
    engine.release()
    wait_for(lambda: len(engine.events()) == 2)
    audio.close()


def test_phrases_queue_one_after_another_and_the_oldest_waiting_one_gives_way(engine: FakeEngine) -> None:
    voice = Voice([str(engine.path)], on_failure=lambda _: None, max_pending=2)
    voice.say("one")
    wait_for(lambda: engine.events() == [("start", "one")])
    for text in ("two", "three", "four"):
        voice.say(text)
    engine.release()
    wait_for(voice.idle)
    spoken = [text for event, text in engine.events() if event == "start"]
    assert spoken == ["one", "three", "four"]
    starts_and_ends = [event for event, _ in engine.events()]
    assert starts_and_ends == ["start", "end"] * 3, "never two at once"
    voice.close()


def test_a_phrase_that_waited_too_long_is_dropped(engine: FakeEngine) -> None:
    now = [0.0]
    voice = Voice(
        [str(engine.path)],
        on_failure=lambda _: None,
        clock=lambda: now[0],
        stale_after_s=5.0,
        cut_after_s=100.0,
    )
    voice.say("first")
    wait_for(lambda: engine.events() == [("start", "first")])
    voice.say("stale news")
    now[0] = 30.0
    voice.say("fresh")
    engine.release()
    wait_for(voice.idle)
    assert [text for event, text in engine.events() if event == "start"] == ["first", "fresh"]
    voice.close()


def test_a_phrase_speaking_too_long_is_cut_for_the_next(engine: FakeEngine) -> None:
    now = [0.0]
    voice = Voice([str(engine.path)], on_failure=lambda _: None, clock=lambda: now[0], cut_after_s=8.0)
    voice.say("a very long phrase")
    wait_for(lambda: engine.events() == [("start", "a very long phrase")])
    now[0] = 9.0
    voice.say("next")
    wait_for(lambda: ("start", "next") in engine.events())
    assert ("end", "a very long phrase") not in engine.events(), "cut off, not finished"
    engine.release()
    wait_for(voice.idle)
    voice.close()


def test_muting_silences_the_voice_at_once(engine: FakeEngine) -> None:
    audio = make_audio(sound=False, voice=True, speech_command=[str(engine.path)])
    audio.say("speaking")
    wait_for(lambda: engine.events() == [("start", "speaking")])
    audio.say("waiting")
    audio.muted = True
    audio.say("while muted")
    engine.release()
    time.sleep(0.2)
    assert [text for event, text in engine.events() if event == "start"] == ["speaking"]
    assert ("end", "speaking") not in engine.events()
    audio.close()


def test_an_engine_that_cannot_start_is_one_failure_and_is_not_tried_again(tmp_path: Path) -> None:
    failures: list[str] = []
    voice = Voice([str(tmp_path / "gone")], on_failure=failures.append)
    voice.say("one")
    wait_for(lambda: bool(failures))
    voice.say("two")
    assert voice.idle()
    voice.close()
    assert len(failures) == 1 and "cannot run" in failures[0]


def test_an_engine_that_complains_is_reported_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHON_FOR_FAKES", sys.executable)
    engine = FakeEngine(tmp_path, complaint="error: No such file or directory\n")
    engine.release()
    failures: list[str] = []
    voice = Voice([str(engine.path)], on_failure=failures.append)
    voice.say("one")
    wait_for(lambda: len(engine.events()) == 2 and voice.idle())
    voice.say("two")
    wait_for(lambda: len(engine.events()) == 4 and voice.idle())
    voice.close()
    assert len(failures) == 1 and "error: No such file or directory" in failures[0]


def test_an_engine_with_no_sound_device_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """espeak-ng on a machine without a sound card ends with "error: No such file or directory"
    after ALSA's lines: that read as if espeak-ng itself were missing."""
    monkeypatch.setenv("PYTHON_FOR_FAKES", sys.executable)
    alsa = (
        "ALSA lib confmisc.c:855:(parse_card) cannot find card '0'\n"
        "ALSA lib pcm.c:2666:(snd_pcm_open_noupdate) Unknown PCM default\n"
        "error: No such file or directory\n"
    )
    engine = FakeEngine(tmp_path, complaint=alsa)
    engine.release()
    failures: list[str] = []
    voice = Voice([str(engine.path)], on_failure=failures.append)
    voice.say("one")
    wait_for(lambda: len(engine.events()) == 2 and voice.idle() and bool(failures))
    voice.close()
    assert failures == [f"Voice: {engine.path} failed (no sound device found); cues are still shown"]


@pytest.mark.parametrize(
    ("platform", "installed", "expected"),
    [
        ("linux", {"espeak-ng": "/usr/bin/espeak-ng"}, ["/usr/bin/espeak-ng", "-s", "165", "--"]),
        ("linux", {"espeak": "/usr/bin/espeak"}, ["/usr/bin/espeak", "-s", "165", "--"]),
        ("darwin", {"say": "/usr/bin/say"}, ["/usr/bin/say", "-r", "180"]),
        ("linux", {"say": "/usr/bin/say"}, None),
        ("darwin", {}, None),
    ],
)
def test_the_system_engine_is_found_by_platform(
    platform: str, installed: dict[str, str], expected: list[str] | None
) -> None:
    assert find_speech_command(which=installed.get, platform=platform) == expected


def test_a_leading_dash_cannot_become_an_option(engine: FakeEngine) -> None:
    engine.release()
    voice = Voice([str(engine.path)], on_failure=lambda _: None)
    voice.say("--version please")
    wait_for(lambda: len(engine.events()) == 2)
    assert engine.events()[0] == ("start", "version please")
    voice.close()
