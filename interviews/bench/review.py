"""The disagreement review of a closed round (issue 14): the study's 20,000-word interview, coded by two of its
coders, reviewed by the owner, ≤ 300 ms."""

import datetime

from django.utils import timezone

from ..models import CodingRound
from .scenarios import url


def closed_round(study):
    """A closed round of the first two coders on the dense interview, with every theme (made once per run)."""
    first, second = study.coders[:2]
    coding_round = CodingRound.objects.create(
        project=study.project,
        name="Bench: dubbel gecodeerd",
        deadline=timezone.localdate() + datetime.timedelta(days=7),
        created_by=study.owner,
        consensus_coder=study.owner,
    )
    coding_round.interviews.set([study.dense])
    coding_round.themes.set(study.themes)
    coding_round.coders.set([first, second])
    coding_round.close(study.owner)
    return coding_round


def review(bench):
    study = bench.study
    coding_round = closed_round(study)
    passages = study.dense.passages.filter(coder__in=study.coders[:2]).count()
    return bench.timed(
        "review_20k",
        f"disagreement review: {study.scale.dense_words} words, {passages} passages of two coders",
        url("interviews:round_review", bench.slug, coding_round.pk, study.dense.pk),
        10,
        300,
    )
