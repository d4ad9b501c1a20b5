"""The demo assignment's answer key: hidden from the grading kernel (see :mod:`.keys`)."""

PEAK_QPS = 50_000_000 / 86_400 * 2
"""Peak requests per second of 50 M requests a day at twice the average."""
