"""Every ticket write goes through the functions of these modules (ARCHITECTURE.md rule 1).
Import them from their module, e.g. ``from lpse_support.tickets.services.ticket_take import
ticket_take`` (no re-exports here: a function named like its module would hide the module)."""
