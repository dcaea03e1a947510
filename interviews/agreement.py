"""Intercoder agreement: the coefficients the literature reports, as pure functions of plain data.

Every function returns a `reliability.Reliability` (a float; `nan` with `.reason` where the coefficient is
undefined, e.g. when nothing varies), never raises on well-formed input and raises `ValueError` with a Dutch
message on malformed input (a ragged matrix, a negative count, an unknown level, a segment outside the text).
Each docstring names the publication the definition follows; tests/test_agreement_stats.py checks each against
that publication's worked example.

- `krippendorff_alpha(matrix, level, metric)`: observers × units, None for a missing value (Krippendorff 2011);
  `krippendorff_alpha_counts(counts, level, values)` the same α from units × values counts.
- `cohen_kappa`, `scott_pi`, `bennett_s`, `brennan_prediger_kappa_n`: two coders, `table[i][j]` = units coder A
  put in category i and coder B in category j.
- `fleiss_kappa`, `randolph_kappa_free`: units × categories, each cell the number of raters who chose it.
- `unitizing_alpha`, `u_alpha`, `binary_u_alpha`, `merge_segments`: spans on a continuum (unitizing.py).

numpy does the arithmetic; what is written by hand here is the definitions themselves, which no maintained
library on PyPI offers together (the `krippendorff` package has α but not the κ family or unitizing; irrCAC has
the κ family but not α's missing-data form or unitizing).
"""

import math
from numbers import Real

import numpy as np

from .reliability import (
    NO_PAIRS,
    NO_UNITS,
    TOO_FEW_CATEGORIES,
    Reliability,
    chance_corrected,
    count_table,
    is_integer,
    one_minus,
    rows_of,
    undefined,
)
from .unitizing import binary_u_alpha, merge_segments, u_alpha, unitizing_alpha

__all__ = [
    "LEVELS",
    "Reliability",
    "bennett_s",
    "binary_u_alpha",
    "brennan_prediger_kappa_n",
    "cohen_kappa",
    "fleiss_kappa",
    "krippendorff_alpha",
    "krippendorff_alpha_counts",
    "merge_segments",
    "randolph_kappa_free",
    "scott_pi",
    "u_alpha",
    "unitizing_alpha",
]

LEVELS = ("nominal", "ordinal", "interval", "ratio")


def _missing(value):
    return value is None or (isinstance(value, float) and math.isnan(value))


def _pairable_units(matrix):
    """The units (columns) with two or more values, each as the list of its values."""
    rows = rows_of(matrix, "de matrix (waarnemers × eenheden)")
    units = [[row[u] for row in rows if not _missing(row[u])] for u in range(len(rows[0]) if rows else 0)]
    return [values for values in units if len(values) >= 2]


def _domain(units, level):
    """The distinct values in the order the metric needs (sorted for the ordered levels), with checks."""
    values = [value for unit in units for value in unit]
    if level in ("interval", "ratio"):
        for value in values:
            if not isinstance(value, Real) or isinstance(value, bool) or not math.isfinite(value):
                raise ValueError(f"Op het niveau {level} moet elke waarde een getal zijn, niet {value!r}.")
            if level == "ratio" and value < 0:
                raise ValueError(f"Op het niveau ratio kan een waarde niet negatief zijn ({value!r}).")
    try:
        distinct = list(dict.fromkeys(values))
    except TypeError as error:
        raise ValueError(f"Een waarde moet een getal of tekst zijn: {error}.") from None
    if level == "nominal":
        return distinct
    try:
        return sorted(distinct)
    except TypeError:
        raise ValueError(f"Op het niveau {level} moeten alle waarden onderling te ordenen zijn.") from None


