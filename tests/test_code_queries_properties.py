"""Code-combination queries against a brute-force reading of the same passages, character by character.

The brute force knows nothing of sorted spans or bisection: it turns every passage into a set of character
positions, combines themes with set operations, splits the result into maximal runs and tries every pair of
runs for each relation. Hypothesis draws the text (words, punctuation, line breaks), the turns, the sentences
and the passages; the pure module (span_sets) and the whole query over the database (code_queries.run) must
give the same hits.
"""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interviews import code_queries, span_sets
from interviews.code_queries import ALL, ANY, Definition, ThemeSet
from interviews.models import Interview, Passage, Segment, Theme
from interviews.selection import query_hits

RELATIONS = ["", *span_sets.RELATIONS]


def positions(spans):
    return {i for start, end in spans for i in range(start, end)}


def runs(chars):
    """Maximal runs of consecutive positions, as (start, end)."""
    out = []
    for i in sorted(chars):
        if out and out[-1][1] == i:
            out[-1] = (out[-1][0], i + 1)
        else:
            out.append((i, i + 1))
    return out


def words_wholly_in(text, low, high):
    return sum(1 for m in re.finditer(r"\w+", text) if m.start() >= low and m.end() <= high)


def brute_related(relation, a_runs, b_runs, text, turns, sentences, distance):
    hits = set()
    for a in a_runs:
        for b in b_runs:
            ca, cb = set(range(*a)), set(range(*b))
            if relation == span_sets.OVERLAP and ca & cb:
                hits.add((min(ca & cb), max(ca & cb) + 1))
            elif relation == span_sets.INSIDE and (ca <= cb or cb <= ca):
                hits.add(a if ca <= cb else b)
            elif relation in (span_sets.SAME_TURN, span_sets.SAME_SENTENCE):
                units = turns if relation == span_sets.SAME_TURN else sentences
                if any(set(range(*u)) & ca and set(range(*u)) & cb for u in units):
                    hits.add((min(a[0], b[0]), max(a[1], b[1])))
            elif relation == span_sets.NEAR:
                if ca & cb:
                    gap = 0
                elif b[0] >= a[1]:
                    gap = words_wholly_in(text, a[1], b[0])
                else:
                    gap = words_wholly_in(text, b[1], a[0])
                if gap <= distance:
                    hits.add((min(a[0], b[0]), max(a[1], b[1])))
            elif relation == span_sets.FOLLOWED_BY and b[0] >= a[1]:
                if words_wholly_in(text, a[1], b[0]) <= distance:
                    hits.add((a[0], b[1]))
    return sorted(hits)


@st.composite
def texts(draw):
    pieces = draw(st.lists(st.sampled_from(["zorg", "ab", "x", " ", " ", ". ", ", ", "-", "\n", "’"]), max_size=60))
    return "".join(pieces) or "x"


@st.composite
def layouts(draw):
    """A text with its lines as turns and random disjoint sentences."""
    text = draw(texts())
    turns, offset = [], 0
    for line in text.split("\n"):
        if line:
            turns.append((offset, offset + len(line)))
        offset += len(line) + 1
    cuts = sorted(set(draw(st.lists(st.integers(0, len(text)), max_size=12))) | {0, len(text)})
    sentences = [(s, e) for s, e in zip(cuts, cuts[1:], strict=False) if draw(st.booleans())]
    return text, turns, sentences


def spans_in(length):
    return st.lists(st.tuples(st.integers(0, length - 1), st.integers(1, 12)).map(lambda p: (p[0], p[0] + p[1])))


@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_region_algebra_equals_sets_of_characters(data):
    a = data.draw(spans_in(80))
    b = data.draw(spans_in(80))
    assert span_sets.region(a) == runs(positions(a))
    assert span_sets.both(span_sets.region(a), span_sets.region(b)) == runs(positions(a) & positions(b))
    assert span_sets.without(span_sets.region(a), span_sets.region(b)) == runs(positions(a) - positions(b))


