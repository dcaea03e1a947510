"""Word frequencies on lemmas inside spans of text, and the keyness of one set of spans against another.

A span is (interview id, start, end): code points into the interview's canonical text, end exclusive (the
offsets of passages and search hits). Words are read from the word index (models.Token, built once per
interview by textsearch.index_interview), never by running spaCy again: a word counts when its [start, end)
lies inside the union of the spans (overlapping or touching spans are joined first), once however many spans
hold it; the words of speaker labels ("Wethouder:") are not counted.

The counting reads the index through its (interview, start) key: the merged spans go to the database as a table
of ranges, and only the words whose start falls in a range (and whose end does too) are read, grouped by lemma
and lower-case form in SQL. The counts are kept in the cache under the spans and the version of each
interview's word index (form_counts), so a kept count is never stale.

Keyness is Dunning's log-likelihood G² in the two-corpus form of Rayson & Garside (2000), with the p value of
χ² at 1 degree of freedom (scipy) and Hardie's (2014) log ratio as the effect size.
"""

import hashlib
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Max
from django.db.models.functions import Length
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from scipy.stats import chi2
from spacy.lang.nl.stop_words import STOP_WORDS

from . import span_sets
from .cache_calls import cached
from .models import Interview, Token

MAX_STOP_WORDS = 2000
MAX_WORD_LENGTH = 50
SEPARATORS = re.compile(r"[\s,;]+")
COUNTS_KEPT_SECONDS = 24 * 3600  # never stale (see form_counts); a day keeps the cache from filling with them
MAX_RANGES_PER_QUERY = 2000  # 3 parameters each; fewer where the database takes fewer parameters


# --- stop words ---


def parse_words(text):
    """The words of a stop-word field (one a line, or separated by spaces, commas or semicolons), lower case,
    in the order typed, each once."""
    return list(dict.fromkeys(word.lower() for word in SEPARATORS.split(text or "") if word))


def word_problems(words):
    """Dutch messages for words a stop-word list cannot hold: too many, too long, or not only letters."""
    problems = []
    if len(words) > MAX_STOP_WORDS:
        problems.append(_("Hoogstens %(max)s woorden; dit zijn er %(n)s.") % {"max": MAX_STOP_WORDS, "n": len(words)})
    too_long = [word for word in words if len(word) > MAX_WORD_LENGTH]
    if too_long:
        problems.append(
            _("Een woord heeft hoogstens %(max)s tekens: %(word)s…")
            % {"max": MAX_WORD_LENGTH, "word": too_long[0][:60]}
        )
    not_letters = [word for word in words if not all(ch.isalpha() or ch in "'’‘-" for ch in word)]
    if not_letters:
        shown = ", ".join(not_letters[:5])
        problems.append(_("Alleen letters (en ' of -) in een stopwoord; niet: %(words)s.") % {"words": shown})
    return problems


def stop_words(added="", removed=""):
    """spaCy's Dutch stop words with the project's additions, less the words it took out."""
    return (set(STOP_WORDS) | set(parse_words(added))) - set(parse_words(removed))


# --- spans and counts ---


def merge_spans(spans):
    """{interview id: [(start, end), …]} with overlapping or touching spans joined, in text order."""
    by_interview = defaultdict(list)
    for interview_id, start, end in spans:
        if end > start:
            by_interview[interview_id].append((start, end))
    merged = {}
    for interview_id, ranges in by_interview.items():
        ranges.sort()
        joined = [list(ranges[0])]
        for start, end in ranges[1:]:
            if start <= joined[-1][1]:
                joined[-1][1] = max(joined[-1][1], end)
            else:
                joined.append([start, end])
        merged[interview_id] = [tuple(r) for r in joined]
    return merged


def _column(name):
    return connection.ops.quote_name(name)


def _count_sql(n):
    """Words inside n spans, counted by (lemma, lower): the spans as a table joined to the index through its
    (interview, start) key, so only the words inside are read. The same as an ORM filter of n ORed Q objects,
    which SQLite ran as a multi-index OR at 2.2 s for a theme of the bench study; this join takes 0.16 s. SQLite
    gets the spans as VALUES, in chunks under its parameter limit (333 spans with Django's 999); PostgreSQL as three
    arrays in one query (unnest), read by a nested loop over the index: 135–150 ms for the same theme, where VALUES
    in chunks of 2,000 took 290–330 ms."""
    token, lemma, lower = _column(Token._meta.db_table), _column("lemma"), _column("lower")
    interview, start, end = _column("interview_id"), _column("start"), _column("end")
    inside = (
        f"t.{interview} = r.i AND t.{start} >= r.s AND t.{start} < r.e AND t.{end} <= r.e AND NOT t.{_column('label')}"
    )
    spans = (
        "unnest(%s::bigint[], %s::integer[], %s::integer[]) r(i, s, e)"
        if connection.vendor == "postgresql"
        else f"(WITH r(i, s, e) AS (VALUES {', '.join(['(%s, %s, %s)'] * n)}) SELECT * FROM r) r"
    )
    return f"SELECT t.{lemma}, t.{lower}, COUNT(*) FROM {spans} JOIN {token} t ON {inside} GROUP BY 1, 2"


