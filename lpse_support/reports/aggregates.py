"""Database expressions the report needs beyond Django's own: seconds between two timestamps and
a median. PostgreSQL computes both natively; SQLite (development) gets a portable form."""

from __future__ import annotations

from typing import Any

from django.db import NotSupportedError
from django.db.models import Aggregate, Expression, FloatField, Func


class SecondsBetween(Func):
    """``end - start`` in seconds (a float), NULL when either side is NULL."""

    output_field = FloatField()
    arity = 2

    def __init__(self, end: Any, start: Any) -> None:
        super().__init__(end, start)

    def as_sql(
        self,
        compiler: Any,
        connection: Any,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> Any:
        end_sql, end_params = compiler.compile(self.source_expressions[0])
        start_sql, start_params = compiler.compile(self.source_expressions[1])
        return f"EXTRACT(EPOCH FROM ({end_sql} - {start_sql}))", (*end_params, *start_params)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        end_sql, end_params = compiler.compile(self.source_expressions[0])
        start_sql, start_params = compiler.compile(self.source_expressions[1])
        sql = f"((julianday({end_sql}) - julianday({start_sql})) * 86400.0)"
        return sql, (*end_params, *start_params)


class Median(Aggregate):
    """``percentile_cont(0.5) WITHIN GROUP (ORDER BY …)``: PostgreSQL's ordered-set aggregate.

    SQLite has no such aggregate; ``supports_median`` tells selectors to use the window-function
    fallback in ``selectors_quality`` there instead.
    """

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression: Expression | str, **extra: Any) -> None:
        super().__init__(expression, **extra)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        raise NotSupportedError("SQLite has no percentile_cont; use the window fallback.")


def supports_median(connection: Any) -> bool:
    return bool(connection.vendor == "postgresql")
