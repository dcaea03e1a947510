"""The team scenario (`make bench-team`): two app servers sharing PostgreSQL and Redis, 50 coders in 10 interviews.

Each simulated coder (own session, own thread, on server A or B in turn) keeps its interview's live feed open as
the workbench does (a question a second after its last answer, with the ETag of what it has, views/live.py; the
pages opened at different moments) and codes a new passage every 10 to 30 s. Measured: the time of a coding; how
long a colleague's coding takes to arrive in the others' feeds (from the moment its request was sent, which is
before its commit, so never flattering); whether every acknowledged coding is stored once (none lost, none twice);
and the CPU the servers spend on 50 open pages that only ask (no one codes).
"""

import os
import random
import shutil
import subprocess
import tempfile
import threading
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

from django.db import connection

from ..models import Coding, Passage
from .client import Session
from .scenarios import url
from .server import free_port, gunicorn

CODERS, INTERVIEWS = 50, 10
SECONDS = float(os.environ.get("BENCH_TEAM_SECONDS", "60"))
IDLE_SECONDS = float(os.environ.get("BENCH_TEAM_IDLE_SECONDS", "20"))
POLL = 1.0  # seconds from an answer to the page's next question, as wb-live.js
# Seconds between a coder's codings: one every 20 s on average (reading, selecting, choosing a theme), so the
# team of 50 stores 2.5 codings a second; every coding makes the 4 colleagues in its interview fetch it.
CODE_EVERY = (10.0, 30.0)


@contextmanager
def redis_server(folder):
    """A throwaway redis-server (Debian's package) on a free port; yields its URL."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("redis-server is missing: apt-get install redis-server (make browser installs it)")
    port = free_port()
    command = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    process = subprocess.Popen(command + ["--dir", folder], stdout=subprocess.DEVNULL)
    try:
        yield f"redis://127.0.0.1:{port}/0", process
    finally:
        process.terminate()
        process.wait(10)


@contextmanager
def team_servers(count, workers, log_path):
    """Redis and `count` gunicorn servers sharing it and the current database: yields ([ports], [pids], the
    servers' access log)."""
    with ExitStack() as stack:
        folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="im-redis-"))
        redis_url, redis = stack.enter_context(redis_server(folder))
        env = dict(os.environ, REDIS_URL=redis_url)
        access_log = Path(folder) / "access.log"
        servers = [
            stack.enter_context(gunicorn(workers, log_path, env=env, access_log=access_log)) for _ in range(count)
        ]
        yield (
            [port for _process, port in servers],
            [redis.pid] + [process.pid for process, _port in servers],
            access_log,
        )


class Feed:
    """What every coder acknowledged (passage id → when its request was sent) and when others saw it."""

    def __init__(self):
        self.lock = threading.Lock()
        self.sent = {}  # passage id → (coder number, perf_counter when the coding was sent)
        self.coding_ms, self.failures, self.arrivals = [], [], []

    def coded(self, number, answer, sent_at):
        with self.lock:
            if answer.status in (200, 201):
                self.coding_ms.append(answer.ms)
                self.sent[answer.json()["passage"]["id"]] = (number, sent_at)
            else:
                self.failures.append(answer.status)

    def seen(self, number, ids, now):
        with self.lock:
            for pid in ids:
                author, sent_at = self.sent.get(pid, (number, None))
                if author != number and sent_at is not None:
                    self.arrivals.append((now - sent_at) * 1000)


def coder(number, session, slug, interview, themes, feed, start_line, until, coding_until):
    """One workbench: asks every POLL seconds, codes every few seconds until coding_until."""
    rng = random.Random(number)
    live = url("interviews:interview_live", slug, interview.pk)
    create = url("interviews:passage_create", slug, interview.pk)
    etag, known = "", set()

    def ask(record):
        nonlocal etag
        answer = session.get(live, headers={"If-None-Match": etag} if etag else None, accept_json=True)
        if answer.status == 200:
            etag = answer.headers.get("etag", "")
            ids = {p["id"] for p in answer.json()["passages"]}
            if record:
                feed.seen(number, ids - known, time.perf_counter())
            known.update(ids)

    ask(record=False)
    start_line.wait()
    # Pages are opened at different moments, not on one signal: without this offset the 50 would ask in the
    # same few milliseconds every second, and a coding sent then would queue behind 25 questions for a worker.
    time.sleep(rng.uniform(0, POLL))
    next_coding = time.perf_counter() + rng.uniform(0, CODE_EVERY[1])  # not all at the start
    while (now := time.perf_counter()) < until:
        if now >= next_coding and now < coding_until:
            start = rng.randrange(0, len(interview.text) - 300)
            data = {"start": start, "end": start + rng.randint(20, 250), "theme": rng.choice(themes)}
            feed.coded(number, session.post(create, data, accept_json=True), now)
            next_coding = now + rng.uniform(*CODE_EVERY)
        ask(record=True)
        time.sleep(POLL)  # as wb-live.js: the next question a second after the answer, not on a fixed beat


