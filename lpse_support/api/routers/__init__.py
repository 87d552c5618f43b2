"""The API's routers, one module per resource, each registered by ``api/app.py`` with
``add_router`` (none registers itself on import). The two ticket routers — ``tickets`` (list,
create, detail, zip) and ``ticket_actions`` (the workflow verbs) — share only public modules:
``ticket_params`` (headers, files, error answers, the caller) and ``ticket_output`` (the
serialisation); no router imports another's private helpers."""
