"""REFI-QDA projects (.qdpx): exports valid against Project.xsd, a lossless round trip, the real samples."""

import io
import re
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from interviews.exchange.plan import store
from interviews.exchange.qdpx_read import canonical, on_words, read_project
from interviews.exchange.qdpx_write import write_project
from interviews.exchange.qdpx_xml import QdpxError, validate
from interviews.models import Coding, Membership, Memo, Origin, Passage, Project, ProjectVariable, Role, VariableValue

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "refi" / "samples"


def export(project):
    out = io.BytesIO()
    write_project(project, out)
    out.seek(0)
    return out


def import_into_new(file, owner, name="Import"):
    plan = read_project(file)
    project = Project.objects.create(name=name, slug=Project.unique_slug(name))
    Membership.objects.create(project=project, user=owner, role=Role.OWNER)
    store(plan, project, owner)
    return project, plan


def snapshot(project):
    """Everything a round trip must keep, without ids."""
    themes = {(t.name, t.parent.name if t.parent else "", t.colour, t.definition) for t in project.themes.all()}
    passages = sorted(
        (
            p.interview.title,
            p.start,
            p.end,
            p.text,
            p.coder.username,
            p.memo,
            tuple(sorted(t.name for t in p.themes.all())),
        )
        for p in Passage.objects.filter(interview__project=project).select_related("interview", "coder")
    )
    memos = sorted(
        (m.title, m.text, m.author.username, str(m.interview or ""), str(m.theme or ""))
        for m in Memo.objects.filter(project=project)
    )
    interviews = sorted(
        (
            i.title,
            i.text,
            i.municipality_id,
            i.year,
            i.stakeholder_group,
            i.interview_date,
            tuple(sorted(label.name for label in i.labels.all())),
        )
        for i in project.interviews.all()
    )
    return {"themes": themes, "passages": passages, "memos": memos, "interviews": interviews}


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())
    return Project.objects.get(slug="demo")


def test_demo_export_is_valid_against_the_official_schema(demo):
    archive = zipfile.ZipFile(export(demo))
    assert validate(archive.read("project.qde")) == []
    texts = [n for n in archive.namelist() if n.startswith("sources/") and n.endswith(".txt")]
    assert len(texts) == demo.interviews.count()
    assert all(not archive.read(n).startswith(b"\xef\xbb\xbf") and b"\r" not in archive.read(n) for n in texts)


def test_a_recording_goes_along_as_an_audio_source_with_a_sync_point_per_timed_turn(demo):
    archive = zipfile.ZipFile(export(demo))
    recorded = demo.interviews.get(source_name="ede_wijkteam_2024.txt")
    qde = archive.read("project.qde").decode()
    source = re.search(r'<AudioSource guid="[^"]+" name="ede_wijkteam_2024.opus" path="internal://([^"]+)"', qde)
    assert source and archive.read(f"sources/{source[1]}") == recorded.recording.file.open("rb").read()
    points = [
        (int(p), int(t)) for t, p in re.findall(r'<SyncPoint guid="[^"]+" timeStamp="(\d+)" position="(\d+)"/>', qde)
    ]
    turns = recorded.segments.filter(kind="turn").order_by("start").values_list("start", "time_start")
    assert points == list(turns) and len(points) == 10


def test_demo_round_trip_keeps_themes_passages_coders_and_memos(demo):
    lotte = User.objects.get(username="lotte")
    first = export(demo)
    copy, plan = import_into_new(first, lotte)
    assert plan.skipped == [
        "Opname ‘ede_wijkteam_2024.opus’: haar transcript is al als tekstbron ingelezen; de opname zelf niet."
    ]
    assert snapshot(copy) == snapshot(demo)
    assert snapshot(copy)["passages"] and snapshot(copy)["memos"]
    first.seek(0)
    again, _ = import_into_new(export(copy), lotte, "Import 2")
    assert snapshot(again) == snapshot(demo)


