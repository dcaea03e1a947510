"""The screenshot tour in CI: every page of the demo at 1440×900 and 1024×768, owner's view, in Chromium.

It fails on any page error, console error, resource answered 4xx/5xx, or page wider than its window. The PNGs go
to a temporary folder, or to $SCREENSHOTS_DIR: `make screenshots` runs this test with var/screenshots/.
"""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from tour import FIT, TALLEST, VIEWPORTS, demo_world, tour_urls, visit

from interviews import demo
from interviews.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_every_demo_page_loads_cleanly_and_fits_at_1440_and_1024(browser, live_server, client, tmp_path):
    project, _ = demo.load()
    owner = project.memberships.get(role=Role.OWNER).user
    world = demo_world(project, owner)
    urls = tour_urls(world)
    assert len(urls) > 40 and any(name == "interviews:analysis_cooccurrence" for name, _ in urls)
    folder = Path(os.environ.get("SCREENSHOTS_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    client.force_login(owner)
    cookie = {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value}
    problems, pages = [], 0
    for width, height in VIEWPORTS:
        context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True)
        context.add_cookies([{**cookie, "url": live_server.url}])
        for name, url in urls:
            page = context.new_page()
            file = folder / f"{re.sub(r'[^a-z_]+', '_', name.split(':')[-1])}-{width}.png"
            tallest = TALLEST.get(name) if width == 1440 else None
            found = visit(page, live_server.url + url, file, tallest, width in FIT.get(name, ()))
            page.close()
            if found is not None:
                pages += 1
                problems += [f"{width}px {url}: {problem}" for problem in found]
        context.close()
    assert pages >= 2 * 35, f"only {pages} pages were pages"
    assert not problems, "\n".join(problems)
