"""Pseudonymisation: the project's name list and key policy, the review per replacement, the key."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from interviews.models import ImportBatch, Interview, KeyPolicy, PseudonymKey, PseudonymName

TEXT = "Interviewer: Dag mevrouw Jansen, mag ik u bellen op 06-12345678?\nJansen: Ja, of mail naar a.jansen@ggd.nl."


@pytest.fixture
def names(project):
    return PseudonymName.objects.create(project=project, name="Jansen", replacement="[R1]")


def prepare(client, project, text=TEXT):
    client.post(
        reverse("interviews:interview_upload", args=[project.slug]),
        {"files": [SimpleUploadedFile("Gesprek.txt", text.encode())], "pseudonymise": "on"},
    )
    batch = ImportBatch.objects.latest("pk")
    return batch, batch.items.get()


def review_url(item):
    return reverse("interviews:import_review", args=[item.batch.project.slug, item.batch_id, item.pk])


def test_the_settings_are_for_owners_only(check_access, project):
    url = reverse("interviews:pseudonym_settings", args=[project.slug])
    check_access("get", url, {"anonymous": 302, "outsider": 404, "viewer": 403, "coder": 403, "owner": 200})
    check_access("post", url, {"coder": 403}, data={"name": "Jansen", "replacement": "[R1]"})
    assert not PseudonymName.objects.exists()


def test_an_owner_adds_and_removes_names_and_a_name_twice_is_refused(as_user, owner, project):
    client, url = as_user(owner), reverse("interviews:pseudonym_settings", args=[project.slug])
    client.post(url, {"name": " Piet  Jansen ", "replacement": " [R1] "})
    name = project.pseudonym_names.get()
    assert (name.name, name.replacement) == ("Piet Jansen", "[R1]")
    response = client.post(url, {"name": "piet jansen", "replacement": "[R2]"})
    assert response.status_code == 400 and "“piet jansen” staat al in de lijst." in response.content.decode()
    client.post(reverse("interviews:pseudonym_name_delete", args=[project.slug, name.pk]))
    assert not project.pseudonym_names.exists()


def test_the_review_page_shows_every_proposal_in_context(as_user, coder, project, names):
    client = as_user(coder)
    batch, item = prepare(client, project)
    page = client.get(reverse("interviews:import_preview", args=[project.slug, batch.pk])).content.decode()
    assert "Vervangingen" in page and review_url(item) in page
    page = client.get(review_url(item)).content.decode()
    for original in ["Jansen", "06-12345678", "a.jansen@ggd.nl"]:
        assert f"<mark>{original}</mark>" in page and f"Vervanging voor “{original}”" in page
    assert "telefoonnummer" in page and "e-mailadres" in page and not Interview.objects.exists()
    assert page.count("Vervanging voor “Jansen”") == 1  # one decision for both places


def test_a_decision_holds_for_every_place_of_the_same_text(as_user, coder, project, names):
    client = as_user(coder)
    text = "\n".join(f"Jansen: antwoord {n}." for n in range(8))
    _batch, item = prepare(client, project, text)
    page = client.get(review_url(item)).content.decode()
    assert page.count("<mark>Jansen</mark>") == 3 and "en nog 5 keer" in page
    client.post(review_url(item), {"replacement_0": "[R9]"})
    item.refresh_from_db()
    assert {p["replacement"] for p in item.replacements} == {"[R9]"} and len(item.replacements) == 8


def test_accepted_edited_and_skipped_replacements_give_the_stored_text(as_user, coder, project, names):
    client = as_user(coder)
    batch, item = prepare(client, project)
    assert [p["original"] for p in item.replacements] == ["Jansen", "06-12345678", "Jansen", "a.jansen@ggd.nl"]
    decisions = {"replacement_0": "[R1]", "replacement_1": "[telefoon]", "skip_1": "on", "replacement_2": "[mail R1]"}
    response = client.post(review_url(item), decisions)
    assert response.status_code == 302
    client.post(reverse("interviews:batch_confirm", args=[project.slug, batch.pk]))
    interview = project.interviews.get()
    assert (
        interview.text
        == "Interviewer: Dag mevrouw [R1], mag ik u bellen op 06-12345678?\n[R1]: Ja, of mail naar [mail R1]."
    )
    assert list(interview.speakers.values_list("name", flat=True)) == ["Interviewer", "[R1]"]
    turns = interview.segments.filter(kind="turn")
    assert [interview.text[t.start : t.end] for t in turns] == interview.text.split("\n")
    assert sorted(interview.pseudonym_keys.values_list("original", "replacement")) == [
        ("Jansen", "[R1]"),
        ("a.jansen@ggd.nl", "[mail R1]"),
    ]
    assert "Jansen" not in ImportBatch.objects.get().items.get().text


def test_an_empty_replacement_that_is_not_skipped_is_refused(as_user, coder, project, names):
    client = as_user(coder)
    _batch, item = prepare(client, project)
    response = client.post(review_url(item), {"replacement_0": "  ", "replacement_1": "x", "replacement_2": "x"})
    assert response.status_code == 400 and "Vul een vervanging in" in response.content.decode()
    item.refresh_from_db()
    assert item.replacements[1]["replacement"] == "[telefoon]"


def test_a_project_that_keeps_no_key_stores_none(as_user, coder, project, names):
    project.pseudonym_key = KeyPolicy.NOT_KEPT
    project.save()
    client = as_user(coder)
    batch, _item = prepare(client, project)
    client.post(reverse("interviews:batch_confirm", args=[project.slug, batch.pk]))
    assert "Jansen" not in project.interviews.get().text and not PseudonymKey.objects.exists()


def test_switching_to_not_kept_deletes_the_key(as_user, owner, project, interview):
    PseudonymKey.objects.create(interview=interview, original="Jansen", replacement="[R1]", kind="name")
    as_user(owner).post(
        reverse("interviews:pseudonym_settings", args=[project.slug]), {"pseudonym_key": KeyPolicy.NOT_KEPT}
    )
    project.refresh_from_db()
    assert project.pseudonym_key == KeyPolicy.NOT_KEPT and not PseudonymKey.objects.exists()


@pytest.mark.parametrize(
    "policy, expected",
    [
        (KeyPolicy.OWNERS, {"viewer": 403, "coder": 403, "owner": 200}),
        (KeyPolicy.KEPT, {"viewer": 403, "coder": 200, "owner": 200}),
    ],
)
def test_who_sees_the_key_follows_the_project_policy(
    check_access, as_user, owner, project, interview, policy, expected
):
    project.pseudonym_key = policy
    project.save()
    PseudonymKey.objects.create(interview=interview, original="<script>Jansen", replacement="[R1]", kind="name")
    url = reverse("interviews:pseudonym_key", args=[project.slug])
    check_access("get", url, {"anonymous": 302, "outsider": 404, **expected})
    page = as_user(owner).get(url).content.decode()
    assert "&lt;script&gt;Jansen" in page and "<script>Jansen" not in page and "naam" in page
