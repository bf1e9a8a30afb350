"""Reads that may come from the PostgreSQL replica (DATABASE_REPLICA_URL).

Only code run inside `replica_reads()` reads from the replica; the donors' report pages do
(cycles.reports.views), because they only read, read a lot, and a figure a few seconds old
does them no harm. Every write, every read inside a write transaction, and every other page
stays on the default database, so nobody misses what they have just saved.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"

_replica_reads: ContextVar[bool] = ContextVar("replica_reads", default=False)


@contextmanager
def replica_reads() -> Iterator[None]:
    """Send the reads made inside this block to the replica (when the router is installed)."""
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


def reading_replica() -> bool:
    """Whether a read made now goes to the replica: inside `replica_reads()`, outside a write
    transaction on the default database (whose rows the replica may not have yet)."""
    return _replica_reads.get() and not connections[DEFAULT_DB_ALIAS].in_atomic_block


class ReplicaRouter:
    """Installed by settings when DATABASE_REPLICA_URL is set."""

    def db_for_read(self, model, **hints) -> str:
        return REPLICA if reading_replica() else DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        # The replica holds the same rows: an object read there may point at one read here.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        # The replica copies the default database's schema; it is never migrated itself.
        return db == DEFAULT_DB_ALIAS
