"""Workouts in and out of other formats (Garmin FIT, Zwift .zwo, intervals.icu text): the pure half.

The plan is folded back into repeats (`outline`), mapped to each format's
steps, and each format's steps are mapped back to a kicktimer workout
(`draft`). Byte-level work (FIT encoding, XML parsing) is the shell's, in
`kicktimer.convert`.
"""
