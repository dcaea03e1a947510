"""Finding 10: every page carries a Content-Security-Policy that runs scripts only from our own files, and no
template holds a script or an event handler that policy would block."""

import re
from pathlib import Path

from csp.middleware import CSPMiddleware
from django.http import HttpResponse

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_DIRS = [ROOT / "templates", ROOT / "interviews" / "templates", ROOT / "monitor" / "templates"]
SCRIPT_TAG = re.compile(r"<script\b[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


def policy(response):
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def templates():
    return [path for folder in TEMPLATE_DIRS if folder.exists() for path in folder.rglob("*.html")]


def test_the_login_page_carries_the_policy(client, db):
    directives = policy(client.get("/accounts/login/"))
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]  # no nonce where no inline script used one
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"] and directives["form-action"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["img-src"] == ["'self'", "data:"]


def test_the_coding_page_allows_no_inline_script(as_user, coder, passage):
    response = as_user(coder).get(passage.interview.get_absolute_url())
    assert response.status_code == 200
    script_src = policy(response)["script-src"]
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert policy(response)["style-src"] == ["'self'", "'unsafe-inline'"]  # style attributes: see settings.py


def test_a_nonce_used_by_a_page_is_in_its_header(rf):
    request = rf.get("/")
    middleware = CSPMiddleware(lambda request: HttpResponse(f"<script nonce='{request.csp_nonce}'></script>"))
    response = middleware(request)
    assert f"'nonce-{request.csp_nonce}'" in policy(response)["script-src"]


def test_templates_hold_no_inline_script_but_json_data():
    found = []
    for path in templates():
        for tag in SCRIPT_TAG.findall(path.read_text(encoding="utf-8")):
            if "src=" not in tag and 'type="application/json"' not in tag and "csp_nonce" not in tag:
                found.append(f"{path.relative_to(ROOT)}: {tag}")
    assert not found, "inline scripts the policy would block:\n" + "\n".join(found)


def test_templates_hold_no_inline_event_handlers():
    found = []
    for path in templates():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if EVENT_HANDLER.search(line) or "javascript:" in line:
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "inline handlers the policy would block:\n" + "\n".join(found)


def test_the_scan_finds_what_it_looks_for():
    assert SCRIPT_TAG.findall("<p>x</p><script>alert(1)</script>") == ["<script>"]
    assert EVENT_HANDLER.search('<button onclick="go()">') and not EVENT_HANDLER.search('<p class="online">')
