"""No upload stalls the team (issue 13, finding 1): while one coder's upload is being read and parsed, another
user's memo save and a login go through within a second, on a real SQLite file (WAL, IMMEDIATE transactions:
one writer at a time) and on PostgreSQL (tests/with_postgres.py).

Parsing used to run inside prepare_batch's transaction, which on SQLite holds the database's one write lock
from its first statement: every other write waited for the whole parse and failed after the busy timeout.
"""

import threading
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from django.test import Client
from django.urls import reverse
from sqlite_file import file_database  # noqa: F401  (the fixture)
from test_archives import bomb_into
from transcript_files import docx_bytes, zip_bytes

from interviews.models import ImportBatch, Memo

TURNS = "".join(
    f"Interviewer: Hoe verloopt de samenwerking met de verloskundigen in wijk {n}?\n"
    f"Wethouder: De coördinatie loopt sinds 2021 beter, al blijft de financiering een knelpunt {n}.\n"
    for n in range(1200)  # about 3 s of reading on an idle 2-core VM (with 400 turns 1.1 s: too close to the writes)
)


def large_batch(files=120):
    """A legitimate zip of transcripts whose reading takes seconds (the old code held the lock that long)."""
    return zip_bytes({f"interview-{n:03}.txt": f"Gesprek {n}\n{TURNS}".encode() for n in range(files)})


def docx_bomb():
    """A small .docx whose text inflates to 150 MB: refused by the safe-zip guard."""
    return bomb_into(docx_bytes(["Interviewer: ja"]), "word/document.xml", 150 * 2**20)


class Upload(threading.Thread):
    """A coder's upload in its own thread (its own database connection), as a second browser would send it."""

    def __init__(self, client, url, name, data):
        super().__init__()
        self.client, self.url, self.file, self.status = client, url, SimpleUploadedFile(name, data), None
        self.started_at = self.ended_at = None

    def run(self):
        self.started_at = time.monotonic()
        try:
            self.status = self.client.post(self.url, {"files": [self.file]}).status_code
        finally:
            self.ended_at = time.monotonic()
            connections.close_all()


def timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


@pytest.fixture
def team(project, owner, coder, viewer, file_database):  # noqa: F811
    """Clients for the coder who uploads and the owner who writes a memo, logged in before the upload starts."""
    uploader, writer = Client(), Client()
    uploader.force_login(coder)
    writer.force_login(owner)
    return uploader, writer


def writes_during(upload, writer, project):
    """Start `upload`, and while it is busy save a memo and log in; the seconds each took."""
    upload.start()
    time.sleep(0.4)  # the upload is being read and parsed now
    memo = reverse("interviews:memo_create", args=[project.slug])
    saved, memo_seconds = timed(lambda: writer.post(memo, {"title": "Tijdens de upload", "text": "Gaat door."}))
    login, login_seconds = timed(
        lambda: Client().post("/accounts/login/", {"username": "vera", "password": "pw-vera-123"})
    )
    busy = upload.ended_at is None  # still parsing when both writes were done
    upload.join()
    assert upload.status == 302, upload.status
    assert saved.status_code == 302 and Memo.objects.filter(title="Tijdens de upload").exists()
    assert login.status_code == 302 and login["Location"] == "/"
    return memo_seconds, login_seconds, busy


@pytest.mark.parametrize(("name", "make"), [("Groot.zip", large_batch), ("Bom.docx", docx_bomb)])
def test_other_users_write_within_a_second_while_an_upload_is_parsed(team, project, name, make):
    uploader, writer = team
    data = make()
    upload = Upload(uploader, reverse("interviews:interview_upload", args=[project.slug]), name, data)
    memo_seconds, login_seconds, busy = writes_during(upload, writer, project)
    assert memo_seconds < 1 and login_seconds < 1, (memo_seconds, login_seconds)
    batch = ImportBatch.objects.get()
    if name == "Groot.zip":
        assert busy, "the upload was over before the writes: make the batch larger"
        assert batch.items.count() == 120 and all(item.ok for item in batch.items.all())
    else:
        assert "zip-bom" in batch.items.get().problems[0]["message"]  # refused before inflating: in ~40 ms
