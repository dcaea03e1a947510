"""Correcting a coded transcript (issue 18): the preview, the save, the versions with their lost passages, putting
a version back, reviewing a changed passage, and every bad input answered in words with nothing stored."""

import pytest
from conftest import code_phrase
from django.urls import reverse

from interviews.models import (
    Action,
    Passage,
    Segment,
    Suggestion,
    TextChanged,
    TextVersion,
    ThemeRule,
    Token,
    text_digest,
)
from interviews.transcripts import corrections


def url(name, interview, *extra):
    return reverse(f"interviews:{name}", args=[interview.project.slug, interview.pk, *extra])


def post(client, interview, text, **fields):
    data = {"text": text, "base": text_digest(interview.text), "note": "", **fields}
    return client.post(url("text_correct", interview), data)


def preview_and_save(client, interview, text, note=""):
    shown = post(client, interview, text, note=note, preview="1")
    assert shown.status_code == 200, shown.content.decode()[:2000]
    return post(client, interview, text, note=note, save="1", previewed=shown.context["previewed"])


@pytest.fixture
def coded(interview, coder, themes):
    """Three passages: one the correction changes inside, one after it that only moves, one it deletes."""
    inside = code_phrase(interview, coder, "coördinatie met de verloskundigen", themes["samenwerking"])
    after = code_phrase(interview, coder, "een personeelstekort", themes["personeelstekort"])
    doomed = code_phrase(interview, coder, "loopt sinds 2021 beter", themes["samenwerking"])
    Passage.objects.filter(pk=doomed.pk).update(memo="Sinds de nieuwe wethouder.")
    return inside, after, doomed


def test_the_preview_shows_each_change_and_the_passages_it_touches_and_stores_nothing(client, coder, interview, coded):
    client.force_login(coder)
    new = interview.text.replace("coördinatie", "coordinatie").replace(" loopt sinds 2021 beter", "")
    page = post(client, interview, new, preview="1")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<del>coördinatie</del><ins>coordinatie</ins>" in html
    assert "Passages waarvan alle tekst wegvalt" in html and "<del>loopt sinds 2021 beter</del>" in html
    assert [landing.new_text for landing in page.context["to_review"]] == ["coordinatie met de verloskundigen"]
    interview.refresh_from_db()
    assert "coördinatie" in interview.text and not TextVersion.objects.exists()


def test_a_saved_correction_moves_every_passage_flags_the_changed_and_keeps_the_lost(
    client, coder, interview, coded, themes
):
    inside, after, doomed = coded
    client.force_login(coder)
    old = interview.text
    new = old.replace("coördinatie", "coordinatie").replace(" loopt sinds 2021 beter", "").replace("Goed!", "Prima!")
    response = preview_and_save(client, interview, new, note="Tikfouten")
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.text == new
    for passage in Passage.objects.filter(interview=interview):
        assert interview.text[passage.start : passage.end] == passage.text
    inside.refresh_from_db(), after.refresh_from_db()
    assert (inside.text, inside.before_edit) == (
        "coordinatie met de verloskundigen",
        "coördinatie met de verloskundigen",
    )
    assert (after.text, after.before_edit) == ("een personeelstekort", "")
    assert not Passage.objects.filter(pk=doomed.pk).exists()
    first, second = TextVersion.objects.order_by("number")
    assert (first.text, second.text, second.author, second.note) == (old, new, coder, "Tikfouten")
    lost = second.lost[0]
    assert (lost["text"], lost["memo"]) == ("loopt sinds 2021 beter", "Sinds de nieuwe wethouder.")
    assert [t[0] for t in lost["themes"]] == [themes["samenwerking"].pk]
    action = Action.objects.get(verb="correct")
    assert action.after["version"] == 2 and action.after["lost"] == [doomed.pk] and action.after["to_review"] == 1
    assert Segment.objects.filter(interview=interview, kind="turn").count() == 4
    turn = Segment.objects.filter(interview=interview, kind="turn").order_by("start")[1]
    assert new[turn.start : turn.end].startswith("Wethouder: Prima!")
    assert Token.objects.filter(interview=interview, lower="coordinatie").exists()  # indexed again (at once in tests)

    told = client.get(interview.get_absolute_url()).content.decode()
    assert "veranderde woorden in 1 passage van u" in told
    page = client.get(url("text_versions", interview)).content.decode()
    assert "Sinds de nieuwe wethouder." in page and "samenwerking" in page and "Tikfouten" in page
    assert "<del>coördinatie met de verloskundigen</del>" in page


