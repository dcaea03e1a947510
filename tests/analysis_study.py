"""A small study whose tables are worked out by hand in the analysis tests.

Interviews (coder `cees` unless said otherwise; spans are [start, end)):
  A  gemeente 2020 Utrecht    P1 samenwerking [0,10)  P2 personeelstekort [5,15)  P3 financiering+knelpunten [20,30)
  B  jgz      2021 Amsterdam  P4 samenwerking [0,10)  P5 samenwerking [12,20)
  C  jgz      2021 Groningen  P6 financiering [0,5)
  D  gemeente 2022 Utrecht    (no codings)
  E  jgz      (no year, no municipality)  P7 personeelstekort [0,5) by `olga`
Indicators: coalitie-t (yes/no) Utrecht 2020 = 1, Amsterdam 2021 = 0, Groningen none;
gewicht-t (%) Utrecht 2020 = 6.0, Amsterdam 2021 = 5.0, national 2021 = 5.5.
"""

from decimal import Decimal

from interviews.models import Interview, Passage
from monitor.models import Indicator, Municipality, Observation

TEXT = "abcdefghijklmnopqrstuvwxyz0123456789 " * 3


def build(project, themes, coder, owner):
    place = {code: Municipality.objects.get(code=code) for code in ("GM0344", "GM0363", "GM0014")}
    specs = {
        "A": ("gemeente", 2020, place["GM0344"]),
        "B": ("jgz", 2021, place["GM0363"]),
        "C": ("jgz", 2021, place["GM0014"]),
        "D": ("gemeente", 2022, place["GM0344"]),
        "E": ("jgz", None, None),
    }
    cases = {
        key: Interview.objects.create(
            project=project,
            title=f"Interview {key}",
            text=TEXT,
            stakeholder_group=group,
            year=year,
            municipality=municipality,
        )
        for key, (group, year, municipality) in specs.items()
    }
    codings = [
        ("A", coder, 0, 10, ["samenwerking"]),
        ("A", coder, 5, 15, ["personeelstekort"]),
        ("A", coder, 20, 30, ["financiering", "knelpunten"]),
        ("B", coder, 0, 10, ["samenwerking"]),
        ("B", coder, 12, 20, ["samenwerking"]),
        ("C", coder, 0, 5, ["financiering"]),
        ("E", owner, 0, 5, ["personeelstekort"]),
    ]
    passages = []
    for key, user, start, end, names in codings:
        passage = Passage.select(cases[key], user, start, end)
        passage.save()
        passage.code([themes[name] for name in names])
        passages.append(passage)
    coalition = Indicator.objects.create(code="coalitie-t", name="Coalitie (test)", value_type="yes_no")
    weight = Indicator.objects.create(code="gewicht-t", name="Gewicht (test)", value_type="percentage", unit="%")
    Observation.objects.bulk_create(
        [
            Observation(indicator=coalition, municipality=place["GM0344"], year=2020, value=1),
            Observation(indicator=coalition, municipality=place["GM0363"], year=2021, value=0),
            Observation(indicator=weight, municipality=place["GM0344"], year=2020, value=Decimal("6.0")),
            Observation(indicator=weight, municipality=place["GM0363"], year=2021, value=Decimal("5.0")),
            Observation(indicator=weight, municipality=None, year=2021, value=Decimal("5.5")),
        ]
    )
    return cases, passages, coalition, weight