def _distances(domain, marginals, level, metric):
    """δ²(c, k) for every pair of values (Krippendorff 2011, section E: the difference functions)."""
    size = len(domain)
    if metric is not None:
        table = np.empty((size, size))
        for i, a in enumerate(domain):
            for j, b in enumerate(domain):
                distance = metric(a, b)
                if not isinstance(distance, Real) or not math.isfinite(distance) or distance < 0:
                    raise ValueError(f"metric({a!r}, {b!r}) gaf {distance!r}; een afstand is een getal van 0 of meer.")
                table[i, j] = distance
        return table
    if level == "nominal":
        return 1.0 - np.eye(size)
    values = np.asarray(domain, dtype=float)
    if level == "interval":
        return np.subtract.outer(values, values) ** 2
    if level == "ratio":
        sums = np.add.outer(values, values)
        with np.errstate(invalid="ignore", divide="ignore"):
            table = (np.subtract.outer(values, values) / sums) ** 2
        return np.where(sums == 0, 0.0, table)
    cumulative = np.concatenate(([0.0], np.cumsum(marginals)))  # ordinal: the ranks' mass between c and k
    low, high = np.minimum.outer(np.arange(size), np.arange(size)), np.maximum.outer(np.arange(size), np.arange(size))
    between = cumulative[high + 1] - cumulative[low]
    return (between - (marginals[low] + marginals[high]) / 2) ** 2


def krippendorff_alpha(matrix, level="nominal", metric=None):
    """Krippendorff's α for `matrix` (observers × units, None or nan for a missing value).

    Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School for Communication,
    University of Pennsylvania, sections A–E: α = 1 − (n − 1) Σ o_ck δ²_ck / Σ n_c n_k δ²_ck over the
    coincidence matrix o_ck = Σ_u (number of c–k pairs in unit u)/(m_u − 1); units with fewer than two values are
    left out. `level` is nominal, ordinal, interval or ratio; `metric(a, b)` (the squared difference δ²_ab,
    0 for a == b) replaces the level's. Undefined (nan) when no unit has two values or no value varies.
    """
    if metric is None and level not in LEVELS:
        raise ValueError(f"Onbekend meetniveau {level!r}; kies uit {', '.join(LEVELS)}.")
    if metric is not None and not callable(metric):
        raise ValueError("metric moet een functie metric(a, b) zijn die een afstand geeft.")
    units = _pairable_units(matrix)
    if not units:
        return undefined(NO_PAIRS)
    domain = _domain(units, level)
    index = {value: i for i, value in enumerate(domain)}
    counts = np.zeros((len(units), len(domain)))
    for u, values in enumerate(units):
        for value in values:
            counts[u, index[value]] += 1
    return _coincidence_alpha(counts, domain, level, metric)


def _coincidence_alpha(counts, domain, level, metric):
    """α of units × values counts, every unit with two or more values and every value used (2011, sections A–E)."""
    weights = 1.0 / (counts.sum(axis=1) - 1.0)
    coincidences = (counts * weights[:, None]).T @ counts - np.diag(weights @ counts)
    marginals = coincidences.sum(axis=1)
    n = marginals.sum()
    distances = _distances(domain, marginals, level, metric)
    observed = float((coincidences * distances).sum())
    expected = float((np.outer(marginals, marginals) * distances).sum()) / (n - 1)
    return one_minus(observed / n, expected / n)


def _value_count_table(counts):
    """`counts` as a float array of whole non-negative numbers; ValueError naming the first bad cell."""
    if isinstance(counts, np.ndarray) and counts.ndim == 2 and np.issubdtype(counts.dtype, np.number):
        table = counts.astype(float)
        bad = ~np.isfinite(table) | (table < 0) | (table != np.round(table))
        if not bad.any():
            return table
        counts = counts.tolist()  # the checks below name the cell
    table = np.asarray(count_table(counts, "de tabel eenheden × waarden"), dtype=float)
    if table.size and not np.all(table == np.round(table)):
        raise ValueError("Elke cel van de tabel eenheden × waarden moet een geheel aantal waarnemers zijn.")
    return table


