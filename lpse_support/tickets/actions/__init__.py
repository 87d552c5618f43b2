"""Ticket actions, one module per action, each defining ``SPEC`` (``spec.ActionSpec``): its form,
service, panel block, notice, card button, recipients, notification title and pure field
effects. ``registry`` finds them; ``fields`` holds the rules both write paths share. Who may do
what stays in ``tickets/workflow.py`` alone. Walkthrough: ``docs/actions.md``.

Nothing is imported here: the registry imports the action modules on first use."""
