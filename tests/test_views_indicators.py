"""The indicator browser: national data that every logged-in user can read."""

from decimal import Decimal

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from monitor.models import Indicator, Municipality, Observation

EVERYONE = {"anonymous": 302, "outsider": 200, "viewer": 200, "coder": 200, "owner": 200}


def gm(code):
    return Municipality.objects.get(code=code)


@pytest.fixture
def coalition(db):
    """A yes/no indicator: a national share, three municipalities, one synthetic value with a note."""
    indicator = Indicator.objects.create(
        code="lokale-coalitie",
        name="Lokale coalitie Kansrijke Start",
        value_type=Indicator.ValueType.YES_NO,
        unit="ja/nee",
        definition="De gemeente heeft een lokale coalitie.",
        source="RIVM, vragenlijst gemeenten",
    )
    rows = [
        (None, 2022, "62.5"),
        (None, 2023, "71"),
        ("GM0344", 2022, "1"),
        ("GM0344", 2023, "1"),
        ("GM0014", 2023, "0"),
        ("GM0518", 2022, "0"),
    ]
    for code, year, value in rows:
        Observation.objects.create(
            indicator=indicator, municipality=gm(code) if code else None, year=year, value=Decimal(value)
        )
    Observation.objects.filter(municipality__code="GM0014").update(
        synthetic=True, note="Schatting <script>x</script> op basis van 2021"
    )
    return indicator


@pytest.fixture
def births(db):
    return Indicator.objects.create(
        code="geboorten",
        name="Levend geborenen",
        value_type=Indicator.ValueType.COUNT,
        unit="aantal",
        source="CBS StatLine",
    )


def test_indicator_list_is_for_every_logged_in_user(check_access, coalition):
    check_access("get", reverse("indicator_list"), EVERYONE)


def test_indicator_detail_is_for_every_logged_in_user(check_access, coalition):
    check_access("get", reverse("indicator_detail", args=[coalition.code]), EVERYONE)


def test_indicator_list_shows_each_indicator_with_its_coverage(as_user, viewer, coalition, births):
    page = as_user(viewer).get(reverse("indicator_list")).content.decode()
    row = page[page.index("lokale-coalitie") : page.index("</tr>", page.index("lokale-coalitie"))]
    for text in [
        "Lokale coalitie Kansrijke Start",
        "ja/nee",
        "RIVM, vragenlijst gemeenten",
        '<td class="num">6</td>',
        "2022–2023",
        "2 jaar, 3 gemeenten",
        "synthetisch",
    ]:
        assert text in row, text
    births_row = page[page.index("geboorten") : page.index("</tr>", page.index("geboorten"))]
    assert '<td class="num">0</td>' in births_row and "geen" in births_row and "synthetisch" not in births_row
    assert reverse("indicator_detail", args=["geboorten"]) in page


def test_indicator_list_without_indicators_says_so(as_user, viewer):
    assert "nog geen indicatoren" in as_user(viewer).get(reverse("indicator_list")).content.decode()


def table_rows(page):
    body = page[page.index("<tbody>") : page.index("</tbody>")]
    return [" ".join(row.split()) for row in body.split("<tr")[1:]]


def test_detail_shows_definition_unit_type_and_source(as_user, coder, coalition):
    page = as_user(coder).get(reverse("indicator_detail", args=[coalition.code])).content.decode()
    for text in [
        "De gemeente heeft een lokale coalitie.",
        "ja/nee",
        "RIVM, vragenlijst gemeenten",
        "% van de gemeenten",
    ]:
        assert text in page, text


def test_detail_puts_the_national_share_first_then_municipalities_by_name(as_user, coder, coalition):
    page = as_user(coder).get(reverse("indicator_detail", args=[coalition.code])).content.decode()
    assert '<th scope="col" class="num">2022</th>' in page and '<th scope="col" class="num">2023</th>' in page
    rows = table_rows(page)
    assert [row.split("</th>")[0].split(">")[-1] for row in rows] == [
        "Nederland (landelijk)",
        "&#x27;s-Gravenhage",
        "Groningen",
        "Utrecht",
    ]
    assert 'class="national"' in rows[0] and "62,5%" in rows[0] and "71%" in rows[0]
    assert "geen waarde" in rows[1] and "nee" in rows[1]
    assert rows[3].count(">ja") == 2


