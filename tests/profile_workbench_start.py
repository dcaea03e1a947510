"""The workbench's start in Chromium on the bench's dense and long interviews (issue 17: under 300 ms).

Not a test (pytest collects only test_*.py; budgets are checked by measurement, not by timed tests in the
suite): run by hand, `.venv/bin/python -m pytest -q -s -p no:xdist tests/profile_workbench_start.py`. The server
draws the passages' runs and the script takes them over (wb-render.js, adopt): 36 and 82 ms on the 2-core VM.
Laying every passage over the bare text in the script instead took 132 and 738 ms (branch wip/text-drawn-once,
5 December), which is why the runs are still drawn on the server."""

import random

import pytest

from interviews.bench.study import code_interview, create_interviews, create_themes
from interviews.models import Coding
from monitor.models import Municipality


@pytest.mark.parametrize("words, passages, codings", [(20_000, 500, 545), (80_000, 2_000, 2_200)])
def test_profile_the_workbench_start(open_page, project, owner, coder, words, passages, codings):
    rng = random.Random(8)
    themes = create_themes(project, rng)
    (interview,) = create_interviews(
        project,
        owner,
        rng,
        [("Dicht", words, "Wethouder")],
        [Municipality.objects.get_or_create(code="GM0344", defaults={"name": "Utrecht", "province": "Utrecht"})[0]],
    )
    Coding.objects.bulk_create(code_interview(interview, [owner, coder], themes, rng, passages, codings))
    page = open_page(coder, interview)
    assert page.locator("article.transcript .hl").count() >= passages  # every passage drawn
    took = int(page.evaluate("document.documentElement.dataset.wbInitMs"))
    verdict = "PASS" if took <= 300 else "MISS"
    print(f"\n{words} words, {passages} passages: the workbench started in {took} ms ({verdict})")