def index_versions(interview_ids):
    """{interview id: what its word index was built from}: creation time, text version, text length and the id of
    its first word (an index is rebuilt as a whole, so that id changes; no word: not indexed yet). The length
    guards a database restored from a backup while the cache (Redis) kept counts of later versions."""
    texts = (
        Interview.objects.filter(pk__in=interview_ids)
        .annotate(last=Max("text_versions__number"), length=Length("text"))
        .values_list("pk", "created_at", "last", "length")
    )
    first = dict(Token.objects.filter(interview_id__in=interview_ids, position=0).values_list("interview_id", "pk"))
    return {pk: (made.timestamp(), last or 0, length, first.get(pk)) for pk, made, last, length in texts}


def form_counts(spans):
    """Counter of (lemma, lower-case form) of the words inside `spans`, each word once.

    Kept in the cache (shared by the app servers where Redis is) under the spans and the versions of their
    interviews' word indexes, so a kept count is never stale: the page and its word cloud, another number of
    words or the keyness count a theme's 222,000 words of the bench study once (190–240 ms of SQL), not each time.
    """
    merged = merge_spans(spans)
    versions = sorted(index_versions(list(merged)).items())
    digest = hashlib.blake2b(repr((versions, sorted(merged.items()))).encode(), digest_size=20).hexdigest()
    key = f"word-counts:2:{digest}"  # 2: speaker labels left out
    kept = cached(cache.get, key)  # a Redis that cannot be reached: counted anew
    if kept is None:
        kept = _count_forms(merged)
        cached(cache.set, key, kept, COUNTS_KEPT_SECONDS)
    return Counter(kept)


