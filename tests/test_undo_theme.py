"""Restoring a deleted theme with its codings, from the action that recorded its deletion (owners only)."""

from django.template.loader import render_to_string
from django.urls import reverse

from interviews.models import Action, Coding, Memo, Passage, Subject, Theme

JSON = {"HTTP_ACCEPT": "application/json"}


def delete_theme(theme, user):
    """What the codebook's delete does and records (helper G's recording, in the shape Theme.snapshot gives)."""
    before = theme.snapshot(with_codings=True)
    theme.delete_with_codings()
    return Action.record(
        theme.project, user, Subject.THEME, "delete", subject_id=before["id"], label=before["name"], before=before
    )


def restore_url(action):
    return reverse("interviews:theme_restore", args=[action.project.slug, action.pk])


def codings(theme_id):
    return sorted(Coding.objects.filter(tag_id=theme_id).values_list("content_object_id", "origin", "coded_at"))


def test_an_owner_restores_a_deleted_theme_with_its_codings_children_and_place(as_user, owner, passage, themes):
    knelpunten = themes["knelpunten"]
    knelpunten.definition = "Wat niet loopt."
    knelpunten.save()
    passage.code([knelpunten], origin="suggestion")
    shot, kept = knelpunten.snapshot(with_codings=True), codings(knelpunten.pk)
    deletion = delete_theme(knelpunten, owner)
    assert Theme.objects.get(pk=themes["personeelstekort"].pk).parent is None
    response = as_user(owner).post(restore_url(deletion), **JSON)
    assert response.status_code == 200, response.content.decode()
    assert response.json()["message"] == "Thema ‘knelpunten’ hersteld met 1 codering(en)."
    theme = Theme.objects.get(name="knelpunten")
    assert theme.snapshot(with_codings=True) == shot  # the same id, colour, order, definition, child, codings
    assert codings(theme.pk) == kept
    restore = Action.objects.get(verb="restore")
    assert (restore.reverts, restore.subject, restore.subject_id) == (deletion, Subject.THEME, theme.pk)
    deletion.refresh_from_db()
    assert deletion.undone_at == restore.at


def test_codings_of_passages_deleted_since_are_left_out(as_user, owner, passage, themes):
    deletion = delete_theme(themes["samenwerking"], owner)
    passage.delete()
    response = as_user(owner).post(restore_url(deletion), {"next": "/p/ks-test/activiteit/"})
    assert response.status_code == 302 and response["Location"] == "/p/ks-test/activiteit/"
    assert Theme.objects.get(name="samenwerking").codings.count() == 0


def test_a_name_taken_again_or_a_second_restore_is_refused_and_nothing_changes(as_user, owner, passage, themes):
    deletion = delete_theme(themes["samenwerking"], owner)
    again = Theme.objects.create(project=deletion.project, name="Samenwerking")
    client = as_user(owner)
    response = client.post(restore_url(deletion), **JSON)
    assert response.status_code == 409 and response.json()["error"].startswith("Er is al een thema “samenwerking”")
    assert not Coding.objects.exists() and not Action.objects.filter(verb="restore").exists()
    again.delete()
    assert client.post(restore_url(deletion), **JSON).status_code == 200
    response = client.post(restore_url(deletion), follow=True)
    assert "Dit thema is al hersteld." in response.content.decode()
    assert Theme.objects.filter(name="samenwerking").count() == 1


def test_only_owners_restore_and_only_a_theme_deletion_of_their_project(check_access, as_user, owner, passage, themes):
    deletion = delete_theme(themes["financiering"], owner)
    check_access("post", restore_url(deletion), {"anonymous": None, "outsider": 404, "viewer": 403, "coder": 403})
    assert not Theme.objects.filter(name="financiering").exists()
    other = Action.record(deletion.project, owner, Subject.PASSAGE, "delete", subject_id=passage.pk)
    assert as_user(owner).post(restore_url(other), **JSON).status_code == 404
    assert Passage.objects.filter(pk=passage.pk).exists()


def test_the_restore_button_for_the_activity_page_posts_to_the_endpoint(rf, owner, themes):
    deletion = delete_theme(themes["financiering"], owner)
    request = rf.get("/")
    html = render_to_string("interviews/_theme_restore_form.html", {"action": deletion, "next": "/terug/"}, request)
    assert f'action="{restore_url(deletion)}"' in html and 'value="/terug/"' in html
    assert "csrfmiddlewaretoken" in html and "Thema ‘financiering’ herstellen met zijn coderingen" in html


def test_a_theme_deleted_in_the_codebook_is_restored_from_the_activity_page(as_user, owner, coder, passage, themes):
    knelpunten = themes["knelpunten"]
    passage.code([knelpunten])
    memo = Memo.objects.create(
        project=knelpunten.project, theme=knelpunten, title="Wat telt", text="Geld.", author=coder
    )
    made = memo.created_at.replace(microsecond=memo.created_at.microsecond // 1000 * 1000)  # history keeps ms
    memo_before = (memo.title, memo.text, memo.author_id, made)
    shot = knelpunten.snapshot(with_codings=True)
    client = as_user(owner)
    client.post(reverse("interviews:theme_delete", args=[knelpunten.project.slug, knelpunten.pk]))
    assert not Theme.objects.filter(name="knelpunten").exists()
    activity = reverse("interviews:project_activity", args=[knelpunten.project.slug])
    deletion = Action.objects.get(subject=Subject.THEME, verb="delete")
    page = client.get(activity).content.decode()
    assert restore_url(deletion) in page  # the owner gets the button
    assert restore_url(deletion) not in as_user(coder).get(activity).content.decode()
    client = as_user(owner)  # as_user logs the one test client in as that user
    response = client.post(restore_url(deletion), {"next": activity})
    assert response.status_code == 302
    restored = Theme.objects.get(name="knelpunten")
    assert restored.snapshot(with_codings=True) == shot
    assert [(m.title, m.text, m.author_id, m.created_at) for m in restored.memos.all()] == [memo_before]
    assert restore_url(deletion) not in client.get(activity).content.decode()  # restored once, shown as such
