"""Taguette's "Export project" (.sqlite3): documents, dotted tags as a theme tree, byte offsets to code points.

tests/data/taguette_export.sqlite3 was made with Taguette 1.5.2 itself (tests/data/make_taguette_fixture.py).
"""

import io
import sqlite3
from html import unescape
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from interviews.exchange.plan import store
from interviews.exchange.qdpx_xml import QdpxError
from interviews.exchange.taguette import html_text, read_taguette
from interviews.models import Passage, Project

FIXTURE = Path(__file__).parent / "data" / "taguette_export.sqlite3"


def read_fixture():
    with open(FIXTURE, "rb") as file:
        return read_taguette(file)


def taguette_snippets():
    """The text of each snippet Taguette cut out itself, by highlight id."""
    connection = sqlite3.connect(f"file:{FIXTURE}?mode=ro", uri=True)
    try:
        return [
            html_text(snippet).text().strip()
            for (snippet,) in connection.execute("SELECT snippet FROM highlights ORDER BY id")
        ]
    finally:
        connection.close()


@pytest.fixture
def imported(owner):
    project = Project.objects.create(name="Taguette", slug="taguette")
    store(read_fixture(), project, owner, "taguette")
    return project


def test_highlights_land_on_the_text_taguette_cut_out_for_them(imported):
    passages = Passage.objects.filter(interview__project=imported).order_by("pk")
    assert [p.text for p in passages] == taguette_snippets()
    assert "fijn 👶🏽, maar de wachtlijst… die was lang" in [p.text for p in passages]
    assert all(p.interview.text[p.start : p.end] == p.text for p in passages)


def test_documents_become_plain_text_with_a_line_per_paragraph(imported):
    interview = imported.interviews.get(title="Interview wethouder Zoë")
    assert interview.text.splitlines()[2] == "Interviewer: En de financiën & de GGD?"
    assert "<p>" not in interview.text and "<b>" not in interview.text
    assert interview.source_format == "taguette"


def test_dotted_tags_become_a_theme_tree_with_their_descriptions(imported):
    tekort = imported.themes.get(name="personeelstekort")
    assert tekort.parent.name == "knelpunten" and tekort.definition == "Over knelpunten.personeelstekort"
    assert imported.themes.get(name="wachtlijst").parent == tekort.parent
    assert imported.themes.filter(parent=None).count() == 5  # café, interesting, knelpunten, ouders, samenwerking


def test_a_highlight_without_tags_is_kept_as_a_passage_without_themes(imported):
    passage = Passage.objects.get(interview__project=imported, text="Naïef misschien")
    assert not passage.themes.exists()
    both = Passage.objects.get(interview__project=imported, text__startswith="fijn")
    assert sorted(t.name for t in both.themes.all()) == ["ouders", "wachtlijst"]


def test_paragraphs_without_a_line_break_between_them_get_one_and_offsets_follow():
    parsed = html_text("<p>één</p><p>twee &amp; 🤝 drie</p>")
    assert parsed.text() == "één\ntwee & 🤝 drie"
    taguette_text = "ééntwee & 🤝 drie".encode()
    start = taguette_text.index(b"drie")
    assert parsed.text()[parsed.to_ours(start) : parsed.to_ours(start + 4)] == "drie"
    assert parsed.text()[parsed.to_ours(taguette_text.index("🤝".encode()) + 1)] == " "  # inside 🤝: after it


def test_the_importer_is_named_as_coder_because_taguette_keeps_no_coder(imported, owner):
    assert set(Passage.objects.filter(interview__project=imported).values_list("coder", flat=True)) == {owner.pk}
    assert any("Taguette bewaart niet" in note for note in read_fixture().notes)


@pytest.mark.parametrize(
    "data, message",
    [
        (b"not sqlite at all", "geen Taguette-project"),
        (b"SQLite format 3\x00" + b"\x00" * 100, "beschadigd"),
    ],
)
def test_what_is_not_a_taguette_export_gets_a_clear_message(data, message):
    with pytest.raises(QdpxError, match=message):
        read_taguette(io.BytesIO(data))


def test_a_sqlite_file_without_taguettes_tables_is_refused(tmp_path):
    path = tmp_path / "other.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE documents (id INTEGER)")
    connection.commit()
    connection.close()
    with pytest.raises(QdpxError, match="tabellen ontbreken"):
        read_taguette(io.BytesIO(path.read_bytes()))


def with_unknown_tags(tmp_path):
    """The fixture with highlights 1, 2 and 4 tagged only with tags that do not exist, and 5 with one more."""
    path = tmp_path / "unknown.sqlite3"
    path.write_bytes(FIXTURE.read_bytes())
    connection = sqlite3.connect(path)
    connection.execute("DELETE FROM highlight_tags WHERE highlight_id IN (1, 2, 4)")
    connection.executemany("INSERT INTO highlight_tags VALUES (?, ?)", [(1, 99), (2, 99), (4, 98), (5, 99)])
    connection.commit()
    connection.close()
    return io.BytesIO(path.read_bytes())


def test_highlights_on_an_unknown_tag_are_skipped_and_the_preview_says_which(tmp_path, owner):
    plan = read_taguette(with_unknown_tags(tmp_path))
    skipped = " ".join(plan.skipped_summary())
    assert "3 markeringen met een onbekende tag overgeslagen" in skipped
    assert "“coördinatie”" in skipped and "“Dat blijft een knelpunt”" in skipped
    assert "1 markering verloor een onbekende tag en houdt haar andere tags" in skipped
    project = Project.objects.create(name="Taguette", slug="taguette")
    store(plan, project, owner, "taguette")
    passages = Passage.objects.filter(interview__project=project)
    assert passages.count() == 3  # 6 highlights, 3 skipped: no passage without a coding for them
    assert {p.text for p in passages} == {"personeelstekort bij de jeugdgezondheidszorg", "Naïef misschien"} | {
        "fijn 👶🏽, maar de wachtlijst… die was lang"
    }
    fijn = passages.get(text__startswith="fijn")
    assert sorted(t.name for t in fijn.themes.all()) == ["ouders", "wachtlijst"]


def test_the_import_preview_lists_the_skipped_highlights(tmp_path, settings, as_user, outsider):
    settings.VAR_DIR = tmp_path
    file = SimpleUploadedFile("t.sqlite3", with_unknown_tags(tmp_path).read())
    response = as_user(outsider).post(reverse("interviews:project_import"), {"file": file})
    html = unescape(response.content.decode())
    assert response.status_code == 200 and "3 passages" in html
    assert "3 markeringen met een onbekende tag overgeslagen: ‘" in html
