"""Two task workers on one database (issue 16): no task runs twice. django-tasks-db claims a task inside a
transaction with SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL (a second worker skips the row the first holds)
and with BEGIN EXCLUSIVE on SQLite (one claim at a time), then marks it RUNNING with the worker's id; these tests
run two real `manage.py run_worker` processes at once on a fresh PostgreSQL database and on a SQLite file, with
the tasks enqueued as the app servers do, and count who ran what."""

import json
import subprocess
import sys

from with_postgres import postgres

from interviews.bench.server import BASE_DIR, bench_environment, fresh_database

TASKS = 24
WORDS = " ".join(["De gemeente werkt samen met de verloskundigen aan een kansrijke start."] * 30)
ENQUEUE = f"""
from django.contrib.auth.models import User
from interviews.models import Interview, Project
from interviews.tasks import analyse_later
owner = User.objects.create_user("olga")
project = Project.objects.create(name="Werk", slug="werk")
interviews = [
    Interview.objects.create(project=project, title=f"Interview {{n}}", text=f"Respondent: {{n}} " + {WORDS!r},
                             created_by=owner)
    for n in range({TASKS})
]
analyse_later(interviews)
"""
REPORT = """
import json
from django_tasks_db.models import DBTaskResult
from interviews.models import Token
rows = list(DBTaskResult.objects.values("status", "worker_ids", "return_value"))
tokens = list(Token.objects.order_by("interview_id").values_list("interview_id", "position"))
print(json.dumps({"tasks": rows, "tokens": len(tokens), "distinct": len(set(tokens)),
                  "interviews": len({i for i, _ in tokens})}))
"""


def manage(env, *args):
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def two_workers_run_every_task_once(url, folder):
    env = dict(bench_environment(url, folder), TASKS_BACKEND="django_tasks_db.DatabaseBackend")
    env.pop("BENCH_FRESH_DATABASE")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "shell", "-c", ENQUEUE)
    command = [sys.executable, "manage.py", "run_worker", "--batch", "--no-startup-delay", "--no-reload"]
    workers = [subprocess.Popen([*command, "--worker-id", f"w{n}"], cwd=BASE_DIR, env=env) for n in (1, 2)]
    assert [worker.wait(timeout=300) for worker in workers] == [0, 0]
    state = json.loads(manage(env, "shell", "-c", REPORT).strip().splitlines()[-1])
    assert len(state["tasks"]) == TASKS
    assert all(task["status"] == "SUCCESSFUL" for task in state["tasks"]), state["tasks"]
    assert all(len(task["worker_ids"]) == 1 for task in state["tasks"]), "a task was claimed twice"
    assert all(task["return_value"] > 0 for task in state["tasks"]), "a task found its work already done"
    assert state["interviews"] == TASKS and state["tokens"] == state["distinct"]
    return {worker: sum(task["worker_ids"] == [worker] for task in state["tasks"]) for worker in ("w1", "w2")}


def test_two_workers_on_sqlite_run_every_task_once():
    with fresh_database(None) as (url, folder):
        shares = two_workers_run_every_task_once(url, folder)
    assert sum(shares.values()) == TASKS, shares


def test_two_workers_on_postgresql_run_every_task_once():
    with postgres() as server, fresh_database(server) as (url, folder):
        shares = two_workers_run_every_task_once(url, folder)
    assert sum(shares.values()) == TASKS, shares
