"""The accessibility statement (/toegankelijkheid/): public, linked from every page's footer, and naming the axe-core
that the test suite really runs."""

import re

from axe_playwright_python.base import AXE_FILE_PATH
from django.urls import reverse

from monitor.views import AXE_CORE_VERSION


def test_the_statement_is_public_and_says_what_is_tested(client, db):
    response = client.get(reverse("accessibility"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "WCAG 2.1 op niveau A en AA" in body and f"axe-core {AXE_CORE_VERSION}" in body
    assert "Wat nog niet getest is" in body


def test_every_page_links_to_it_in_the_footer(client, db):
    footer = re.search(r"<footer class=\"site\">.*?</footer>", client.get(reverse("login")).content.decode(), re.S)
    assert f'href="{reverse("accessibility")}"' in footer.group(0)


def test_it_names_the_axe_core_the_tests_run():
    # the first line of the wheel's axe.min.js: "/*! axe v4.12.1"
    assert re.match(r"/\*! axe v([\d.]+)", AXE_FILE_PATH.read_text()[:40]).group(1) == AXE_CORE_VERSION
