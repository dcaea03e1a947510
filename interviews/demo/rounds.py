"""The demo's closed coding round: Lotte and Sanne coded three interviews each on their own (the codings of
demo/codings.py), so the agreement page and the disagreement review have real differences to show: the same
theme over other spans, and themes only one of them used."""

import datetime

from django.utils import timezone

from ..models import CodingRound, RoundState, consensus_user

ROUND_NAME = "Proefronde dubbel coderen"
ROUND_FILES = ["utrecht_wethouder_2021.txt", "amsterdam_verloskundige_2022.txt", "tilburg_wijkteam_2023.txt"]


def add_round(project, users):
    """The closed round, unless the project has rounds already (people may have started their own)."""
    if project.coding_rounds.exists():
        return None
    interviews = list(project.interviews.filter(source_name__in=ROUND_FILES).defer("text"))
    if len(interviews) < 2:
        return None
    owner, coder = users["lotte"], users["sanne"]
    started = timezone.now() - datetime.timedelta(days=14)
    coding_round = CodingRound.objects.create(
        project=project,
        name=ROUND_NAME,
        deadline=(started + datetime.timedelta(days=10)).date(),
        state=RoundState.CLOSED,
        consensus_coder=consensus_user(project),
        created_by=owner,
        created_at=started,
        closed_at=started + datetime.timedelta(days=11),
        closed_by=owner,
    )
    coding_round.interviews.set(interviews)
    coding_round.themes.set(project.themes.all())
    coding_round.coders.set([owner, coder])
    return coding_round
