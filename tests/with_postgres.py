"""Run a command against a throwaway PostgreSQL server: `python tests/with_postgres.py pytest ...`.

Starts a server from the installed binaries in a temporary folder, points DATABASE_URL at it, runs
the command, and removes the server again. Written by hand because PostgreSQL refuses to run as
root, which is what CI is here, and pytest-postgresql starts the server as the current user; this
starts it as the `postgres` system user when run as root.
"""

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from contextlib import contextmanager


def find_bin_dir():
    on_path = shutil.which("pg_ctl")
    if on_path:
        return os.path.dirname(on_path)
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if not found:
        sys.exit("PostgreSQL's binaries were not found (apt-get install postgresql).")
    return os.path.dirname(found[-1])


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def postgres():
    """A throwaway PostgreSQL server for the duration: yields the DATABASE_URL of its database interview_monitor."""
    bin_dir, port = find_bin_dir(), free_port()
    as_user = "postgres" if os.geteuid() == 0 else None
    workdir = tempfile.mkdtemp(prefix="im-pg-")
    if as_user:
        shutil.chown(workdir, user=as_user)
    data = os.path.join(workdir, "data")

    def pg(*args):
        subprocess.run(
            [os.path.join(bin_dir, args[0]), *args[1:]],
            check=True,
            user=as_user,
            stdout=subprocess.DEVNULL,
            cwd=workdir,
        )

    pg("initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
    options = f"-p {port} -k {workdir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
    pg("pg_ctl", "-D", data, "-o", options, "-l", os.path.join(workdir, "log"), "-w", "start")
    try:
        print(f"PostgreSQL ({bin_dir}) on 127.0.0.1:{port}", flush=True)
        yield f"postgres://postgres@127.0.0.1:{port}/interview_monitor"
    finally:
        pg("pg_ctl", "-D", data, "-m", "fast", "-w", "stop")
        shutil.rmtree(workdir, ignore_errors=True)


def main(command):
    with postgres() as url:
        return subprocess.run(command, env=dict(os.environ, DATABASE_URL=url)).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
