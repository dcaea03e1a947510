"""The task worker survives a locked database (issue 13, finding 1): `manage.py run_worker` logs, pauses
1, 2, 4 … 30 s and carries on, where django-tasks-db's own `db_worker` exits and stays down."""

import itertools
import signal
import sqlite3
import threading
import time

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from sqlite_file import file_database  # noqa: F401  (the fixture)

from interviews.management.commands.run_worker import pauses, run_surviving
from interviews.tasks import analyse_interview

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def make_worker():
    return Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
    )


def hold_write_lock(path, seconds):
    """A second, real connection to the SQLite file that holds the write lock for `seconds`."""
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("CREATE TABLE held (x)")
    release = threading.Timer(seconds, lambda: (other.execute("ROLLBACK"), other.close()))
    release.start()
    return release


def test_the_pauses_double_up_to_thirty_seconds():
    assert list(itertools.islice(pauses(), 8)) == [1, 2, 4, 8, 16, 30, 30, 30]


@pytest.fixture
def locked_setup(file_database, settings, monkeypatch):  # noqa: F811
    if file_database is None:
        pytest.skip("SQLite's file lock: PostgreSQL locks rows, not the database")
    monkeypatch.setitem(connection.settings_dict["OPTIONS"], "timeout", 0.2)
    settings.TASKS = DATABASE_BACKEND
    return file_database


def test_django_tasks_own_worker_exits_on_a_locked_database(locked_setup):
    result = analyse_interview.enqueue(10**9)
    release = hold_write_lock(locked_setup, 1.0)
    with pytest.raises(OperationalError, match="locked"):
        make_worker().run()
    release.join()
    assert DBTaskResult.objects.get(pk=result.id).status == "READY"


def test_run_worker_waits_out_a_locked_database_and_runs_the_task(locked_setup, caplog):
    result = analyse_interview.enqueue(10**9)  # an interview deleted meanwhile: the task returns 0
    slept = []
    release = hold_write_lock(locked_setup, 2.0)
    errors = run_surviving(make_worker(), sleep=lambda s: (slept.append(s), time.sleep(s)))
    release.join()
    assert errors >= 2 and slept[:2] == [1, 2]
    assert "database error (database is locked); trying again in 1 s" in caplog.text
    stored = DBTaskResult.objects.get(pk=result.id)
    assert stored.status == "SUCCESSFUL" and stored.return_value == 0


def test_the_command_runs_the_queue(file_database, settings):  # noqa: F811
    settings.TASKS = DATABASE_BACKEND
    result = analyse_interview.enqueue(10**9)
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("run_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
    assert DBTaskResult.objects.get(pk=result.id).status == "SUCCESSFUL"
