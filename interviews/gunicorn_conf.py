"""gunicorn's settings for `make run` and the bench: `gunicorn -c python:interviews.gunicorn_conf monitor.wsgi`.

Each worker loads the Dutch language pipeline (spaCy, the lemma tables) as it starts, so the first lemma search
on a worker is as quick as the next instead of waiting 15-18 s for the loading (issue 15).
"""

import time

# Loading the pipeline counts towards a starting worker's time; three workers loading at once on two cores must
# not be taken for hung ones (gunicorn's default is 30 s). Long exports run in the task worker, not here.
timeout = 120


def post_worker_init(worker):
    """Runs in each worker once it has loaded the app (Django is set up), before it takes a request."""
    from interviews import nlp  # here, not at the top: gunicorn reads this file before Django is set up

    started = time.monotonic()
    nlp.warm_up()
    worker.log.info("Worker %s: Nederlandse taalpijplijn geladen in %.1f s.", worker.pid, time.monotonic() - started)
