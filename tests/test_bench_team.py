"""The team scenario's bookkeeping (interviews/bench/team.py), kept honest here; the real run is `make bench-team`:
arrivals count only colleagues' codings, a lost or doubly stored coding is found, CPU time is read from /proc."""

import os
import time
from types import SimpleNamespace

from interviews.bench import team
from interviews.bench.client import Response
from interviews.models import Passage


def coded(pid, ms=12.0, status=201):
    return Response(status, {}, f'{{"passage": {{"id": {pid}}}}}'.encode(), ms)


def test_arrivals_are_colleagues_codings_timed_from_their_sending():
    feed = team.Feed()
    feed.coded(1, coded(10), sent_at=100.0)
    feed.coded(2, coded(11), sent_at=100.5)
    feed.coded(2, coded(None, status=500), sent_at=101.0)
    feed.seen(1, {10, 11, 99}, now=101.5)  # coder 1 sees its own (not counted), coder 2's and an old passage
    assert feed.arrivals == [1000.0]
    assert feed.coding_ms == [12.0, 12.0] and feed.failures == [500]


def test_integrity_finds_a_lost_and_a_doubly_stored_coding(interview, coder, themes):
    kept = Passage.select(interview, coder, 0, 11)
    kept.save()
    kept.code([themes["samenwerking"]])
    unacknowledged = Passage.select(interview, coder, 13, 16)
    unacknowledged.save()
    unacknowledged.code([themes["samenwerking"]])
    feed = team.Feed()
    feed.sent = {kept.pk: (1, 0.0), 10**9: (1, 0.0)}  # one acknowledged coding that is not stored
    bench = SimpleNamespace(results=[])
    entry = team.integrity(bench, feed, [coder], [interview])
    assert (entry["acknowledged"], entry["stored"], entry["lost"], entry["duplicated"]) == (2, 2, 1, 1)
    assert entry["status"] == "MISS"
    feed.sent = {kept.pk: (1, 0.0), unacknowledged.pk: (1, 0.0)}
    assert team.integrity(bench, feed, [coder], [interview])["status"] == "PASS"


def test_cpu_seconds_counts_this_process():
    before = team.cpu_seconds({os.getpid()})
    deadline = time.process_time() + 0.2
    while time.process_time() < deadline:
        pass
    assert team.cpu_seconds({os.getpid()}) - before >= 0.15


def test_in_server_reads_only_successful_codings_from_the_access_log(tmp_path):
    log = tmp_path / "access.log"
    log.write_text(
        "POST /p/studie/interviews/7/passages/ 201 0.012500\n"
        "GET /p/studie/interviews/7/live/ 304 0.002000\n"
        "POST /p/studie/interviews/7/passages/ 400 0.003000\n"
        "POST /p/studie/interviews/8/passages/ 200 0.041000\n"
    )
    assert team.in_server(log, "POST", "/passages/") == [12.5, 41.0]
