"""A blind round: `cees` (the cast's coder) and `coby` (a second coder) code one interview, each in secret.

The round's interview ("Rondegesprek") has a fragment only coby coded, SECRET ("geheime fragment van Coby",
theme samenwerking, memo "COBY-MEMO"), far from what cees coded ("samenwerking in de coalitie", samenwerking;
"niets bijzonders", knelpunten), so no page shows SECRET as the context of cees's passages. Outside the round,
the cast's interview holds a passage of coby's ("verloskundigen", financiering) that everyone always sees.
History: coby's creation of the secret passage. A pending suggestion of a rule on the round's interview.
"""

import datetime

import pytest
from conftest import code_phrase
from django.contrib.auth.models import User
from django.utils import timezone

from interviews.models import Action, CodingRound, Interview, Membership, Role, Subject, Suggestion, ThemeRule

SECRET = "geheime fragment van Coby"
ROUND_TEXT = (
    "Interviewer: Wat gaat goed?\nWethouder: De samenwerking in de coalitie loopt goed. "
    + "Verder niets bijzonders te melden over de wijk. " * 12
    + f"\nWethouder: Dit is het {SECRET}, het staat hier."
)

__all__ = ["blind", "coby", "start_round", "SECRET", "ROUND_TEXT"]


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
    """{round, talk, cees, coby, outside, suggestion} (see the module's docstring)."""
    talk = Interview.objects.create(project=project, title="Rondegesprek", text=ROUND_TEXT, created_by=owner)
    coding_round = start_round(project, owner, [coder, coby], [talk], themes.values())
    cees = code_phrase(talk, coder, "samenwerking in de coalitie", themes["samenwerking"])
    code_phrase(talk, coder, "niets bijzonders", themes["knelpunten"])
    secret = code_phrase(talk, coby, SECRET, themes["samenwerking"])
    secret.memo = "COBY-MEMO"
    secret.save()
    Action.record(project, coby, Subject.PASSAGE, "create", subject_id=secret.pk, label=SECRET, interview=talk)
    outside = code_phrase(interview, coby, "verloskundigen", themes["financiering"])
    rule = ThemeRule.objects.create(theme=themes["knelpunten"], terms="wijk", created_by=owner)
    start = ROUND_TEXT.index("wijk")
    suggestion = Suggestion.objects.create(rule=rule, interview=talk, start=start, end=start + 4)
    return {
        "round": coding_round,
        "talk": talk,
        "cees": cees,
        "coby": secret,
        "outside": outside,
        "suggestion": suggestion,
    }
