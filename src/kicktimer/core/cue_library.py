"""The built-in cue library (placeholder until the cues work lands)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CueLibrary:
    """Mantras, form cues and focus cues, each with when it fits and its seed."""

    entries: tuple[object, ...] = ()
