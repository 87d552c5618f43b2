"""The shared KONFIRMASI dialog in a real browser: answer it "Ya" (or "Tidak") like a person."""

from __future__ import annotations

from typing import Any

DIALOG = "#confirm-dialog"


def answer_confirm(page: Any, question: str | None = None, *, yes: bool = True) -> None:
    """Wait for the KONFIRMASI dialog, check its question, and press Ya (or Tidak)."""
    dialog = page.locator(DIALOG)
    dialog.wait_for(state="visible")
    assert "KONFIRMASI" in dialog.locator(".modal-title").inner_text()
    if question is not None:
        shown = dialog.locator("#confirm-dialog-message").inner_text()
        assert shown == question, shown
    dialog.get_by_role("button", name="Ya" if yes else "Tidak", exact=True).click()
    if not yes:
        dialog.wait_for(state="hidden")


def refuse_browser_dialogs(page: Any, errors: list[str]) -> None:
    """A native confirm()/alert() is a bug now: it is recorded and dismissed."""

    def refuse(dialog: Any) -> None:
        errors.append(f"browser dialog: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", refuse)
