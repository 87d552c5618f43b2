"""The bulk bar's form (issue 14 item 4): the operation (one of those offered to the viewer), the
selected tickets (``pilih``: the cards' checkboxes, ``NUMBER:REVISION``), the batch's idempotency
key, where to go back to, and the chosen operation's extra fields — named ``<code>-<field>``
so several operations' fields can share the confirmation dialog. The page and the API both
check their input with it."""

from __future__ import annotations

import re
import uuid
from typing import Any

from django import forms
from django.http import QueryDict

from lpse_support.accounts.viewer import Viewer
from lpse_support.core.errors import InvalidInput
from lpse_support.tickets.bulk import BulkOperation, find, operations_for
from lpse_support.tickets.errors import BulkOperationUnavailable
from lpse_support.tickets.services.bulk import Chosen, chosen_tickets

SELECTION = "pilih"
# The list's query string to go back to (only a query: never a URL of another site).
BACK_QUERY = re.compile(r"^[A-Za-z0-9_.~%&=+:/-]{0,2000}$")


def field_name(operation: BulkOperation, name: str) -> str:
    return f"{operation.code}-{name}"


class BulkForm(forms.Form):
    # Each operation's fields share one dialog, only one is shown: the server checks them.
    use_required_attribute = False
    operation = forms.CharField(max_length=40)
    idempotency_key = forms.UUIDField(required=False, widget=forms.HiddenInput)
    kembali = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    def __init__(
        self,
        data: QueryDict | dict[str, Any] | None = None,
        *,
        viewer: Viewer,
        revisions: dict[str, int] | None = None,
    ) -> None:
        super().__init__(data, auto_id="bulk_%s")
        self.viewer = viewer
        self.revisions = revisions
        self.offered = operations_for(viewer)
        if not self.is_bound:
            self.initial["idempotency_key"] = uuid.uuid4()
        chosen = find(str(data.get("operation") or "")) if data is not None else None
        shown = [chosen] if chosen is not None and chosen in self.offered else self.offered
        for operation in shown:
            for name, extra in operation.fields(viewer).items():
                widget = extra.widget
                widget.attrs.setdefault(
                    "class", "form-select" if isinstance(widget, forms.Select) else "form-control"
                )
                self.fields[field_name(operation, name)] = extra
        self.tickets: list[Chosen] = []

    def clean_operation(self) -> BulkOperation:
        operation = find(self.cleaned_data["operation"])
        if operation is None or operation not in self.offered:
            raise forms.ValidationError(BulkOperationUnavailable().message)
        return operation

    def clean_kembali(self) -> str:
        value = str(self.cleaned_data.get("kembali") or "")
        return value if BACK_QUERY.match(value) else ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        values = self.data.getlist(SELECTION) if hasattr(self.data, "getlist") else []
        if not values and isinstance(self.data, dict):
            values = list(self.data.get(SELECTION) or [])
        try:
            self.tickets = chosen_tickets(values, self.revisions)
        except InvalidInput as refusal:
            self.add_error(None, refusal.message)
        return cleaned

    @property
    def chosen_operation(self) -> BulkOperation:
        operation: BulkOperation = self.cleaned_data["operation"]
        return operation

    def extra_fields(self, operation: BulkOperation) -> list[forms.BoundField]:
        return [
            self[field_name(operation, name)]
            for name in operation.fields(self.viewer)
            if field_name(operation, name) in self.fields
        ]

    def offered_with_fields(self) -> list[dict[str, Any]]:
        """The bar's operations, each with its extra fields (the confirmation dialog)."""
        return [
            {"operation": operation, "fields": self.extra_fields(operation)}
            for operation in self.offered
        ]

    def inputs(self) -> dict[str, Any]:
        """The chosen operation's service arguments from its cleaned extra fields."""
        operation = self.chosen_operation
        prefix = f"{operation.code}-"
        own = {
            name.removeprefix(prefix): value
            for name, value in self.cleaned_data.items()
            if name.startswith(prefix)
        }
        return operation.inputs(own)

    def error_for_api(self) -> InvalidInput:
        """The first error as the catalogue's invalid input, named as the API spells it."""
        for name, errors in self.errors.items():
            message = str(errors[0])
            if name == "__all__":
                return InvalidInput(message, field="numbers")
            if name == "operation":
                return InvalidInput(message, field="operation")
            operation = self.data.get("operation")
            return InvalidInput(message, field=f"inputs.{name.removeprefix(f'{operation}-')}")
        return InvalidInput()
