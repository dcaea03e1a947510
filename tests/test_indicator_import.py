"""Indicator import (issue 13, finding 5): an XLSX's own `indicatoren` sheet is kept through to the confirmation,
the checked sheet waits in a file (the session holds a token), a large sheet is stored by the worker with a
progress page, and a year must be a whole number."""

import json
import os
import signal
import time

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from test_archives import bomb_into
from test_indicator_sheets import xlsx_file

from interviews.views.analysis_setup import SESSION_KEY
from monitor.models import Indicator, Observation

META = [["code", "naam", "soort", "eenheid"], ["zw-test", "Zwangerschappen (test)", "aantal", "aantal"]]


def xlsx(tables):
    """An uploaded XLSX with a sheet per {title: rows} (built with openpyxl by test_indicator_sheets.xlsx_file)."""
    return SimpleUploadedFile("waarden.xlsx", xlsx_file(tables).getvalue())


def values(rows):
    return {"waarden": [["gemeente", "indicator", "jaar", "waarde"], *rows], "indicatoren": META}


@pytest.fixture
def keeper(owner, settings, tmp_path):
    """The owner, allowed to change the shared indicators; checked sheets wait under a VAR_DIR of this test."""
    settings.VAR_DIR = tmp_path
    owner.user_permissions.add(Permission.objects.get(codename="add_observation"))
    return User.objects.get(pk=owner.pk)


