"""The demo study that `python manage.py load_demo` (and `make run`) loads."""

import hashlib
import re
from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from taggit.models import Tag

from interviews.demo import FICTION_MARKER, TRANSCRIPTS, study
from interviews.models import Coding, Interview, Membership, Memo, Passage, Project, Segment, Theme
from monitor.models import Indicator, Municipality, Observation

MODELS = [User, Project, Membership, Theme, Interview, Segment, Passage, Coding, Memo, Tag, Indicator, Observation]


def load():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def demo(db):
    load()
    return Project.objects.get(slug="demo")


def test_loading_twice_creates_nothing_more(db):
    first = load()
    loaded = counts()
    second = load()
    assert counts() == loaded
    assert loaded["Interview"] == 12 and loaded["Passage"] > 100 and loaded["Coding"] > loaded["Passage"]
    assert first.startswith("Demo geladen: project 'demo' met 12 interviews, 16 thema's, ")
    assert second.startswith("Demo stond er al: project 'demo' met 12 interviews")
    for output in (first, second):
        assert (
            "Inloggen: lotte / kansrijk-demo (eigenaar), sanne / kansrijk-demo (codeur), "
            "ruben / kansrijk-demo (lezer)" in output
        )


def test_second_run_keeps_a_changed_password(demo):
    lotte = User.objects.get(username="lotte")
    lotte.set_password("mijn-eigen-wachtwoord")
    lotte.save()
    load()
    lotte.refresh_from_db()
    assert lotte.check_password("mijn-eigen-wachtwoord")
    assert not lotte.check_password("kansrijk-demo")


def test_an_existing_user_keeps_their_password_and_joins_the_demo(db):
    User.objects.create_user("sanne", password="al-lang-van-mij")
    load()
    sanne = User.objects.get(username="sanne")
    assert sanne.check_password("al-lang-van-mij")
    assert Membership.objects.get(user=sanne, project__slug="demo").role == "coder"


def test_demo_users_can_log_in_with_their_roles(demo, client):
    roles = dict(demo.memberships.values_list("user__username", "role"))
    consensus = f"consensus-{demo.pk}"  # the demo round's consensus coder (models/rounds.py), nobody logs in as it
    assert roles == {"lotte": "owner", "sanne": "coder", "ruben": "viewer", consensus: "coder"}
    assert client.login(username="ruben", password="kansrijk-demo")
    assert "fictief" in demo.name and "fictie" in demo.description


def test_a_missing_municipality_stops_the_load_and_stores_nothing(db):
    Municipality.objects.filter(code="GM0935").delete()
    with pytest.raises(CommandError, match="GM0935"):
        load()
    assert counts() == {**{model.__name__: 0 for model in MODELS}}


def test_every_passage_text_is_its_span_of_the_interview(demo):
    passages = Passage.objects.filter(interview__project=demo).select_related("interview")
    assert passages.count() >= 100
    for passage in passages:
        assert passage.interview.text[passage.start : passage.end] == passage.text
        assert passage.text == passage.text.strip()


def test_interviews_cover_groups_municipalities_and_years(demo):
    interviews = demo.interviews.all()
    assert interviews.count() >= 6
    assert len({i.stakeholder_group for i in interviews}) >= 3
    assert len({i.municipality_id for i in interviews}) >= 4
    assert {i.year for i in interviews} == {2019, 2020, 2021, 2022, 2023, 2024}
    for interview in interviews:
        assert interview.interview_date.year == interview.year
        if interview.source_name not in study.RECORDINGS:  # the recorded one is a minute of synthetic speech
            assert 400 <= interview.word_count <= 900, interview.title
        assert interview.labels.count() >= 1


def test_every_interview_is_fiction_read_from_its_file(demo):
    for interview in demo.interviews.all():
        data = (TRANSCRIPTS / interview.source_name).read_bytes()
        assert interview.source_format == "txt"
        assert interview.source_sha256 == hashlib.sha256(data).hexdigest()
        assert interview.text.startswith(FICTION_MARKER)
        assert "\r" not in interview.text and "\ufeff" not in interview.text


def test_every_interview_has_speaker_turns(demo):
    for interview in demo.interviews.all():
        turns = interview.segments.filter(kind=Segment.Kind.TURN)
        assert turns.count() >= 10
        assert "Interviewer" in {t.speaker for t in turns}
        for turn in turns:
            assert re.match(r"(\[[\d:]+\] )?" + re.escape(turn.speaker) + ":", interview.text[turn.start : turn.end])


def test_dutch_accents_and_emoji_survive(demo):
    texts = " ".join(demo.interviews.values_list("text", flat=True))
    for word in ("coördinatie", "coördinator", "geëvalueerd", "financiële", "ideeën", "café", "één", "👶", "🤝", "💶"):
        assert word in texts


def test_a_coded_passage_holds_a_character_outside_the_bmp(demo):
    passages = Passage.objects.filter(interview__project=demo)
    assert any(ord(char) > 0xFFFF for passage in passages for char in passage.text)


