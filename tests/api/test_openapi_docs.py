"""The OpenAPI document and the interactive docs page (Swagger UI from /static/, CSP-safe)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

pytestmark = pytest.mark.django_db

OWN_PATHS = {
    "/api/v1/applications": {"get"},
    "/api/v1/tenders": {"get"},
    "/api/v1/tenders/{code}": {"get"},
    "/api/v1/priority/preview": {"post"},
    "/api/v1/dashboard": {"get"},
}


@pytest.fixture
def schema() -> dict[str, Any]:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data: dict[str, Any] = response.json()
    return data


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if ref:
        name = ref.rsplit("/", 1)[-1]
        resolved: dict[str, Any] = schema["components"]["schemas"][name]
        return resolved
    if node.get("type") == "array":
        return _resolve(schema, node["items"])
    return node


def test_document_is_valid_openapi(schema: dict[str, Any]) -> None:
    from schemathesis import openapi

    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "LPSE Support API"
    loaded = openapi.from_dict(schema)
    assert len(list(loaded.get_all_operations())) >= len(OWN_PATHS)
    assert set(schema["components"]["securitySchemes"]) == {"TokenAuth", "SessionCsrfAuth"}
    assert schema["components"]["securitySchemes"]["TokenAuth"] == {
        "type": "http",
        "scheme": "bearer",
    }


def test_own_operations_declare_errors_and_examples(schema: dict[str, Any]) -> None:
    for path, methods in OWN_PATHS.items():
        assert set(schema["paths"][path]) == methods, path
        for method in methods:
            operation = schema["paths"][path][method]
            responses = operation["responses"]
            assert {"200", "401", "429"} <= set(map(str, responses)), (path, responses)
            assert operation["security"] == [{"TokenAuth": []}, {"SessionCsrfAuth": []}]
            for status, response in responses.items():
                body = response["content"]["application/json"]["schema"]
                target = _resolve(schema, body)
                assert "examples" in target, (path, status)
                if str(status) != "200":
                    assert body["$ref"].endswith("/ErrorOut"), (path, status)
    assert "503" in {str(s) for s in schema["paths"]["/api/v1/tenders/{code}"]["get"]["responses"]}
    assert "404" in {str(s) for s in schema["paths"]["/api/v1/tenders/{code}"]["get"]["responses"]}
    assert "422" in {
        str(s) for s in schema["paths"]["/api/v1/priority/preview"]["post"]["responses"]
    }


def test_every_schema_has_examples(schema: dict[str, Any]) -> None:
    missing = [
        name
        for name, component in schema["components"]["schemas"].items()
        if "examples" not in component
        and "example" not in component
        and component.get("type") == "object"
    ]
    assert missing == []


def test_docs_page_uses_local_assets_and_no_inline_script() -> None:
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn" not in html.lower()
    assert not re.search(r"""(src|href)=["']https?://""", html)
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    assert scripts
    for attributes, body in scripts:
        if "src=" in attributes:
            src = re.search(r'src="([^"]+)"', attributes)
            assert src and src.group(1).startswith("/static/"), attributes
            assert not body.strip()
            assert finders.find(src.group(1).removeprefix("/static/")), src.group(1)
        else:
            # The only inline block is Swagger's JSON settings: data, never executed.
            assert 'type="application/json"' in attributes, attributes
    for href in re.findall(r'<link[^>]*href="([^"]+)"', html):
        assert href.startswith("/static/"), href
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "/api/v1/openapi.json" in html
