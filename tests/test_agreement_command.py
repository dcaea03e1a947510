"""`manage.py agreement`: the figures of the hand-worked study (tests/agreement_study.py), a level alone, JSON,
a round, and bad input as a CommandError in words."""

import io
import json

import pytest
from agreement_study import build
from django.core.management import CommandError, call_command
from round_study import *  # noqa: F403 (the fixtures blind and coby)


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("agreement", *args, stdout=out, stderr=err)
    return out.getvalue()


def test_all_levels_of_the_coders_with_passages(project, owner):
    build(project, owner)
    text = run("--project", "ks-test")
    assert "Aanwezigheid per interview (eenheid: het interview (n = 4)" in text
    assert "zorg: n 4; Cohen's κ -0,333; α nominaal -0,167" in text
    assert "Per eenheid" in text and "Continuüm" in text and "uα (plaats en thema)" in text


def test_one_level_and_json_for_named_coders(project, owner, tmp_path):
    build(project, owner)
    path = tmp_path / "agreement.json"
    text = run("--project", "ks-test", "--coders", "bram,anna", "--level", "unit", "--json", str(path))
    assert "Aanwezigheid" not in text and "Per eenheid" in text
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["coders"] == ["bram", "anna"] and list(document["levels"]) == ["unit"]
    zorg = document["levels"]["unit"]["themes"]["zorg"]
    assert zorg["α nominaal"] == pytest.approx(0.0625) and zorg["% eens"] == pytest.approx(50.0)
    assert document["levels"]["unit"]["themes"]["wonen"]["α nominaal"] is None
    assert "Krippendorff" in document["methods"]


def test_a_round_gives_its_coders_interviews_and_themes(project, blind, owner):
    text = run("--project", "ks-test", "--round", str(blind["round"].pk), "--level", "presence")
    assert "eenheid: het interview (n = 1)" in text and "samenwerking:" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--project", "bestaat-niet"], "Er is geen project “bestaat-niet”"),
        (["--project", "ks-test", "--coders", "anna,zoltan"], "Geen codeur van project “ks-test”: zoltan"),
        (["--project", "ks-test", "--coders", "anna"], "minstens twee codeurs"),
        (["--project", "ks-test", "--round", "999"], "geen codeerronde 999"),
    ],
)
def test_bad_input_is_a_clear_command_error(project, owner, args, message):
    build(project, owner)
    with pytest.raises(CommandError, match=message):
        run(*args)
