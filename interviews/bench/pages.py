"""Pages a researcher opens all day, the analysis pages and the lemma search, timed against their budgets."""

from .scenarios import url


def pages(bench):
    """Pages a researcher opens all day: the interview of 20,000 words with 500 passages, lists, the codebook."""
    study, slug = bench.study, bench.slug
    bench.timed(
        "open_interview_20k",
        f"open the 20,000-word interview with {study.scale.dense_passages} passages",
        url("interviews:interview_detail", slug, study.dense.pk),
        40,
        50,
    )
    text, themes = study.dense.text, [t.pk for t in study.themes]

    def after_a_coding(i):  # a colleague codes (not timed), so the page must be drawn anew, not taken from cache
        start = bench.rng.randrange(0, len(text) - 200)
        bench.coder.post(
            url("interviews:passage_create", slug, study.dense.pk),
            {
                "start": start,
                "end": start + 50,
                "theme": bench.rng.choice(themes),
                "csrfmiddlewaretoken": bench.coder.cookies["csrftoken"],
            },
            accept_json=True,
        )
        return bench.owner.get(url("interviews:interview_detail", slug, study.dense.pk))

    bench.timed(
        "open_interview_20k_changed",
        "open the 20,000-word interview right after a new coding (drawn anew)",
        url("interviews:interview_detail", slug, study.dense.pk),
        20,
        50,
        call=after_a_coding,
        note="each open follows an untimed coding by another user, so no cached drawing fits",
    )
    bench.timed(
        "open_interview_80k",
        f"open the 80,000-word interview with {study.scale.long_passages} passages",
        url("interviews:interview_detail", slug, study.long.pk),
        10,
    )
    bench.timed("project_page", "project page (interview list)", url("interviews:project_detail", slug), 20)
    bench.timed("codebook", "codebook with counts", url("interviews:codebook", slug), 20)
    root, leaf = study.themes[0], study.themes[-1]
    bench.timed(
        "theme_retrieval_subtree",
        "theme retrieval, a top theme with its subthemes",
        url("interviews:theme_passages", slug, root.pk, query="subthemes=1"),
        20,
    )
    bench.timed(
        "theme_retrieval_leaf", "theme retrieval, one theme", url("interviews:theme_passages", slug, leaf.pk), 20
    )


ANALYSES = [
    ("analysis_attribute_group", "analysis_attribute", "by=stakeholder_group"),
    ("analysis_attribute_year", "analysis_attribute", "by=year"),
    ("analysis_indicator_yes_no", "analysis_indicator", "indicator=bench-indicator-1"),
    ("analysis_indicator_quantiles", "analysis_indicator", "indicator=bench-indicator-2&quantiles=4"),
    ("analysis_trends", "analysis_trends", "indicator=bench-indicator-2"),
    ("analysis_joint_display", "analysis_joint", "indicators=bench-indicator-1&indicators=bench-indicator-2"),
    ("analysis_cooccurrence", "analysis_cooccurrence", ""),
    ("analysis_matrix_csv", "analysis_matrix", ""),
]


def analyses(bench):
    """Each analysis page over the whole study (≤ 300 ms, issue 5)."""
    for name, url_name, query in ANALYSES:
        bench.timed(
            name,
            f"analysis: {url_name.removeprefix('analysis_')} {query}".strip(),
            url(f"interviews:{url_name}", bench.slug, query=query),
            10,
            300,
        )


def search(bench):
    """Lemma search over the indexed words (≤ 500 ms for 1,000,000 words, issue 7)."""
    words = bench.study.counts.get("indexed_words", 0)
    for name, query in (
        ("lemma_search", "q=gemeenten&mode=lemma"),
        ("lemma_search_phrase", "q=kansrijke+start&mode=lemma"),
    ):
        bench.timed(
            name,
            f"lemma search {query.split('&')[0]} over {words} indexed words",
            url("interviews:text_search", bench.slug, query=query),
            10,
            500,
        )
