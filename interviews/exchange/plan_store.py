"""Where an import plan waits between the preview and the confirmation: pickled under VAR_DIR/imports.

Keeping the plan rather than the upload spares reading a large project twice. Each plan is a file named by
a random token; the session lists the tokens of its user's waiting plans with their format and project
(slug, or None for a new project), so a plan is confirmed only by whoever uploaded it, for the project it
was read for. The files are written and read only by the server, as Django's file cache does; those older
than a day go whenever the folder is used.
"""

import pickle
import secrets
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

PENDING = "pending_imports"  # session key: token → {"kind": ..., "slug": ...}
MAX_AGE = 86400  # seconds a plan waits


class PlanGone(Exception):
    """The plan is no longer there to claim: confirmed already (a second click or tab), or removed."""


def folder():
    """VAR_DIR/imports, made if need be, without files older than MAX_AGE."""
    path = Path(settings.VAR_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    for old in [*path.glob("*.upload"), *path.glob("*.plan"), *path.glob("*.claimed")]:
        if old.stat().st_mtime < time.time() - MAX_AGE:
            old.unlink(missing_ok=True)
    return path


def keep(session, plan, kind, slug):
    """Pickle the plan of an import of `kind` into the project `slug` (None: a new one); returns its token."""
    token = secrets.token_hex(16)
    with open(folder() / f"{token}.plan", "wb") as file:
        pickle.dump(plan, file, protocol=pickle.HIGHEST_PROTOCOL)
    session[PENDING] = {**session.get(PENDING, {}), token: {"kind": kind, "slug": slug}}
    return token


def waiting(session, token, slug):
    """(kind, plan) of the session's plan `token` for the project `slug`, or None when there is none."""
    found = session.get(PENDING, {}).get(token)
    if not (found and found["slug"] == slug):
        return None
    try:
        with open(folder() / f"{token}.plan", "rb") as file:
            return found["kind"], pickle.load(file)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):  # gone, or an older version's
        return None


@contextmanager
def claim(session, token):
    """The plan `token` is taken for the length of the block, so that a second confirmation cannot store it
    again (PlanGone). When the block fails, the plan waits again; when it succeeds, the plan is gone."""
    path = folder() / f"{token}.plan"
    claimed = path.with_suffix(".claimed")
    try:
        path.rename(claimed)
    except FileNotFoundError:
        raise PlanGone(token) from None
    try:
        yield
    except BaseException:
        claimed.rename(path)  # nothing was stored: the researcher may confirm again
        raise
    claimed.unlink(missing_ok=True)
    session[PENDING] = {key: value for key, value in session.get(PENDING, {}).items() if key != token}
