"""Ticket forms by concept: filing (create), acting on a ticket (actions), finding (search).

Forms check the shape of input only; limits and rules come from the services."""
