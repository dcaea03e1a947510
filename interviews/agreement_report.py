"""The agreement of a choice of coders × interviews × themes on three levels, as tables a page, a workbook, a
Word document and a command show alike. Pure: it takes agreement_data.Material (numpy arrays) and calls the
statistics of agreement.py (never a figure of its own); no queries here.

The three levels, each with its unit named:
- presence: an interview counts as coded with a theme by a coder when any of their passages has it;
  Cohen's κ (two coders) or Fleiss' κ (more) and Krippendorff's α nominal over interviews;
- per unit: the stored segments (speaker turns or sentences); a unit is coded with a theme by a coder when one
  of their passages with it shares a code point with the unit; α nominal per theme and over all themes, percent
  agreement over all units and over the units at least one coder touched;
- continuum: the code points of the canonical texts laid end to end; αU per theme and pooled, uα and |uα.
"""

import math
from dataclasses import dataclass, field

import numpy as np
from django.utils.translation import gettext as _

from . import agreement
from .agreement_data import presence, spans, unit_marks
from .reliability import NOT_MARKED

ACCEPTABLE, TENTATIVE = 0.800, 0.667
UNIT_NAMES = {"turn": "sprekersbeurten", "sentence": "zinnen"}


@dataclass
class Cell:
    """A figure with how it is shown: kind is 'coef' (3 decimals, nan with its reason), 'pct' or 'n'."""

    value: float | int | None
    kind: str = "coef"

    @property
    def reason(self):
        return getattr(self.value, "reason", "") if self.is_nan else ""

    @property
    def is_nan(self):
        return isinstance(self.value, float) and math.isnan(self.value)

    @property
    def text(self):
        if self.value is None:
            return ""
        if self.is_nan:
            return _("niet te berekenen")
        if self.kind == "n":
            return f"{int(self.value):,}".replace(",", ".")
        if self.kind == "pct":
            return f"{self.value:.1f}%".replace(".", ",")
        return f"{self.value:.3f}".replace(".", ",")

    @property
    def sort_key(self):
        return "" if self.value is None or self.is_nan else repr(float(self.value))

    def export(self):
        """The value as a spreadsheet cell: a number, or the reason it has none."""
        if self.value is None:
            return None
        return self.reason or _("niet te berekenen") if self.is_nan else round(float(self.value), 4)


def reading(alpha):
    """Krippendorff's (2004, p. 241) reading of an α, in plain words."""
    if alpha is None or math.isnan(alpha):
        return _("geen oordeel: %(reason)s") % {"reason": getattr(alpha, "reason", "") or _("niet te berekenen")}
    if alpha >= ACCEPTABLE:
        return _("aanvaardbaar (α ≥ 0,800)")
    if alpha >= TENTATIVE:
        return _("voorlopig (0,667 ≤ α < 0,800): alleen voor voorzichtige conclusies")
    return _("niet aanvaardbaar (α < 0,667)")


@dataclass
class Level:
    key: str
    title: str
    unit: str  # what is compared, in words, with its number
    columns: list  # labels, the first is the theme
    rows: list = field(default_factory=list)  # (theme, [Cell, ...], reading)
    summary: list = field(default_factory=list)  # (label, Cell) over all themes


@dataclass
class Report:
    coders: list
    themes: list
    interviews: list
    levels: list

    def methods(self):
        return methods_paragraph(self)


def _kappa(marks):
    """Cohen's κ (two coders) or Fleiss' κ (more) of boolean coders × units."""
    if len(marks) == 2:
        a, b = marks
        table = [[int((~a & ~b).sum()), int((~a & b).sum())], [int((a & ~b).sum()), int((a & b).sum())]]
        return agreement.cohen_kappa(table)
    yes = marks.sum(axis=0)
    return agreement.fleiss_kappa(np.stack([len(marks) - yes, yes], axis=1).tolist())


def _alpha(marks):
    """α nominal of coders × units of booleans (agreement.krippendorff_alpha_counts on their value counts)."""
    return _unit_alpha(_value_counts(marks))


def _value_counts(marks):
    """The units of coders × booleans as α reads them: value counts (no, yes) per unit, with the units on which
    every coder agrees summed into one row per value.

    α reads units only through their coincidences (Krippendorff 2011, section A): k units on which all m coders
    gave c add k·m to o_cc, exactly as one unit with k·m values c does. Most units are such (nobody coded them),
    so a few hundred rows give the same α as a hundred thousand."""
    coders = len(marks)
    yes = marks.sum(axis=0, dtype=np.int64)
    split = (yes > 0) & (yes < coders)
    rows = np.stack([coders - yes[split], yes[split]], axis=1)
    agreed = np.array([[coders * int((yes == 0).sum()), 0], [0, coders * int((yes == coders).sum())]])
    return rows, agreed


