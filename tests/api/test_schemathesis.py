"""schemathesis against the live OpenAPI document of a real server started by the test
(pytest-django's live_server), authenticated with a Bearer token: every operation, generated
inputs — no 5xx, no response that contradicts the schema (status code, content type, body), and
every error answer (the negative cases above all) is the ``{"detail", "code", "field"}``
envelope, whether ninja, a middleware or Django gave it."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Err, Ok
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from lpse_support.accounts.models import User
from lpse_support.api.tokens import token_create

EXAMPLES = 30
# A live server thread answers the requests: a file database, and in the slow set.
pytestmark = [pytest.mark.slow, pytest.mark.needs_file_db]


def error_envelope(ctx: Any, response: Any, case: Any) -> None:
    """A 4xx/5xx answer is JSON with exactly detail (non-empty text), code and field."""
    if response.status_code < 400:
        return
    content_type = (response.headers.get("content-type") or [""])[0]
    assert content_type.startswith("application/json"), (response.status_code, content_type)
    body = response.json()
    assert isinstance(body, dict) and set(body) == {"detail", "code", "field"}, body
    assert isinstance(body["detail"], str) and body["detail"], body
    assert isinstance(body["code"], str) and body["code"], body
    assert body["field"] is None or isinstance(body["field"], str), body


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    error_envelope,
]


@pytest.fixture
def api_token(transactional_db: None, settings: Any) -> str:
    settings.LPSE_SUPPORT = {**settings.LPSE_SUPPORT}
    settings.API_RATE_LIMIT_PER_MINUTE = 100_000
    call_command("seed_demo", verbosity=0)
    return token_create(user=User.objects.get(username="helpdesk_lpse1"), name="fuzz").secret


@pytest.mark.parametrize("generation", ["positive", "negative"])
def test_every_operation_never_fails_or_breaks_its_schema(
    live_server: Any, api_token: str, generation: str
) -> None:
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
    headers = {"Authorization": f"Bearer {api_token}"}
    mode = GenerationMode.POSITIVE if generation == "positive" else GenerationMode.NEGATIVE
    results = list(schema.get_all_operations())
    invalid = [result.err() for result in results if isinstance(result, Err)]
    assert invalid == [], invalid  # the OpenAPI document itself must be valid
    operations = [result.ok() for result in results if isinstance(result, Ok)]
    assert len(operations) >= 20, [op.label for op in operations]
    failures: list[str] = []
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case: Any) -> None:
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            run()
        except Exception as exc:  # collect every operation's failure, then report them all
            failures.append(f"{operation.label}: {exc}")
    assert failures == [], "\n\n".join(failures)
