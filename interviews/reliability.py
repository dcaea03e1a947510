"""A reliability figure: a float that can say why it is undefined, and the checks every coefficient shares.

`Reliability` is a `float` subclass, so `float(x)`, formatting, comparison and `math.isnan(x)` work as for any
float; where a coefficient is undefined the value is `nan` and `x.reason` says why in a sentence a researcher
reads (one of the constants below, so a caller can also compare it or translate it). Where the coefficient is
defined `x.reason` is the empty string. `x.observed` and `x.expected` carry the observed and expected
disagreement (or agreement) the figure was computed from, where the definition has them, so a methods section
can report them and a test can compare them with the publication's intermediate values.

No Django here (an import-linter contract says so): the statistics are plain functions of plain data.
"""

import math
from numbers import Integral, Real

NO_PAIRS = "Geen enkele eenheid heeft waarden van twee of meer codeurs: er valt niets te vergelijken."
NO_UNITS = "Er zijn geen eenheden om te vergelijken."
NO_VARIATION = "Alle codeurs gaven overal dezelfde waarde: zonder variatie is de betrouwbaarheid niet gedefinieerd."
TOO_FEW_RATERS = "Er zijn minder dan twee codeurs: overeenstemming vraagt er minstens twee."
TOO_FEW_CATEGORIES = "Er is maar één categorie: bij kans zou iedereen het altijd eens zijn."
EMPTY_CONTINUUM = "De tekst is leeg: er valt niets te vergelijken."
NOT_MARKED = "Geen enkele codeur markeerde deze categorie: er valt niets te vergelijken."


class Reliability(float):
    """A coefficient's value; `nan` with `.reason` where it is undefined (see the module docstring)."""

    def __new__(cls, value, reason="", observed=None, expected=None):
        self = super().__new__(cls, value)
        self.reason = reason
        self.observed = observed
        self.expected = expected
        return self

    def __reduce__(self):
        return (type(self), (float(self), self.reason, self.observed, self.expected))

    def __repr__(self):
        if self.reason:
            return f"Reliability(nan, reason={self.reason!r})"
        return f"Reliability({float(self)!r})"


def undefined(reason, observed=None, expected=None):
    return Reliability(math.nan, reason, observed, expected)


def one_minus(observed, expected, reason=NO_VARIATION):
    """1 − observed/expected disagreement, the form every α shares; `nan` with `reason` when nothing varies."""
    if expected == 0:
        return undefined(reason, observed, expected)
    return Reliability(1.0 - observed / expected, "", observed, expected)


def chance_corrected(observed, chance, reason=NO_VARIATION):
    """(observed − chance)/(1 − chance) agreement, the form of κ, π, S and their multi-rater kin."""
    if chance == 1:
        return undefined(reason, observed, chance)
    return Reliability((observed - chance) / (1 - chance), "", observed, chance)


def is_count(value):
    """A non-negative finite real number (an int, a float or a numpy scalar), not a bool."""
    return isinstance(value, Real) and not isinstance(value, bool) and math.isfinite(value) and value >= 0


def is_integer(value):
    return isinstance(value, Integral) and not isinstance(value, bool)


def rows_of(data, what):
    """`data` as a list of lists of equal length; ValueError naming `what` when it is not a table."""
    if isinstance(data, str | bytes) or not hasattr(data, "__iter__"):
        raise ValueError(f"{what} moet een tabel zijn (een lijst van rijen), niet {type(data).__name__}.")
    rows = []
    for number, row in enumerate(data, start=1):
        if isinstance(row, str | bytes) or not hasattr(row, "__iter__"):
            raise ValueError(f"Rij {number} van {what} is geen lijst maar {type(row).__name__}.")
        rows.append(list(row))
    widths = {len(row) for row in rows}
    if len(widths) > 1:
        first = len(rows[0])
        ragged = next(n for n, row in enumerate(rows, start=1) if len(row) != first)
        raise ValueError(
            f"De rijen van {what} zijn niet even lang: rij 1 heeft {first} waarden, rij {ragged} heeft "
            f"{len(rows[ragged - 1])}."
        )
    return rows


def count_table(data, what, square=False):
    """`data` as a list of lists of counts (non-negative finite numbers); ValueError on anything else."""
    rows = rows_of(data, what)
    if square and rows and len(rows) != len(rows[0]):
        raise ValueError(
            f"{what} moet vierkant zijn (categorieën van A × categorieën van B), niet {len(rows)} × {len(rows[0])}."
        )
    for i, row in enumerate(rows, start=1):
        for j, cell in enumerate(row, start=1):
            if not is_count(cell):
                raise ValueError(
                    f"Cel ({i}, {j}) van {what} is {cell!r}; een aantal moet een getal van 0 of meer zijn."
                )
    return rows
