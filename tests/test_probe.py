"""The probe: every URL × every role × GET, POST and POST asking for JSON, with no parameters and with hostile
values for every parameter the views read (tests/probe.py finds them). Nothing may answer 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from probe import (
    DATA,
    FILE_PARAMETERS,
    HOSTILE,
    HOSTILE_FILES,
    HUGE,
    NEXTS,
    PARAMETERS,
    base_data,
    build_world,
    parameters_of,
    routes,
    send,
    url_for,
)

ROUTES = routes()
METHODS = [("GET", {}), ("POST", {}), ("POST", {"HTTP_ACCEPT": "application/json"})]


def _log_in(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)


def _probe(client, url, data_sets):
    """The requests among `data_sets` × METHODS that answered 500."""
    failures = []
    for data in data_sets:
        for method, extra in METHODS:
            response = send(client, method, url, data, **extra)
            if response.status_code >= 500:
                shown = _shown(data)
                failures.append(f"{method}{' JSON' if extra else ''} {url} {shown}: {response.status_code}")
    return failures


@pytest.mark.parametrize("route", ROUTES, ids=[name for name, _, _ in ROUTES])
def test_no_url_answers_500_to_any_role_or_hostile_value(route, client, cast):
    world = build_world(cast)
    client.raise_request_exception = False
    url, failures = url_for(route, world), []
    for who in ["anonymous", "outsider", "viewer", "coder", "owner"]:
        _log_in(client, cast[who])
        data = DATA.get(route[0], lambda w: {})(world)
        failures += _probe(client, url, [{}, data] if data else [{}])
        hostile = [{name: value for name in PARAMETERS} for value in HOSTILE]
        hostile += [{"next": value} for value in NEXTS]
        if who in ("viewer", "owner"):  # a viewer reads what an owner reads; the owner reaches every form
            failures += _probe(client, url, hostile)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("route", ROUTES, ids=[name for name, _, _ in ROUTES])
def test_each_parameter_of_a_view_alone_hostile_answers_without_500(route, client, cast):
    """One parameter at a time hostile, the others as the world has them: the quote picker with a real theme
    and a row key of 2**70 failed only so."""
    world = build_world(cast)
    client.raise_request_exception = False
    client.force_login(cast["owner"])
    url, base = url_for(route, world).split("?")[0], base_data(route, world)
    data_sets = [{**base, name: value} for name in parameters_of(route, world) for value in (HUGE, "abc")]
    failures = _probe(client, url, data_sets)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("route", ROUTES, ids=[name for name, _, _ in ROUTES])
def test_hostile_files_answer_without_500(route, client, cast):
    world = build_world(cast)
    names = [name for name in parameters_of(route, world) if name in FILE_PARAMETERS]
    if not names:
        return  # the view reads no file
    client.raise_request_exception = False
    client.force_login(cast["owner"])
    url, failures = url_for(route, world), []
    for filename, content in HOSTILE_FILES.items():
        data = {**base_data(route, world), **{name: SimpleUploadedFile(filename, content) for name in names}}
        status = send(client, "POST", url, data).status_code
        if status >= 500:
            failures.append(f"POST {url} {filename} as {', '.join(names)}: {status}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("route", [r for r in ROUTES if r[2] and r[2] != ["slug"]], ids=lambda r: r[0])
def test_ids_too_large_or_of_another_project_are_not_found(route, client, cast):
    world = build_world(cast)
    other = world["others"]  # ids of the interview, theme and passage of "ander", a project of someone else
    client.raise_request_exception = False
    client.force_login(cast["owner"])
    ids = [arg for arg in route[2] if arg.endswith("id") or arg == "pk"]
    failures = []
    for override in [{arg: HUGE for arg in ids}, {arg: other.get(arg, HUGE) for arg in ids}]:
        url = url_for(route, world, **override)
        for method, extra in METHODS:
            status = send(client, method, url, **extra).status_code
            if status >= 500 or (ids and status not in (404, 405)):
                failures.append(f"{method}{' JSON' if extra else ''} {url}: {status}")
    assert not failures, "\n".join(failures)


def _shown(data):
    values = set(data.values())
    if len(data) > 1 and len(values) == 1:
        return f"every parameter = {next(iter(values))[:20]!r}"
    return {key: value[:20] for key, value in data.items()} if data else "no parameters"
