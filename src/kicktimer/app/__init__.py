"""The Textual shell around the engine: screens, consumers, modes and the factory that wires them.

Textual reads its frame rate (`TEXTUAL_FPS`) once, when `textual.constants`
is first imported, so it is set here, before any module of this package
imports Textual. A widget's change is drawn at the next tick of the screen's
update timer, and that timer keeps a fixed grid from when it started: at 60
frames a second a step boundary waited 0 to 16.7 ms for its frame, depending
only on how the run's start fell against the grid (bench/screen_boundaries.py:
p50 13 ms one run, 7 ms the next; p99 19 ms on a quiet machine). At 250 the
wait is at most 4 ms (p99 10–11 ms). The timer only ticks while something
waits to be drawn, so a counting timer draws no more frames than before; a
runner's own TEXTUAL_FPS wins.
"""

import os

FRAMES_PER_SECOND = "250"

os.environ.setdefault("TEXTUAL_FPS", FRAMES_PER_SECOND)
