"""Presentation of stored sessions: the kick report, lap tables and the trend, drawn with Rich and plotext.

The history (`kicktimer.history`) keeps and reads sessions and knows nothing
of drawing; the analysis is pure (`kicktimer.core.report`). This package
reads what it needs through `HistoryReader` and draws it, for `kick history`
and for the finish screen alike.
"""