def _unit_alpha(*counted):
    """α nominal of booleans given as _value_counts() (several: their units together), every coder coding every
    unit, by agreement.krippendorff_alpha_counts: the α tested against Krippendorff (2011) and, in
    tests/test_agreement_data.py, equal to agreement.krippendorff_alpha of the whole matrix, which walks the units
    in Python (20 s for the 60 themes × 71,504 turns of the bench). Until 5 Dec 2026 a second implementation, the
    `krippendorff` package computed it from the same value counts: 22.5 ms for the bench's 61 figures (60 themes
    and pooled, 918 rows per theme, 54,751 pooled) against 12.0 ms here, equal to 2e-16 (median of 7 runs on the
    bench study, 5 Dec 2026); so this one path stays and the package is no longer a dependency."""
    rows = np.concatenate([r for r, _agreed in counted] + [sum(a for _r, a in counted)])
    return agreement.krippendorff_alpha_counts(rows)


def _kappa_name(material):
    return "Cohen's κ" if len(material.coders) == 2 else "Fleiss' κ"


def presence_level(material):
    marks = presence(material)
    level = Level(
        "presence",
        _("Aanwezigheid per interview"),
        _("eenheid: het interview (n = %(n)d); een thema is aanwezig als de codeur het ergens in het interview gaf")
        % {"n": len(material.interviews)},
        [_("Thema"), "n", _kappa_name(material), _("α nominaal"), _("Oordeel")],
    )
    for t, theme in enumerate(material.themes):
        alpha = _alpha(marks[:, t])
        cells = [Cell(len(material.interviews), "n"), Cell(_kappa(marks[:, t])), Cell(alpha)]
        level.rows.append((theme, cells, reading(alpha)))
    pooled = marks.reshape(len(material.coders), -1)
    level.summary = [
        (_("%(kappa)s, alle thema's × interviews") % {"kappa": _kappa_name(material)}, Cell(_kappa(pooled))),
        (_("α nominaal, alle thema's × interviews"), Cell(_alpha(pooled))),
    ]
    return level


def _percentages(marks, touched=None):
    """Percent agreement over all units, and over the units at least one coder marked (`touched`, by default
    where any value is true); nan with the reason where there are none."""
    same = (marks == marks[0]).all(axis=0)
    touched = marks.any(axis=0) if touched is None else touched
    overall = 100.0 * same.mean() if same.size else agreement.Reliability(math.nan, _("Er zijn geen eenheden."))
    agreed = (
        100.0 * same[touched].mean()
        if touched.any()
        else agreement.Reliability(math.nan, _("Geen codeur codeerde een eenheid hiermee: alleen lege eenheden."))
    )
    return Cell(overall, "pct"), Cell(agreed, "pct"), int(touched.sum())


def unit_level(material):
    count, name = len(material.unit_starts), UNIT_NAMES.get(material.unit_kind, material.unit_kind)
    marks = unit_marks(material)
    level = Level(
        "unit",
        _("Per eenheid"),
        _(
            "eenheid: %(name)s (n = %(n)d); een eenheid is gecodeerd als een passage met het thema er minstens één "
            "teken mee deelt"
        )
        % {"name": name, "n": count},  # fmt: skip
        [
            _("Thema"),
            "n",
            _("aangeraakt"),
            _("α nominaal"),
            _("% eens"),
            _("% eens, aangeraakte eenheden"),
            _("Oordeel"),
        ],  # fmt: skip
    )
    counted = [_value_counts(marks[:, t]) for t in range(len(material.themes))]
    for t, theme in enumerate(material.themes):
        alpha = _unit_alpha(counted[t])
        overall, agreed, touched = _percentages(marks[:, t])
        level.rows.append((theme, [Cell(count, "n"), Cell(touched, "n"), Cell(alpha), overall, agreed], reading(alpha)))
    # Over all themes: every (theme, unit) pair is a unit of its own, present or not, as in the presence level.
    pooled = marks.reshape(len(material.coders), -1)
    overall, agreed, _touched = _percentages(pooled)
    level.summary = [
        (_("α nominaal, alle thema's × eenheden"), Cell(_unit_alpha(*counted))),
        (_("% eens, alle thema's × eenheden"), overall),
        (_("% eens, aangeraakte thema's × eenheden"), agreed),
    ]
    return level


