"""Correcting a coded transcript (issue 18): one word in the middle of the one-interview project's 20,000-word
interview, with its passages (500 at full scale), previewed and saved over HTTP as the correction page does;
≤ 500 ms a save. Afterwards every passage must still cover its words."""

from ..models import Interview, Passage
from ..versions import text_digest
from .scenarios import url


def corrections(bench):
    study = bench.study
    interview = Interview.objects.get(project=study.small_project)
    path = url("interviews:text_correct", study.small_project.slug, interview.pk)
    passages = interview.passages.count()
    label = f"correct one word, {len(interview.text.split())} words, {passages} passages"
    if path is None:
        return bench.missing("correct_text_20k", label, 500)
    middle = interview.text.index(" ", len(interview.text) // 2) + 1
    word = interview.text[middle : interview.text.index(" ", middle)]
    state = {"text": interview.text}

    def fields(**extra):
        """The current text with the middle word's case turned: a real change every time."""
        old = state["text"]
        now = old[middle : middle + len(word)]
        new = old[:middle] + (word.upper() if now == word else word) + old[middle + len(word) :]
        token = bench.owner.cookies["csrftoken"]
        return new, {"text": new, "base": text_digest(old), "csrfmiddlewaretoken": token, **extra}

    def preview(i):
        _new, data = fields(preview="1")
        return bench.owner.post(path, data)

    def save(i):
        new, data = fields(save="1", previewed="")
        data["previewed"] = text_digest(new)
        answer = bench.owner.post(path, data)
        if answer.status == 302:
            state["text"] = new
        return answer

    results = [
        bench.timed("correct_preview_20k", f"preview: {label}", path, 10, 500, call=preview, warmup=1),
        bench.timed(
            "correct_text_20k", f"save: {label}", path, 20, 500, ok=lambda r: r.status == 302, call=save, warmup=2
        ),
    ]
    interview.refresh_from_db()
    wrong = [p.pk for p in Passage.objects.filter(interview=interview) if interview.text[p.start : p.end] != p.text]
    results[-1]["note"] = (
        f"{passages} passages; after the saves every one covers its words"
        if not wrong
        else f"{len(wrong)} passages no longer cover their words: {wrong[:5]}"
    )
    if wrong:
        results[-1]["status"] = "error"
    return results
