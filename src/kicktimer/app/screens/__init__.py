"""Screens of the kick app: picker, preview, timer, quit confirmation, finish."""
