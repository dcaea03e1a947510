"""From codes to findings (issue 19): code-combination queries with each relation over the study (≤ 500 ms),
the summary grid of 200 interviews × 10 themes (≤ 500 ms) and word frequencies for a theme (≤ 300 ms)."""

from urllib.parse import urlencode

from ..span_sets import RELATIONS, WITH_DISTANCE
from .scenarios import url


def findings(bench):
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
