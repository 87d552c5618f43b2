"""Read models for ticket pages: lists and cards, the detail page, exports."""
