"""Speaking cue text with the system's speech engine, without ever holding up the timer.

espeak-ng (or espeak) on Linux, `say` on macOS, run as a subprocess with an
argument list (never a shell). `say()` only queues the phrase; a worker
thread starts the engine and waits for it, one phrase at a time, so phrases
never talk over each other. Beeps go through the sound player, not through
here, so a long phrase never delays a beep. When phrases pile up, the oldest
waiting one is dropped, a phrase that waited too long is dropped as stale,
and a phrase that has been speaking too long is cut off for the next one.
An engine that cannot start, or that complains, is reported once through
`on_failure`; one that cannot start is not tried again.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any

MAX_PENDING = 2  # phrases waiting behind the one being spoken
STALE_AFTER_S = 6.0  # a phrase that waited longer than this is no longer news
CUT_AFTER_S = 8.0  # a phrase speaking longer than this gives way to the next
MAX_CHARS = 300

Popen = Callable[..., Any]


def find_speech_command(
    which: Callable[[str], str | None] = shutil.which, platform: str = sys.platform
) -> list[str] | None:
    """The engine's command line up to the text, or None when this system has none."""
    if platform == "darwin":
        found = which("say")
        return [found, "-r", "180"] if found else None
    for engine in ("espeak-ng", "espeak"):
        found = which(engine)
        if found:
            return [found, "-s", "165", "--"]
    return None


class Voice:
    """A queue of phrases and the one worker thread that speaks them."""

    def __init__(
        self,
        command: Sequence[str],
        on_failure: Callable[[str], None],
        *,
        popen: Popen = subprocess.Popen,
        clock: Callable[[], float] = time.monotonic,
        max_pending: int = MAX_PENDING,
        stale_after_s: float = STALE_AFTER_S,
        cut_after_s: float = CUT_AFTER_S,
    ) -> None:
        self._command = list(command)
        self._on_failure = on_failure
        self._popen = popen
        self._clock = clock
        self._max_pending = max_pending
        self._stale_after_s = stale_after_s
        self._cut_after_s = cut_after_s
        self._wake = threading.Condition()
        self._pending: deque[tuple[str, float]] = deque()
        self._current: Any = None
        self._speaking = False  # from taking a phrase off the queue until its engine has exited
        self._cut_requested = False
        self._current_since = 0.0
        self._generation = 0
        self._closed = False
        self._failed = False
        self._complained = False
        self._worker: threading.Thread | None = None

    @property
    def engine(self) -> str:
        return self._command[0]

    def say(self, text: str) -> None:
        """Queue `text` to be spoken; returns at once."""
        phrase = " ".join(text.split())[:MAX_CHARS].lstrip("-")
        if not phrase:
            return
        with self._wake:
            if self._closed or self._failed:
                return
            now = self._clock()
            self._pending.append((phrase, now))
            while len(self._pending) > self._max_pending:
                self._pending.popleft()
            if self._speaking and now - self._current_since > self._cut_after_s:
                self._cut_requested = True
                if self._current is not None:
                    _terminate(self._current)
            if self._worker is None:
                self._worker = threading.Thread(target=self._run, name="kick-voice", daemon=True)
                self._worker.start()
            self._wake.notify()

    def stop(self) -> None:
        """Silence now: drop what waits and cut what speaks."""
        with self._wake:
            self._pending.clear()
            self._generation += 1
            if self._current is not None:
                _terminate(self._current)

    def close(self, timeout: float = 2.0) -> None:
        """Stop, and let the worker end."""
        self.stop()
        with self._wake:
            self._closed = True
            self._wake.notify()
            worker = self._worker
        if worker is not None:
            worker.join(timeout)

    def idle(self) -> bool:
        """Nothing speaking and nothing waiting (tests wait for this)."""
        with self._wake:
            return not self._speaking and not self._pending

    def _run(self) -> None:
        while True:
            with self._wake:
                while not self._pending and not self._closed:
                    self._wake.wait()
                if self._closed:
                    return
                phrase, queued_at = self._pending.popleft()
                generation = self._generation
                if self._clock() - queued_at > self._stale_after_s:
                    continue
                self._speaking = True
                self._cut_requested = False
                self._current_since = self._clock()
            process = self._start(phrase)
            if process is None:
                with self._wake:
                    self._speaking = False
                return
            with self._wake:
                self._current = process
                if generation != self._generation or self._closed or self._cut_requested:
                    _terminate(process)
            _, errors = process.communicate()
            code = process.returncode
            with self._wake:
                cut = generation != self._generation or self._closed
            said = _last_line(errors)
            if not cut and code is not None and code >= 0 and (code != 0 or said):
                why = said or f"exit status {code}"
                self._complain(f"Voice: {self.engine} failed ({why}); cues are still shown")
            with self._wake:
                self._current = None
                self._speaking = False

    def _start(self, phrase: str) -> Any:
        try:
            return self._popen(
                [*self._command, phrase],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                close_fds=True,
            )
        except OSError as err:
            with self._wake:
                self._failed = True
                self._pending.clear()
            self._complain(
                f"Voice off: cannot run {self.engine} ({err.strerror or err}); cues are still shown"
            )
            return None

    def _complain(self, message: str) -> None:
        if not self._complained:
            self._complained = True
            self._on_failure(message)


# What ALSA writes when there is no sound device to speak on. espeak-ng's own last
# line is then "error: No such file or directory", which reads as if the engine
# were missing.
_NO_SOUND_DEVICE = ("cannot find card", "Unknown PCM")


def _last_line(output: bytes | str | None) -> str:
    """The engine's last complaint, e.g. "error: No such file or directory"; or that
    there is no sound device, when ALSA's lines say so."""
    if not output:
        return ""
    text = output.decode(errors="replace") if isinstance(output, bytes) else output
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if any(sign in line for line in lines for sign in _NO_SOUND_DEVICE):
        return "no sound device found"
    return lines[-1][:120] if lines else ""


def _terminate(process: Any) -> None:
    try:
        process.terminate()
    except OSError:
        return
