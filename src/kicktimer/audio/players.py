"""Ways to make a sound: simpleaudio, the terminal bell, nothing.

Each player either starts a sound and returns at once, or raises
`SoundFailed`; `FallbackAudio` catches that and steps down to the next one.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, TextIO


class SoundFailed(Exception):
    """A player cannot make sounds (any more); the message says why, for the user."""


class OneSoundFailed(Exception):
    """One sound (a user's .wav) cannot be played; the player itself still works.

    Only that sound falls back to the next player: a bad file must not take
    kick's own sounds down with it.
    """


class SoundPlayer(Protocol):
    """A source of sounds. `play` returns at once or raises `SoundFailed`."""

    description: str

    def play(self, sound: str) -> None: ...

    def stop(self) -> None: ...


class SimpleaudioPlayer:
    """Plays WAVs through simpleaudio, each loaded once, without waiting for it to finish.

    simpleaudio opens the device inside `play()` (on the calling thread, a
    millisecond or so) and writes the samples from its own thread, so the
    caller is never held for the sound's length. A device that cannot be
    opened (now, or later in a workout) raises from `play()`.
    """

    description = "simpleaudio"

    def __init__(self, sounds_dir: Path) -> None:
        try:
            import simpleaudio
        except ImportError:
            raise SoundFailed("simpleaudio is not installed (pip install 'kicktimer[audio]')") from None
        _quiet_alsa_messages()
        self._sa: Any = simpleaudio
        self._waves: dict[str, Any] = {}
        self._unplayable: dict[str, str] = {}
        for path in sorted(sounds_dir.glob("*.wav")):
            self._waves[path.stem] = self._load(path)
        if not self._waves:
            raise SoundFailed(f"no sounds found in {sounds_dir}")

    def _load(self, path: Path) -> Any:
        try:
            return self._sa.WaveObject.from_wave_file(str(path))
        except Exception as err:  # wave.Error, OSError, EOFError: a broken file
            raise SoundFailed(f"cannot read {path.name}: {err}") from None

    def _load_users(self, sound: str) -> Any:
        """A user's .wav, loaded once; raises OneSoundFailed (every time) when it can't be."""
        if sound in self._unplayable:
            raise OneSoundFailed(self._unplayable[sound])
        path = Path(sound)
        if not path.is_file():
            self._unplayable[sound] = f"{sound} does not exist"
        else:
            try:
                return self._load(path)
            except SoundFailed as err:
                self._unplayable[sound] = str(err)
        raise OneSoundFailed(self._unplayable[sound])

    def play(self, sound: str) -> None:
        wave = self._waves.get(sound)
        if wave is None:
            if Path(sound).suffix.lower() != ".wav":
                return  # not one of kick's names nor a .wav: the loader refuses these
            wave = self._waves[sound] = self._load_users(sound)
        try:
            wave.play()
        except Exception as err:  # simpleaudio's own error type lives in a private module
            raise SoundFailed(f"the sound device failed: {_device_error(err)}") from None

    def stop(self) -> None:
        try:
            self._sa.stop_all()
        except Exception:  # stopping is a courtesy; a dead device has nothing to stop
            return


class TerminalBell:
    """Rings the terminal bell for every sound: heard in any terminal, no library needed.

    `ring` (e.g. a Textual app's `bell`) is preferred when given, so the bell
    goes out with the app's own screen output; otherwise `\\a` is written to
    `stream` (the real stderr by default, which Textual leaves alone).
    """

    description = "the terminal bell"

    def __init__(self, ring: Callable[[], None] | None = None, stream: TextIO | None = None) -> None:
        self._ring = ring
        self._stream = stream

    def play(self, sound: str) -> None:
        try:
            if self._ring is not None:
                self._ring()
                return
            stream = self._stream if self._stream is not None else sys.__stderr__
            if stream is None:
                raise SoundFailed("there is no terminal to ring")
            stream.write("\a")
            stream.flush()
        except (OSError, ValueError) as err:  # a closed or vanished terminal
            raise SoundFailed(f"the terminal bell failed: {err}") from None

    def stop(self) -> None:
        return


class Silence:
    """The last resort: timing goes on, sounds are only shown."""

    description = "silence"

    def play(self, sound: str) -> None:
        return

    def stop(self) -> None:
        return


_ALSA_HANDLER: Any = None


def _quiet_alsa_messages() -> None:
    """Keep ALSA's own error lines ("ALSA lib pcm.c:…") off the timer's screen.

    simpleaudio reports a failure by raising; ALSA additionally prints to
    stderr, which would scribble over the terminal UI. A no-op error handler
    silences it. Best effort: without libasound there is nothing to silence.
    """
    global _ALSA_HANDLER
    if _ALSA_HANDLER is not None or not sys.platform.startswith("linux"):
        return
    name = ctypes.util.find_library("asound") or "libasound.so.2"
    try:
        alsa = ctypes.CDLL(name)
        handler_type = ctypes.CFUNCTYPE(
            None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
        )
        _ALSA_HANDLER = handler_type(lambda *_: None)
        alsa.snd_lib_error_set_handler(_ALSA_HANDLER)
    except (OSError, AttributeError):
        return


_ALSA_OPEN_ERROR = re.compile(r"Error opening PCM device\. -- CODE: -?\d+ -- MSG: (.+)")


def _device_error(err: Exception) -> str:
    """simpleaudio's `Error opening PCM device. -- CODE: -2 -- MSG: No such file or directory`,
    said as a runner can read it: `none could be opened (ALSA: No such file or directory)`."""
    found = _ALSA_OPEN_ERROR.search(str(err))
    if found is None:
        return str(err)
    return f"none could be opened (ALSA: {found.group(1).strip()})"
