"""Work that is too slow for a request, run by the task worker (`manage.py run_worker`), and the calls that
hand it over: models never enqueue, their callers do (here, views, commands).

In tests and wherever settings name the immediate backend, a task runs at once when enqueued.
"""

from django.conf import settings
from django_tasks import task

from monitor import indicator_uploads

from .models import ImportBatch, Interview, Token
from .textsearch import index_interview
from .transcripts.pipeline import run_batch
from .transcripts.segments import add_segments


@task()
def analyse_interview(interview_id):
    """Build a new interview's lemma index, and its segments when it has none (an imported project).

    Enqueued once the interview is stored, so the worker finds it. Searches index whatever is still
    missing themselves (textsearch.index_missing), so a search never depends on the worker having run.
    """
    interview = Interview.objects.filter(pk=interview_id).first()
    if interview is None:  # deleted before the worker came to it
        return 0
    if Token.objects.filter(interview=interview).exists():  # a search or load_demo indexed it first
        return 0
    if not interview.segments.exists():
        add_segments(interview)
    return index_interview(interview)


def analyse_later(interviews):
    """Leave the word index (and missing segments) of new interviews to the worker."""
    for interview in interviews:
        analyse_interview.enqueue(interview.pk)


@task(priority=10)  # before the word indexes: a researcher watches its progress
def import_batch(batch_id):
    """Store a confirmed bulk import (store_batch); a batch cancelled or run meanwhile is left alone."""
    batch = ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.QUEUED).first()
    if batch is None:
        return 0
    store_batch(batch)
    return batch.pk


def store_batch(batch):
    """Create the interviews of a queued batch now (transcripts.pipeline.run_batch), their analysis for the worker."""
    created = run_batch(batch)
    analyse_later(created)
    return created


def confirm_batch(batch, background=None):
    """Confirm a previewed (or failed, or stuck) batch and store its items without problems: by the worker
    when `background`, which is by default the case for more than settings.IMPORT_INLINE_FILES (5) files
    (the preview page shows the progress), else now. ValueError when the batch was confirmed already."""
    total = batch.queue()
    if background is None:
        background = total > getattr(settings, "IMPORT_INLINE_FILES", 5)
    if background:
        import_batch.enqueue(batch.pk)
    else:
        store_batch(batch)
    batch.refresh_from_db()


@task(priority=10)  # an owner watches its progress
def import_indicators(token, user_id):
    """Store a confirmed indicator sheet (monitor.indicator_uploads.store), its progress in its state file."""
    data = indicator_uploads.claimed(token, user_id)
    if data is None:  # stored or removed meanwhile
        return 0
    return len(indicator_uploads.store(token, data) or {})


def confirm_indicators(token, data, background=None):
    """Store a claimed indicator sheet: by the worker when `background`, which is by default the case for more
    than settings.INDICATOR_INLINE_ROWS (5,000) rows (a progress page follows it), else now. Returns its state."""
    if background is None:
        background = indicator_uploads.rows(data) > getattr(settings, "INDICATOR_INLINE_ROWS", 5000)
    if not background:
        return indicator_uploads.store(token, data)
    indicator_uploads.set_state(
        token, user=data["user"], status="queued", progress=0, total=indicator_uploads.rows(data)
    )
    import_indicators.enqueue(token, data["user"])
    return indicator_uploads.state(token)