@pytest.fixture
def worker_db(transactional_db, settings):
    """Committed rows, so the worker (run_worker) sees them and may start transactions; its tasks in the database.
    (The municipalities are loaded again by conftest.municipalities_again.)"""
    settings.INDICATOR_INLINE_ROWS, settings.TASKS = 100, {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def page(project):
    return reverse("interviews:indicator_import", args=[project.slug])


def test_an_xlsx_with_its_own_indicator_sheet_is_stored_on_confirming(client, keeper, page):
    client.force_login(keeper)
    report = client.post(page, {"file": xlsx(values([["Utrecht", "zw-test", 2022, 310], ["NL", "zw-test", 2022, 9]]))})
    assert report.status_code == 200 and "1 nieuwe indicator" in report.content.decode()
    assert not Indicator.objects.filter(code="zw-test").exists()
    done = client.post(page, {"confirm": "1"}, follow=True)
    assert done.redirect_chain[-1][0].endswith("/analyse/") or done.status_code == 200
    assert "Opgeslagen: 2 nieuwe en 0 bijgewerkte waarden." in done.content.decode()
    indicator = Indicator.objects.get(code="zw-test")
    assert indicator.name == "Zwangerschappen (test)" and indicator.value_type == "count"
    assert sorted(Observation.objects.values_list("value", flat=True)) == [9, 310]


def test_the_checked_sheet_waits_in_a_file_and_the_session_keeps_only_its_token(client, keeper, page, tmp_path):
    client.force_login(keeper)
    rows = [["Utrecht", "zw-test", year, year - 1990] for year in range(1995, 2026)]
    client.post(page, {"file": xlsx(values(rows))})
    token = client.session[SESSION_KEY]
    assert isinstance(token, str) and len(token) == 32
    kept = json.loads((tmp_path / "indicator-imports" / f"{token}.json").read_text())
    assert kept["sheets"]["indicatoren"] == META and len(kept["sheets"]["waarden"]) == 32


@pytest.mark.parametrize("year", [2023.5, "2023,5", "2023.5"])
def test_a_year_that_is_no_whole_number_is_a_dutch_error_on_its_row(client, keeper, page, year):
    client.force_login(keeper)
    response = client.post(
        page, {"file": xlsx(values([["Utrecht", "zw-test", 2022, 1], ["Utrecht", "zw-test", year, 2]]))}
    )
    body = response.content.decode()
    assert response.status_code == 400 and "is geen heel jaartal." in body and "Bevestigen" not in body
    assert '<td class="num">3</td>' in body  # the row's line
    assert client.post(page, {"confirm": "1"}).status_code == 302 and not Observation.objects.exists()


def test_a_whole_year_written_as_a_decimal_is_taken(client, keeper, page):
    client.force_login(keeper)
    response = client.post(page, {"file": xlsx(values([["Utrecht", "zw-test", 2023.0, 4]]))})
    assert response.status_code == 200
    client.post(page, {"confirm": "1"})
    assert Observation.objects.get().year == 2023


def run_worker():
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("run_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:  # the worker sets its own signal handlers
        for number, handler in handlers.items():
            signal.signal(number, handler)


LARGE = [
    [code, "zw-test", year, year - 1900]
    for code in ("GM0014", "GM0034", "GM0037", "GM0047")
    for year in range(1990, 2026)
]


def test_a_large_sheet_is_stored_by_the_worker_with_a_progress_page(worker_db, client, keeper, page, project, settings):
    client.force_login(keeper)
    client.post(page, {"file": xlsx(values(LARGE))})
    confirmed = client.post(page, {"confirm": "1"})
    assert confirmed.status_code == 302
    waiting = client.get(confirmed["Location"])
    body = waiting.content.decode()
    assert waiting.status_code == 200 and "<progress" in body and "wachtrij" in body and "refresh_progress.js" in body
    assert not Observation.objects.exists() and client.post(page, {"confirm": "1"}).status_code == 302
    run_worker()
    done = client.get(confirmed["Location"], follow=True)
    assert done.redirect_chain[0][0] == reverse("interviews:analysis_index", args=[project.slug])
    assert "Opgeslagen: 144 nieuwe en 0 bijgewerkte waarden." in done.content.decode()
    assert Observation.objects.count() == 144


def test_the_progress_page_is_for_whoever_confirmed(worker_db, client, keeper, page, project, settings, cast):
    client.force_login(keeper)
    assert client.post(page, {"file": xlsx(values(LARGE))}).status_code == 200
    progress = client.post(page, {"confirm": "1"})["Location"]
    other = User.objects.create_user("pim")
    other.user_permissions.add(Permission.objects.get(codename="add_observation"))
    project.memberships.create(user=other, role="owner")
    expected = {"anonymous": 302, "outsider": 404, "viewer": 403, "coder": 403}
    for who, status in expected.items():
        client.logout()
        if cast[who]:
            client.force_login(cast[who])
        assert client.get(progress).status_code == status, who
    client.force_login(other)  # an owner with the right, but not the one who confirmed
    assert client.get(progress).status_code == 404
    client.force_login(keeper)
    token = progress.rstrip("/").rsplit("/", 1)[1]
    for unknown in ("0" * 32, "geen-token"):
        assert client.get(progress.replace(token, unknown)).status_code == 404


def test_a_sheet_that_no_longer_fits_on_confirming_stores_nothing_and_says_why(client, keeper, page):
    Indicator.objects.create(code="lgg-t", name="Laag gewicht", value_type="percentage")
    client.force_login(keeper)
    client.post(
        page, {"file": xlsx({"waarden": [["gemeente", "indicator", "jaar", "waarde"], ["Utrecht", "lgg-t", 2021, 5]]})}
    )
    Indicator.objects.filter(code="lgg-t").delete()
    failed = client.post(page, {"confirm": "1"}, follow=True)
    body = failed.content.decode()
    assert failed.status_code == 200 and "Er is niets opgeslagen: 2: Onbekende indicator ‘lgg-t’" in body
    assert not Observation.objects.exists() and "Bestand opnieuw controleren" in body


def test_a_workbook_that_inflates_to_150_mb_is_refused_by_the_zip_guard(client, keeper, page):
    client.force_login(keeper)
    bomb = bomb_into(xlsx(values([["Utrecht", "zw-test", 2022, 1]])).read(), "xl/worksheets/sheet1.xml", 150 * 2**20)
    response = client.post(page, {"file": SimpleUploadedFile("bom.xlsx", bomb)})
    body = response.content.decode()
    assert response.status_code == 400 and "Dit werkboek wordt niet gelezen:" in body and "zip-bom" in body
    assert SESSION_KEY not in client.session


def test_an_import_the_worker_never_picks_up_is_said_to_be_stuck(worker_db, client, keeper, page, tmp_path):
    client.force_login(keeper)
    client.post(page, {"file": xlsx(values(LARGE))})
    progress = client.post(page, {"confirm": "1"})["Location"]
    assert "minuten stil" not in client.get(progress).content.decode()
    for path in (tmp_path / "indicator-imports").glob("*.state"):
        os.utime(path, (time.time() - 700, time.time() - 700))
    body = client.get(progress).content.decode()
    assert "staat al meer dan tien minuten stil bij 0 van" in body and "refresh_progress.js" not in body
