"""A small study whose theme summary and codings table are worked out by hand in the report tests.

Interviews (coder `cees` unless said otherwise):
  A  gemeente     2021 Utrecht    P1 samenwerking "De coördinatie …"   P2 personeelstekort
                                  P3 samenwerking + financiering (by `olga`, the <script> sentence)
  B  jgz          2021 Amsterdam  P4 samenwerking   P5 samenwerking (starred)
  C  verloskunde  2022 Groningen  P6 samenwerking
  D  gemeente     2022 Utrecht    P7 without a theme
samenwerking: 5 passages in 3 interviews; gemeente 2/1, verloskundige 1/1, jeugdgezondheidszorg 2/1;
2021 4/2, 2022 1/1. With 3 quotes: P5 (starred), then P1 (gemeente), P6 (verloskunde): one per group in
the groups' fixed order.
"""

from interviews.models import Interview, Memo, Passage
from monitor.models import Municipality

TEXTS = {
    "A": "De coördinatie met de verloskundigen loopt goed. Er is een personeelstekort. "
    "Het budget <script>alert(1)</script> is op.",
    "B": "Het consultatiebureau werkt samen met de kraamzorg. Wij zien elkaar elke week bij het overleg.",
    "C": "Als verloskundige bel ik het wijkteam direct.",
    "D": "Een zin die niemand codeerde maar wel selecteerde.",
}
SPECS = {
    "A": ("gemeente", 2021, "GM0344"),
    "B": ("jgz", 2021, "GM0363"),
    "C": ("verloskunde", 2022, "GM0014"),
    "D": ("gemeente", 2022, "GM0344"),
}
PASSAGES = [  # (interview, phrase, themes, coder is the owner, starred)
    ("A", "De coördinatie met de verloskundigen loopt goed.", ["samenwerking"], False, False),
    ("A", "Er is een personeelstekort.", ["personeelstekort"], False, False),
    ("A", "Het budget <script>alert(1)</script> is op.", ["samenwerking", "financiering"], True, False),
    ("B", "Het consultatiebureau werkt samen met de kraamzorg.", ["samenwerking"], False, False),
    ("B", "Wij zien elkaar elke week bij het overleg.", ["samenwerking"], False, True),
    ("C", "Als verloskundige bel ik het wijkteam direct.", ["samenwerking"], False, False),
    ("D", "Een zin die niemand codeerde", [], False, False),
]


def build(project, themes, coder, owner):
    """The interviews (by key) and passages P1…P7 (a list), plus a memo on samenwerking."""
    cases = {
        key: Interview.objects.create(
            project=project,
            title=f"Interview {key}",
            text=TEXTS[key],
            stakeholder_group=group,
            year=year,
            municipality=Municipality.objects.get(code=code),
        )
        for key, (group, year, code) in SPECS.items()
    }
    passages = []
    for key, phrase, names, by_owner, starred in PASSAGES:
        start = TEXTS[key].index(phrase)
        passage = Passage.select(cases[key], owner if by_owner else coder, start, start + len(phrase))
        passage.starred = starred
        passage.save()
        passage.code([themes[name] for name in names])
        passages.append(passage)
    Memo.objects.create(
        project=project,
        theme=themes["samenwerking"],
        title="Rode draad",
        author=owner,
        text="Samenwerking hangt af van personen, niet van structuren.",
    )
    return cases, passages
