"""Coding over HTTP as the interview page's script does it: one coder applying themes, then many coders at once."""

import random
import threading
import time

from ..models import Coding
from .client import Session
from .scenarios import url


def coding(bench):
    """Applying a theme on the dense and the long interview, then many coders at once."""
    study = bench.study
    apply_theme(
        bench, "apply_theme_20k", f"apply a theme, 20,000 words, {study.scale.dense_passages} passages", study.dense
    )
    apply_theme(bench, "apply_theme_80k", "apply a theme, 80,000 words", study.long)
    concurrent_coders(bench)


def apply_theme(bench, name, label, interview, n=150):
    """Code new selections (one theme each) in an interview, as the page's script does."""
    path = url("interviews:passage_create", bench.slug, interview.pk)
    if path is None:
        return bench.missing(name, label, 20, "p95")
    themes = [t.pk for t in bench.study.themes]
    text = interview.text

    def code(i):
        start = bench.rng.randrange(0, len(text) - 200)
        data = {
            "start": start,
            "end": start + bench.rng.randint(20, 200),
            "theme": bench.rng.choice(themes),
            "csrfmiddlewaretoken": bench.coder.cookies["csrftoken"],
        }
        return bench.coder.post(path, data, accept_json=True)

    return bench.timed(
        name,
        label,
        path,
        n,
        20,
        "p95",
        ok=lambda r: r.status in (200, 201),
        warmup=3,
        call=code,
        note=f"{len(text.split())} words; the interview gains a passage per request",
    )


def concurrent_coders(bench, per_coder=None, interviews=3):
    """Every concurrent coder (own session, own thread) applies codings to the same few interviews at once."""
    study = bench.study
    targets = study.regular[:interviews]
    paths = [url("interviews:passage_create", bench.slug, i.pk) for i in targets]
    label = f"{len(study.concurrent)} coders at once, {per_coder or study.scale.codings_per_coder} codings each"
    if None in paths:
        return bench.missing("concurrent_coders", label)
    per_coder = per_coder or study.scale.codings_per_coder
    sessions = [Session(bench.port).login(user.username, study.password) for user in study.concurrent]
    themes = [t.pk for t in study.themes]
    timings, failures, lock = [], [], threading.Lock()
    start_line = threading.Barrier(len(sessions))

    def work(number, session):
        rng = random.Random(number)
        starts = [rng.sample(range(0, len(t.text) - 300, 7), per_coder) for t in targets]
        start_line.wait()
        for j in range(per_coder):
            k = j % len(targets)
            start = starts[k][j]
            data = {
                "start": start,
                "end": start + rng.randint(20, 250),
                "theme": rng.choice(themes),
                "csrfmiddlewaretoken": session.cookies["csrftoken"],
            }
            answer = session.post(paths[k], data, accept_json=True)
            with lock:
                (timings.append(answer.ms) if answer.status in (200, 201) else failures.append(answer.status))

    threads = [threading.Thread(target=work, args=(n, s)) for n, s in enumerate(sessions)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    seconds = time.perf_counter() - began
    stored = Coding.objects.filter(content_object__coder__in=study.concurrent).count()
    attempted = len(sessions) * per_coder
    entry = bench.result(
        "concurrent_coders",
        label,
        samples=timings,
        failures=failures,
        note="p95 is per request, under load",
        attempted=attempted,
        acknowledged=len(timings),
        stored=stored,
        lost=len(timings) - stored,
        seconds=round(seconds, 2),
        throughput_per_s=round(len(timings) / seconds, 1),
    )
    entry["status"] = "PASS" if stored == attempted and not failures else "MISS"
    return entry