def continuum_level(material):
    length, raters = material.length, list(range(len(material.coders)))
    level = Level(
        "continuum",
        _("Continuüm"),
        _("eenheid: het teken (code point) van de tekst; de interviews achter elkaar, %(n)s tekens")
        % {"n": Cell(length, "n").text},
        [_("Thema"), _("passages"), _("αU"), _("Oordeel")],
    )
    every = agreement.merge_segments(spans(material))  # an int64 array of (coder, start, length, theme) rows
    every = every[np.argsort(every[:, 3], kind="stable")]
    cuts = np.searchsorted(every[:, 3], np.arange(len(material.themes) + 1))
    per_theme = []
    for t, theme in enumerate(material.themes):
        segments = every[cuts[t] : cuts[t + 1]]
        alpha = agreement.unitizing_alpha(segments, 0, length, category=t, raters=raters)
        per_theme.append(alpha)
        level.rows.append((theme, [Cell(len(segments), "n"), Cell(alpha)], reading(alpha)))
    located = agreement.merge_segments(np.column_stack((every[:, :3], np.zeros(len(every), np.int64))))
    level.summary = [
        (_("αU over alle thema's"), Cell(_pooled_alpha_u(per_theme, every, length, raters))),
        (_("uα (plaats en thema)"), Cell(_u_alpha(every, located, length, raters))),
        (_("|uα (plaats, ongeacht thema)"), Cell(agreement.binary_u_alpha(located, 0, length, raters=raters))),
    ]
    return level


def _pooled_alpha_u(per_theme, every, length, raters):
    """The pooled αU, 1 − Σ_c uDo_c / Σ_c uDe_c over the themes someone marked (agreement.unitizing_alpha's
    definition), from the per-theme figures' observed and expected disagreements, so the segments are not checked
    and measured a second time (0.5 s at bench scale); the test compares it with agreement's pooled figure.
    Where that sum cannot be made, agreement computes it (and says why it is undefined)."""
    marked = [alpha for alpha in per_theme if alpha.reason != NOT_MARKED]
    if not marked or any(alpha.observed is None for alpha in marked) or not sum(a.expected for a in marked):
        return agreement.unitizing_alpha(every, 0, length, raters=raters)
    observed, expected = sum(a.observed for a in marked), sum(a.expected for a in marked)
    return agreement.Reliability(1.0 - observed / expected, "", observed, expected)


def _u_alpha(every, located, length, raters):
    """uα, which gives each stretch of a coder one category: undefined (with the reason) where a coder's passages
    of different themes overlap, as free spans allow; |uα (where, whatever the theme) is then the figure."""
    if len(located) < len(every):
        return agreement.Reliability(
            math.nan,
            _("uα vraagt dat een codeur elk stuk tekst met één thema codeert; hier overlappen passages met "
              "verschillende thema's (%(n)d keer). Zie |uα en αU per thema.") % {"n": len(every) - len(located)},
        )  # fmt: skip
    return agreement.u_alpha(every, 0, length, raters=raters)


LEVELS = {"presence": presence_level, "unit": unit_level, "continuum": continuum_level}


def report(material, levels=tuple(LEVELS)):
    """The Report of a Material that passed agreement_data.problems(), with the levels asked for."""
    return Report(material.coders, material.themes, material.interviews, [LEVELS[key](material) for key in levels])


def coder_name(user):
    return user.get_full_name() or user.username


def methods_paragraph(report):
    """A paragraph a report's methods section can quote, with the figures over all themes."""
    coders = ", ".join(coder_name(user) for user in report.coders)
    parts = [
        _(
            "De overeenstemming tussen de codeurs %(coders)s is berekend over %(interviews)d interviews en "
            "%(themes)d thema's, met Interview Monitor."
        )
        % {"coders": coders, "interviews": len(report.interviews), "themes": len(report.themes)}
    ]
    texts = {
        "presence": _(
            "Aanwezigheid per interview (een thema telt als gecodeerd wanneer de codeur het ergens in het "
            "interview toekende): Cohen's κ (Cohen, 1960) of bij meer codeurs Fleiss' κ (Fleiss, 1971), en "
            "Krippendorffs α op nominaal niveau (Krippendorff, 2011)."
        ),
        "unit": _(
            "Per eenheid (%(unit)s): een eenheid telt als gecodeerd met een thema wanneer een passage van de codeur "
            "met dat thema er minstens één teken mee deelt; Krippendorffs α (nominaal) per thema en over alle "
            "paren van thema en eenheid, en het percentage overeenstemming over alle eenheden en over de eenheden "
            "die ten minste één codeur codeerde (eenheden die niemand codeerde tellen zo niet als overeenstemming)."
        ),
        "continuum": _(
            "Op het continuüm van de tekens van de tekst: Krippendorffs αU per thema en over alle thema's "
            "(Krippendorff, 2004, hoofdstuk 12), uα en |uα (Krippendorff, Mathet, Bouvry & Widlöcher, 2016); "
            "uα alleen waar geen codeur één stuk tekst met meer thema's codeerde."
        ),
    }
    for level in report.levels:
        text = texts[level.key] % {"unit": level.unit.split(";")[0].replace("eenheid: ", "")}
        figures = "; ".join(f"{label} = {cell.text}" for label, cell in level.summary)
        parts.append(f"{text} {_('Uitkomsten')}: {figures}.")
    parts.append(
        _(
            "Volgens Krippendorff (2004, p. 241) geldt α ≥ 0,800 als aanvaardbaar en 0,667 ≤ α < 0,800 als "
            "voldoende voor voorlopige conclusies."
        )
    )
    return " ".join(parts)
