"""A correction that commits between a coding request's reading of the text and its write (review of issue 18):
the write is refused (409) and nothing lands on words that moved."""

from django.urls import reverse

from interviews.forms.coding import PassageCreateForm, PassageUpdateForm
from interviews.models import Passage, TextVersion, Token
from interviews.transcripts import corrections


def corrected_meanwhile(monkeypatch, form_class, interview, owner):
    """Make the form commit a correction (a sentence inserted at the start) right after it was validated."""
    valid = form_class.is_valid

    def then_corrected(form):
        answer = valid(form)
        fresh = type(interview).objects.get(pk=interview.pk)
        edit, segments = corrections.prepare(fresh, "Inleiding: een nieuwe eerste zin.\n" + fresh.text)
        TextVersion.correct(fresh, edit, segments, owner, "tussendoor")
        return answer

    monkeypatch.setattr(form_class, "is_valid", then_corrected)


def test_a_coding_read_before_a_correction_committed_is_refused(client, coder, owner, interview, themes, monkeypatch):
    start = interview.text.index("personeelstekort")
    corrected_meanwhile(monkeypatch, PassageCreateForm, interview, owner)
    client.force_login(coder)
    url = reverse("interviews:passage_create", args=[interview.project.slug, interview.pk])
    fields = {"start": start, "end": start + 16, "theme": themes["personeelstekort"].pk}
    response = client.post(url, fields, HTTP_ACCEPT="application/json")
    assert response.status_code == 409 and "intussen gecorrigeerd" in response.json()["error"]
    assert not Passage.objects.exists()


def test_a_move_read_before_a_correction_committed_is_refused(client, coder, owner, interview, passage, monkeypatch):
    corrected_meanwhile(monkeypatch, PassageUpdateForm, interview, owner)
    client.force_login(coder)
    url = reverse("interviews:passage_update", args=[interview.project.slug, passage.pk])
    response = client.post(url, {"start": passage.start, "end": passage.end + 3}, HTTP_ACCEPT="application/json")
    assert response.status_code == 409
    passage.refresh_from_db()
    interview.refresh_from_db()
    assert interview.text[passage.start : passage.end] == passage.text == "samenwerking in de coalitie"


def test_a_word_index_built_while_a_correction_committed_is_not_written(owner, interview, monkeypatch):
    from interviews import textsearch

    tokens = textsearch.word_tokens

    def corrected_while_reading(text):
        found = list(tokens(text))
        fresh = type(interview).objects.get(pk=interview.pk)
        edit, segments = corrections.prepare(fresh, fresh.text.replace("Goed!", "Prima!"))
        TextVersion.correct(fresh, edit, segments, owner, "tussendoor")
        return found

    monkeypatch.setattr(textsearch, "word_tokens", corrected_while_reading)
    assert textsearch.index_interview(interview) == 0
    assert not Token.objects.filter(interview=interview, lower="goed").exists()
