"""Work that is too slow for a request, run by the task worker (`manage.py db_worker`).

In tests and wherever settings name the immediate backend, a task runs at once when enqueued.
"""

from django_tasks import task


@task()
def analyse_interview(interview_id):
    """Build a new interview's lemma index, and its segments when it has none (an imported project).

    Enqueued inside the transaction that creates the interview, so the worker only sees it once the
    interview exists. Searches index whatever is still missing themselves (Token.index_missing), so a
    search never depends on the worker having run.
    """
    from .models import Interview, Token

    interview = Interview.objects.filter(pk=interview_id).first()
    if interview is None:  # deleted before the worker came to it
        return 0
    if Token.objects.filter(interview=interview).exists():  # a search or load_demo indexed it first
        return 0
    if not interview.segments.exists():
        interview.add_segments()
    return Token.index(interview)


@task(priority=10)  # before the word indexes: a researcher watches its progress
def import_batch(batch_id):
    """Store a confirmed bulk import (ImportBatch.run); a batch cancelled or run meanwhile is left alone."""
    from .models import ImportBatch

    batch = ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.QUEUED).first()
    if batch is None:
        return 0
    batch.run()
    return batch.pk
