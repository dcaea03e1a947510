"""From codes to findings (issue 19): code-combination queries with each relation over the study (≤ 500 ms),
the summary grid of 200 interviews × 10 themes (≤ 500 ms) and word frequencies for a theme (≤ 300 ms)."""

from urllib.parse import urlencode

from ..models import GridRows, SummaryGrid
from ..span_sets import RELATIONS, WITH_DISTANCE
from ..summary_grid import create_grid
from .scenarios import url


def findings(bench):
    queries(bench)
    grid(bench)
    word_frequencies(bench)


def queries(bench):
    study, slug = bench.study, bench.slug
    top = [theme for theme in study.themes if theme.parent_id is None]
    first, second = top[0], top[1]
    label = f"{first.name} (with subthemes) and {second.name}, 200 interviews, {study.counts.get('codings')} codings"
    for relation in ("", "and", "not", *RELATIONS):
        query = {"left_themes": [first.pk]}
        if relation == "and":
            query.update(left_themes=[first.pk, second.pk], left_combine="all")
        elif relation == "not":
            query.update(left_exclude=[second.pk])
        elif relation:
            query.update(relation=relation, right_themes=[second.pk])
            if relation in WITH_DISTANCE:
                query["distance"] = 10
        name = f"query_{relation or 'one_theme'}"
        bench.timed(
            name,
            f"code-combination query ({relation or 'one theme'}): {label}",
            url("interviews:query_builder", slug, query=urlencode(query, doseq=True)),
            10,
            500,
        )


def grid(bench):
    """The summary grid of every interview × 10 themes (the first ten in codebook order), made as the page would."""
    study, slug = bench.study, bench.slug
    themes = list(study.project.themes.in_tree_order())[:10]
    made = SummaryGrid(project=study.project, name="bench", rows=GridRows.INTERVIEW)
    made = create_grid(made, themes, bench.study.owner)
    bench.timed(
        "grid_200x10",
        f"summary grid, {study.counts.get('interviews')} interviews × {len(themes)} themes",
        url("interviews:grid_detail", slug, made.pk),
        10,
        500,
    )


def word_frequencies(bench):
    """The word-frequency page of a top theme (with its subthemes): its first view, counted in the database (each
    of the six top themes once, so no count is kept yet); seen again (the counts kept); and compared with the rest.
    """
    study, slug = bench.study, bench.slug
    tops = [theme for theme in study.themes if theme.parent_id is None]
    label = f"word frequencies of a top theme (with subthemes), {study.counts.get('interviews')} interviews"

    def page(theme, **extra):
        query = urlencode({"source": "theme", "word_theme": theme.pk, **extra})
        return url("interviews:analysis_words", slug, query=query)

    bench.timed(
        "words_theme",
        label + ", first view (counted)",
        page(tops[0]),
        len(tops),
        300,
        call=lambda i: bench.owner.get(page(tops[i % len(tops)])),
        warmup=0,
        exact=True,
    )
    bench.timed("words_theme_again", label + ", seen again (counts kept)", page(tops[0]), 10, None)
    bench.timed("words_keyness", label + ", keyness against every coded passage", page(tops[0], compare="on"), 10)
