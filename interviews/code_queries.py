"""Code-combination queries: where in the transcripts themes come together, apart, or near each other.

A query (`Definition`, kept by name as a models.CodeQuery) names a theme set, optionally a relation and a
second theme set, and the interviews to look in:
  - a `ThemeSet` is themes combined with "any" (OR: coded with one of them) or "all" (AND: coded with each of
    them at once), minus the stretches coded with its `exclude` themes (NOT). A theme counts with its
    subthemes, as in the analyses. Its region is the characters so coded (span_sets.region/both/without);
  - without a relation, each stretch of the first set's region is a hit;
  - with one (span_sets.RELATIONS), each stretch of the first set that stands in it to a stretch of the second
    gives a hit: their intersection (overlap, inside) or the stretch from the first start to the last end
    (same turn, same sentence, within N words, followed within N words);
  - the interviews are those of the analysis filters (`filters`, a query string of AnalysisFilterForm: coder,
    stakeholder group, municipality, year, label, case variable) and, optionally, an indicator's value for the
    interview's municipality and year within a range. Blind coding rounds are respected (Selection.seen_by).

`run()` returns the hits in a selection (selection.query_hits() runs a definition with its own filters);
`code_hits()` codes them with a theme as the user's passages, as search-and-code does; `passage_ids()` is what
a saved query filters the analyses, summary and exports by: the passages that share a character with a hit.
"""

from array import array
from collections import defaultdict
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import NamedTuple

from django.core.cache import caches
from django.db import transaction
from django.db.models import Exists, Max, OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from monitor.models import Observation

from . import span_sets
from .models import Action, Coding, Interview, Origin, Passage, Segment, Source, Subject
from .models.history import SNAPSHOT_FIELDS, fields_of, snapshot

ANY, ALL = "any", "all"
MAX_DISTANCE = 200  # words, for "within N words" and "followed by"
CONTEXT = 120
RELATION_NAMES = dict(
    zip(
        span_sets.RELATIONS,
        [
            gettext_lazy("overlapt met"),
            gettext_lazy("ligt binnen (of omvat)"),
            gettext_lazy("in dezelfde sprekersbeurt als"),
            gettext_lazy("in dezelfde zin als"),
            gettext_lazy("binnen N woorden van"),
            gettext_lazy("gevolgd door (binnen N woorden)"),
        ],
        strict=True,
    )
)
# The same with the distance chosen, for a saved query in words ("binnen 10 woorden van").
DISTANCE_NAMES = {
    "near": gettext_lazy("binnen %(n)s woorden van"),
    "followed_by": gettext_lazy("gevolgd door (binnen %(n)s woorden)"),
}


@dataclass(frozen=True)
class ThemeSet:
    themes: tuple = ()
    combine: str = ANY
    exclude: tuple = ()


@dataclass(frozen=True)
class Definition:
    left: ThemeSet
    relation: str = ""
    right: ThemeSet | None = None
    distance: int = 0
    filters: str = ""
    indicator: str = ""
    indicator_from: str = ""
    indicator_to: str = ""

    def as_json(self):
        return asdict(self)

    @classmethod
    def from_json(cls, data):
        def theme_set(value):
            if not value:
                return None
            return ThemeSet(tuple(value.get("themes", ())), value.get("combine", ANY), tuple(value.get("exclude", ())))

        data = dict(data)
        return cls(**{**data, "left": theme_set(data.get("left")) or ThemeSet(), "right": theme_set(data.get("right"))})

    def theme_sets(self):
        return [self.left] + ([self.right] if self.relation and self.right else [])


class Hit(NamedTuple):
    """A stretch the query found (a tuple: a query over the study makes tens of thousands, and a frozen
    dataclass took 106 ms for 13,834 of them); title, text and the words around it once add_context() ran."""

    interview_id: int
    start: int
    end: int
    title: str = ""
    text: str = ""
    left: str = ""
    right: str = ""


def interviews(definition, chosen):
    """The selection's interviews, narrowed by the indicator range for their municipality and year."""
    qs = chosen.interviews()
    if not definition.indicator:
        return qs
    values = Observation.objects.filter(
        indicator__code=definition.indicator, municipality=OuterRef("municipality"), year=OuterRef("year")
    )
    if definition.indicator_from != "":
        values = values.filter(value__gte=Decimal(definition.indicator_from))
    if definition.indicator_to != "":
        values = values.filter(value__lte=Decimal(definition.indicator_to))
    return qs.filter(Exists(values))