def test_two_coders_coded_with_overlaps_nesting_and_double_themes(demo):
    passages = list(Passage.objects.filter(interview__project=demo).select_related("coder"))
    assert {p.coder.username for p in passages} == {"lotte", "sanne"}
    coded = {p.interview_id for p in passages}
    assert len(coded) == 9
    assert set(demo.interviews.exclude(pk__in=coded).values_list("source_name", flat=True)) == {
        "ede_wijkteam_2024.txt",
        "leeuwarden_kraamzorg_2022.txt",
        "zwolle_ouder_2022.txt",
    }
    per_coder = Counter((p.interview_id, p.coder_id) for p in passages)
    assert all(6 <= n <= 15 for n in per_coder.values())
    assert (
        Coding.objects.filter(content_object__in=passages, origin="manual").count()
        == Coding.objects.filter(content_object__in=passages).count()
    )
    assert any(p.codings.count() == 2 for p in passages)
    pairs = [(a, b) for a in passages for b in passages if a.pk != b.pk and a.interview_id == b.interview_id]
    assert any(a.coder_id != b.coder_id and a.start < b.start < a.end < b.end for a, b in pairs)
    assert any(a.coder_id == b.coder_id and a.start <= b.start and b.end <= a.end for a, b in pairs)


def test_codebook_is_a_dutch_tree_of_coloured_themes(demo):
    themes = {t.name: t for t in demo.themes.all()}
    assert 12 <= len(themes) <= 18
    assert themes["lokale coalitie"].parent == themes["samenwerking"]
    assert themes["personeelstekort"].parent == themes["knelpunten"]
    for name in ("financiering", "ouderbetrokkenheid", "Nu Niet Zwanger", "VoorZorg", "wettelijke verankering"):
        assert themes[name].definition
    assert all(re.fullmatch(r"#[0-9a-f]{6}", t.colour) for t in themes.values())
    assert len({t.order for t in themes.values()}) == len(themes)


def test_memos_on_project_interview_and_theme(demo):
    memos = Memo.objects.filter(project=demo)
    assert memos.filter(interview=None, theme=None).exists()
    assert memos.exclude(interview=None).exists()
    assert memos.get(theme__name="wettelijke verankering").author.username == "lotte"


def national(code, year):
    return Observation.objects.national().get(indicator__code=code, year=year)


def test_national_figures_are_the_monitors(demo):
    assert national("voorzorg", 2021).value == 43
    assert national("voorzorg", 2020).value == 37
    assert national("nu-niet-zwanger", 2020).value == 33
    assert "een op de drie" in national("nu-niet-zwanger", 2020).note
    assert national("nu-niet-zwanger", 2021).value == 50
    assert str(national("lokale-coalitie", 2019).value) == "11.3000"  # 40 of 355
    assert "40 gemeenten" in national("lokale-coalitie", 2019).note
    assert str(national("lokale-coalitie", 2021).value) == "39.8000"  # 140 of 352
    assert not Observation.objects.national().filter(synthetic=True).exists()
    assert Indicator.objects.get(code="voorzorg").source == "Monitor Kansrijke Start (RIVM)"


def test_municipal_observations_are_all_synthetic_and_complete(demo):
    local = Observation.objects.for_municipalities()
    assert local.count() == 5 * 11 * 5
    assert not local.filter(synthetic=False).exists()
    assert set(local.values_list("note", flat=True)) == {"synthetisch (demo)"}
    for code in ("laag-geboortegewicht", "zwangeren-voorzorg"):
        assert not Observation.objects.filter(indicator__code=code, synthetic=False).exists()


def test_municipal_values_agree_with_the_interviews(demo):
    def local(code, cbs, year):
        return Observation.objects.get(indicator__code=code, municipality__code=cbs, year=year).value

    assert local("lokale-coalitie", "GM0344", 2021) == 1  # Utrecht: coalition since 2019
    assert local("lokale-coalitie", "GM0935", 2021) == 0  # Maastricht: since 2022
    assert local("voorzorg", "GM0935", 2023) == 0 and local("zwangeren-voorzorg", "GM0935", 2023) == 0
    assert local("nu-niet-zwanger", "GM0599", 2020) == 1  # Rotterdam started in 2020
    assert local("lokale-coalitie", "GM0114", 2019) == 0  # Emmen: no coalition yet in 2019
    assert local("voorzorg", "GM0114", 2019) == 1
    assert local("lokale-coalitie", "GM0917", 2020) == 0 and local("voorzorg", "GM0917", 2020) == 0  # Heerlen
    assert local("lokale-coalitie", "GM0277", 2022) == 0 and local("lokale-coalitie", "GM0277", 2023) == 0


def test_interviews_with_and_without_a_coalition_in_their_year_are_coded(demo):
    def coalition(interview):
        return Observation.objects.get(
            indicator__code="lokale-coalitie", municipality=interview.municipality, year=interview.year
        ).value

    coded = demo.interviews.filter(passages__isnull=False).distinct()
    assert sorted(i.municipality.name for i in coded if coalition(i) == 0) == ["Emmen", "Heerlen", "Rozendaal"]
    assert sum(1 for i in coded if coalition(i) == 1) == 6
    assert sorted(coded.filter(year__lt=2021).values_list("year", flat=True)) == [2019, 2020, 2020]


def test_every_demo_interview_has_speakers_sentences_and_an_interviewer(demo):
    for interview in Interview.objects.filter(project__slug="demo"):
        assert interview.speakers.filter(is_interviewer=True).exists(), interview.title
        assert interview.speakers.filter(is_interviewer=False).exists(), interview.title
        assert interview.segments.filter(kind="sentence").count() > 10, interview.title


def test_the_recorded_interview_has_its_recording_and_a_time_for_every_turn(demo):
    interview = demo.interviews.get(source_name="ede_wijkteam_2024.txt")
    assert (interview.recording.mime, interview.recording.kind) == ("audio/ogg", "audio")
    times = list(interview.segments.filter(kind="turn").order_by("start").values_list("time_start", flat=True))
    assert len(times) == 10 and times[0] == 0 and times == sorted(times) and times[-1] < 61_000
