"""The report and export pages: summary, codings table, codebook out and in, choosing quotes with a star."""

import io

import docx
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from report_study import build

from interviews.models import Passage, Project, Theme

READERS = {"anonymous": 302, "outsider": 404, "viewer": 200, "coder": 200, "owner": 200}
WRITERS = {"anonymous": 302, "outsider": 404, "viewer": 403, "coder": 200, "owner": 200}


@pytest.fixture
def study(project, themes, coder, owner):
    return build(project, themes, coder, owner)


def url(name, project, *args):
    return reverse(name, args=[project.slug, *args])


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_every_member_may_open_the_report_page(project, study, check_access):
    check_access("get", url("interviews:reports", project), READERS)


def test_report_page_previews_the_summary_with_markup_escaped(project, study, as_user, viewer):
    html = as_user(viewer).get(url("interviews:reports", project), {"quotes": 5}).content.decode()
    assert "5 passages in 3 interviews." in html and "Rode draad" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html
    assert "De coördinatie" in html
    assert (
        "Voorbeeld" not in as_user(viewer).get(url("interviews:reports", project)).content.decode()
    )  # only when asked


def test_bad_filter_values_give_the_page_with_errors(project, study, as_user, viewer):
    response = as_user(viewer).get(url("interviews:summary_export", project, "docx"), {"year": "twee", "quotes": "-1"})
    assert response.status_code == 400 and "Content-Disposition" not in response
    assert "Voer een geheel getal in." in response.content.decode()


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "md", "html"])
def test_every_member_may_download_the_summary(fmt, project, study, check_access):
    check_access("get", url("interviews:summary_export", project, fmt), READERS)


def test_summary_docx_download_has_the_chosen_themes(project, study, themes, as_user, viewer):
    response = as_user(viewer).get(
        url("interviews:summary_export", project, "docx"),
        {"themes": [themes["samenwerking"].pk, themes["financiering"].pk]},
    )
    assert response["Content-Disposition"] == 'attachment; filename="ks-test-themasamenvatting.docx"'
    headings = [
        p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs if p.style.name.startswith("Heading")
    ]
    assert headings == ["■ samenwerking", "■ financiering"]


def test_summary_html_and_markdown_downloads(project, study, as_user, viewer):
    html = as_user(viewer).get(url("interviews:summary_export", project, "html")).content.decode()
    assert html.startswith("<!doctype html>") and "&lt;script&gt;" in html and "<script>alert" not in html
    markdown = as_user(viewer).get(url("interviews:summary_export", project, "md"))
    assert markdown["Content-Type"] == "text/markdown; charset=utf-8"
    assert "## samenwerking" in markdown.content.decode("utf-8")
    assert as_user(viewer).get(url("interviews:summary_export", project, "pdf")).status_code == 404


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_member_may_download_the_codings(fmt, project, study, check_access):
    check_access("get", url("interviews:codings_export", project, fmt), READERS)


def test_codings_csv_streams_every_passage_including_those_without_a_theme(project, study, as_user, viewer):
    response = as_user(viewer).get(url("interviews:codings_export", project, "csv"))
    assert response.streaming and response["Content-Type"] == "text/csv; charset=utf-8"
    text = body(response).decode("utf-8-sig")
    assert len(text.splitlines()) == 1 + 8
    assert "Een zin die niemand codeerde" in text and "Het budget <script>alert(1)</script> is op." in text


def test_codings_xlsx_opens_with_one_row_per_passage_and_theme(project, study, as_user, viewer):
    response = as_user(viewer).get(url("interviews:codings_export", project, "xlsx"))
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:2] == ("interview_id", "interview") and len(rows) == 9
    assert sum(1 for row in rows if row[12] == "De coördinatie met de verloskundigen loopt goed.") == 1
    assert as_user(viewer).get(url("interviews:codings_export", project, "json")).status_code == 404


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "qdc"])
def test_every_member_may_download_the_codebook(fmt, project, themes, check_access):
    check_access("get", url("interviews:codebook_export", project, fmt), READERS)


