"""Default interview titles from file and source names, the same on every import path."""

import pytest
from django.urls import reverse

from interviews.exchange.plan import ImportPlan, store
from interviews.titles import title_from_name


@pytest.mark.parametrize(
    "name, title",
    [
        ("ede_wijkteam_2024", "Ede wijkteam 2024"),
        ("ede_wijkteam_2024.docx", "Ede wijkteam 2024"),
        ("studie/ronde 1/ede_wijkteam_2024.DOCX", "Ede wijkteam 2024"),
        ("C:\\transcripten\\utrecht-verloskundige-2022.txt", "Utrecht verloskundige 2022"),
        ("Amsterdam-Noord.pdf", "Amsterdam-Noord"),
        ("GM0344_JGZ__2023.odt", "GM0344 JGZ 2023"),
        ("Gemeente Utrecht, wethouder", "Gemeente Utrecht, wethouder"),
        ("interview met dr. Jansen", "interview met dr. Jansen"),
        ("Interview 3.v2.txt", "Interview 3.v2"),
        ("___.txt", ""),
    ],
)
def test_a_file_name_becomes_a_readable_title(name, title):
    assert title_from_name(name) == title


def test_a_title_is_at_most_200_characters():
    assert len(title_from_name("a_" * 300 + ".txt")) == 200


def test_an_uploaded_transcript_is_titled_from_its_file_name(as_user, coder, project):
    from test_views_upload import confirm, preview, upload_file

    client = as_user(coder)
    url = reverse("interviews:interview_upload", args=[project.slug])
    batch, page = preview(client, url, [upload_file("ede_wijkteam_2024.txt")])
    assert "Ede wijkteam 2024" in page
    confirm(client, batch)
    interview = project.interviews.get()
    assert (interview.title, interview.source_name) == ("Ede wijkteam 2024", "ede_wijkteam_2024.txt")


def test_a_qdpx_or_taguette_source_is_titled_the_same_way_and_keeps_its_name(project, owner):
    plan = ImportPlan()
    plan.add_source("a", "ede_wijkteam_2024.docx", "Interviewer: Hoe gaat het?")
    plan.add_source("b", "Gemeente Utrecht, wethouder", "Interviewer: En nu?")
    plan.finish()
    store(plan, project, owner)
    titles = dict(project.interviews.values_list("title", "source_name"))
    assert titles == {
        "Ede wijkteam 2024": "ede_wijkteam_2024.docx",
        "Gemeente Utrecht, wethouder": "Gemeente Utrecht, wethouder",
    }
