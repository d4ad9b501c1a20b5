"""Units for capacity estimates: one pint registry of the course's own.

Two choices differ from pint's defaults, both so that checks can name a slip:

- **Data has its own dimension.** pint treats ``bit`` and ``byte`` as
  dimensionless, so a number of bytes could not be told apart from a number of
  requests. Here ``bit`` is a base unit of dimension ``[information]`` and
  ``byte = 8 bit``, so "TB where 1/s was asked" is a dimension error.
- **``KB`` is an alias of ``kB``** (1,000 bytes), the spelling most people use.

Decimal prefixes are powers of 1,000 (``kB``, ``MB``, ``GB``, ``TB``, ``PB``);
binary prefixes are powers of 1,024 (``KiB``, ``MiB``, ``GiB``, ``TiB``, ``PiB``).
pint's ``year`` is the Julian year, 365.25 days, and its ``month`` a twelfth of it
(30.44 days): close enough for estimates, and stated so results are reproducible.

Use it explicitly, nothing global is changed on import::

    from autograder.estimate import units as u
    write_rate = 100e6 / u.day            # a quantity in 1/day
    write_rate.to("1/s")                  # about 1157 per second
    (36.5 * u.TB).to("TiB")               # about 33.2 TiB
    u("4.6 Mbit/s")                       # text parsed into a quantity
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pint

__all__ = ["ureg", "Quantity", "to_quantity"]


def _make_registry() -> pint.UnitRegistry:
    folder = Path(pint.__file__).parent
    text = (folder / "default_en.txt").read_text(encoding="utf-8")
    constants = (folder / "constants_en.txt").read_text(encoding="utf-8")
    if "bit = []\n" not in text or "@import constants_en.txt\n" not in text:
        raise RuntimeError("pint's unit definitions changed shape: update autograder.estimate.units")
    text = text.replace("bit = []\n", "bit = [information]\n")
    text = text.replace("@import constants_en.txt\n", constants + "\n")
    registry: pint.UnitRegistry = pint.UnitRegistry(None, cache_folder=None)
    registry.load_definitions(text.splitlines())
    registry.define("KB = 1000 * byte")
    registry.formatter.default_format = "~P"
    return registry


ureg: pint.UnitRegistry = _make_registry()
"""The course's unit registry. ``ureg.day``, ``ureg.TB``, ``ureg("36.5 TB")``."""

if TYPE_CHECKING:
    # For the type checker, the registry's quantity class is pint's Quantity.
    from pint import Quantity
else:
    Quantity = ureg.Quantity


def to_quantity(value) -> pint.Quantity:
    """A pint quantity from any registry, re-expressed in the course's registry.

    Quantities made with ``pint.UnitRegistry()`` elsewhere cannot be combined
    with ours directly; their magnitude and unit text carry over. Raises
    ``pint.errors.PintError`` or ``ValueError`` when the units are unknown here.
    """
    if isinstance(value, ureg.Quantity):
        return value
    return Quantity(value.magnitude, str(value.units))