def krippendorff_alpha_counts(counts, level="nominal", values=None):
    """Krippendorff's α from value counts: `counts[u][c]` is the number of observers who gave unit u value c.

    Krippendorff (2011), section A: α reads the reliability data only through these counts n_uc (the
    coincidences o_ck = Σ_u n_uc·n_uk/(m_u − 1), minus the pairs of a value with itself). The same computation as
    `krippendorff_alpha`, without listing the observers: so units on which every observer agrees can be summed
    into one row per value (k units with m values c add k·m to o_cc, as one unit with k·m values c does), which
    is how the agreement page computes α over a hundred thousand units. `values` names the columns (default
    0, 1, ...; numbers for the interval and ratio levels; sorted by for the ordinal level). Units with fewer than
    two values are left out; undefined (nan) when none has two or no value varies.
    """
    if level not in LEVELS:
        raise ValueError(f"Onbekend meetniveau {level!r}; kies uit {', '.join(LEVELS)}.")
    table = _value_count_table(counts)
    values = list(range(table.shape[1] if table.ndim == 2 else 0)) if values is None else list(values)
    if table.size and len(values) != table.shape[1]:
        raise ValueError(f"values noemt {len(values)} waarden, de tabel heeft {table.shape[1]} kolommen.")
    try:
        position = {value: i for i, value in enumerate(values)}
    except TypeError as error:
        raise ValueError(f"Een waarde moet een getal of tekst zijn: {error}.") from None
    if len(position) != len(values):
        raise ValueError("values noemt een waarde meer dan eens.")
    table = table[table.sum(axis=1) >= 2] if table.size else table.reshape(0, len(values))
    if not len(table):
        return undefined(NO_PAIRS)
    used = table.sum(axis=0) > 0
    domain = _domain([[value for value, use in zip(values, used, strict=True) if use]], level)
    return _coincidence_alpha(table[:, [position[value] for value in domain]], domain, level, None)


def _two_coder_table(table):
    rows = count_table(table, "de kruistabel", square=True)
    rows = np.asarray(rows, dtype=float) if rows else np.zeros((0, 0))
    return rows, float(rows.sum())


def cohen_kappa(table):
    """Cohen's κ for two coders: (p_o − p_e)/(1 − p_e), p_e = Σ_i p_i. p_.i from each coder's own marginals.

    Cohen, J. (1960). A coefficient of agreement for nominal scales. Educational and Psychological Measurement
    20(1), 37–46, formula (1) and Table 1. `table[i][j]` counts (or proportions of) units coder A put in category
    i and coder B in j. Undefined when the table is empty or both coders used one and the same category.
    """
    rows, total = _two_coder_table(table)
    if total == 0:
        return undefined(NO_UNITS)
    observed = np.trace(rows) / total
    chance = float(rows.sum(axis=1) @ rows.sum(axis=0)) / total**2
    return chance_corrected(observed, chance)


def scott_pi(table):
    """Scott's π for two coders: chance from the coders' pooled marginals, p_e = Σ_i ((p_i. + p_.i)/2)².

    Scott, W. A. (1955). Reliability of content analysis: the case of nominal scale coding. Public Opinion
    Quarterly 19(3), 321–325; as compared with κ and S in Zwick, R. (1988). Another look at interrater agreement.
    Psychological Bulletin 103(3), 374–378. Undefined when the table is empty or only one category was used.
    """
    rows, total = _two_coder_table(table)
    if total == 0:
        return undefined(NO_UNITS)
    pooled = (rows.sum(axis=1) + rows.sum(axis=0)) / (2 * total)
    return chance_corrected(np.trace(rows) / total, float(pooled @ pooled))


def _free_marginal(rows, total, categories):
    if total == 0:
        return undefined(NO_UNITS)
    if categories < 2:
        return undefined(TOO_FEW_CATEGORIES)
    return chance_corrected(np.trace(rows) / total, 1 / categories)


