"""`manage.py bench`: a synthetic study at scale, served by gunicorn, measured over HTTP on 127.0.0.1.

study.py builds the data, server.py runs the database and the server, client.py talks HTTP and times,
scenarios.py holds the run's state and the verdicts, pages.py, coding.py, imports.py and exports.py say what is
measured against which budget (api.py: the API of issue 21), report.py prints and writes the results.
"""

import os
import time

from django.core.management import call_command
from django.db import connection, connections

from . import (
    agreement,
    api,
    coding,
    corrections,
    exports,
    findings,
    imports,
    pages,
    report,
    review,
    scenarios,
    server,
    team,
)
from . import study as studies

STEPS = (
    pages.pages,
    exports.exports,
    pages.analyses,
    pages.search,
    imports.imports,
    coding.coding,
    agreement.agreement,
    review.review,
    corrections.corrections,
    findings.findings,
    api.api,  # last: its bulk writes add passages to the dense interview
)


def run(scale_name, log_path, workers=None, say=print, only=None):
    """Migrate the (fresh) current database, build the study, serve it and measure; returns the JSON document.
    `only` names the steps to measure (see STEPS; default all of them)."""
    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrated = time.perf_counter()
    scale = studies.SCALES[scale_name]
    study = studies.build(scale)
    if connection.vendor == "postgresql":  # statistics as a server in use has them (autovacuum has not run yet
        with connection.cursor() as cursor:  # right after the build), so runs are comparable
            cursor.execute("ANALYZE")
    built = time.perf_counter()
    say(f"study built in {built - migrated:.1f} s (migrations {migrated - began:.1f} s): {study.counts}")
    machine = server.machine(connection)
    connections.close_all()
    workers = workers or server.default_workers()
    if scale_name == "team":  # two app servers sharing the database and a Redis the bench starts
        with team.team_servers(2, workers, log_path) as (ports, pids, access_log):
            database = team.database_server_pid()
            pids += [database] * bool(database)
            results = team.measure(scenarios.Bench(study, ports[0]), ports, pids, access_log, say)
        extra = {"server": {"servers": 2, "workers": workers, "cache": "redis"}}
        return report.document(results, machine, study.counts, scale_name, extra)
    repeats = 1.0 if scale_name == "full" else 0.2
    with server.gunicorn(workers, log_path) as (process, port):
        bench = scenarios.Bench(study, port, repeats=repeats)
        say("warming up the workers")
        load_before = os.getloadavg()
        scenarios.warm_up(bench, workers)
        for step in [step for step in STEPS if not only or step.__name__ in only]:
            say(f"measuring: {step.__name__}")
            try:
                step(bench)
            except Exception as error:  # one broken scenario (a feature still changing) must not end the run
                say(f"{step.__name__} failed: {error!r}")
                bench.results.append(
                    {
                        "name": f"{step.__name__}_failed",
                        "label": step.__name__,
                        "n": 0,
                        "status": "error",
                        "note": repr(error)[:300],
                    }
                )
        scenarios.worker_memory(bench, process.pid)
    extra = {
        "server": {"workers": workers, "worker_class": "sync", "bind": "127.0.0.1"},
        "steps": [step.__name__ for step in STEPS if not only or step.__name__ in only],
        "load_average": {"before": [round(x, 2) for x in load_before], "after": [round(x, 2) for x in os.getloadavg()]},
        "seconds": {
            "migrate": round(migrated - began, 1),
            "build": round(built - migrated, 1),
            "total": round(time.perf_counter() - began, 1),
        },
    }
    return report.document(bench.results, machine, study.counts, scale_name, extra)
