"""What the bench measures, over HTTP against the running server, with the budgets from the issues.

A metric whose page or endpoint does not exist (its URL name does not resolve) is reported as
"missing", never as zero.
"""

import contextlib
import io
import json
import random
import re
import subprocess
import sys
import threading
import time
import zipfile
from xml.sax.saxutils import escape

from django.urls import NoReverseMatch, reverse

from ..models import Coding
from .client import Response, Session, repeat, summarise
from .study import transcript

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


def docx_bytes(text):
    """A minimal Word document with one paragraph per line (enough for an importer that reads paragraphs)."""
    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>' for line in text.split("\n"))
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/'
        'document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"'
        "/></Types>",
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        "word/document.xml": f'<?xml version="1.0" encoding="UTF-8"?><w:document {ns}><w:body>{body}</w:body>'
        "</w:document>",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def imports(bench):
    """Import a 20,000-word transcript as .txt (and as .docx when the upload form takes it): the upload (which
    stages a preview) plus the confirmation that stores the interview; the time is the sum of both requests.
    Then 100 transcripts with a metadata sheet, stored by the task worker (import_bulk)."""
    path = url("interviews:interview_upload", bench.slug)
    text, _turns = transcript(random.Random(20), 20_000)
    page = bench.owner.get(path).body.decode()

    def upload(kind, content):
        def call(i):
            token = {"csrfmiddlewaretoken": bench.owner.cookies["csrftoken"]}
            staged = bench.owner.post(path, token, {"files": (f"import {kind} {i + 100}.{kind}", content)})
            batch = staged.headers.get("location", "").rstrip("/").rsplit("/", 1)[-1]
            stored = staged.status == 302 and batch.isdigit()
            confirm = url("interviews:batch_confirm", bench.slug, int(batch)) if stored else None
            if confirm is None:  # an upload that stores at once (no preview step) or that failed
                return staged
            done = bench.owner.post(confirm, token)
            return Response(done.status, done.headers, done.body, staged.ms + done.ms)

        return call

    stored = lambda r: r.status == 302  # noqa: E731 — a stored upload answers with a redirect
    note = "upload (staging the preview) + confirm"
    bench.timed(
        "import_txt_20k",
        "import a 20,000-word .txt",
        path,
        10,
        150,
        ok=stored,
        warmup=1,
        note=note,
        call=upload("txt", text.encode()),
    )
    if ".docx" in page:
        bench.timed(
            "import_docx_20k",
            "import a 20,000-word .docx",
            path,
            10,
            400,
            ok=stored,
            warmup=1,
            note=note,
            call=upload("docx", docx_bytes(text)),
        )
    else:
        bench.missing("import_docx_20k", "import a 20,000-word .docx", 400, why="the upload form takes no .docx yet")
    imported = bench.study.project.interviews.filter(title__startswith="import ").count()
    bench.results[-1]["interviews_stored_by_imports"] = imported
    with task_worker():
        import_bulk(bench)


def bulk_files(run, count, words, municipalities):
    """(zip, CSV metadata sheet) of `count` transcripts of about `words` words, a third of them .docx; every
    run's texts differ, so no file is a duplicate of an earlier run's."""
    rng, buffer = random.Random(7000 + run), io.BytesIO()
    rows = ["bestand;gemeente;jaar;stakeholdergroep;datum interview;labels;Regio"]
    groups = ["gemeente", "verloskunde", "kraamzorg", "jgz", "wijkteam", "ouder"]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(count):
            text, _turns = transcript(rng, words, rng.choice(["Respondent", "Wethouder", "Verloskundige"]))
            name = f"bulk {run} interview {n + 1:03}.{'docx' if n % 3 == 2 else 'txt'}"
            archive.writestr(f"transcripten/{name}", docx_bytes(text) if name.endswith("docx") else text.encode())
            rows.append(
                f"{name};{rng.choice(municipalities)};{rng.choice([2022, 2023, 2024])};{rng.choice(groups)};"
                f"{rng.randint(1, 28)}-{rng.randint(1, 12)}-2024;ronde {run % 3 + 1};{rng.choice('NOZW')}"
            )
    return buffer.getvalue(), "\n".join(rows).encode()


