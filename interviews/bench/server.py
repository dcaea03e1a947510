"""A fresh database for the bench, the app served by gunicorn on 127.0.0.1, and facts about the machine."""

import http.client
import os
import platform
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def is_sqlite(url):
    return not url or url.startswith("sqlite")


@contextmanager
def fresh_database(url):
    """(DATABASE_URL of a new empty database, a scratch folder): a temporary SQLite file by default, or a new
    database on the PostgreSQL server that `url` points to. Both are removed afterwards."""
    folder = tempfile.mkdtemp(prefix="im-bench-")
    try:
        if is_sqlite(url):
            yield f"sqlite:///{folder}/bench.sqlite3", folder
            return
        import psycopg

        name = f"im_bench_{os.getpid()}"
        admin = urlsplit(url)._replace(path="/postgres").geturl()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        try:
            yield urlsplit(url)._replace(path=f"/{name}").geturl(), folder
        finally:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def bench_environment(url, folder):
    """The environment of the inner bench run and its server: production settings over the fresh database."""
    env = dict(
        os.environ,
        DATABASE_URL=url,
        VAR_DIR=folder,
        SECRET_KEY=secrets.token_urlsafe(40),
        BENCH_FRESH_DATABASE="1",
        ALLOWED_HOSTS="127.0.0.1",
        LOG_LEVEL="ERROR",
    )
    env.pop("DEBUG", None)
    return env


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def default_workers():
    return min(9, 2 * (os.cpu_count() or 1) + 1)


@contextmanager
def gunicorn(workers, log_path, ready_seconds=60, env=None, access_log=None):
    """Serve the app with gunicorn (sync workers, like `make run`) on a free port of 127.0.0.1; yields the process
    and the port. The environment is `env`, by default the current one (the bench's fresh database).
    `access_log`: a file for one line per request, "METHOD PATH STATUS SECONDS" (the time in the worker,
    not the wait for one)."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "-c",
        "python:interviews.gunicorn_conf",  # as `make run`: workers load the language pipeline as they start
        "monitor.wsgi",
        "-b",
        f"127.0.0.1:{port}",
        "-w",
        str(workers),
        "--timeout",
        "120",
        "--log-level",
        "warning",
    ]
    if access_log:
        command += ["--access-logfile", str(access_log), "--access-logformat", "%(m)s %(U)s %(s)s %(L)s"]
    with open(log_path, "ab") as log:
        process = subprocess.Popen(command, cwd=BASE_DIR, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + ready_seconds
        while not answers(port):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not start; see {log_path}")
            time.sleep(0.2)
        yield process, port
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def answers(port):
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        conn.request("GET", "/accounts/login/")
        ok = conn.getresponse().status == 200
        conn.close()
        return ok
    except OSError:
        return False


def worker_rss_mb(master_pid):
    """Resident memory (MB) of each gunicorn worker, from /proc (Linux)."""
    sizes = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(master_pid) and "VmRSS" in fields:
            sizes.append(int(fields["VmRSS"].split()[0]) / 1024)
    return sorted(sizes)


def memory_gb():
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine(connection):
    """Cores, memory, CPU, Python, OS and the database (vendor and version)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("select sqlite_version()")
        else:
            cursor.execute("show server_version")
        version = cursor.fetchone()[0]
    return {
        "cores": os.cpu_count(),
        "memory_gb": memory_gb(),
        "cpu": cpu_model(),
        "python": platform.python_version(),
        "os": f"{platform.system()} {platform.release()}",
        "database": connection.vendor,
        "database_version": version,
    }
