"""The bench (`manage.py bench`, interviews/bench/): its study builder, its HTTP client and its report, kept
small and fast here so they cannot rot; the real run is `make bench`."""

import json
from dataclasses import replace

import pytest

from interviews.bench import agreement, coding, corrections, report, review, scenarios, study
from interviews.bench.client import Session, percentile, summarise
from interviews.models import Coding, Interview, Passage, Segment, Token
from interviews.textsearch import index_interview
from interviews.transcripts.text import find_turns
from monitor.models import Observation

# Smaller than `--scale small`, to keep the suite fast.
SMALL = replace(
    study.SCALES["small"],
    interviews=3,
    words=800,
    long_words=3_000,
    dense_words=1_500,
    codings=400,
    municipalities=5,
    indexed_words=1_000,
)


@pytest.fixture
def small_study(db):
    return study.build(SMALL)


def test_generated_transcript_has_the_turns_the_importer_finds():
    import random

    text, turns = study.transcript(random.Random(1), 2_000)
    assert turns == find_turns(text)
    assert 1_900 < len(text.split()) < 2_400


def test_small_study_has_the_promised_shape_and_exact_passages(small_study):
    project = small_study.project
    assert project.interviews.count() == SMALL.interviews + 2
    assert Coding.objects.filter(content_object__interview__project=project).count() == SMALL.codings
    assert Coding.objects.filter(content_object__interview=small_study.dense).count() == SMALL.dense_codings
    assert small_study.dense.passages.count() == SMALL.dense_passages
    themes = project.themes.in_tree_order()
    assert len(themes) == 60 and max(t.depth for t in themes) == 2
    assert Observation.objects.filter(municipality__isnull=False).count() == SMALL.municipalities * SMALL.indicators * 2
    assert Token.objects.filter(interview__project=project).count() == small_study.counts["indexed_words"] >= 1_000
    assert small_study.small_project.interviews.get().text == small_study.dense.text
    assert len(set(project.themes.values_list("name", flat=True))) == 60


def test_built_lemma_index_is_the_one_the_app_builds(small_study):
    columns = ("position", "start", "end", "lower", "lemma", "sentence", "label")
    tokens = Token.objects.filter(interview=small_study.dense).order_by("position")
    built = list(tokens.values_list(*columns))
    index_interview(small_study.dense)
    assert built == list(tokens.values_list(*columns)) and len(built) > 1_000
    assert any(row[-1] for row in built), "the speaker labels' words are marked"
    texts = dict(Interview.objects.values_list("pk", "text"))
    for interview_id, start, end, text in Passage.objects.values_list("interview_id", "start", "end", "text"):
        assert texts[interview_id][start:end] == text
    long = small_study.long
    stored = list(Segment.objects.filter(interview=long, kind=Segment.Kind.TURN).values_list("start", "end", "speaker"))
    assert stored == find_turns(long.text)


def test_percentiles_and_summary():
    samples = [float(n) for n in range(1, 101)]
    assert percentile(samples, 0.95) == 95.0
    assert summarise(samples) == {"n": 100, "median_ms": 50.5, "p95_ms": 95.0, "max_ms": 100.0}
    assert summarise([])["median_ms"] is None


def test_verdict_uses_the_statistic_the_budget_names():
    entry = {"n": 10, "failures": 0, "budget_ms": 20, "budget_stat": "p95", "median_ms": 10, "p95_ms": 25}
    assert scenarios.verdict(entry) == "MISS"
    assert scenarios.verdict(dict(entry, budget_stat="median")) == "PASS"
    assert scenarios.verdict(dict(entry, budget_ms=None)) == "info"
    assert scenarios.verdict(dict(entry, failures=1)) == "error"


def test_report_table_and_json_keep_stable_names(tmp_path):
    results = [
        {
            "name": "apply_theme_20k",
            "label": "x",
            "n": 3,
            "median_ms": 9.5,
            "p95_ms": 12.0,
            "max_ms": 12.0,
            "failures": 0,
            "budget_ms": 20,
            "budget_stat": "p95",
            "status": "PASS",
            "taguette_1_5_2": {"median_ms": 64, "p95_ms": 85},
        },
        {
            "name": "export_qdpx",
            "label": "y",
            "n": 0,
            "median_ms": None,
            "p95_ms": None,
            "max_ms": None,
            "failures": 0,
            "budget_ms": 5000,
            "budget_stat": "median",
            "status": "missing",
            "note": "not built yet",
        },
        {"name": "worker_rss", "label": "z", "status": "info", "workers": 2, "max_mb": 80.0, "mean_mb": 75.5},
    ]
    machine = {"cores": 2, "memory_gb": 4.0, "python": "3.11", "database": "sqlite", "database_version": "3.40"}
    doc = report.document(results, machine, {"codings": 3}, "small")
    text = report.table(doc)
    assert "apply_theme_20k" in text and "p95 ≤ 20" in text and "PASS" in text and "64.0 (p95 85.0)" in text
    assert "export_qdpx" in text and "missing" in text and "75.5 MB mean" in text
    path = tmp_path / "bench.json"
    report.write_json(doc, path)
    stored = json.loads(path.read_text())
    assert list(stored["metrics"]) == ["apply_theme_20k", "export_qdpx", "worker_rss"]
    assert stored["machine"]["database"] == "sqlite" and stored["schema"] == report.SCHEMA


def test_client_logs_in_and_codes_over_http(live_server, transactional_db):
    built = study.build(SMALL)
    port = int(live_server.url.rsplit(":", 1)[1])
    bench = scenarios.Bench(built, port, repeats=0.05, max_seconds=10)
    assert "sessionid" in bench.owner.cookies
    entry = coding.apply_theme(bench, "apply_theme_20k", "apply", built.dense, n=3)
    assert entry["status"] in ("PASS", "MISS") and entry["n"] >= 2
    assert built.dense.passages.count() == SMALL.dense_passages + entry["n"] + 3  # 3 warm-up codings
    outsider = Session(port)
    assert outsider.get(scenarios.url("interviews:project_detail", built.project.slug)).status == 302
    entry = agreement.agreement(bench)  # the agreement page answers 200 (3 coders share the small study)
    assert entry["name"] == "agreement_2x200x60" and entry["status"] in ("PASS", "MISS") and entry["n"] >= 2
    entry = review.review(bench)  # the review of a closed round of two of the coders on the dense interview
    assert entry["name"] == "review_20k" and entry["status"] in ("PASS", "MISS") and entry["n"] >= 2
    preview, save = corrections.corrections(bench)  # a word in the middle corrected, previewed and saved
    assert preview["status"] in ("PASS", "MISS") and save["status"] in ("PASS", "MISS") and save["n"] >= 2
    assert "every one covers its words" in save["note"]


def test_project_page_counts_codings_in_a_fixed_number_of_queries(small_study, client, django_assert_max_num_queries):
    """The bench found the interview list grouping on every column, texts included (140 s at full scale)."""
    client.force_login(small_study.owner)
    url = scenarios.url("interviews:project_detail", small_study.project.slug)
    # 8, plus the page's count (pagination) and each coder's progress (two queries): fixed whatever the size.
    with django_assert_max_num_queries(11):
        page = client.get(url)
    dense = small_study.dense
    assert page.status_code == 200
    row = next(i for i in page.context["interviews"] if i.pk == dense.pk)
    assert (row.passage_count, row.coding_count) == (SMALL.dense_passages, SMALL.dense_codings)