@settings(max_examples=600, deadline=None)
@given(data=st.data(), relation=st.sampled_from(span_sets.RELATIONS), distance=st.integers(0, 6))
def test_every_relation_equals_trying_every_pair(data, relation, distance):
    text, turns, sentences = data.draw(layouts())
    a = span_sets.region(s for s in data.draw(spans_in(len(text))) if s[1] <= len(text))
    b = span_sets.region(s for s in data.draw(spans_in(len(text))) if s[1] <= len(text))
    layout = span_sets.Layout(turns=turns, sentences=sentences, text=text)
    expected = brute_related(relation, a, b, text, turns, sentences, distance)
    assert span_sets.related(relation, a, b, layout, distance) == expected


# --- the whole query over the database: themes with subthemes, any/all/not, coder and blind filters ---

TEXT = (
    "Interviewer: Hoe gaat de samenwerking? Is er geld voor?\n"
    "Wethouder: De financiering is krap. Er is een tekort aan personeel, en de wachtlijst groeit.\n"
    "Interviewer: En de verloskundigen?\n"
    "Wethouder: Zij doen mee, maar de uren zijn niet betaald. Dat blijft een knelpunt in de wijk.\n"
)


@pytest.fixture
def study(project, owner, coder, themes):
    interview = Interview.objects.create(project=project, title="Utrecht", text=TEXT, created_by=owner)
    offset, turns = 0, []
    for line in TEXT.split("\n"):
        if line:
            turns.append((offset, offset + len(line), line.split(":")[0], None, None))
        offset += len(line) + 1
    sentences = [(m.start(), m.end(), "") for m in re.finditer(r"[^.?!\n]+[.?!]", TEXT)]
    interview.add_segments(turns, sentences)
    return interview


def brute_query(definition, passages, under, text, turns, sentences):
    """The query by sets of characters: passages are (start, end, theme ids)."""

    def coded_with(pk):
        return positions((s, e) for s, e, ids in passages if ids & under[pk])

    def region_of(theme_set):
        if not theme_set.themes:
            return set()
        sets = [coded_with(pk) for pk in theme_set.themes]
        chars = set.intersection(*sets) if theme_set.combine == ALL else set.union(*sets)
        for pk in theme_set.exclude:
            chars -= coded_with(pk)
        return chars

    left = runs(region_of(definition.left))
    if not definition.relation:
        return left
    right = runs(region_of(definition.right))
    return brute_related(definition.relation, left, right, text, turns, sentences, definition.distance)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_a_saved_query_finds_what_the_brute_force_finds(data, study, themes, coder, owner):
    Passage.objects.filter(interview=study).delete()
    ids = [theme.pk for theme in themes.values()]
    drawn = []
    for _ in range(data.draw(st.integers(0, 9))):
        start = data.draw(st.integers(0, len(TEXT) - 2))
        end = data.draw(st.integers(start + 1, min(len(TEXT), start + 60)))
        chosen = data.draw(st.sets(st.sampled_from(ids), min_size=1, max_size=2))
        who = data.draw(st.sampled_from([coder, owner]))
        passage = Passage.select(study, who, start, end)
        passage.save()
        passage.code(list(Theme.objects.filter(pk__in=chosen)))
        drawn.append((start, end, chosen, who))

    def theme_set():
        return ThemeSet(
            tuple(data.draw(st.lists(st.sampled_from(ids), min_size=1, max_size=2, unique=True))),
            data.draw(st.sampled_from([ANY, ALL])),
            tuple(data.draw(st.lists(st.sampled_from(ids), max_size=1))),
        )

    relation = data.draw(st.sampled_from(RELATIONS))
    by_coder = data.draw(st.booleans())
    definition = Definition(
        left=theme_set(),
        relation=relation,
        right=theme_set() if relation else None,
        distance=data.draw(st.integers(0, 8)),
        filters=f"coder={coder.pk}" if by_coder else "",
    )
    under = code_queries.subtheme_map(study.project)
    passages = [(s, e, chosen) for s, e, chosen, who in drawn if not by_coder or who == coder]
    turns = list(study.segments.filter(kind=Segment.Kind.TURN).values_list("start", "end"))
    sentences = list(study.segments.filter(kind=Segment.Kind.SENTENCE).values_list("start", "end"))
    expected = brute_query(definition, passages, under, TEXT, turns, sentences)
    found = query_hits(definition, study.project, owner)
    assert [(hit.start, hit.end) for hit in found] == expected
    assert {hit.interview_id for hit in found} <= {study.pk}
