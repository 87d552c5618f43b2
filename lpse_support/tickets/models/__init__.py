from lpse_support.tickets.models.attachment import TicketAttachment
from lpse_support.tickets.models.counter import TicketNumberCounter
from lpse_support.tickets.models.event import TicketEvent
from lpse_support.tickets.models.incident import Incident, IncidentOutcome
from lpse_support.tickets.models.message import TicketMessage
from lpse_support.tickets.models.pending_upload import PendingUpload
from lpse_support.tickets.models.rating import TicketRating
from lpse_support.tickets.models.saved_search import SavedSearch
from lpse_support.tickets.models.ticket import Ticket, TicketTeam

__all__ = [
    "Incident",
    "IncidentOutcome",
    "PendingUpload",
    "SavedSearch",
    "Ticket",
    "TicketAttachment",
    "TicketEvent",
    "TicketMessage",
    "TicketNumberCounter",
    "TicketRating",
    "TicketTeam",
]
