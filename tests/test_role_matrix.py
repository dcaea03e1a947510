"""Every URL of the resolver against the cast: the role matrix (tests/role_matrix.py) says who may do what."""

import pytest
from probe import DATA, build_world, routes, send, url_for
from role_matrix import LEVELS, MATRIX, RANK, expectations

ROUTES = routes()
JSON = {"HTTP_ACCEPT": "application/json"}


def test_every_url_has_a_row_in_the_role_matrix():
    missing = sorted({name for name, _, _ in ROUTES} - set(MATRIX))
    assert not missing, f"add a line to tests/role_matrix.py for: {', '.join(missing)}"


def test_the_role_matrix_names_no_url_that_is_gone():
    assert not sorted(set(MATRIX) - {name for name, _, _ in ROUTES})


def _expected(who, level):
    """ "login" (sent to the login page), 404, 403, or "allowed"."""
    if level == "off" or (level == "ownkey" and who == "owner"):
        return 404
    if level == "mine":
        return {"anonymous": "login", "owner": "allowed"}.get(who, 404)
    level = "own" if level == "ownkey" else level
    needed = LEVELS.index(level)
    if RANK[who] >= needed:
        return "allowed"
    if who == "anonymous":
        return "login"
    return 404 if who == "outsider" else 403


def _seen(response):
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return "login"
    if response.status_code == 401 and response["Content-Type"].startswith("application/json"):
        return "login"
    if response.status_code in (403, 404):
        return response.status_code
    return "allowed" if response.status_code < 500 else response.status_code


@pytest.mark.parametrize("route", ROUTES, ids=[name for name, _, _ in ROUTES])
def test_each_role_gets_what_the_matrix_says(route, client, cast):
    name = route[0]
    if name not in MATRIX:
        pytest.fail(f"{name} has no line in tests/role_matrix.py")
    world = build_world(cast)
    client.raise_request_exception = False
    url, data = url_for(route, world), DATA.get(name, lambda w: {})(world)
    failures = []
    for method, level in expectations(name).items():
        for who in ["anonymous", "outsider", "viewer", "coder", "owner"]:
            client.logout()
            if cast[who] is not None:
                client.force_login(cast[who])
            for extra in ({}, JSON):
                response = send(client, method, url, data, **extra)
                seen, expected = _seen(response), _expected(who, level)
                if level == "public" and seen == "login":  # logging out ends on the login page
                    seen = "allowed"
                if seen != expected:
                    failures.append(f"{method} as {who}{' (JSON)' if extra else ''}: {seen}, expected {expected}")
    assert not failures, f"{url}: " + "; ".join(failures)