def test_synthetic_values_are_labelled_and_explained(as_user, coder, coalition):
    page = as_user(coder).get(reverse("indicator_detail", args=[coalition.code])).content.decode()
    groningen = table_rows(page)[2]
    assert 'class="num synthetic"' in groningen and '<span class="badge">synthetisch</span>' in groningen
    assert "verzonnen voor de demo" in page
    assert "synthetisch" not in table_rows(page)[3]


def test_notes_show_as_title_and_footnote_and_stay_text(as_user, coder, coalition):
    page = as_user(coder).get(reverse("indicator_detail", args=[coalition.code])).content.decode()
    groningen = table_rows(page)[2]
    assert (
        'title="Synthetisch: verzonnen demowaarde. Schatting &lt;script&gt;x&lt;/script&gt; op basis van 2021"'
        in groningen
    )
    assert 'href="#noot-1"' in groningen
    assert '<li id="noot-1">Schatting &lt;script&gt;x&lt;/script&gt; op basis van 2021</li>' in page
    assert "<script>x" not in page


def test_real_values_carry_no_synthetic_legend(as_user, coder, coalition):
    Observation.objects.update(synthetic=False)
    page = as_user(coder).get(reverse("indicator_detail", args=[coalition.code])).content.decode()
    assert "synthetisch" not in page.lower()


def test_counts_are_formatted_in_dutch(as_user, coder, births):
    Observation.objects.create(indicator=births, municipality=gm("GM0363"), year=2023, value=Decimal("8123"))
    page = as_user(coder).get(reverse("indicator_detail", args=[births.code])).content.decode()
    assert "8.123" in table_rows(page)[0] and "Nederland (landelijk)" not in page


def test_province_filter_keeps_the_national_row(as_user, coder, coalition):
    url = reverse("indicator_detail", args=[coalition.code])
    page = as_user(coder).get(url, {"province": "Zuid-Holland"}).content.decode()
    labels = [row.split("</th>")[0].split(">")[-1] for row in table_rows(page)]
    assert labels == ["Nederland (landelijk)", "&#x27;s-Gravenhage"]
    assert '<option value="Zuid-Holland" selected>' in page


def test_unknown_province_shows_everything(as_user, coder, coalition):
    page = as_user(coder).get(reverse("indicator_detail", args=[coalition.code]), {"province": "Atlantis"})
    assert len(table_rows(page.content.decode())) == 4


def test_unknown_indicator_is_404(as_user, coder, coalition):
    assert as_user(coder).get(reverse("indicator_detail", args=["bestaat-niet"])).status_code == 404


def test_detail_takes_a_fixed_number_of_queries(as_user, coder, coalition, django_assert_max_num_queries):
    client = as_user(coder)
    for municipality in Municipality.objects.filter(province="Gelderland")[:40]:
        for year in (2021, 2022, 2023):
            Observation.objects.create(indicator=coalition, municipality=municipality, year=year, value=1, note="n")
    with django_assert_max_num_queries(5):
        response = client.get(reverse("indicator_detail", args=[coalition.code]))
    assert len(table_rows(response.content.decode())) == 44


def test_list_takes_a_fixed_number_of_queries(as_user, coder, coalition, births, django_assert_max_num_queries):
    client = as_user(coder)
    with django_assert_max_num_queries(3):
        assert client.get(reverse("indicator_list")).status_code == 200


def test_the_site_icon_is_a_static_file_every_page_names(client, db):
    """Browsers ask for /favicon.ico by themselves: it leads to the icon (once a 404 on every visit)."""
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("interviews/favicon.svg")
    assert finders.find("interviews/favicon.svg")
    login = client.get("/accounts/login/").content.decode()
    assert 'rel="icon" href="' + response["Location"] + '"' in login
    assert client.post("/favicon.ico").status_code == 405
