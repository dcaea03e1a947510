"""The waiting import plans: kept per session and project, claimed once, back when storing fails, cleaned up."""

import os
import time

import pytest

from interviews.exchange import plan_store
from interviews.exchange.plan import ImportPlan


@pytest.fixture(autouse=True)
def plans_in_tmp(settings, tmp_path):
    settings.VAR_DIR = tmp_path


def test_a_kept_plan_waits_only_for_its_own_session_and_project():
    session = {}
    token = plan_store.keep(session, ImportPlan(name="Pilot"), "qdpx", "zorg")
    kind, plan = plan_store.waiting(session, token, "zorg")
    assert kind == "qdpx" and plan.name == "Pilot"
    assert plan_store.waiting(session, token, None) is None  # not for a new project
    assert plan_store.waiting({}, token, "zorg") is None  # not for another session


def test_a_claimed_plan_is_gone_afterwards_and_cannot_be_claimed_twice(tmp_path):
    session = {}
    token = plan_store.keep(session, ImportPlan(), "taguette", None)
    with plan_store.claim(session, token):
        with pytest.raises(plan_store.PlanGone), plan_store.claim(session, token):
            pass
    assert plan_store.waiting(session, token, None) is None and token not in session[plan_store.PENDING]
    assert not list((tmp_path / "imports").iterdir())


def test_a_plan_waits_again_when_storing_it_fails():
    session = {}
    token = plan_store.keep(session, ImportPlan(name="Pilot"), "qdpx", None)
    with pytest.raises(RuntimeError), plan_store.claim(session, token):
        raise RuntimeError("database gone")
    assert plan_store.waiting(session, token, None)[1].name == "Pilot"


def test_plans_older_than_a_day_are_removed(tmp_path):
    token = plan_store.keep({}, ImportPlan(), "qdpx", None)
    old = tmp_path / "imports" / f"{token}.plan"
    os.utime(old, (time.time() - plan_store.MAX_AGE - 60,) * 2)
    plan_store.folder()
    assert not old.exists()
