"""The interchange pages: .qdpx download, REFI-QDA and Taguette import with preview and confirmation."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from interviews.models import Interview, Membership, Passage, Project, Role, Token
from interviews.tasks import analyse_interview
from interviews.textsearch import index_interview

DATA = Path(__file__).parent / "data"
G = "0000000{}-0000-0000-0000-000000000000"


@pytest.fixture(autouse=True)
def uploads_in_tmp(settings, tmp_path):
    settings.VAR_DIR = tmp_path


def qdpx(name="Uitwissel <script>alert(1)</script>", start=0, end=4):
    qde = f"""<Project xmlns="urn:QDA-XML:project:1.0" name="{name.replace("<", "&lt;")}" origin="Test">
    <CodeBook><Codes><Code guid="{G.format(2)}" name="zorg &lt;b&gt;" isCodable="true"/></Codes></CodeBook>
    <Sources><TextSource guid="{G.format(3)}" name="Gesprek" plainTextPath="internal://{G.format(3)}.txt">
      <PlainTextSelection guid="{G.format(4)}" startPosition="{start}" endPosition="{end}">
        <Coding guid="{G.format(5)}"><CodeRef targetGUID="{G.format(2)}"/></Coding></PlainTextSelection>
    </TextSource></Sources></Project>"""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("project.qde", qde)
        archive.writestr(f"sources/{G.format(3)}.txt", "Zorg is goed geregeld.")
    return SimpleUploadedFile("export.qdpx", out.getvalue())


def upload(client, url, file):
    return client.post(url, {"file": file})


def token_of(response):
    return response.context["confirm"]["token"].value()


def test_every_member_sees_the_exchange_page_and_only_writers_the_import(project, check_access, as_user, viewer, coder):
    url = reverse("interviews:exchange", args=[project.slug])
    check_access("get", url, {"anonymous": None, "outsider": 404, "viewer": 200, "coder": 200, "owner": 200})
    assert "Importeren in dit project" not in as_user(viewer).get(url).content.decode()
    assert "Importeren in dit project" in as_user(coder).get(url).content.decode()


def test_viewers_may_download_the_project_as_qdpx(project, interview, passage, check_access, as_user, viewer):
    url = reverse("interviews:qdpx_export", args=[project.slug])
    check_access("get", url, {"anonymous": None, "outsider": 404, "viewer": 200, "coder": 200, "owner": 200})
    response = as_user(viewer).get(url)
    assert response["Content-Type"] == "application/zip" and "vera" not in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))  # from a file on disk
    assert "project.qde" in archive.namelist() and b"samenwerking" in archive.read("project.qde")


def test_only_coders_and_owners_may_import_into_a_project(project, check_access):
    url = reverse("interviews:exchange_import", args=[project.slug])
    check_access("post", url, {"anonymous": None, "outsider": 404, "viewer": 403})
    check_access(
        "post",
        reverse("interviews:exchange_import_confirm", args=[project.slug]),
        {"anonymous": None, "outsider": 404, "viewer": 403},
    )


def test_the_preview_stores_nothing_and_confirming_stores_everything(project, as_user, coder):
    client = as_user(coder)
    response = upload(client, reverse("interviews:exchange_import", args=[project.slug]), qdpx())
    assert response.status_code == 200
    page = response.content.decode()
    assert "1 passages" in page and "&lt;script&gt;" in page and "<script>alert" not in page
    assert not project.interviews.exists() and not project.themes.exists()
    response = client.post(
        reverse("interviews:exchange_import_confirm", args=[project.slug]), {"token": token_of(response)}
    )
    assert response.status_code == 302 and response["Location"] == reverse(
        "interviews:project_detail", args=[project.slug]
    )
    passage = Passage.objects.get(interview__project=project)
    assert passage.text == "Zorg" and passage.coder == coder
    assert [t.name for t in passage.themes.all()] == ["zorg <b>"]
    assert Interview.objects.get(project=project).segments.exists()  # analysed after the import


def test_a_partial_import_needs_the_researcher_to_accept_what_is_skipped(project, as_user, owner):
    client = as_user(owner)
    response = upload(client, reverse("interviews:exchange_import", args=[project.slug]), qdpx(start=90, end=99))
    assert "valt buiten de tekst" in response.content.decode()
    confirm = reverse("interviews:exchange_import_confirm", args=[project.slug])
    refused = client.post(confirm, {"token": token_of(response)})
    assert refused.status_code == 400 and "vink aan" in refused.content.decode()
    assert not project.interviews.exists()
    accepted = client.post(confirm, {"token": token_of(response), "accept_partial": "on"})
    assert accepted.status_code == 302
    assert project.interviews.count() == 1 and not Passage.objects.filter(interview__project=project).exists()


def test_posting_no_file_says_so(project, as_user, coder):
    response = as_user(coder).post(reverse("interviews:exchange_import", args=[project.slug]), {})
    assert response.status_code == 400 and "Kies een bestand." in response.content.decode()


@pytest.mark.parametrize(
    "content, message",
    [
        (b"gewoon tekst", "geen .qdpx-project"),
        (b"PK\x03\x04kapot", "geen zip-archief"),
        (b"SQLite format 3\x00" + b"\x00" * 200, "Taguette"),
    ],
)
def test_a_file_that_cannot_be_read_gets_a_message_and_stores_nothing(project, as_user, coder, content, message):
    response = upload(
        as_user(coder),
        reverse("interviews:exchange_import", args=[project.slug]),
        SimpleUploadedFile("x.qdpx", content),
    )
    assert response.status_code == 400 and message in response.content.decode()
    assert not project.interviews.exists()


def test_a_token_from_another_project_is_refused(project, as_user, coder, owner):
    other = Project.objects.create(name="Ander", slug="ander")
    Membership.objects.create(project=other, user=coder, role=Role.CODER)
    client = as_user(coder)
    token = token_of(upload(client, reverse("interviews:exchange_import", args=[project.slug]), qdpx()))
    response = client.post(reverse("interviews:exchange_import_confirm", args=[other.slug]), {"token": token})
    assert response.status_code == 302 and not other.interviews.exists() and not project.interviews.exists()


def test_anyone_logged_in_can_import_a_taguette_project_as_a_new_project_they_own(as_user, outsider, check_access):
    check_access("get", reverse("interviews:project_import"), {"anonymous": None, "outsider": 200})
    client = as_user(outsider)
    with open(DATA / "taguette_export.sqlite3", "rb") as file:
        response = upload(client, reverse("interviews:project_import"), SimpleUploadedFile("t.sqlite3", file.read()))
    assert response.status_code == 200 and "6 passages" in response.content.decode()
    assert not Project.objects.exists()
    response = client.post(reverse("interviews:project_import_confirm"), {"token": token_of(response)})
    project = Project.objects.get()
    assert project.name == "Kansrijke Start – pilot" and project.role_of(outsider) == Role.OWNER
    assert response["Location"] == reverse("interviews:project_detail", args=[project.slug])
    assert Passage.objects.filter(interview__project=project).count() == 6


def test_the_text_analysis_of_an_import_is_a_task_for_the_worker(project, as_user, coder, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client = as_user(coder)
    token = token_of(upload(client, reverse("interviews:exchange_import", args=[project.slug]), qdpx()))
    client.post(reverse("interviews:exchange_import_confirm", args=[project.slug]), {"token": token})
    interview = Interview.objects.get(project=project)
    assert Passage.objects.filter(interview=interview).count() == 1
    assert not interview.segments.exists(), "the request leaves the analysis to the worker"
    assert analyse_interview.call(interview.pk) > 0 and interview.segments.exists()


def test_the_index_task_leaves_an_interview_that_is_already_indexed(interview):
    index_interview(interview)
    first = set(Token.objects.filter(interview=interview).values_list("pk", flat=True))
    assert first and analyse_interview.call(interview.pk) == 0
    assert set(Token.objects.filter(interview=interview).values_list("pk", flat=True)) == first


def test_the_confirmation_stores_the_plan_kept_from_the_preview_and_then_drops_it(project, as_user, coder, tmp_path):
    client = as_user(coder)
    token = token_of(upload(client, reverse("interviews:exchange_import", args=[project.slug]), qdpx()))
    kept = tmp_path / "imports" / f"{token}.plan"
    assert kept.is_file() and not list((tmp_path / "imports").glob("*.upload"))  # the upload is not kept
    client.post(reverse("interviews:exchange_import_confirm", args=[project.slug]), {"token": token})
    assert Passage.objects.get(interview__project=project).text == "Zorg" and not kept.exists()
    again = client.post(
        reverse("interviews:exchange_import_confirm", args=[project.slug]), {"token": token}, follow=True
    )
    assert "niet meer beschikbaar" in again.content.decode() and project.interviews.count() == 1


def test_a_kept_plan_that_cannot_be_read_asks_for_the_file_again(project, as_user, coder, tmp_path):
    client = as_user(coder)
    token = token_of(upload(client, reverse("interviews:exchange_import", args=[project.slug]), qdpx()))
    (tmp_path / "imports" / f"{token}.plan").write_bytes(b"kapot")
    response = client.post(
        reverse("interviews:exchange_import_confirm", args=[project.slug]), {"token": token}, follow=True
    )
    assert "kies het bestand opnieuw" in response.content.decode() and not project.interviews.exists()
