"""The interview page's cached drawing never goes stale, its query count is fixed, and passages can be starred."""

import json

import pytest
from django.urls import reverse

from interviews import interview_page
from interviews.models import Coding, Passage, Theme

JSON = {"HTTP_ACCEPT": "application/json"}


def page_of(client, interview, **query):
    response = client.get(reverse("interviews:interview_detail", args=[interview.project.slug, interview.pk]), query)
    assert response.status_code == 200
    return response.content.decode()


def star_url(passage):
    return reverse("interviews:passage_set_star", args=[passage.interview.project.slug, passage.pk])


def script_data(page):
    return json.loads(page.split('<script id="coding-data" type="application/json">')[1].split("</script>")[0])


@pytest.fixture
def opened(as_user, viewer, passage):
    """A viewer's client that has opened the interview once, so its drawing is in the cache."""
    client = as_user(viewer)
    assert 'title="samenwerking (cees)"' in page_of(client, passage.interview)
    return client


def test_a_second_opening_reuses_the_drawing(opened, passage, monkeypatch):
    def draw_again(*args):
        raise AssertionError("drawn again although nothing changed")

    monkeypatch.setattr(interview_page, "_draw", draw_again)
    assert f'id="p{passage.pk}"' in page_of(opened, passage.interview)


def test_a_new_coding_and_a_new_passage_show_at_once(opened, passage, themes, owner):
    passage.code([themes["financiering"]])
    other = Passage.select(passage.interview, owner, 0, 11)
    other.save()
    page = page_of(opened, passage.interview)
    assert 'title="samenwerking, financiering (cees)"' in page and f'id="p{other.pk}"' in page
    assert [p["id"] for p in script_data(page)["passages"]] == [other.pk, passage.pk]


def test_a_removed_coding_and_a_deleted_passage_are_gone_at_once(opened, passage, themes, owner):
    other = Passage.select(passage.interview, owner, 0, 11)
    other.save()
    other.code([themes["knelpunten"]])
    assert f'id="p{other.pk}"' in page_of(opened, passage.interview)
    Coding.objects.filter(content_object=other).delete()
    assert 'title="zonder thema (olga)"' in page_of(opened, passage.interview)
    other.delete()
    page = page_of(opened, passage.interview)
    assert f'id="p{other.pk}"' not in page and 'id="wb-count">1<' in page


def test_a_theme_renamed_recoloured_or_moved_shows_at_once(opened, passage, themes):
    Theme.objects.filter(pk=themes["samenwerking"].pk).update(name="<b>netwerk</b>")
    page = page_of(opened, passage.interview)
    assert 'title="&lt;b&gt;netwerk&lt;/b&gt; (cees)"' in page and "<b>netwerk" not in page
    Theme.objects.filter(pk=themes["samenwerking"].pk).update(colour="#123456")
    assert "background-color: #12345640" in page_of(opened, passage.interview)
    passage.code([themes["financiering"]])
    assert "samenwerking, financiering" not in page_of(opened, passage.interview)
    Theme.objects.filter(pk=themes["financiering"].pk).update(order=0)
    assert 'title="financiering, &lt;b&gt;netwerk&lt;/b&gt; (cees)"' in page_of(opened, passage.interview)


def test_a_memo_a_move_and_a_star_set_without_save_show_at_once(opened, passage, coder):
    Passage.objects.filter(pk=passage.pk).update(memo="Let op <dit>")
    assert "memo: Let op &lt;dit&gt;" in page_of(opened, passage.interview)
    passage.refresh_from_db()
    passage.move(passage.start, passage.end - len(" coalitie"))
    assert ">samenwerking in de</span>" in page_of(opened, passage.interview)
    Passage.objects.filter(pk=passage.pk).update(starred=True)  # as the exemplar choice does: no updated_at
    assert "★ ster" in page_of(opened, passage.interview)
    coder.first_name = "Cees"
    coder.save()
    assert '<div class="muted">Cees · memo:' in page_of(opened, passage.interview)


