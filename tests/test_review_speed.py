"""The review page of a 20,000-word interview with 300 passages per coder answers within its budget (300 ms;
the median of five requests, on a shared machine twice that is allowed before the test fails)."""

import random
import statistics
import time

from django.urls import reverse
from round_study import *  # noqa: F403 (the fixtures blind and coby, start_round)

from interviews.models import Coding, Interview, Passage

WORDS = "de gemeente werkt samen met de verloskundige en het wijkteam aan een kansrijke start voor elk kind".split()


def test_the_review_of_a_20000_word_interview_is_drawn_within_budget(as_user, owner, coder, coby, project, themes):
    rng = random.Random(14)
    text = " ".join(rng.choice(WORDS) for _ in range(20_000))
    talk = Interview.objects.create(project=project, title="Lang gesprek", text=text, created_by=owner)
    coding_round = start_round(project, owner, [coder, coby], [talk], themes.values())  # noqa: F405
    passages, theme_list = [], list(themes.values())
    for user in (coder, coby):
        for _ in range(300):
            start = rng.randrange(0, len(text) - 400)
            end = start + rng.randrange(20, 400)
            passages.append(Passage(interview=talk, coder=user, start=start, end=end, text=text[start:end]))
    passages = Passage.objects.bulk_create(passages)
    Coding.objects.bulk_create(Coding(content_object=p, tag=rng.choice(theme_list)) for p in passages)
    coding_round.close(owner)
    client = as_user(owner)
    url = reverse("interviews:round_review", args=[project.slug, coding_round.pk, talk.pk])
    timings = []
    for _ in range(5):
        began = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - began)
        assert response.status_code == 200
    median = statistics.median(timings)
    print(f"review page, 20,000 words, 600 passages, {response.content.count(b'rv-item')} disagreements: "
          f"median {median * 1000:.0f} ms")  # fmt: skip
    assert median < 0.6
