"""kicktimer: a terminal workout timer for runners, driven by YAML workouts."""

__version__ = "0.1.0"