def bennett_s(table):
    """Bennett, Alpert and Goldstein's S: chance is uniform over the table's q categories, S = (q p_o − 1)/(q − 1).

    Bennett, E. M., Alpert, R. and Goldstein, A. C. (1954). Communications through limited response
    questioning. Public Opinion Quarterly 18(3), 303–308; Zwick (1988) p. 375. Undefined for an empty table or
    a table of one category.
    """
    rows, total = _two_coder_table(table)
    return _free_marginal(rows, total, len(rows))


def brennan_prediger_kappa_n(table, n_categories=None):
    """Brennan and Prediger's κ_n = (p_o − 1/n)/(1 − 1/n), n the number of categories the coders could choose.

    Brennan, R. L. and Prediger, D. J. (1981). Coefficient kappa: some uses, misuses, and alternatives.
    Educational and Psychological Measurement 41(3), 687–699, equation (9). `n_categories` defaults to the
    table's size (then κ_n equals Bennett's S); it may be larger (categories nobody used) but not smaller.
    """
    rows, total = _two_coder_table(table)
    size = len(rows)
    if n_categories is None:
        n_categories = size
    if not is_integer(n_categories) or n_categories < max(size, 1):
        raise ValueError(
            f"n_categories moet een geheel getal van minstens {max(size, 1)} zijn (de tabel heeft {size} "
            f"categorieën), niet {n_categories!r}."
        )
    return _free_marginal(rows, total, int(n_categories))


def _raters_per_unit(counts):
    """The units × categories table as an array, with the one number of raters every unit has."""
    rows = np.asarray(count_table(counts, "de tabel eenheden × categorieën"), dtype=float)
    if rows.size == 0:
        return rows, 0
    if not np.all(rows == np.round(rows)):
        raise ValueError("Elke cel van de tabel eenheden × categorieën moet een geheel aantal codeurs zijn.")
    totals = rows.sum(axis=1)
    if np.any(totals != totals[0]):
        odd = int(np.argmax(totals != totals[0])) + 1
        raise ValueError(
            f"Elke eenheid moet door evenveel codeurs zijn beoordeeld: eenheid 1 door {int(totals[0])}, "
            f"eenheid {odd} door {int(totals[odd - 1])}."
        )
    if totals[0] < 2:
        raise ValueError(f"Elke eenheid moet door minstens twee codeurs zijn beoordeeld, niet {int(totals[0])}.")
    return rows, int(totals[0])


def _mean_pairwise_agreement(rows, raters):
    """Fleiss' P̄: the mean over units of the share of agreeing rater pairs, (Σ_j n_ij² − n)/(n(n − 1))."""
    return float(((rows**2).sum(axis=1) - raters).mean() / (raters * (raters - 1)))


def fleiss_kappa(counts):
    """Fleiss' κ for many raters: κ = (P̄ − P̄_e)/(1 − P̄_e), P̄_e = Σ_j p_j², p_j the share of all ratings in j.

    Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters. Psychological Bulletin 76(5),
    378–382, equations (1)–(9) and Table 1. `counts` is units × categories; every unit needs the same number
    (two or more) of raters. Undefined for no units or when every rating fell in one category.
    """
    rows, raters = _raters_per_unit(counts)
    if raters == 0:
        return undefined(NO_UNITS)
    shares = rows.sum(axis=0) / rows.sum()
    return chance_corrected(_mean_pairwise_agreement(rows, raters), float(shares @ shares))


def randolph_kappa_free(counts):
    """Randolph's free-marginal multirater κ: (P̄ − 1/k)/(1 − 1/k), k the number of categories (columns).

    Randolph, J. J. (2005). Free-marginal multirater kappa (multirater κ_free): an alternative to Fleiss'
    fixed-marginal multirater kappa. Joensuu Learning and Instruction Symposium, formula (2). P̄ as in Fleiss
    (1971). Undefined for no units or a table of one category.
    """
    rows, raters = _raters_per_unit(counts)
    if raters == 0:
        return undefined(NO_UNITS)
    categories = rows.shape[1]
    if categories < 2:
        return undefined(TOO_FEW_CATEGORIES)
    return chance_corrected(_mean_pairwise_agreement(rows, raters), 1 / categories)