def _count_forms(merged):
    ranges = [(pk, start, end) for pk, joined in merged.items() for start, end in joined]
    counts = Counter()
    if not ranges:
        return counts
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_count_sql(len(ranges)), [list(column) for column in zip(*ranges, strict=True)])
            counts.update({(lemma, lower): n for lemma, lower, n in cursor.fetchall()})
            return counts
        size = min(MAX_RANGES_PER_QUERY, (connection.features.max_query_params or 3 * MAX_RANGES_PER_QUERY) // 3)
        for i in range(0, len(ranges), size):
            chunk = ranges[i : i + size]
            cursor.execute(_count_sql(len(chunk)), [value for row in chunk for value in row])
            for lemma, lower, n in cursor.fetchall():
                counts[lemma, lower] += n
    return counts


def interview_form_counts(interviews):
    """Counter of (lemma, lower-case form) of every word of `interviews` (a queryset): the whole texts."""
    rows = (
        Token.objects.filter(interview__in=interviews.values("pk"), label=False)
        .order_by()
        .values_list("lemma", "lower")
        .annotate(n=Count("pk"))
    )
    return Counter({(lemma, lower): n for lemma, lower, n in rows})


# --- frequency tables ---


@dataclass(frozen=True)
class Row:
    lemma: str
    count: int
    share: float  # per cent of the counted words (stop words left out)
    form: str  # the most frequent surface form (lower case)


@dataclass
class Frequencies:
    rows: list  # every lemma, most frequent first (ties alphabetical)
    words: int  # every word inside the spans, stop words included
    counted: int  # the words counted: no stop word, and at least one letter
    lemmas: Counter  # lemma -> count, for keyness

    def top(self, n):
        return self.rows[:n]


def is_counted(lemma, lower, stop):
    return lower not in stop and lemma.lower() not in stop and any(ch.isalpha() for ch in lower)


def table(forms, stop):
    """Frequencies of a Counter of (lemma, form): stop words (as form or lemma) and numbers left out."""
    lemmas, shapes = Counter(), defaultdict(Counter)
    for (lemma, lower), n in forms.items():
        if is_counted(lemma, lower, stop):
            lemmas[lemma] += n
            shapes[lemma][lower] += n
    counted = sum(lemmas.values())
    rows = [
        Row(lemma, n, 100 * n / counted, min(shapes[lemma].items(), key=lambda item: (-item[1], item[0]))[0])
        for lemma, n in sorted(lemmas.items(), key=lambda item: (-item[1], item[0]))
    ]
    return Frequencies(rows, sum(forms.values()), counted, lemmas)


def frequencies(spans, stop_words):
    """The lemmas inside `spans` ((interview id, start, end) tuples) with their count, their share of the
    counted words and their most frequent form; overlapping spans count each word once."""
    return table(form_counts(spans), stop_words)


# --- keyness ---


@dataclass(frozen=True)
class Key:
    lemma: str
    group: int  # occurrences in the group
    rest: int  # occurrences in the rest
    g2: float
    p: float
    log_ratio: float  # log2 of the ratio of relative frequencies: +1 is twice as frequent in the group

    @property
    def more_in_group(self):
        return self.log_ratio > 0


TEST_NAME = gettext_lazy("log-likelihood G² (Dunning 1993; Rayson & Garside 2000), p uit χ² met 1 vrijheidsgraad")
EFFECT_NAME = gettext_lazy("log ratio (Hardie 2014): log₂ van de verhouding van de relatieve frequenties")


def log_likelihood(a, b, c, d):
    """G² of a word seen a times in a corpus of c words and b times in one of d words (Rayson & Garside 2000:
    E1 = c(a+b)/(c+d), E2 = d(a+b)/(c+d), G² = 2(a ln(a/E1) + b ln(b/E2))); a term with a zero count is 0
    (x ln x → 0), so a word absent from one corpus still gets a value. A few lines on the formula: scipy's
    power_divergence would need the whole 2×2 table for the same number."""
    e1, e2 = c * (a + b) / (c + d), d * (a + b) / (c + d)
    return 2 * ((a * math.log(a / e1) if a else 0.0) + (b * math.log(b / e2) if b else 0.0))


def log_ratio(a, b, c, d):
    """Hardie's log ratio, log2((a/c)/(b/d)); a zero count is taken as 0.5 so the ratio stays finite."""
    return math.log2((max(a, 0.5) / c) / (max(b, 0.5) / d))


def keyness(group_counts, rest_counts, group_total=None, rest_total=None):
    """Keys of every lemma of either Counter, most key first (G², then lemma). The corpus sizes are the totals
    given (the words counted) or the sums of the counts; an empty corpus gives no keys."""
    c = group_total if group_total is not None else sum(group_counts.values())
    d = rest_total if rest_total is not None else sum(rest_counts.values())
    if not c or not d:
        return []
    keys = []
    for lemma in set(group_counts) | set(rest_counts):
        a, b = group_counts.get(lemma, 0), rest_counts.get(lemma, 0)
        g2 = log_likelihood(a, b, c, d)
        keys.append(Key(lemma, a, b, g2, float(chi2.sf(g2, 1)), log_ratio(a, b, c, d)))
    keys.sort(key=lambda k: (-k.g2, k.lemma))
    return keys


# --- what is counted: the passages of a theme or a stakeholder group, whole texts, or any spans (query hits) ---


@dataclass
class Corpus:
    """What is counted: `spans`, a list of (interview id, start, end) tuples or a Passage queryset (read only
    when counted), or with `interviews` (an Interview queryset) their whole texts."""

    label: str
    spans: object = None
    interviews: object = None

    def span_list(self):
        return passage_spans(self.spans) if hasattr(self.spans, "values_list") else list(self.spans or [])

    def forms(self, also=()):
        """Counter of (lemma, form) of the corpus's words, with those of the spans `also` (each word once)."""
        if self.interviews is not None:
            return interview_form_counts(self.interviews)
        return form_counts(self.span_list() + list(also))


def passage_spans(passages):
    return list(passages.order_by().values_list("interview_id", "start", "end"))


def theme_corpora(selection, theme):
    """(the passages coded with `theme` or a subtheme, every passage of the selection): what the reader may
    see of them (a selection seen_by a user hides other coders' passages in a blind round)."""
    label = _("passages met thema ‘%(theme)s’ (met subthema's)") % {"theme": theme.name}
    mine = selection.coded_with(theme.descendant_ids())
    return Corpus(label, mine), Corpus(_("alle gecodeerde passages"), selection.passages())


def query_corpora(selection):
    """(the stretches a saved code-combination query found, every coded passage of the selection without that
    query): the hits as the reader may see them, in the interviews the page's other filters keep, and with a coder
    chosen only where that coder's passages lie; a word inside two overlapping hits counts once."""
    rest = replace(selection, query=None, query_hits=None, query_ids=None)
    kept = set(rest.interviews().values_list("pk", flat=True))
    hits = [(hit.interview_id, hit.start, hit.end) for hit in selection.hits() if hit.interview_id in kept]
    if selection.coder is not None:
        coded = defaultdict(list)
        for pk, start, end in passage_spans(rest.passages().filter(interview_id__in={h[0] for h in hits})):
            coded[pk].append((start, end))
        hits = [
            (pk, start, end)
            for pk, spans in merge_spans(hits).items()
            for start, end in span_sets.both(spans, span_sets.region(coded[pk]))
        ]
    label = _("treffers van zoekvraag ‘%(name)s’") % {"name": selection.query.name}
    return Corpus(label, hits), Corpus(_("alle gecodeerde passages"), rest.passages())


def group_corpora(selection, group, label, whole_text=False):
    """(the coded passages, or with `whole_text` the whole texts, of the interviews of stakeholder group `group`,
    the same of every interview of the selection)."""
    interviews = selection.interviews()
    if whole_text:
        mine = interviews.filter(stakeholder_group=group)
        return (
            Corpus(_("hele tekst van de interviews van %(group)s") % {"group": label}, interviews=mine),
            Corpus(_("hele tekst van alle interviews"), interviews=interviews),
        )
    mine = selection.passages().filter(interview__stakeholder_group=group)
    label = _("gecodeerde passages in interviews van %(group)s") % {"group": label}
    return Corpus(label, mine), Corpus(_("alle gecodeerde passages"), selection.passages())


@dataclass
class Result:
    corpus: Corpus
    frequencies: Frequencies
    stop_count: int
    filters: str
    rest: Frequencies | None = None
    keys: list | None = None

    def describe(self):
        """What an export says about its counts."""
        lines = [
            _("Filters: %(filters)s") % {"filters": self.filters},
            _("Bron: %(label)s.") % {"label": self.corpus.label},
            _(
                "Woorden: %(words)s, waarvan %(counted)s geteld (zonder stopwoorden en getallen); "
                "lemma's uit de woordindex."
            )
            % {"words": self.frequencies.words, "counted": self.frequencies.counted},
            _("Stopwoorden: %(n)s (de Nederlandse lijst van spaCy met de aanpassingen van het project).")
            % {"n": self.stop_count},
        ]
        if self.keys is not None:
            lines += [
                _("Keyness tegen de rest (%(words)s getelde woorden). Toets: %(test)s. Effectgrootte: %(effect)s.")
                % {"words": self.rest.counted, "test": TEST_NAME, "effect": EFFECT_NAME},
            ]
        return lines


def analyse(corpus, everything, stop, filters="", compare=False):
    """The Result of `corpus`, and with `compare` its keyness against the rest of `everything` (the corpus's
    words are taken out of everything's, each word counted once, so the rest never holds the corpus's words)."""
    spans = corpus.span_list() if corpus.interviews is None else []
    forms = corpus.forms() if corpus.interviews is not None else form_counts(spans)
    result = Result(corpus, table(forms, stop), len(stop), filters)
    if compare:
        result.rest = table(everything.forms(also=spans) - forms, stop)
        result.keys = keyness(
            result.frequencies.lemmas, result.rest.lemmas, result.frequencies.counted, result.rest.counted
        )
    return result


def sheets(result, top):
    """The result as sheets (title, header, rows): the `top` lemmas, and the `top` keys when compared."""
    frequencies = (
        _("woordfrequenties"),
        [_("lemma"), _("meest voorkomende vorm"), _("aantal"), _("% van de getelde woorden")],
        [[row.lemma, row.form, row.count, round(row.share, 2)] for row in result.frequencies.top(top)],
    )
    if result.keys is None:
        return [frequencies]
    keys = (
        _("keyness"),
        [_("lemma"), _("aantal (groep)"), _("aantal (rest)"), "G²", "p", _("log ratio"), _("vaker in")],
        [
            [k.lemma, k.group, k.rest, round(k.g2, 2), float(f"{k.p:.3g}"), round(k.log_ratio, 2), _direction(k)]
            for k in result.keys[:top]
        ],
    )
    return [frequencies, keys]


def _direction(key):
    return _("groep") if key.more_in_group else _("rest")
