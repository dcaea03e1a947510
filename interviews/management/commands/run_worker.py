"""The task worker that survives a busy database: django-tasks-db's `db_worker` loop, restarted after a database
error (logged, then a pause of 1, 2, 4 … up to 30 s) instead of exiting.

A locked SQLite file (another process writing for longer than the busy timeout) made `db_worker` exit and stay
down (issue 13, finding 1). `make run` also restarts this command should it die for another reason.
"""

import logging
import time

from django.db import DatabaseError, close_old_connections
from django_tasks_db.management.commands import db_worker

from ... import nlp

logger = logging.getLogger("interviews.worker")

MAX_PAUSE = 30


def pauses(longest=MAX_PAUSE):
    """1, 2, 4 … seconds, then `longest` for ever."""
    pause = 1
    while True:
        yield pause
        pause = min(pause * 2, longest)


def run_surviving(worker, sleep=time.sleep, clock=time.monotonic, calm=60):
    """Run `worker` (a db_worker.Worker) until it returns by itself (--batch, --max-tasks); after a database error
    log it, close the broken connections, pause and run it again. The pauses start over once a run has lasted
    `calm` seconds. Returns the number of database errors survived."""
    errors, waits = 0, pauses()
    while True:
        started = clock()
        try:
            worker.run()
            return errors
        except DatabaseError as error:
            errors += 1
            if clock() - started > calm:
                waits = pauses()
            pause = next(waits)
            logger.warning("Worker: database error (%s); trying again in %s s.", error, pause)
            close_old_connections()
            sleep(pause)


class Command(db_worker.Command):
    help = "Run the task worker; a locked or unreachable database makes it pause and try again, never exit."

    def handle(self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay, max_tasks, worker_id, **_):
        self.configure_logging(verbosity)
        if not logger.hasHandlers():
            logger.addHandler(logging.StreamHandler(self.stderr))
        worker = db_worker.Worker(
            queue_names=queue_name.split(","),
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
        )
        worker.configure_signals()  # no autoreload: --reload is ignored here
        nlp.warm_up()  # the import and analysis tasks need the language pipeline: load it before the first one
        run_surviving(worker)
