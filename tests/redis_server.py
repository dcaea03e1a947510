"""A throwaway redis-server on a free port (Debian's `redis-server`, installed by `make browser`): started for a
test, stopped (and restartable) by it. Missing redis-server skips the test on a developer's machine and fails it
in CI (CI=true), so the Redis tests never silently go missing there."""

import os
import shutil
import socket
import subprocess
import tempfile
import time

import pytest


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    def __init__(self):
        binary = shutil.which("redis-server")
        if binary is None:
            message = "redis-server is missing: apt-get install redis-server (make browser installs it)"
            if os.environ.get("CI") == "true":
                pytest.fail(message)
            pytest.skip(message)
        self.binary, self.port, self.process = binary, free_port(), None
        self.workdir = tempfile.mkdtemp(prefix="im-redis-")
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", self.workdir],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.1).close()
                return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None

    def remove(self):
        self.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)
