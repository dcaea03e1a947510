"""The language pipeline is loaded when a gunicorn worker or the task worker starts, not on a user's first search
(issue 15: that search took 15-18 s on each fresh worker)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.core.management import call_command
from sqlite_file import file_database  # noqa: F401  (the fixture)

from interviews import gunicorn_conf, nlp
from interviews.bench.server import answers, free_port

BASE_DIR = Path(__file__).resolve().parent.parent


class FakeWorker:
    pid = 4242

    def __init__(self):
        self.lines = []
        self.log = self

    def info(self, message, *args):
        self.lines.append(message % args)


def test_the_gunicorn_hook_loads_the_pipeline():
    nlp.pipeline.cache_clear()
    worker = FakeWorker()
    gunicorn_conf.post_worker_init(worker)
    assert nlp.pipeline.cache_info().currsize == 1
    assert "Nederlandse taalpijplijn geladen" in worker.lines[0]


def test_a_gunicorn_worker_has_loaded_the_pipeline_before_its_first_request(tmp_path):
    port, log = free_port(), tmp_path / "gunicorn.log"
    env = {**os.environ, "VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "monitor.settings"}
    env.pop("DATABASE_URL", None)
    command = [sys.executable, "-m", "gunicorn", "-c", "python:interviews.gunicorn_conf", "monitor.wsgi"]
    command += ["-b", f"127.0.0.1:{port}", "-w", "1", "--log-level", "info"]
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 90
        while not answers(port):
            assert process.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        text = log.read_text()
        assert "Nederlandse taalpijplijn geladen" in text, text
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def test_the_task_worker_loads_the_pipeline_as_it_starts(file_database, settings):  # noqa: F811
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    nlp.pipeline.cache_clear()
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("run_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
    assert nlp.pipeline.cache_info().currsize == 1