def cpu_seconds(pids):
    """CPU time (user + system, with reaped children) of the processes `pids` and all their descendants."""
    parents, times = {}, {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = sum(int(x) for x in fields[11:15]) / tick
    total = 0.0
    for pid in times:
        walk = pid
        while walk > 1 and walk not in pids:
            walk = parents.get(walk, 0)
        total += times[pid] if walk in pids else 0
    return total


def database_server_pid():
    """The PostgreSQL postmaster (the parent of this connection's backend), so its CPU is counted too."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    for line in Path(f"/proc/{backend}/status").read_text().splitlines():
        if line.startswith("PPid:"):
            return int(line.split()[1])
    return None


def measure(bench, ports, pids, access_log, say=print):
    """The coders at work for SECONDS, then their pages open and idle for IDLE_SECONDS; the results' entries."""
    study, feed = bench.study, Feed()
    targets, users = study.regular[:INTERVIEWS], study.concurrent[:CODERS]
    themes = [t.pk for t in study.themes]
    sessions = [Session(ports[n % len(ports)]).login(user.username, study.password) for n, user in enumerate(users)]
    start_line = threading.Barrier(len(sessions) + 1)
    began = time.perf_counter() + 5  # the threads' first questions are asked before the start line
    coding_until, idle_from = began + SECONDS, began + SECONDS + 3  # 3 s for the last codings to arrive
    until = idle_from + IDLE_SECONDS
    threads = [
        threading.Thread(
            target=coder,
            args=(n, s, study.project.slug, targets[n % len(targets)], themes, feed, start_line, until, coding_until),
        )
        for n, s in enumerate(sessions)
    ]
    for thread in threads:
        thread.start()
    start_line.wait()
    say(f"{len(sessions)} coders at work in {len(targets)} interviews on ports {ports} for {SECONDS:.0f} s")
    time.sleep(max(0.0, idle_from - time.perf_counter()))
    cpu_before, idle_began = cpu_seconds(pids), time.perf_counter()
    time.sleep(max(0.0, until - time.perf_counter()))
    idle_cpu = (cpu_seconds(pids) - cpu_before) / (time.perf_counter() - idle_began)
    for thread in threads:
        thread.join(timeout=120)
    integrity(bench, feed, users, targets)
    bench.result(
        "team_coding",
        f"a coding with {len(sessions)} coders on {len(ports)} servers (PostgreSQL, Redis)",
        50,
        "p95",
        samples=feed.coding_ms,
        failures=feed.failures,
        note="every page also asks its live feed each second",
    )
    bench.result(
        "team_coding_in_server",
        "the same codings, their time inside a gunicorn worker (its access log)",
        None,
        "p95",
        samples=in_server(access_log, "POST", "/passages/"),
        note="the rest of a coding's time is the wait for a worker and a CPU, and the client",
    )
    bench.result(
        "team_visibility",
        "a colleague's coding in the others' live feed (from its request)",
        2000,
        "p95",
        samples=feed.arrivals,
        note=f"a page asks every {POLL:.0f} s; measured from sending the coding, before its commit",
    )
    bench.results.append(
        {
            "name": "team_idle_cpu",
            "label": f"server CPU of {len(sessions)} open, idle pages",
            "status": "info",
            "cpu_percent_of_one_core": round(100 * idle_cpu, 1),
            "per_page_percent": round(100 * idle_cpu / len(sessions), 2),
            "seconds": IDLE_SECONDS,
            "note": "gunicorn (both servers), PostgreSQL and Redis with their children; the machine is shared",
        }
    )
    return bench.results


def in_server(access_log, method, path_end):
    """Milliseconds inside a worker of every successful `method` request whose path ends with `path_end`."""
    found = []
    for line in Path(access_log).read_text().splitlines():
        verb, path, status, seconds = line.split()
        if verb == method and path.endswith(path_end) and status in ("200", "201"):
            found.append(float(seconds) * 1000)
    return found


def integrity(bench, feed, users, targets):
    """Every acknowledged coding stored, and stored once: none lost, none twice, none stored unacknowledged."""
    stored = set(Passage.objects.filter(coder__in=users, interview__in=targets).values_list("pk", flat=True))
    acknowledged = set(feed.sent)
    codings = Coding.objects.filter(content_object__in=stored).count()
    entry = {
        "name": "team_integrity",
        "label": "codings acknowledged, stored, lost and duplicated",
        "acknowledged": len(acknowledged),
        "stored": len(stored),
        "lost": len(acknowledged - stored),
        "duplicated": len(stored - acknowledged) + codings - len(stored),  # one coding per new passage
        "failures": len(feed.failures),
    }
    entry["status"] = "PASS" if entry["lost"] == 0 == entry["duplicated"] and acknowledged else "MISS"
    bench.results.append(entry)
    return entry
