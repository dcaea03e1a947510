"""A confirmed bulk import runs as a background task: a progress bar, then what was created and what not."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connections
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks.signals import task_enqueued

from interviews.models import ImportBatch, Interview, Segment
from interviews.transcripts.pipeline import run_batch

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

THREE_STORED = {"status": "done", "status_label": "klaar", "total": 3, "progress": 3, "created": 3, "error": ""}


def files(*names):
    return [
        SimpleUploadedFile(name, f"Interviewer: Hoe gaat het in {name}?\nR1: Goed. Dank u.".encode()) for name in names
    ]


@pytest.fixture
def staged(as_user, coder, project):
    """A previewed upload of three good files and an empty one; returns (client, batch)."""
    client = as_user(coder)
    client.post(
        reverse("interviews:interview_upload", args=[project.slug]),
        {"files": files("Een.txt", "Twee.txt", "Drie.txt") + [SimpleUploadedFile("Leeg.txt", b"")]},
    )
    return client, ImportBatch.objects.get()


def urls(batch):
    args = [batch.project.slug, batch.pk]
    return (
        reverse("interviews:batch_confirm", args=args),
        reverse("interviews:import_preview", args=args),
        reverse("interviews:import_progress", args=args),
    )


@pytest.fixture
def enqueued():
    names = []

    def record(sender, task_result, **kwargs):
        names.append(task_result.task.name)

    task_enqueued.connect(record)
    yield names
    task_enqueued.disconnect(record)


@override_settings(IMPORT_INLINE_FILES=2)
def test_a_bulk_import_runs_as_a_task_and_ends_with_what_was_created_and_what_not(staged, project, enqueued):
    client, batch = staged
    confirm, page, progress = urls(batch)
    response = client.post(confirm, follow=True)
    assert enqueued[0] == "import_batch"  # then one word index per new interview
    batch.refresh_from_db()
    assert (batch.status, batch.total, batch.progress, batch.done_count) == ("done", 3, 3, 3)
    html = response.content.decode()
    assert "3 interviews toegevoegd." in html and "Import klaar" in html and "<progress" not in html
    for interview in project.interviews.all():
        assert f'<a href="{interview.get_absolute_url()}">{interview.title}</a>' in html
        assert interview.segments.filter(kind=Segment.Kind.SENTENCE).count() == 3
    assert "Het bestand is leeg." in html and sorted(project.interviews.values_list("title", flat=True)) == [
        "Drie",
        "Een",
        "Twee",
    ]
    assert client.get(progress).json() == THREE_STORED


def test_a_few_files_are_stored_in_the_request(staged, project, enqueued):
    client, batch = staged
    client.post(urls(batch)[0])
    assert "import_batch" not in enqueued and project.interviews.count() == 3


@override_settings(TASKS=DATABASE_TASKS, IMPORT_INLINE_FILES=2)
def test_the_worker_of_make_run_picks_up_the_import_and_the_page_shows_its_progress(staged, project):
    connection = connections["default"]
    client, batch = staged
    confirm, page, progress = urls(batch)
    client.post(confirm)
    assert client.get(progress).json()["status"] == "queued" and not project.interviews.exists()
    html = client.get(page).content.decode()
    assert '<progress id="import-progress" max="3" value="0">' in html and '<label for="import-progress">' in html
    assert '<meta http-equiv="refresh" content="2">' in html and "import_progress.js" in html
    assert "0 van 3 bestanden verwerkt" in html and "aanmaken</button>" not in html
    # The worker claims a task in an exclusive transaction; on SQLite it opens one with BEGIN EXCLUSIVE unless
    # the connection's transactions are exclusive already, which cannot nest in the test's own transaction.
    # One task (the import goes first: priority 10): after a task the worker would close the test's connection.
    mode = getattr(connection, "transaction_mode", None)
    connection.transaction_mode = "EXCLUSIVE"
    try:
        call_command("db_worker", "--batch", "--max-tasks", "1", "--no-startup-delay", verbosity=0)
    finally:
        connection.transaction_mode = mode
    assert client.get(progress).json() == THREE_STORED
    html = client.get(page).content.decode()
    assert "<progress" not in html and "refresh" not in html and project.interviews.count() == 3


@override_settings(IMPORT_INLINE_FILES=0)
def test_a_failing_import_stores_nothing_and_says_why(staged, project, coder):
    client, batch = staged
    confirm, page, progress = urls(batch)
    Interview.objects.create(project=project, title="drie", text="I: al bezet", created_by=coder)
    response = client.post(confirm, follow=True)
    html = response.content.decode()
    assert "Import mislukt" in html and "Een van deze titels is intussen al gebruikt." in html
    assert list(project.interviews.values_list("title", flat=True)) == ["drie"]
    assert not Segment.objects.exists()
    state = client.get(progress).json()
    assert state["status"] == "failed" and state["created"] == 0 and "titels" in state["error"]
    assert "Opnieuw proberen: 3 interviews aanmaken" in html  # the staged texts are kept for a retry
    Interview.objects.filter(title="drie").delete()
    client.post(confirm)
    assert project.interviews.count() == 3


def test_a_failed_import_can_be_cancelled(staged, project, coder):
    client, batch = staged
    ImportBatch.objects.filter(pk=batch.pk).update(status="failed", error="mislukt")
    client.post(reverse("interviews:import_cancel", args=[project.slug, batch.pk]))
    assert not ImportBatch.objects.exists() and not project.interviews.exists()


@override_settings(TASKS=DATABASE_TASKS)
def test_only_coders_and_owners_see_an_import_s_progress(staged, check_access):
    _client, batch = staged
    ImportBatch.objects.filter(pk=batch.pk).update(status="running", total=3, progress=1)
    confirm, page, progress = urls(batch)
    expected = {"anonymous": 302, "outsider": 404, "viewer": 403, "coder": 200, "owner": 200}
    check_access("get", progress, expected)
    check_access("get", page, expected)


def test_the_progress_page_renders_names_as_text(as_user, coder, project):
    client = as_user(coder)
    client.post(
        reverse("interviews:interview_upload", args=[project.slug]), {"files": files("<script>alert(1)<script>.txt")}
    )
    batch = ImportBatch.objects.get()
    ImportBatch.objects.filter(pk=batch.pk).update(status="running", total=1)
    html = client.get(urls(batch)[1]).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;script&gt;.txt" in html


@override_settings(TASKS=DATABASE_TASKS, IMPORT_INLINE_FILES=0)  # queued, and no worker comes
def test_a_stuck_import_says_so_and_may_be_retried_or_cancelled(staged, project):
    client, batch = staged
    confirm, page, progress = urls(batch)
    client.post(confirm)
    cancel = reverse("interviews:import_cancel", args=[project.slug, batch.pk])
    assert client.post(cancel).status_code == 404  # queued a moment ago: not stuck yet
    assert "Import vastgelopen" not in client.get(page).content.decode()
    ImportBatch.objects.filter(pk=batch.pk).update(heartbeat=timezone.now() - timedelta(minutes=11))
    html = client.get(page).content.decode()
    assert (
        "Import vastgelopen" in html and "Opnieuw proberen: 3 interviews aanmaken" in html and "<progress" not in html
    )
    with override_settings(IMPORT_INLINE_FILES=10):
        client.post(confirm)
    assert project.interviews.count() == 3 and ImportBatch.objects.get().status == "done"


@override_settings(TASKS=DATABASE_TASKS, IMPORT_INLINE_FILES=0)
def test_a_stuck_import_can_be_cancelled(staged, project):
    client, batch = staged
    client.post(urls(batch)[0])
    ImportBatch.objects.filter(pk=batch.pk).update(status="running", heartbeat=timezone.now() - timedelta(hours=1))
    client.post(reverse("interviews:import_cancel", args=[project.slug, batch.pk]))
    assert not ImportBatch.objects.exists() and not project.interviews.exists()


def test_a_batch_another_run_has_claimed_is_not_stored_twice(staged, project):
    _client, batch = staged
    ImportBatch.objects.filter(pk=batch.pk).update(status="running", total=3)
    batch.refresh_from_db()
    run_batch(batch)
    assert not project.interviews.exists() and ImportBatch.objects.get().status == "running"
