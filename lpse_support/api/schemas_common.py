"""Schemas shared by every API router (error envelope, small reference objects)."""

from __future__ import annotations

from ninja import Schema
from pydantic import ConfigDict, Field


class ErrorOut(Schema):
    """The one error envelope every non-2xx JSON response uses."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"detail": "Data tidak valid.", "code": "invalid_input", "field": "subcategory_id"},
                {"detail": "Autentikasi diperlukan.", "code": "unauthorized", "field": None},
            ]
        }
    )

    detail: str = Field(examples=["Autentikasi diperlukan."])
    code: str = Field(examples=["unauthorized"])
    field: str | None = Field(default=None, examples=[None])


class PriorityOut(Schema):
    """A priority level (Emergency, Major, Medium, Minor); rank 1 is the most urgent."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"code": "medium", "name": "Medium", "rank": 3}]}
    )

    code: str = Field(examples=["medium"])
    name: str = Field(examples=["Medium"])
    rank: int = Field(examples=[3])


class RefOut(Schema):
    """A reference to another object: its id and display name."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"id": 1, "name": "4.5"}]})

    id: int = Field(examples=[1])
    name: str = Field(examples=["4.5"])


# The largest id an integer primary key holds (PostgreSQL integer): a larger one is a 422, never
# a database error.
MAX_ID = 2**31 - 1

# Error responses every authenticated operation can give.
AUTH_ERRORS: dict[int, type[ErrorOut]] = {401: ErrorOut, 403: ErrorOut, 429: ErrorOut}