def subtheme_map(project):
    """Each theme id of the project → itself and the ids of every theme below it."""
    pairs = list(project.themes.values_list("id", "parent_id"))
    children = defaultdict(list)
    for pk, parent in pairs:
        children[parent].append(pk)

    def below(pk):
        ids = {pk}
        for child in children.get(pk, ()):
            ids |= below(child)
        return ids

    return {pk: below(pk) for pk, _ in pairs}


def run(definition, chosen):
    """The query's hits in the interviews of `chosen` (the selection.Selection of its filters, as its reader may
    see it: selection.query_hits() makes it), sorted by interview and offset (no context)."""
    under = subtheme_map(chosen.project)
    wanted = {sub for ts in definition.theme_sets() for pk in ts.themes + ts.exclude for sub in under.get(pk, ())}
    # From the codings of the wanted themes (they are the project's), filtered on their passages' columns: SQLite
    # walks the index on tag and looks each passage up. A passage subquery made it walk every passage's codings
    # instead, 425 ms for 20 themes of the bench study against 30 ms.
    rows = Coding.objects.filter(tag_id__in=wanted).by_coder(chosen.coder)
    if chosen.narrows_interviews():
        rows = rows.in_interviews(chosen.interviews())
    if definition.indicator:
        rows = rows.in_interviews(interviews(definition, chosen))
    rows = (
        chosen.visible(rows)
        .order_by()
        .values_list("content_object__interview_id", "tag_id", "content_object__start", "content_object__end")
    )
    coded = defaultdict(lambda: defaultdict(list))  # interview → theme → spans
    for interview_id, theme_id, start, end in rows:
        coded[interview_id][theme_id].append((start, end))
    hits = []
    pairs = {}
    for interview_id, spans in coded.items():
        left = _region(definition.left, spans, under)
        if not definition.relation:
            hits += [Hit(interview_id, start, end) for start, end in left]
        elif left:
            right = _region(definition.right, spans, under)
            if right:
                pairs[interview_id] = (left, right)
    for interview_id, layout in _layouts(definition.relation, pairs).items():
        left, right = pairs[interview_id]
        found = span_sets.related(definition.relation, left, right, layout, definition.distance)
        hits += [Hit(interview_id, start, end) for start, end in found]
    return sorted(hits)


def _region(theme_set, spans, under):
    def coded_with(pk):
        return span_sets.region(span for sub in under.get(pk, ()) for span in spans.get(sub, ()))

    regions = [coded_with(pk) for pk in theme_set.themes]
    if not regions:
        return []
    if theme_set.combine == ALL:
        found = regions[0]
        for other in regions[1:]:
            found = span_sets.both(found, other)
    else:
        found = span_sets.region(span for one in regions for span in one)
    for pk in theme_set.exclude:
        found = span_sets.without(found, coded_with(pk))
    return found


def _layouts(relation, pairs):
    """A span_sets.Layout for each interview in `pairs`, with what the relation needs read from the database."""
    layouts = {pk: span_sets.Layout() for pk in pairs}
    kind = {span_sets.SAME_TURN: Segment.Kind.TURN, span_sets.SAME_SENTENCE: Segment.Kind.SENTENCE}.get(relation)
    if kind:
        for pk, spans in unit_spans(list(pairs), kind).items():
            setattr(layouts[pk], "turns" if kind == Segment.Kind.TURN else "sentences", spans)
    elif relation in span_sets.WITH_DISTANCE:
        for pk, text in Interview.objects.filter(pk__in=list(pairs)).values_list("pk", "text"):
            layouts[pk].text = text
    return layouts


def unit_spans(interview_ids, kind):
    """Each interview's turns or sentences as sorted (start, end) spans.

    Kept in a cache of this process under the interview's id, creation time and text version: segments change
    only when a correction adds a version (models/text_versions.py), so a kept entry is never stale. Reading the
    250,000 sentences of the bench study took 260–450 ms a query; kept, the whole relation stays within 500 ms.
    An interview without segments of the kind is not kept (its segments may be on their way from an import)."""
    versions = (
        Interview.objects.filter(pk__in=interview_ids)
        .annotate(last=Max("text_versions__number"))
        .values_list("pk", "created_at", "last")
    )
    keys = {pk: f"units:{kind}:{pk}:{made.timestamp()}:{last or 0}" for pk, made, last in versions}
    units = caches["units"]
    kept = units.get_many(list(keys.values()))
    found = {pk: _pairs(kept[key]) for pk, key in keys.items() if key in kept}
    missing = [pk for pk in keys if pk not in found]
    if missing:
        rows = Segment.objects.filter(interview_id__in=missing, kind=kind).order_by()
        read = defaultdict(list)
        for pk, start, end in rows.values_list("interview_id", "start", "end"):
            read[pk].append((start, end))
        packed = {}
        for pk, spans in read.items():
            spans.sort()
            found[pk] = spans
            packed[keys[pk]] = array("I", [offset for span in spans for offset in span]).tobytes()
        units.set_many(packed, timeout=None)
    return found


