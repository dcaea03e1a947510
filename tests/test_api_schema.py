"""Schemathesis against the live test server: requests generated from the API's own OpenAPI schema, valid and
invalid, with a read-write token of the project's owner. No answer may be a 5xx, and every answer the schema
describes must match it (status codes the schema leaves out are the cast tests' business: tests/test_api_*.py).

Path slugs are set to the world's project, so the generated ids, filters and bodies reach the views rather than
stopping at "no such project"."""

import hypothesis
import pytest
import schemathesis
from api_client import make_token
from conftest import code_phrase
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from interviews.models import Memo, Project, Role
from monitor.models import Indicator, Observation

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def api_world(live_server, owner, coder, interview, themes, project):
    code_phrase(interview, coder, "samenwerking", themes["samenwerking"], themes["financiering"])
    code_phrase(interview, owner, "personeelstekort", themes["personeelstekort"])
    Memo.objects.create(project=project, title="Memo", text="Over samenwerking.", author=coder)
    Observation.objects.create(
        indicator=Indicator.objects.create(code="lgg", name="Laag geboortegewicht", value_type="percentage"),
        year=2022,
        value="6.1",
    )
    assert project.memberships.filter(user=owner, role=Role.OWNER).exists()
    return {"token": make_token(owner)[1], "slug": project.slug}


OPERATIONS = 14  # the schema's operations (GET, POST, DELETE): a new one shows up here first


def _check_operation(operation, mode, world):
    """Generated requests of one operation (valid or invalid ones, `mode`) sent to the live server and checked."""

    @hypothesis.settings(
        max_examples=20, deadline=None, suppress_health_check=list(hypothesis.HealthCheck), database=None
    )
    @hypothesis.given(case=operation.as_strategy(generation_mode=mode))
    def check(case):
        if "slug" in (case.path_parameters or {}):
            case.path_parameters["slug"] = world["slug"]
        case.call_and_validate(
            headers={"Authorization": f"Bearer {world['token']}"},
            checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
        )

    check()


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "invalid"])
def test_the_api_answers_generated_requests_within_its_schema_and_without_5xx(api_world, live_server, mode):
    """Schemathesis's pytest loader (from_fixture) reads a private attribute pytest 9 no longer has, so the
    operations are walked here, each as a Hypothesis test of its own."""
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == OPERATIONS
    for operation in operations:
        _check_operation(operation, mode, api_world)
    assert Project.objects.filter(slug=api_world["slug"]).exists()
