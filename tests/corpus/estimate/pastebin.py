"""A public corpus of Pastebin warm-up answers: (paste_write_qps, paste_read_qps, paste_storage).

The System Design Primer's figures: 10 M new pastes and 100 M reads a month, 1.27 KB a paste,
kept 3 years. CORRECT answers are right within the notebook's 25%; each WRONG one names the
answer it must lose. Styles: the Primer's own rounding (2.5 million seconds a month), 30-day
months, pint in many spellings, plain numbers in the named units, numpy, Decimal and Fraction.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import numpy as np

from autograder.estimate import units as u

MONTH_S = 30 * 24 * 3600
W, R = 10e6, 100e6

CORRECT = {
    "notebook pint": ((10e6 / u.month).to("1/s"), (100e6 / u.month).to("1/s"),
                      (10e6 / u.month * 3 * u.year * 1.27 * u.KB).to("GB")),
    "unconverted quantities": (10e6 / u.month, 100e6 / u.month, 10e6 / u.month * 3 * u.year * 1.27 * u.KB),
    "primer rounding": (4, 40, 450),
    "primer rounding floats": (10e6 / 2.5e6, 100e6 / 2.5e6, 10e6 * 36 * 1.27e3 / 1e9),
    "30-day months": (W / MONTH_S, R / MONTH_S, W * 36 * 1.27e3 / 1e9),
    "365-day years": (W * 12 / (365 * 86400), R * 12 / (365 * 86400), W * 12 * 3 * 1270 / 1e9),
    "hertz": (3.8 * u.Hz, u("38 / s"), 0.457 * u.TB),
    "per minute": ((10e6 / u.month).to("1/min"), (100e6 / u.month).to("1/minute"), 457 * u.GB),
    "per hour": (W / (30 * 24) / u.hour, R / (30 * 24) / u.hour, 0.46 * u.TB),
    "per day": (W / 30 / u.day, R / 30 / u.day, 457_200 * u.MB),
    "numpy floats": (np.float64(W / 2.628e6), np.float64(R / 2.628e6), np.float64(457.2)),
    "numpy arrays": (np.array(3.8), np.array(38.0), np.array(457.0)),
    "Decimal": (Decimal("3.8"), Decimal("38"), Decimal("457.2")),
    "Fraction": (Fraction(10_000_000, MONTH_S), Fraction(100_000_000, MONTH_S), Fraction(4572, 10)),
    "ints": (4, 39, 457),
    "GiB": (3.8, 38, (W * 36 * 1.27 * u.KB).to("GiB")),
    "TiB quantity": (3.8, 38, (W * 36 * 1.27 * u.KB).to("TiB")),
    "bytes quantity": (3.8, 38, W * 36 * 1270 * u.B),
    "kilobytes by name": (3.8, 38, u.Quantity(W * 36 * 1.27, "kilobyte")),
    "KiB per paste": (3.8, 38, W * 36 * 1.24 * u.KiB),
    "1.3 KB rounded": (3.8, 38, W * 36 * 1.3 * u.KB),
    "1 KB rounded": (3.8, 38, W * 36 * 1 * u.KB),
    "two significant digits": (3.8, 38, 460),
    "one significant digit where close": (4, 40, 500),
    "text units": (u("10e6 / month"), u("100e6 / month"), u("457 GB")),
    "quantities with words": (u.Quantity(3.8, "1/second"), u.Quantity(38, "hertz"), u.Quantity(0.457, "terabyte")),
    "per-second from per-day": ((W / 30) / 86400, (R / 30) / 86400, 457),
    "per-second from per-day quantity": (W / 30 / u.day, R / 30 / u.day, W * 36 * 1.27 * u.kB),
    "storage via a year": (3.8, 38, (W * 12 * 1.27 * u.KB * 3).to("GB")),
    "storage in PB": (3.8, 38, 0.000457 * u.PB),
    "reads as ten times writes": (W / 2.6e6, 10 * W / 2.6e6, 457),
    "2.6 million seconds": (W / 2.6e6, R / 2.6e6, 457),
    "megabytes": (3.8, 38, 457_000 * u.MB),
    "storage with bits": (3.8, 38, 457e9 * 8 * u.bit),
    "storage in Gbit": (3.8, 38, 3658 * u.Gbit),
    "numpy ints": (np.int64(4), np.int64(38), np.int64(457)),
    "numpy float32": (np.float32(3.8), np.float32(38.0), np.float32(457.2)),
    "rates per week": (W / 4.345 / u.week, R / 4.345 / u.week, 457),
    "Xu 10^5 s a day": (W / 30 / 1e5, R / 30 / 1e5, 457),
    "rounded up": (4, 40, 460),
    "rounded down": (3, 35, 400),
}

WRONG = {
    "per day as per second": ((W / 30, R / 30, 457), "paste_write_qps"),
    "monthly count as per second": ((W, R, 457), "paste_write_qps"),
    "divided by a day not a month": ((W / 86400, R / 86400, 457), "paste_write_qps"),
    "reads for writes": ((38, 38, 457), "paste_write_qps"),
    "writes for reads": ((3.8, 3.8, 457), "paste_read_qps"),
    "read rate per day": ((3.8, R / 30, 457), "paste_read_qps"),
    "read rate per hour": ((3.8, R / 30 / 24, 457), "paste_read_qps"),
    "divided by seconds twice": ((W / MONTH_S / 86400, 38, 457), "paste_write_qps"),
    "read rate doubled as peak": ((3.8, 76 * 1.5, 457), "paste_read_qps"),
    "one year of storage": ((3.8, 38, 152), "paste_storage"),
    "years counted twice": ((3.8, 38, 1372), "paste_storage"),
    "one month of storage": ((3.8, 38, 12.7), "paste_storage"),
    "storage of reads": ((3.8, 38, 4572), "paste_storage"),
    "storage in TB read as GB": ((3.8, 38, 0.457), "paste_storage"),
    "storage in MB read as GB": ((3.8, 38, 457_000), "paste_storage"),
    "storage in bits": ((3.8, 38, 457 * 8), "paste_storage"),
    "storage bytes per month": ((3.8, 38, 12.7e9), "paste_storage"),
    "storage with 3 replicas": ((3.8, 38, 1372), "paste_storage"),
    "storage a rate": ((3.8, 38, W / u.month * 1.27 * u.KB), "paste_storage"),
    "storage as a count": ((3.8, 38, W * 36 * u.dimensionless / u.s), "paste_storage"),
    "write rate a size": ((3.8 * u.KB, 38, 457), "paste_write_qps"),
    "write rate as text": (("4 per second", 38, 457), "paste_write_qps"),
    "read rate as text": ((3.8, "40/s", 457), "paste_read_qps"),
    "storage as text": ((3.8, 38, "450 GB"), "paste_storage"),
    "write rate None": ((None, 38, 457), "paste_write_qps"),
    "read rate not written": ((3.8, ..., 457), "paste_read_qps"),
    "storage not written": ((3.8, 38, ...), "paste_storage"),
    "write rate a list": (([3.8], 38, 457), "paste_write_qps"),
    "write rate a bool": ((True, 38, 457), "paste_write_qps"),
    "write rate zero": ((0, 38, 457), "paste_write_qps"),
    "write rate negative": ((-3.8, 38, 457), "paste_write_qps"),
    "write rate NaN": ((float("nan"), 38, 457), "paste_write_qps"),
    "storage infinite": ((3.8, 38, float("inf")), "paste_storage"),
    "write rate per day quantity read as second": ((W / 30 * u.Hz, 38, 457), "paste_write_qps"),
    "paste size 127 bytes": ((3.8, 38, 45.7), "paste_storage"),
    "paste size 12.7 KB": ((3.8, 38, 4572), "paste_storage"),
    "storage in TiB number as GB": ((3.8, 38, 0.4158), "paste_storage"),
    "write rate 10x": ((38, 38, 457), "paste_write_qps"),
    "read rate 100x": ((3.8, 3800, 457), "paste_read_qps"),
    "both rates halved": ((1.9, 19, 457), "paste_write_qps"),
    "write rate in a dict": (({"qps": 3.8}, 38, 457), "paste_write_qps"),
}
