"""The race harness: the same call from several threads at the same moment, each thread on its
own database connection (closed when it ends), so the database's own locking decides. Needs a
file database or PostgreSQL (``@pytest.mark.needs_file_db``)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from django.db import connection

In = TypeVar("In")
Out = TypeVar("Out")


@dataclass
class RaceResult(Generic[In, Out]):
    """What each racer got: a return value or the exception it raised (never lost)."""

    returned: list[tuple[In, Out]] = field(default_factory=list)
    raised: list[tuple[In, BaseException]] = field(default_factory=list)


def at_once(
    work: Callable[[In], Out], racers: Sequence[In], *, timeout: float = 120
) -> RaceResult[In, Out]:
    """Run ``work(racer)`` for every racer in its own thread, all released by one barrier."""
    barrier = threading.Barrier(len(racers))
    result: RaceResult[In, Out] = RaceResult()
    lock = threading.Lock()

    def run(racer: In) -> None:
        try:
            barrier.wait(timeout=30)
            value = work(racer)
            with lock:
                result.returned.append((racer, value))
        except BaseException as exc:  # judged by the caller; a thread must not die silently
            with lock:
                result.raised.append((racer, exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(racer,)) for racer in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not any(thread.is_alive() for thread in threads)
    return result
