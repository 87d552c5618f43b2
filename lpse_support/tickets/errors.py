"""Coded errors of ticket actions (mapped to 409 by the API, to messages by the pages)."""

from lpse_support.core.errors import Conflict


class InvalidTransition(Conflict):
    code = "invalid_transition"


class AlreadyTaken(InvalidTransition):
    code = "already_taken"


class AlreadyRated(InvalidTransition):
    code = "already_rated"
