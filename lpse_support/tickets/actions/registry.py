"""The registry of action specs: every module of ``lpse_support/tickets/actions/`` that defines
``SPEC`` is one action, found on first use (nothing to list anywhere else). Tests register an
extra spec with ``register`` and take it away with ``unregister``.

Readers: the dispatching page view and the URLconf (``page_routes``), the action panel and the
list cards, the API's action endpoints, the notifications (recipients and title), the services
(``Acting.apply``) and the demo generator (``apply``)."""

from __future__ import annotations

import pkgutil
import threading
from dataclasses import dataclass
from importlib import import_module

from lpse_support.tickets.actions.spec import ActionSpec, PageForm
from lpse_support.tickets.workflow import USER_ACTIONS

PACKAGE = "lpse_support.tickets.actions"

_specs: dict[str, ActionSpec] = {}
_lock = threading.RLock()
_loaded = False


@dataclass(frozen=True)
class Route:
    """What ``POST /tiket/<number>/<slug>/`` submits: a form, and the action when the route
    names one (``None``: the form's ``choose`` picks it)."""

    page: PageForm
    spec: ActionSpec | None


def _load() -> None:
    global _loaded
    if _loaded:
        return
    with _lock:
        if _loaded:
            return
        package = import_module(PACKAGE)
        for info in pkgutil.iter_modules(package.__path__):
            spec = getattr(import_module(f"{PACKAGE}.{info.name}"), "SPEC", None)
            if isinstance(spec, ActionSpec):
                _add(spec)
        _loaded = True


def _add(spec: ActionSpec) -> None:
    if spec.action in _specs:
        raise ValueError(f"Action {spec.action!r} is registered twice.")
    _specs[spec.action] = spec


def register(spec: ActionSpec) -> None:
    _load()
    with _lock:
        _add(spec)


def unregister(action: str) -> None:
    _load()
    with _lock:
        _specs.pop(action, None)


def get(action: str) -> ActionSpec:
    _load()
    try:
        return _specs[action]
    except KeyError:
        raise LookupError(f"No action spec for {action!r}.") from None


def find(action: str) -> ActionSpec | None:
    _load()
    return _specs.get(action)


def all_specs() -> list[ActionSpec]:
    """Every spec: the user actions in the workflow's button order, then the others."""
    _load()
    order = {str(action): index for index, action in enumerate(USER_ACTIONS)}
    return sorted(_specs.values(), key=lambda spec: order.get(spec.action, len(order)))


def members(page: PageForm) -> list[ActionSpec]:
    """The actions submitted with ``page``."""
    return [spec for spec in all_specs() if spec.page is page]


def page_routes() -> dict[str, tuple[str, Route]]:
    """slug → (URL name, route) for every form and every action with a route of its own."""
    routes: dict[str, tuple[str, Route]] = {}
    for spec in all_specs():
        if spec.page is None:
            continue
        routes.setdefault(spec.page.slug, (spec.page.url_name, Route(spec.page, None)))
        if spec.slug:
            routes[spec.slug] = (spec.url_name, Route(spec.page, spec))
    return routes


def route(slug: str) -> Route | None:
    found = page_routes().get(slug)
    return found[1] if found is not None else None