def test_round_trip_keeps_variables_memos_labels_and_awkward_names(project, interview, passage, themes, owner):
    for name, kind, value in [
        ("regio", "text", "Noord & <Oost>"),
        ("inwoners", "number", Decimal("1234.5")),
        ("pilot", "yes_no", False),
        ("start", "date", date(2021, 3, 15)),
    ]:
        variable = ProjectVariable.objects.create(project=project, name=name, kind=kind)
        VariableValue.store(interview, variable, value)
    interview.labels.add("pilot", "coördinatie")
    passage.memo = "Let op: “ouders” 👶\nTwee regels."
    passage.save()
    themes["knelpunten"].definition = 'Wat "knelt" & <waarom>'
    themes["knelpunten"].save()
    Memo.objects.create(project=project, title="Projectmemo", text="Over het geheel", author=owner)
    Memo.objects.create(project=project, theme=themes["financiering"], title="Geld", text="€ 12", author=owner)
    Memo.objects.create(project=project, interview=interview, title="Sfeer", text="Open gesprek", author=owner)
    copy, plan = import_into_new(export(project), owner)
    assert plan.skipped == [] and snapshot(copy) == snapshot(project)
    values = {
        v.variable.name: (v.variable.kind, v.value)
        for v in VariableValue.objects.filter(interview__project=copy).select_related("variable")
    }
    assert values == {
        "regio": ("text", "Noord & <Oost>"),
        "inwoners": ("number", Decimal("1234.5")),
        "pilot": ("yes_no", False),
        "start": ("date", date(2021, 3, 15)),
    }


def test_exported_offsets_are_code_points_over_the_exported_text(interview, passage, themes):
    archive = zipfile.ZipFile(export(interview.project))
    text = next(archive.read(n) for n in archive.namelist() if n.endswith(".txt")).decode("utf-8")
    qde = archive.read("project.qde").decode()
    assert f'startPosition="{passage.start}" endPosition="{passage.end}"' in qde
    assert text[passage.start : passage.end] == "samenwerking in de coalitie"


def test_nvivo_offsets_are_read_as_utf16_units_with_crlf_counted_twice(owner):
    with open(SAMPLES / "nvivo12-win_oltas0517.qdpx", "rb") as file:
        project, plan = import_into_new(file, owner)
    assert any("UTF-16" in note for note in plan.notes)
    passages = list(Passage.objects.filter(interview__project=project).select_related("interview"))
    assert len(passages) == 188  # 303 selections: NVivo repeats a span once per code
    assert all(p.interview.text[p.start : p.end] == p.text for p in passages)
    on_boundaries = sum(on_words(p.interview.text, p.start, p.end) for p in passages)
    assert on_boundaries >= 185  # the other three start or end inside a word in NVivo too
    assert "\r" not in passages[0].interview.text and not passages[0].interview.text.startswith("\ufeff")
    assert project.themes.count() == 152 and project.themes.exclude(parent=None).exists()


def test_qc_selections_name_their_lines_and_land_on_them(owner):
    with open(SAMPLES / "qc1.3.2_demo.qdpx", "rb") as file:
        project, plan = import_into_new(file, owner)
    passages = Passage.objects.filter(interview__project=project)
    assert passages.count() == 158 and sum(len(p["codes"]) for s in plan.sources for p in s["passages"]) == 205
    assert all(on_words(p.interview.text, p.start, p.end) for p in passages)
    assert set(passages.values_list("coder__username", flat=True)) == {"cp"}