def _pairs(packed):
    offsets = array("I")
    offsets.frombytes(packed)
    return list(zip(offsets[::2], offsets[1::2], strict=True))


def describe(definition, project):
    """The query in words, e.g. "financiering EN knelpunten, in dezelfde sprekersbeurt als: ouders"."""
    names = dict(project.themes.values_list("pk", "name"))

    def theme_set(ts):
        joiner = _(" EN ") if ts.combine == ALL else _(" OF ")
        words = joiner.join(names.get(pk, _("(verwijderd thema)")) for pk in ts.themes)
        if ts.exclude:
            words += _(", NIET ") + _(" of ").join(names.get(pk, _("(verwijderd thema)")) for pk in ts.exclude)
        return words

    words = theme_set(definition.left)
    if definition.relation:
        if definition.relation in DISTANCE_NAMES:
            relation = DISTANCE_NAMES[definition.relation] % {"n": definition.distance}
        else:
            relation = str(RELATION_NAMES[definition.relation])
        words += f" — {relation} — {theme_set(definition.right)}"
    return words


def describe_scope(definition, chosen):
    """Where the query looks, in words: the analysis filters and the indicator range."""
    words = chosen.describe()
    if definition.indicator:
        low = definition.indicator_from or "…"
        high = definition.indicator_to or "…"
        words += _("; indicator %(code)s van %(low)s tot en met %(high)s") % {
            "code": definition.indicator,
            "low": low,
            "high": high,
        }
    return words


def add_context(hits, width=CONTEXT):
    """The hits with their interview's title, exact text and the words around them."""
    texts = dict(Interview.objects.filter(pk__in={hit.interview_id for hit in hits}).values_list("pk", "text"))
    titles = dict(Interview.objects.filter(pk__in=texts).values_list("pk", "title"))
    out = []
    for hit in hits:
        text = texts[hit.interview_id]
        left = text[max(0, hit.start - width) : hit.start]
        right = text[hit.end : hit.end + width]
        out.append(
            Hit(hit.interview_id, hit.start, hit.end, titles[hit.interview_id], text[hit.start : hit.end], left, right)
        )
    return out


def passage_ids(hits, passages):
    """Ids of the passages (a queryset) that share a character with a hit."""
    by_interview = defaultdict(list)
    for hit in hits:
        by_interview[hit.interview_id].append((hit.start, hit.end))
    rows = passages.filter(interview_id__in=list(by_interview)).values_list("pk", "interview_id", "start", "end")
    ids = set()
    for pk, interview_id, start, end in rows:
        spans = by_interview[interview_id]
        if any(s < end and start < e for s, e in spans):
            ids.add(pk)
    return ids


@transaction.atomic
def code_hits(hits, theme, coder):
    """Code each hit with `theme` as `coder`'s passage (their own passage over the same span gets the theme);
    returns how many."""
    chosen = sorted(set(hits))
    found = Interview.objects.in_bulk({hit.interview_id for hit in chosen})
    actions = []
    for hit in chosen:
        interview = found[hit.interview_id]
        passage, created = Passage.code_span(interview, coder, hit.start, hit.end, [])
        before = {} if created else snapshot(Subject.PASSAGE, passage)
        passage.code([theme], origin=Origin.QUERY)
        after = fields_of(passage, SNAPSHOT_FIELDS[Subject.PASSAGE])
        after["themes"] = sorted({*before.get("themes", []), theme.pk})
        if before != after:
            verb = "create" if created else "code"
            actions.append(
                Action.build(
                    theme.project,
                    coder,
                    Subject.PASSAGE,
                    verb,
                    subject_id=passage.pk,
                    label=passage.text[:80],
                    before=before,
                    after=after,
                    interview=interview,
                    source=Source.QUERY,
                )
            )
    Action.store(actions)
    return len(chosen)
