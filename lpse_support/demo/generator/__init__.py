"""Many realistic tickets at once for load tests and demos (``manage.py generate_tickets``):
``generate`` runs the batches, ``world`` loads the master data, ``story`` plays each ticket's
life, ``words`` writes its texts and ``writer`` writes the rows."""
