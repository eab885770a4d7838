"""The spec's complete example (shared/spec/workout-format.md), for the tests that read it.

Kept here so those tests run without the spec beside the checkout;
`test_schema.test_embedded_example_is_the_specs` checks it is still the spec's.
"""

SPEC_EXAMPLE = """\
# yaml-language-server: $schema=workout.schema.json
name: 8 × 400 m, last one all-out
summary: Reps 1–7 at one hard, even pace; the 8th as fast as you can.
source: 001_b729dc93ff46cbbb.txt — "400-meter Intervals"
tags: [track, intervals, kick]
environment: track          # where distance steps are measured; overridable
steps:
  - warmup: 10min
    say: Easy jog. Loosen up.
  - repeat: 8
    steps:
      - run: 400m
        pace: mile           # the athlete's 1-mile race pace
        cues:
          - at: 100m to go
            say: Drive with your arms!
        last:                # only on the final repetition
          effort: max
          say: It's go time. Everything you've got.
      - recover: 2min
        activity: walk or jog
        last: skip           # no recovery after the final rep
  - cooldown: 10min
"""
