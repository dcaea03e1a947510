"""The agreement page of two coders over the whole study (issue 14): every interview, all 60 themes, all three
levels (presence, per turn, continuum) in one request, ≤ 2 s."""

from urllib.parse import urlencode

from .scenarios import url


def agreement(bench):
    study = bench.study
    first, second = study.coders[:2]
    interviews = study.project.interviews.count()
    query = urlencode({"coders": [first.pk, second.pk], "unit": "turn"}, doseq=True)
    return bench.timed(
        "agreement_2x200x60",
        f"agreement page: 2 coders × {interviews} interviews × {len(study.themes)} themes, three levels",
        url("interviews:agreement", bench.slug, query=query),
        5,
        2000,
        warmup=1,
    )
