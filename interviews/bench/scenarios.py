"""The frame of every measurement: the run's state (Bench), URL names that may not exist yet, the verdict
against a budget, the warm-up and the workers' memory at the end.

What is measured lives by concept beside this module: pages.py (pages, analyses, search), coding.py (applying
themes, coders at once), imports.py (uploads, bulk and QDPX imports), exports.py (codings, summary, QDPX).
A metric whose page or endpoint does not exist (its URL name does not resolve) is reported as "missing", never
as zero.
"""

import random
import threading

from django.urls import NoReverseMatch, reverse

from .client import Session, repeat, summarise
from .server import worker_rss_mb

# Taguette 1.5.2 on this kind of machine, same workload (issue 8 and issue 3).
TAGUETTE = {
    "import_txt_20k": {"median_ms": 943},
    "apply_theme_20k": {"median_ms": 64, "p95_ms": 85},
    "apply_theme_80k": {"median_ms": 137},
    "open_interview_20k": {"median_ms": 92},
    "export_codings_csv_545": {"median_ms": 233},
    "export_codings_xlsx_545": {"median_ms": 335},
}


def url(name, *args, query=""):
    """The path of a named URL, or None when the feature does not exist (yet)."""
    try:
        return reverse(name, args=args) + (f"?{query}" if query else "")
    except NoReverseMatch:
        return None


class Bench:
    """The run's state: the study, the server's port, the owner's session, the results so far."""

    def __init__(self, study, port, repeats=1.0, max_seconds=30):
        self.study, self.port, self.repeats, self.max_seconds = study, port, repeats, max_seconds
        self.slug = study.project.slug
        self.results = []
        self.owner = Session(port).login(study.owner.username, study.password)
        self.coder = Session(port).login(study.coders[0].username, study.password)
        self.rng = random.Random(88)

    def n(self, count):
        return max(2, round(count * self.repeats))

    def result(self, name, label, budget_ms=None, stat="median", samples=(), failures=(), note="", **extra):
        entry = {
            "name": name,
            "label": label,
            **summarise(list(samples)),
            "failures": len(failures),
            "budget_ms": budget_ms,
            "budget_stat": stat if budget_ms else None,
            "note": note,
            **extra,
        }
        if name in TAGUETTE:
            entry["taguette_1_5_2"] = TAGUETTE[name]
        entry["status"] = verdict(entry)
        self.results.append(entry)
        return entry

    def missing(self, name, label, budget_ms=None, stat="median", why="not built yet"):
        entry = self.result(name, label, budget_ms, stat, note=why)
        entry["status"] = "missing"
        return entry

    def timed(
        self, name, label, path, n, budget_ms=None, stat="median", ok=None, warmup=2, call=None, note="", exact=False
    ):
        """Time GETs of `path` (or `call(i)`); a None path means the feature is missing."""
        if path is None and call is None:
            return self.missing(name, label, budget_ms, stat)
        call = call or (lambda i: self.owner.get(path))
        ok = ok or (lambda r: r.status == 200)
        samples, failures, last = repeat(call, n if exact else self.n(n), self.max_seconds, ok, warmup)
        if failures:
            note = (note + f" failed answers: {sorted(set(failures))}").strip()
        return self.result(
            name,
            label,
            budget_ms,
            stat,
            samples,
            failures,
            note,
            path=path,
            response_bytes=len(last.body) if last else None,
        )


def warm_up(bench, workers):
    """Send each worker its first requests before anything is timed (imports, spaCy, openpyxl load lazily):
    `workers` requests at once per path, so every sync worker gets one."""
    study, slug = bench.study, bench.slug
    paths = [
        url("interviews:project_detail", slug),
        url("interviews:interview_detail", slug, study.dense.pk),
        url("interviews:codebook", slug),
        url("interviews:text_search", slug, query="q=gemeente"),
        url("interviews:codings_export", study.small_project.slug, "xlsx"),
        url("interviews:summary_export", study.small_project.slug, "docx"),
        url("interviews:analysis_attribute", study.small_project.slug),
    ]
    for path in filter(None, paths):
        threads = [threading.Thread(target=bench.owner.get, args=(path,)) for _ in range(workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)


def verdict(entry):
    if entry["n"] == 0:
        return "error"
    if entry["failures"]:
        return "error"
    if entry["budget_ms"] is None:
        return "info"
    value = entry["p95_ms"] if entry["budget_stat"] == "p95" else entry["median_ms"]
    return "PASS" if value <= entry["budget_ms"] else "MISS"


def worker_memory(bench, master_pid):
    sizes = worker_rss_mb(master_pid)
    entry = {
        "name": "worker_rss",
        "label": "RSS of a gunicorn worker after the run",
        "status": "info",
        "workers": len(sizes),
        "max_mb": round(max(sizes), 1) if sizes else None,
        "mean_mb": round(sum(sizes) / len(sizes), 1) if sizes else None,
    }
    bench.results.append(entry)
    return entry