@pytest.mark.parametrize(
    "sample, themes, interviews",
    [
        ("maxqda24_icls-themes.qdpx", 307, 10),
        ("atlasti23-win_target.qdpx", 3, 0),
        ("atlasti23-win_blank.qdpx", 0, 0),
        ("nvivo15-mac_qc-roundtrip.qdpx", 262, 0),
    ],
)
def test_each_sample_imports_its_codebook_and_texts(owner, sample, themes, interviews):
    with open(SAMPLES / sample, "rb") as file:
        project, plan = import_into_new(file, owner)
    assert project.themes.count() == themes and project.interviews.count() == interviews
    if sample.startswith("nvivo15"):  # NVivo lost the texts of this project: 1-byte files
        assert any("leeg" in reason for reason in plan.skipped)
    if sample.startswith("maxqda"):  # document groups become labels; colours and descriptions survive
        assert project.interviews.filter(labels__name="ICLS 2024").count() == 5
        assert not project.themes.filter(definition="").exists()


def qdpx(qde, files=()):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("project.qde", qde)
        for name, data in files:
            archive.writestr(name, data)
    out.seek(0)
    return out


G = "0000000{}-0000-0000-0000-000000000000"
BROKEN = f"""<Project xmlns="urn:QDA-XML:project:1.0" name="Kapot" origin="Test">
<Users><User guid="{G.format(1)}" name="Anna Smit"/></Users>
<CodeBook><Codes><Code guid="{G.format(2)}" name="zorg" isCodable="true"/></Codes></CodeBook>
<Sources>
 <TextSource guid="{G.format(3)}" name="Goed" plainTextPath="internal://{G.format(3)}.txt">
  <PlainTextSelection guid="{G.format(4)}" startPosition="0" endPosition="4" creatingUser="{G.format(1)}">
   <Coding guid="{G.format(5)}"><CodeRef targetGUID="{G.format(2)}"/></Coding>
   <Coding guid="{G.format(6)}"><CodeRef targetGUID="{G.format(9)}"/></Coding></PlainTextSelection>
  <PlainTextSelection guid="{G.format(7)}" startPosition="50" endPosition="60"/></TextSource>
 <TextSource guid="{G.format(8)}" name="Weg" plainTextPath="absolute:///etc/passwd"/>
</Sources></Project>"""


def test_broken_parts_are_skipped_with_reasons_and_the_rest_is_planned(owner):
    plan = read_project(qdpx(BROKEN, [(f"sources/{G.format(3)}.txt", b"Zorg is goed.")]))
    reasons = " ".join(plan.skipped)
    assert "valt buiten de tekst" in reasons and "niet bestaat" in reasons and "‘Weg’" in reasons
    assert dict(plan.summary())["passages"] == 1 and dict(plan.summary())["coderingen"] == 1
    assert plan.coders[G.format(1)] == ("Anna_Smit", False)


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: io.BytesIO(b"not a zip"), "geen zip"),
        (lambda: qdpx("<Project"), "geen geldige XML"),
        (lambda: qdpx("<CodeBook xmlns='urn:QDA-XML:codebook:1.0'/>"), "in plaats van <Project>"),
        (
            lambda: qdpx('<!DOCTYPE p [<!ENTITY a "aaaa">]><Project xmlns="urn:QDA-XML:project:1.0" name="&a;"/>'),
            "niet is toegestaan",
        ),
    ],
)
def test_what_is_not_a_project_gets_a_clear_message(make, message):
    with pytest.raises(QdpxError, match=message):
        read_project(make())


def test_an_archive_without_project_qde_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("sources/x.txt", "tekst")
    with pytest.raises(QdpxError, match="project.qde"):
        read_project(out)


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", "<Project/>")
        archive.writestr("sources/bom.txt", b"0" * (20 * 1024 * 1024))
    with pytest.raises(QdpxError, match="zip-bom"):
        read_project(out)