def test_each_coder_filter_and_role_gets_its_own_drawing(as_user, viewer, coder, passage, owner):
    other = Passage.select(passage.interview, owner, 0, 11)
    other.save()
    for who, buttons in ((viewer, 0), (coder, 2), (viewer, 0)):
        page = page_of(as_user(who), passage.interview)
        assert page.count('class="link wb-star"') == buttons and f'id="p{other.pk}"' in page
        only = page_of(as_user(who), passage.interview, coder="cees")
        assert f'id="p{other.pk}"' not in only and f'id="p{passage.pk}"' in only


@pytest.mark.parametrize("cached", [False, True])
def test_opening_an_interview_takes_a_fixed_number_of_queries(
    as_user, viewer, interview, themes, coder, cached, django_assert_max_num_queries
):
    for start in range(0, 200, 2):
        Passage.select(interview, coder, start, start + 30).save()
    for passage in Passage.objects.all():
        passage.code([themes["samenwerking"], themes["financiering"]])
    client = as_user(viewer)
    if cached:
        page_of(client, interview)
    with django_assert_max_num_queries(12):  # 12: one asks which interviews a blind round hides
        page = page_of(client, interview)
    assert page.count('class="hl"') > 100 and page.count("<li data-passage=") == 100


def test_coders_and_owners_star_any_passage_viewers_may_not(check_access, passage):
    cast = {"anonymous": None, "outsider": 404, "viewer": 403}
    check_access("post", star_url(passage), cast, {"starred": "1"})
    assert not Passage.objects.get().starred
    check_access("post", star_url(passage), {"owner": 302}, {"starred": "1"})
    assert Passage.objects.get().starred
    check_access("post", star_url(passage), {"coder": 302}, {"starred": "0"})
    assert not Passage.objects.get().starred
    check_access("get", star_url(passage), {"coder": 405})


def test_a_star_from_the_script_answers_with_the_passage(as_user, owner, viewer, passage):
    response = as_user(owner).post(star_url(passage), {"starred": "1"}, **JSON)
    assert response.status_code == 200 and response.json()["passage"]["starred"] is True
    assert response.json()["passage"]["editable"] and not response.json()["passage"]["mine"]
    page = page_of(as_user(owner), passage.interview)
    assert 'name="starred" value="0" class="link wb-star" aria-pressed="true"' in page
    refused = as_user(viewer).post(star_url(passage), {"starred": "0"}, **JSON)
    assert refused.status_code == 403 and "lezer" in refused.json()["error"]
    assert Passage.objects.get().starred


def test_a_bad_star_value_or_a_gone_passage_is_refused(as_user, coder, passage):
    client = as_user(coder)
    response = client.post(star_url(passage), {"starred": "ja"}, **JSON)
    assert response.status_code == 400 and "gebruik 1 (ster geven) of 0" in response.json()["error"]
    assert client.post(star_url(passage), {}, **JSON).status_code == 400
    assert not Passage.objects.get().starred
    plain = client.post(star_url(passage), {"starred": "ja"})
    assert plain.status_code == 302 and "gebruik 1 (ster geven)" in client.get(plain["Location"]).content.decode()
    url = star_url(passage)
    passage.delete()
    gone = client.post(url, {"starred": "1"}, **JSON)
    assert gone.status_code == 404 and "bestaat niet (meer)" in gone.json()["error"]


def test_a_plain_star_returns_to_the_passage_with_a_message(as_user, coder, passage):
    client = as_user(coder)
    response = client.post(star_url(passage), {"starred": "1"})
    assert response.status_code == 302 and response["Location"].endswith(f"#p{passage.pk}")
    page = client.get(response["Location"]).content.decode()
    assert "Ster gegeven." in page and 'aria-pressed="true"' in page
    assert '<form method="post" id="wb-star-form"' in page and "csrfmiddlewaretoken" in page