@contextlib.contextmanager
def task_worker(seconds=120):
    """The task worker of `make run` (manage.py db_worker) beside the server, once the tasks queued by the
    measurements before (word indexes) are done, so a bulk import does not wait behind them."""
    from django_tasks_db.models import DBTaskResult

    from .server import BASE_DIR

    command = [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"]
    process = subprocess.Popen(command, cwd=BASE_DIR, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + seconds
        while DBTaskResult.objects.ready().exists() and time.monotonic() < deadline:
            time.sleep(0.5)
        yield process
    finally:
        process.terminate()
        process.wait(timeout=60)


def import_bulk(bench, count=100):
    """100 transcripts in a zip with a metadata sheet, through the web flow: upload, preview, confirm, then
    the progress endpoint polled until the background import is done; the time is the whole, in the client."""
    path, words = url("interviews:interview_upload", bench.slug), bench.study.scale.words // 5
    label = f"import {count} interviews of ~{words} words with a metadata sheet (zip + CSV)"
    if path is None or url("interviews:import_progress", bench.slug, 1) is None:
        return bench.missing("import_bulk_100", label, 30_000)
    names = list(
        bench.study.project.interviews.exclude(municipality=None)
        .values_list("municipality__name", flat=True)
        .distinct()[:50]
    )

    def call(i):
        archive, sheet = bulk_files(i + 10, count, words, names)
        token = {"csrfmiddlewaretoken": bench.owner.cookies["csrftoken"]}
        began = time.perf_counter()
        staged = bench.owner.post(
            path, token, {"files": (f"studie {i}.zip", archive), "metadata": ("metadata.csv", sheet)}
        )
        preview = bench.owner.get(staged.headers.get("location", ""))
        batch = staged.headers.get("location", "").rstrip("/").rsplit("/", 1)[-1]
        if staged.status != 302 or preview.status != 200 or not batch.isdigit():
            return staged
        answer = bench.owner.post(url("interviews:batch_confirm", bench.slug, int(batch)), token)
        state = {"status": "queued"}
        while state["status"] in ("queued", "running") and time.perf_counter() - began < 600:
            time.sleep(0.25)
            state = bench.owner.get(url("interviews:import_progress", bench.slug, int(batch)), accept_json=True).json()
        ms = (time.perf_counter() - began) * 1000
        ok = answer.status == 302 and state["status"] == "done" and state["created"] == count
        return Response(302 if ok else 500, {}, json.dumps(state).encode(), ms)

    return bench.timed(
        "import_bulk_100",
        label,
        path,
        3 if bench.repeats >= 1 else 1,
        30_000,
        warmup=0,
        ok=lambda r: r.status == 302,
        call=call,
        exact=True,
        note="wall clock: upload + preview + confirm + the background import (task worker), polled every 0.25 s",
    )


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
    bench.timed("interviews:codebook", "codebook with counts", url("interviews:codebook", slug), 20)
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


def worker_memory(bench, master_pid):
    from .server import worker_rss_mb

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


def coding(bench):
    """Applying a theme on the dense and the long interview, then many coders at once."""
    study = bench.study
    apply_theme(
        bench, "apply_theme_20k", f"apply a theme, 20,000 words, {study.scale.dense_passages} passages", study.dense
    )
    apply_theme(bench, "apply_theme_80k", "apply a theme, 80,000 words", study.long)
    concurrent_coders(bench)


def exports(bench):
    """Codings as CSV and XLSX (545 codings: the one-interview project; and all), the theme summary, QDPX."""
    small, slug = bench.study.small_project.slug, bench.slug
    n545 = bench.study.scale.dense_codings
    for fmt, budget in (("csv", None), ("xlsx", 100)):
        bench.timed(
            f"export_codings_{fmt}_545",
            f"codings {fmt.upper()}, {n545} codings",
            url("interviews:codings_export", small, fmt),
            20,
            budget,
        )
    for fmt in ("csv", "xlsx"):
        bench.timed(
            f"export_codings_{fmt}_all",
            f"codings {fmt.upper()}, all {bench.study.counts['codings']}+",
            url("interviews:codings_export", slug, fmt),
            3,
            warmup=1,
        )
    bench.timed(
        "export_summary_docx",
        "theme summary DOCX, whole study",
        url("interviews:summary_export", slug, "docx"),
        3,
        5000,
        warmup=1,
    )
    bench.timed("export_qdpx", "QDPX export, whole study", url("interviews:qdpx_export", slug), 2, 5000, warmup=0)
    import_qdpx(bench)


def import_qdpx(bench):
    """Import the study's QDPX export as a new project: the upload (a preview) plus the confirmation, summed.
    Once: each import adds the whole study again."""
    path, export = url("interviews:project_import"), url("interviews:qdpx_export", bench.slug)
    if path is None or export is None:
        return bench.missing("import_qdpx", "QDPX import, whole study", 10000)
    content = bench.owner.get(export).body

    def call(i):
        token = {"csrfmiddlewaretoken": bench.owner.cookies["csrftoken"]}
        preview = bench.owner.post(path, token, {"file": (f"bench {i}.qdpx", content)})
        found = re.search(rb'name="token" value="([0-9a-f]+)"', preview.body)
        if preview.status != 200 or not found:
            return preview
        done = bench.owner.post(
            url("interviews:project_import_confirm"),
            {**token, "token": found.group(1).decode(), "accept_partial": "on"},
        )
        return Response(done.status, done.headers, done.body, preview.ms + done.ms)

    return bench.timed(
        "import_qdpx",
        f"QDPX import, whole study ({len(content) // 1024} kB)",
        path,
        1,
        10000,
        ok=lambda r: r.status == 302,
        warmup=0,
        call=call,
        exact=True,
        note="upload (preview) + confirm, as a new project",
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
            url(url_name, bench.slug, query=query),
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
