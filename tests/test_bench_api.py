"""The bench's API step (interviews/bench/api.py) on the small study over the live server: it reads every coding
streamed and writes its bulk calls of 1,000 passages (the figures at study scale come from `make bench`)."""

from interviews.bench import api, scenarios, study
from interviews.models import Action, Passage, Source

SMALL = study.SCALES["small"]


def test_the_api_step_streams_every_coding_and_writes_1000_passages_a_call(live_server, transactional_db):
    built = study.build(SMALL)
    port = int(live_server.url.rsplit(":", 1)[1])
    bench = scenarios.Bench(built, port, repeats=0.05, max_seconds=20)
    before = Passage.objects.filter(interview=built.dense).count()
    jsonl, csv, bulk = api.api(bench)
    for entry in (jsonl, csv, bulk):
        assert entry["status"] in ("PASS", "MISS") and entry["n"] >= 1, entry
    assert jsonl["response_bytes"] > 100 * built.counts["codings"]
    made = Passage.objects.filter(interview=built.dense).count() - before
    assert made > 900 * (bulk["n"] + 1)  # the warm-up call too; a span drawn twice recodes instead
    assert all(built.dense.text[p.start : p.end] == p.text for p in Passage.objects.filter(interview=built.dense))
    assert Action.objects.filter(source=Source.API).count() >= made
