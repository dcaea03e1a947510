"""Imports through the web flow: one transcript (.txt, .docx), a zip of transcripts with a metadata sheet stored
by the task worker, and a whole study as QDPX; each time is the upload plus the confirmation."""

import contextlib
import io
import json
import random
import re
import subprocess
import sys
import time
import zipfile
from xml.sax.saxutils import escape

from django_tasks_db.models import DBTaskResult

from .client import Response
from .scenarios import url
from .server import BASE_DIR
from .study import transcript


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
