"""gunicorn's settings for `make run` and the bench: `gunicorn -c python:interviews.gunicorn_conf monitor.wsgi`.

Each worker loads the Dutch language pipeline (spaCy, the lemma tables) as it starts, so the first lemma search
on a worker is as quick as the next instead of waiting 15-18 s for the loading (issue 15).
"""

import gc
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
    # What the worker has loaded (Django, the app, the pipeline: about 135,000 objects) stays for its life, yet
    # each full garbage collection walked it again: 75 ms, set off every few pages drawn anew (their thousands of
    # short-lived objects), which put an interview page drawn after a colleague's coding at p95 155 ms against a
    # median of 35 (tests/profile_interview_page.py). Frozen, a full collection skips them: p95 37 ms.
    gc.freeze()