def test_an_empty_codebook_as_qdc_says_why(project, as_user, viewer):
    response = as_user(viewer).get(url("interviews:codebook_export", project, "qdc"), follow=True)
    assert "Het codeboek is leeg" in response.content.decode()


# --- codebook import ---


def upload(text, name="codeboek.csv"):
    return {"file": SimpleUploadedFile(name, text.encode("utf-8"))}


def test_only_writers_may_import_a_codebook(project, themes, check_access):
    check_access("get", url("interviews:codebook_import", project), WRITERS)
    check_access(
        "post",
        url("interviews:codebook_import", project),
        {"anonymous": 302, "outsider": 404, "viewer": 403},
        data=upload("naam\nstiekem\n"),
    )
    assert not Theme.objects.filter(name="stiekem").exists()


@pytest.mark.parametrize("who", ["coder", "owner"])
def test_writers_import_a_codebook_and_see_what_changed(who, project, themes, as_user, cast):
    response = as_user(cast[who]).post(
        url("interviews:codebook_import", project),
        upload(
            "naam,bovenliggend thema,kleur,definitie\nwachtlijst,knelpunten,#123456,Wachten op zorg — één week.\n"
            "samenwerking,,#2d9cdb,Nieuwe definitie\n"
        ),
        follow=True,
    )
    assert "Codeboek ingelezen: 1 thema(&#x27;s) toegevoegd, 1 bijgewerkt." in response.content.decode()
    theme = Theme.objects.get(project=project, name="wachtlijst")
    assert (theme.parent, theme.definition) == (themes["knelpunten"], "Wachten op zorg — één week.")


