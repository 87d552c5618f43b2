"""Idempotent writes for the demo seed: a second run changes nothing, not even ``updated_at``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)


@dataclass
class Tally:
    """Counts of rows created and updated per model label, for the command's summary."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def add(self, label: str, *, created: bool, changed: bool) -> None:
        if created:
            self.created[label] = self.created.get(label, 0) + 1
        elif changed:
            self.updated[label] = self.updated.get(label, 0) + 1

    @property
    def total_created(self) -> int:
        return sum(self.created.values())

    @property
    def total_updated(self) -> int:
        return sum(self.updated.values())


def upsert(
    model: type[M], tally: Tally, *, lookup: Mapping[str, Any], values: Mapping[str, Any]
) -> M:
    """Get the row by its natural key and bring ``values`` up to date, saving only real changes.

    ``update_or_create`` would save (and bump ``updated_at``) on every run; this does not.
    """
    label = model._meta.verbose_name_plural or model.__name__
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model._default_manager.create(**lookup, **values)
        tally.add(str(label), created=True, changed=False)
        return obj
    changed = [name for name, value in values.items() if _differs(obj, name, value)]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=[*changed, "updated_at"] if _has_updated_at(obj) else changed)
    tally.add(str(label), created=False, changed=bool(changed))
    return obj


def _differs(obj: models.Model, name: str, value: Any) -> bool:
    model_field = obj._meta.get_field(name)
    if isinstance(model_field, models.ForeignKey):
        # Compare by primary key so a fresh instance equals the stored relation without a query.
        wanted = value.pk if isinstance(value, models.Model) else value
        return bool(getattr(obj, model_field.attname) != wanted)
    return bool(getattr(obj, name) != value)


def _has_updated_at(obj: models.Model) -> bool:
    return any(f.name == "updated_at" for f in obj._meta.concrete_fields)
