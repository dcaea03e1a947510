"""Where a checked indicator sheet waits for its confirmation, and how far storing it has come: JSON files under
VAR_DIR/indicator-imports named by a random token; the session keeps only the token (100,000 rows kept 700 KB in
the session before: issue 13, finding 5). Files older than a day go whenever the folder is used.

<token>.json      the sheet as checked: {"name", "code", "sheets", "meta", "user"}, cells as plain values
<token>.run.json  the same once confirmed (claimed: a second confirmation finds nothing)
<token>.state     how the storing goes: {"status": queued/running/done/failed, "progress", "total", ...}
"""

import json
import logging
import os
import re
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from . import indicator_sheets

MAX_AGE = 86400  # seconds a checked sheet waits
STUCK_AFTER = 600  # seconds without progress after which a queued or running import is said to be stuck
TOKEN = re.compile(r"[0-9a-f]{32}")
logger = logging.getLogger(__name__)


def folder():
    """VAR_DIR/indicator-imports, made if need be, without files older than MAX_AGE."""
    path = Path(settings.VAR_DIR) / "indicator-imports"
    path.mkdir(parents=True, exist_ok=True)
    for old in path.iterdir():
        if old.stat().st_mtime < time.time() - MAX_AGE:
            old.unlink(missing_ok=True)
    return path


def _path(token, suffix):
    if not TOKEN.fullmatch(str(token)):
        raise ValueError("not a token")
    return folder() / f"{token}{suffix}"


def _write(path, data):
    """Write JSON so that a reader never sees half a file."""
    part = path.with_name(path.name + ".part")
    part.write_text(json.dumps(data), encoding="utf-8")
    os.replace(part, path)


def plain(cell):
    """A cell as JSON keeps it: dates, times and decimals as text."""
    return cell if cell is None or isinstance(cell, (str, int, float, bool)) else str(cell)


def keep(user, name, code, sheets, meta):
    """Keep a checked upload; returns its token."""
    token = secrets.token_hex(16)
    data = {
        "user": user.pk,
        "name": name,
        "code": code,
        "sheets": {key: [[plain(c) for c in row] for row in rows] for key, rows in sheets.items()},
        "meta": [[plain(c) for c in row] for row in meta] if meta else None,
    }
    _write(_path(token, ".json"), data)
    return token


def claim(token, user):
    """The upload `token` of `user`, taken for storing (a second claim gets None), or None when gone."""
    try:
        waiting, claimed = _path(token, ".json"), _path(token, ".run.json")
        data = json.loads(waiting.read_text(encoding="utf-8"))
        if data["user"] != user.pk:
            return None
        waiting.rename(claimed)
    except (ValueError, OSError, KeyError):
        return None
    return data


def claimed(token, user_id):
    """The claimed (confirmed) upload `token` of the user with `user_id`, or None: what the worker stores."""
    try:
        data = json.loads(_path(token, ".run.json").read_text(encoding="utf-8"))
    except (ValueError, OSError):
        return None
    return data if data.get("user") == user_id else None


def rows(data):
    """How many rows the upload's sheets have: what decides between storing now and by the worker."""
    return sum(len(table) for table in data["sheets"].values())


def state(token, user=None):
    """The state of a confirmed upload (of `user`, when given), or None. "stuck" is true when a queued or
    running import has not moved for STUCK_AFTER seconds (the worker is not running, or died in it)."""
    try:
        path = _path(token, ".state")
        found = json.loads(path.read_text(encoding="utf-8"))
        quiet = time.time() - path.stat().st_mtime
    except (ValueError, OSError):
        return None
    found["stuck"] = found.get("status") in ("queued", "running") and quiet > STUCK_AFTER
    return found if user is None or found.get("user") == user.pk else None


def set_state(token, **changes):
    _write(_path(token, ".state"), {**(state(token) or {}), "stuck": False, **changes})


def store(token, data):
    """Check the claimed upload again against what is stored now and store it, telling its state as it goes;
    returns the final state. Nothing is stored when anything fails."""
    note = f"import {data['name']}"[:300]
    set_state(token, user=data["user"], status="running", progress=0, total=rows(data), name=data["name"])
    try:
        report = indicator_sheets.validate(
            data["sheets"],
            data["code"],
            data["meta"],
            progress=lambda done, total: set_state(token, progress=done, total=total),
        )
        if not report.ok:
            errors = [f"{line}: {message}" if line else message for line, message in report.errors[:20]]
            set_state(token, status="failed", error=_("Er is niets opgeslagen:") + " " + "; ".join(errors))
        else:
            created, changed = indicator_sheets.store(report, note=note)
            total = state(token)["total"]
            set_state(token, status="done", progress=total, total=total, created=created, changed=changed)
    except Exception as error:
        logger.exception("indicator import %s failed", token)
        message = _("Het opslaan is mislukt (%(error)s). Er is niets opgeslagen; probeer het opnieuw.")
        set_state(token, status="failed", error=message % {"error": type(error).__name__})
    finally:
        _path(token, ".run.json").unlink(missing_ok=True)
    return state(token)
