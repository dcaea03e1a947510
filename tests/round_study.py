"""A blind round on the cast's interview: `cees` (coder) and `coby` (a second coder) code it, each in secret.

Passages: cees codes "samenwerking in de coalitie" (samenwerking) and "knelpunt" (knelpunten); coby codes
"coördinatie met de verloskundigen" (samenwerking, with a memo "COBY-MEMO"). A second interview, outside
the round, holds a passage of coby's ("buiten de ronde") that everyone always sees.
"""

import datetime

import pytest
from conftest import TEXT, code_phrase
from django.contrib.auth.models import User
from django.utils import timezone

from interviews.models import CodingRound, Interview, Membership, Role

COBY_PHRASE = "coördinatie met de verloskundigen"
CEES_PHRASE = "samenwerking in de coalitie"

__all__ = ["blind", "coby", "start_round", "COBY_PHRASE", "CEES_PHRASE"]


def start_round(project, owner, coders, interviews, themes, consensus=None):
    """An open round of these coders on these interviews and themes, the deadline a week ahead."""
    coding_round = CodingRound.objects.create(
        project=project,
        name="Ronde 1",
        deadline=timezone.localdate() + datetime.timedelta(days=7),
        created_by=owner,
        consensus_coder=consensus or owner,
    )
    coding_round.interviews.set(interviews)
    coding_round.themes.set(themes)
    coding_round.coders.set(coders)
    return coding_round


@pytest.fixture
def coby(project):
    user = User.objects.create_user("coby", password="pw-coby-123")
    Membership.objects.create(project=project, user=user, role=Role.CODER)
    return user


@pytest.fixture
def blind(project, owner, coder, coby, interview, themes):
    """{round, cees, coby, outside}: the open round and the passages (see the module's docstring)."""
    coding_round = start_round(project, owner, [coder, coby], [interview], themes.values())
    cees = code_phrase(interview, coder, CEES_PHRASE, themes["samenwerking"])
    code_phrase(interview, coder, "knelpunt", themes["knelpunten"])
    coby_passage = code_phrase(interview, coby, COBY_PHRASE, themes["samenwerking"])
    coby_passage.memo = "COBY-MEMO"
    coby_passage.save()
    other = Interview.objects.create(project=project, title="Buiten de ronde", text=TEXT + " buiten de ronde")
    outside = code_phrase(other, coby, "buiten de ronde", themes["financiering"])
    return {"round": coding_round, "cees": cees, "coby": coby_passage, "outside": outside, "other": other}