def test_a_bad_codebook_is_reported_and_nothing_is_stored(project, themes, as_user, coder):
    response = as_user(coder).post(
        url("interviews:codebook_import", project), upload("naam,kleur\nnieuw,#123456\n<script>x</script>,paars\n")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Regel 3: de kleur “paars” is geen kleur als #rrggbb" in html and "<script>x" not in html
    assert not Theme.objects.filter(name="nieuw").exists()
    assert as_user(coder).post(url("interviews:codebook_import", project), {}).status_code == 400


# --- choosing quotes ---


def test_every_member_may_see_a_themes_quotes(project, study, themes, check_access):
    check_access("get", url("interviews:theme_quotes", project, themes["samenwerking"].pk), READERS)


def test_quotes_page_puts_starred_passages_first_and_offers_stars_to_writers(
    project, study, themes, as_user, viewer, coder
):
    page = url("interviews:theme_quotes", project, themes["samenwerking"].pk)
    html = as_user(coder).get(page).content.decode()
    assert html.index("Wij zien elkaar elke week") < html.index("De coördinatie")
    assert "★ representatief" in html and "☆ Ster geven" in html and "★ Ster weghalen" in html
    assert "Ster geven" not in as_user(viewer).get(page).content.decode()
    assert as_user(viewer).get(url("interviews:theme_quotes", project, 999999)).status_code == 404


def test_only_writers_may_star_a_passage(project, study, check_access):
    passage = study[1][0]
    check_access(
        "post",
        url("interviews:passage_set_star", project, passage.pk),
        {"anonymous": 302, "outsider": 404, "viewer": 403, "coder": 302, "owner": 302},
        data={"starred": "1"},
    )
    assert Passage.objects.get(pk=passage.pk).starred


def test_starring_and_unstarring_returns_to_the_page_it_came_from(project, study, themes, as_user, coder):
    passage, back = study[1][0], url("interviews:theme_quotes", project, themes["samenwerking"].pk)
    response = as_user(coder).post(
        url("interviews:passage_set_star", project, passage.pk), {"starred": "1", "next": back}
    )
    assert response.status_code == 302 and response["Location"] == back
    assert Passage.objects.get(pk=passage.pk).starred
    response = as_user(coder).post(
        url("interviews:passage_set_star", project, passage.pk), {"starred": "0", "next": "https://evil.example/"}
    )
    # the one star endpoint goes back to the passage itself when `next` is not a page of this site
    assert response["Location"] == url("interviews:interview_detail", project, passage.interview_id) + f"#p{passage.pk}"
    assert not Passage.objects.get(pk=passage.pk).starred
    assert as_user(coder).get(url("interviews:passage_set_star", project, passage.pk)).status_code == 405


def test_a_passage_of_another_project_cannot_be_starred_here(project, study, as_user, owner):
    other = Project.objects.create(name="Ander", slug="ander")
    other.memberships.create(user=owner, role="owner")
    response = as_user(owner).post(url("interviews:passage_set_star", other, study[1][0].pk), {"starred": "1"})
    assert response.status_code == 404 and not Passage.objects.get(pk=study[1][0].pk).starred


def test_codings_export_takes_the_pages_filters_and_names_them(project, study, themes, as_user, viewer, coder):
    query = {"coder": coder.pk, "theme": themes["samenwerking"].pk}
    response = as_user(viewer).get(url("interviews:codings_export", project, "csv"), query)
    lines = body(response).decode("utf-8-sig").splitlines()
    assert len(lines) == 1 + 4  # P1, P4, P5, P6: cees's samenwerking passages; no uncoded P7
    assert "Een zin die niemand codeerde" not in "".join(lines) and "<script>" not in "".join(lines)
    assert "coderingen-codeur-cees-thema-met-subthemas-samenwerking.csv" in response["Content-Disposition"]


def test_codings_xlsx_says_its_filters_on_a_sheet_of_its_own(project, study, as_user, viewer):
    response = as_user(viewer).get(url("interviews:codings_export", project, "xlsx"), {"stakeholder_group": "gemeente"})
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert len(list(book.active.iter_rows(values_only=True))) == 1 + 5
    about = dict(book["Over deze export"].iter_rows(min_row=2, values_only=True))
    assert about["Filters"] == "stakeholdergroep: gemeente" and about["Project"] == project.name


def test_pseudonymised_codings_name_no_interview_or_municipality(project, study, as_user, viewer):
    from monitor.models import Municipality

    utrecht = Municipality.objects.get(code="GM0344")
    response = as_user(viewer).get(
        url("interviews:codings_export", project, "xlsx"), {"pseudonymise": "on", "municipality": utrecht.pk}
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = " ".join(str(v) for row in book.worksheets[0].iter_rows(values_only=True) for v in row if v is not None)
    about = dict(book["Over deze export"].iter_rows(min_row=2, values_only=True))
    assert "Utrecht" not in cells + about["Filters"] + response["Content-Disposition"] and "GM0344" not in cells
    assert "Interview A" not in cells and "Interview D" not in cells
    assert "Interview 1" in cells and "Gemeente" in about["Filters"] and about["Gepseudonimiseerd"].startswith("ja")
    assert "gepseudonimiseerd" in response["Content-Disposition"]
    csv = body(as_user(viewer).get(url("interviews:codings_export", project, "csv"), {"pseudonymise": "on"})).decode(
        "utf-8-sig"
    )
    assert len(csv.splitlines()) == 1 + 8 and "Amsterdam" not in csv and "Interview B" not in csv


@pytest.mark.parametrize(
    "query, message",
    [
        ({"year": "twee"}, "Voer een geheel getal in."),
        ({"coder": "999999"}, "Selecteer een geldige keuze"),
        ({"theme": "x"}, "Selecteer een geldige keuze"),
        ({"themes": "999999"}, "Selecteer een geldige keuze"),
    ],
)
def test_bad_codings_filters_give_the_report_page_with_the_error(query, message, project, study, as_user, viewer):
    response = as_user(viewer).get(url("interviews:codings_export", project, "csv"), query)
    assert response.status_code == 400 and response["Content-Type"].startswith("text/html")
    assert message in response.content.decode()


def test_the_codings_buttons_send_the_report_pages_filters(project, study, as_user, viewer):
    html = as_user(viewer).get(url("interviews:reports", project)).content.decode()
    assert 'id="report-filters"' in html
    action = url("interviews:codings_export", project, "xlsx")
    assert f'form="report-filters" class="secondary"\n      formaction="{action}"' in html