@pytest.mark.parametrize(
    "origin, text, unit",
    [
        ("ATLAS.ti 23", "Eerste regel 👶.\r\nTweede: de zorg is goed.\r\nDerde: wachtlijst.", "cp_lf"),
        ("Onbekend", "Eerste regel 👶👶.\r\nTweede: de zorg is goed.\r\nDerde: wachtlijst.", "utf16"),
        ("Onbekend", "\ufeffEerste regel 👶.\nTweede: de zorg is goed.\nDerde: wachtlijst.", "cp"),
    ],
)
def test_selections_land_on_the_text_they_name_whatever_unit_the_writer_counted(origin, text, unit):
    body = text.removeprefix("\ufeff")
    selections = ""
    for i, quote in enumerate(["de zorg is goed", "wachtlijst"]):
        start = body.index(quote)
        if unit == "cp_lf":
            start -= body[:start].count("\r\n")
        elif unit == "utf16":
            start += sum(ord(c) > 0xFFFF for c in body[:start])
        selections += (
            f'<PlainTextSelection guid="{G.format(4 + i)}" name="{quote}" startPosition="{start}" '
            f'endPosition="{start + len(quote)}"/>'
        )
    qde = (
        f'<Project xmlns="urn:QDA-XML:project:1.0" name="x" origin="{origin}"><Sources><TextSource '
        f'guid="{G.format(3)}" name="Tekst" plainTextPath="internal://{G.format(3)}.txt">{selections}'
        "</TextSource></Sources></Project>"
    )
    plan = read_project(qdpx(qde, [(f"sources/{G.format(3)}.txt", text.encode())]))
    source = plan.sources[0]
    assert [source["text"][p["start"] : p["end"]] for p in source["passages"]] == ["de zorg is goed", "wachtlijst"]
    assert "\r" not in source["text"] and not source["text"].startswith("\ufeff")


def test_decomposed_accents_become_nfc_and_offsets_move_with_them():
    raw = "De coo\u0308rdinatie\r\nloopt goed."
    text, to_canonical = canonical(raw)
    assert text == "De coördinatie\nloopt goed."
    start, end = raw.index("loopt"), raw.index("goed") + 4
    assert text[to_canonical(start) : to_canonical(end)] == "loopt goed"
    assert text[to_canonical(raw.index("coo")) : to_canonical(raw.index("\r\n"))] == "coördinatie"


def test_imported_passages_and_codings_keep_their_dates_and_say_they_were_imported(project, passage, owner):
    copy, plan = import_into_new(export(project), owner)
    imported = Passage.objects.get(interview__project=copy)
    assert imported.created_at == passage.created_at.replace(microsecond=0)  # REFI dates are to the second
    assert list(Coding.objects.filter(content_object=imported).values_list("origin", "coded_at")) == [
        (Origin.IMPORT, imported.created_at)
    ]
    assert (imported.starred, imported.interview.text[imported.start : imported.end]) == (False, imported.text)


def test_a_saved_query_travels_as_a_set_of_its_themes_and_the_interviews_it_finds(demo):
    from interviews.code_queries import Definition, ThemeSet
    from interviews.models import CodeQuery

    funding, bottleneck = demo.themes.get(name="financiering"), demo.themes.get(name="knelpunten")
    definition = Definition(ThemeSet((funding.pk,)), "same_turn", ThemeSet((bottleneck.pk,)))
    CodeQuery.objects.create(project=demo, name="Geld & knelpunt", definition=definition.as_json())
    qde = zipfile.ZipFile(export(demo)).read("project.qde")
    assert validate(qde) == []
    found = re.search(r'<Set guid="[^"]+" name="Geld &amp; knelpunt">(.*?)</Set>', qde.decode(), re.S)
    assert found and "financiering — in dezelfde sprekersbeurt als — knelpunten" in found[1]
    assert len(re.findall("<MemberCode ", found[1])) == 2
    sources = re.findall(r'<MemberSource targetGUID="([^"]+)"', found[1])
    assert len(sources) == 2  # Rotterdam and Emmen code funding and a bottleneck in one turn
    imported, _plan = import_into_new(export(demo), User.objects.get(username="lotte"))
    labelled = imported.interviews.filter(labels__name="Geld & knelpunt").values_list("title", flat=True)
    assert sorted(labelled) == ["Emmen — beleidsmedewerker", "Rotterdam — programmamanager sociaal domein"]
