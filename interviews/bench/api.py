"""The API (issue 21) at study scale, with a personal token of the owner: every coding of the study read through
the API as one streamed response (≤ 3 s), and 1,000 passages written in one bulk call (≤ 2 s).

Last in STEPS: the bulk writes add passages to the dense interview, which no later step should count."""

import datetime
import random

from django.utils import timezone

from ..models import ApiToken, Scope

BULK = 1000


def api(bench):
    study, slug = bench.study, bench.slug
    _token, secret = ApiToken.issue(
        study.owner, "bench", Scope.WRITE, study.project, timezone.now() + datetime.timedelta(days=1)
    )
    headers = {"Authorization": f"Bearer {secret}"}
    codings, entries = study.counts.get("codings"), []
    for fmt in ("jsonl", "csv"):
        path = f"/api/v1/projects/{slug}/codings.{fmt}"
        entry = bench.timed(
            f"api_codings_{fmt}",
            f"all {codings} codings through the API, streamed as {fmt}",
            path,
            5,
            3000,
            call=lambda i, path=path: bench.owner.get(path, headers=headers),
            warmup=1,
        )
        entries.append(entry)
    return [*entries, write_passages(bench, headers)]


def bulk_body(interview, theme_ids, seed):
    """1,000 passages of 3–40 characters spread over the interview, each with one of the themes: a new set of
    spans per seed, so each call creates passages rather than recoding the last call's."""
    rng, length = random.Random(seed), len(interview.text)
    passages = []
    for _ in range(BULK):
        start = rng.randrange(0, length - 41)
        passages.append(
            {
                "interview": interview.pk,
                "start": start,
                "end": start + rng.randint(3, 40),
                "themes": [rng.choice(theme_ids)],
            }
        )
    return {"passages": passages}


def write_passages(bench, headers):
    study = bench.study
    path = f"/api/v1/projects/{bench.slug}/passages"
    theme_ids = [theme.pk for theme in study.themes[:10]]
    bodies = {}

    def call(i):
        body = bodies.setdefault(i, bulk_body(study.dense, theme_ids, seed=f"api-bulk-{i}"))  # Random(-1) is Random(1)
        return bench.owner.request("POST", path, headers=headers, json_body=body)

    return bench.timed(
        "api_bulk_1000",
        f"{BULK} passages with a theme written in one API call (dense interview, {len(study.dense.text)} characters)",
        path,
        5,
        2000,
        call=call,
        ok=lambda r: r.status == 201,
        warmup=1,
    )