def test_saving_without_the_preview_of_that_very_text_shows_the_preview_instead(client, coder, interview, coded):
    client.force_login(coder)
    shown = post(client, interview, interview.text.replace("Goed!", "Prima!"), preview="1")
    changed_since = post(
        client,
        interview,
        interview.text.replace("Goed!", "Uitstekend!"),
        save="1",
        previewed=shown.context["previewed"],
    )
    assert changed_since.status_code == 200 and "veranderd na het vorige voorbeeld" in changed_since.content.decode()
    assert post(client, interview, interview.text.replace("Goed!", "Prima!"), save="1").status_code == 200
    interview.refresh_from_db()
    assert "Goed!" in interview.text and not TextVersion.objects.exists()


@pytest.mark.parametrize(
    "fields, said",
    [
        ({"text": "   \n "}, "geen tekst"),
        ({"text": ""}, "De tekst is leeg"),
        ({"base": "0" * 16}, "intussen door iemand anders gewijzigd"),
        ({"base": "niet-hex"}, "De versie van de tekst is ongeldig"),
        ({"start": "5"}, "ligt niet binnen het interview"),
        ({"start": "5", "end": "999999"}, "ligt niet binnen het interview"),
        ({"start": "-1", "end": "3"}, "ligt niet binnen het interview"),
        ({"start": "een", "end": "3"}, "ligt niet binnen het interview"),
        ({"text": "x" * 2_000_001}, "De tekst is te lang: hoogstens 2000000 tekens"),
        ({"note": "n" * 201}, "niet meer dan 200 tekens"),
    ],
)
def test_bad_input_is_said_in_words_and_stores_nothing(client, coder, interview, coded, fields, said):
    client.force_login(coder)
    before = interview.text
    data = {"text": before.replace("Goed!", "Prima!"), "base": text_digest(before), "save": "1", **fields}
    response = client.post(url("text_correct", interview), data)
    assert response.status_code == 400 and said in response.content.decode()
    interview.refresh_from_db()
    assert interview.text == before and not TextVersion.objects.exists()


def test_nothing_changed_is_said(client, coder, interview):
    client.force_login(coder)
    for same in (interview.text, interview.text + "  \n\n", interview.text.replace("\n", "\r\n")):
        response = post(client, interview, same, preview="1")
        assert response.status_code == 400 and "Er is niets veranderd" in response.content.decode()


def test_a_stretch_is_corrected_in_place(client, coder, interview, coded):
    client.force_login(coder)
    start = interview.text.index("En de financiering?")
    opened = client.get(url("text_correct", interview) + f"?start={start}&end={start + 19}")
    assert opened.context["form"].initial["text"] == "En de financiering?"
    old = interview.text
    data = {"text": "En de bekostiging?", "base": text_digest(old), "start": start, "end": start + 19, "preview": "1"}
    shown = client.post(url("text_correct", interview), data)
    data.update(save="1", previewed=shown.context["previewed"])
    assert client.post(url("text_correct", interview), data).status_code == 302
    interview.refresh_from_db()
    assert interview.text == old.replace("En de financiering?", "En de bekostiging?")


def test_a_correction_saved_meanwhile_by_a_colleague_is_never_overwritten(interview, coded, coder, owner):
    edit, segments = corrections.prepare(interview, interview.text.replace("Goed!", "Prima!"))
    other, other_segments = corrections.prepare(interview, interview.text.replace("Goed!", "Mooi!"))
    TextVersion.correct(interview, other, other_segments, owner, "eerst")
    with pytest.raises(TextChanged):
        TextVersion.correct(interview, edit, segments, coder, "daarna")
    interview.refresh_from_db()
    assert "Mooi!" in interview.text and TextVersion.objects.count() == 2


def test_the_owner_puts_a_version_back_and_the_passages_move_back(client, owner, coder, interview, coded):
    inside, after, _doomed = coded
    client.force_login(coder)
    old = interview.text
    preview_and_save(client, interview, old.replace("Wethouder: Goed!", "Wethouder: Goed! Heel goed zelfs!"))
    client.force_login(owner)
    interview.refresh_from_db()
    response = client.post(url("text_rollback", interview, 1), {"base": text_digest(interview.text)})
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.text == old and TextVersion.objects.count() == 3
    after.refresh_from_db()
    assert (after.start, after.end) == (old.index("een personeelstekort"), old.index("een personeelstekort") + 20)
    again = client.post(url("text_rollback", interview, 1), {"base": text_digest(interview.text)}, follow=True)
    assert "Dit is de huidige tekst al." in again.content.decode()


def test_a_coder_marks_their_changed_passage_reviewed_and_not_a_colleagues(client, coder, owner, interview, coded):
    inside, *_ = coded
    Passage.objects.filter(pk=inside.pk).update(before_edit="coordinatie met de verloskundigen")
    theirs = code_phrase(interview, owner, "De coördinatie")
    Passage.objects.filter(pk=theirs.pk).update(before_edit="De coordinatie")
    client.force_login(coder)
    reviewed = reverse("interviews:passage_reviewed", args=[interview.project.slug, inside.pk])
    assert client.post(reviewed).status_code == 302
    inside.refresh_from_db()
    assert inside.before_edit == ""
    other = reverse("interviews:passage_reviewed", args=[interview.project.slug, theirs.pk])
    assert client.post(other).status_code == 403


