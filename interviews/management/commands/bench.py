import os
import shutil
import subprocess
import sys
from json import load
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from interviews import bench
from interviews.bench import report, server


class Command(BaseCommand):
    help = (
        "Measures the app over HTTP on a synthetic study in a fresh database (a temporary SQLite file, or a new "
        "database on the PostgreSQL server of DATABASE_URL), served by gunicorn on 127.0.0.1."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", help="write the results to this JSON file")
        parser.add_argument("--scale", choices=sorted(bench.studies.SCALES), default="full")
        parser.add_argument("--workers", type=int, help="gunicorn workers (default: 2 × cores + 1, at most 9)")
        parser.add_argument(
            "--only",
            nargs="+",
            choices=[step.__name__ for step in bench.STEPS],
            help="measure only these steps (default: all), e.g. --only agreement",
        )
        parser.add_argument(
            "--markdown",
            nargs="+",
            metavar="JSON",
            help="measure nothing: print these runs' results side by side as a Markdown table",
        )

    def handle(self, *args, json=None, scale="full", workers=None, markdown=None, only=None, **options):
        if markdown:
            runs = [load(open(path, encoding="utf-8")) for path in markdown]
            return self.stdout.write(report.markdown(runs))
        json = str(Path(json).resolve()) if json else None
        if json:
            Path(json).parent.mkdir(parents=True, exist_ok=True)
        if os.environ.get("BENCH_FRESH_DATABASE") != "1":
            return self.in_fresh_database(json, scale, workers, only)
        log = Path(os.environ["VAR_DIR"]) / "gunicorn.log"
        try:
            doc = bench.run(scale, log, workers, say=lambda text: self.stderr.write(text), only=only)
        except Exception:
            if log.exists():
                self.stderr.write(log.read_text()[-3000:])
            raise
        self.stdout.write(report.table(doc))
        if json:
            report.write_json(doc, json)
            shutil.copy(log, Path(json).with_suffix(".gunicorn.log"))  # the tracebacks of any failed request
            self.stderr.write(f"written: {json} and the server's log beside it")

    def in_fresh_database(self, json, scale, workers, only=None):
        """Run this command again in a child process whose DATABASE_URL is a new, empty database."""
        command = [sys.executable, str(server.BASE_DIR / "manage.py"), "bench", "--scale", scale]
        command += (["--json", json] if json else []) + (["--workers", str(workers)] if workers else [])
        command += ["--only", *only] if only else []
        with server.fresh_database(os.environ.get("DATABASE_URL")) as (url, folder):
            self.stderr.write(f"fresh database: {url}")
            code = subprocess.run(command, env=server.bench_environment(url, folder)).returncode
        if code:
            raise CommandError(f"the bench failed (exit code {code})")
