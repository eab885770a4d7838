"""Widgets of the kick app: the whole-workout bar, the plan and split tables, the report slot."""