def test_a_page_drawn_before_the_correction_cannot_code_words_that_moved(client, coder, interview, coded):
    client.force_login(coder)
    drawn_from = text_digest(interview.text)
    preview_and_save(client, interview, interview.text.replace("Goed!", "Heel goed, echt!"))
    start = interview.text.index("En de financiering?")
    create = reverse("interviews:passage_create", args=[interview.project.slug, interview.pk])
    fields = {"start": start, "end": start + 5, "unit": "codepoint", "new_theme": "vraag"}
    stale = client.post(create, {**fields, "text_version": drawn_from}, HTTP_ACCEPT="application/json")
    assert stale.status_code == 409 and "intussen gecorrigeerd" in stale.json()["error"]
    interview.refresh_from_db()
    fresh = client.post(create, {**fields, "text_version": text_digest(interview.text)}, HTTP_ACCEPT="application/json")
    assert fresh.status_code == 201
    live = client.get(reverse("interviews:interview_live", args=[interview.project.slug, interview.pk]))
    assert live.json()["text"] == text_digest(interview.text) != drawn_from


def test_a_coded_interview_is_pseudonymised_afterwards_as_a_correction_with_its_key(client, coder, interview, coded):
    project = interview.project
    project.pseudonym_names.create(name="Wethouder", replacement="[bestuurder]")
    Passage.objects.all().delete()
    named = code_phrase(interview, coder, "Wethouder: Goed!")
    client.force_login(coder)
    shown = client.get(url("text_correct", interview) + "?pseudonimiseren=1")
    assert shown.status_code == 200 and "<del>Wethouder</del><ins>[bestuurder]</ins>" in shown.content.decode()
    data = {**shown.context["form"].data, "save": "1", "previewed": shown.context["previewed"]}
    data.pop("preview")
    assert client.post(url("text_correct", interview), data).status_code == 302
    interview.refresh_from_db()
    named.refresh_from_db()
    assert "Wethouder" not in interview.text and named.text == "[bestuurder]: Goed!"
    assert named.before_edit == "" and "Wethouder" not in TextVersion.objects.get(number=1).text  # no copy keeps it
    assert list(interview.pseudonym_keys.values_list("original", "replacement")) == [("Wethouder", "[bestuurder]")]
    assert TextVersion.objects.get(number=2).note.startswith("Pseudonimisering")
    nothing = client.get(url("text_correct", interview) + "?pseudonimiseren=1", follow=True)
    assert "Er is niets gevonden om te pseudonimiseren" in nothing.content.decode()


def test_suggestions_move_with_the_text_and_those_whose_words_vanished_go(owner, interview, themes):
    rule = ThemeRule.objects.create(theme=themes["knelpunten"], terms="knelpunt", created_by=owner)
    text = interview.text
    start = text.index("Dat blijft een knelpunt")
    kept = Suggestion.objects.create(
        rule=rule, interview=interview, start=start, end=start + 23, triggers=[[start + 15, start + 23]]
    )
    gone_at = text.index("Hoe verloopt")
    gone = Suggestion.objects.create(rule=rule, interview=interview, start=gone_at, end=gone_at + 12)
    edit, segments = corrections.prepare(interview, text.replace("Hoe verloopt", "").replace("Goed!", "Heel goed!"))
    TextVersion.correct(interview, edit, segments, owner, "test")
    interview.refresh_from_db()
    kept.refresh_from_db()
    assert interview.text[kept.start : kept.end] == "Dat blijft een knelpunt"
    assert [interview.text[a:b] for a, b in kept.triggers] == ["knelpunt"]
    assert not Suggestion.objects.filter(pk=gone.pk).exists()
    assert Action.objects.get(verb="correct").after["suggestions_or_decisions_dropped"] == 1


def test_a_coder_cannot_save_a_correction_that_deletes_a_colleagues_passage_and_an_owner_can(
    client, coder, owner, interview, themes
):
    theirs = code_phrase(interview, owner, "En de financiering?", themes["financiering"])
    new = interview.text.replace("Interviewer: En de financiering?\n", "")
    client.force_login(coder)
    refused = preview_and_save(client, interview, new)
    assert refused.status_code == 400 and "alleen een eigenaar" in refused.content.decode()
    assert Passage.objects.filter(pk=theirs.pk).exists() and not TextVersion.objects.exists()
    client.force_login(owner)
    assert preview_and_save(client, interview, new).status_code == 302
    assert not Passage.objects.filter(pk=theirs.pk).exists()
