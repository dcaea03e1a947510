"""A fixture for the tests of locking: the test database as a real SQLite file, opened with the project's own
settings (WAL, IMMEDIATE transactions, busy timeout), so concurrent writers meet SQLite's one write lock as they
do in `make run`. The in-memory test database (shared cache, table locks) would not show it.

On PostgreSQL (tests/with_postgres.py) the database is already real: the fixture changes nothing.
"""

import sqlite3

import pytest
from django.db import connection


@pytest.fixture
def file_database(transactional_db, tmp_path):
    """The path of the SQLite file every connection (of any thread) now uses, or None on PostgreSQL."""
    if connection.vendor != "sqlite":
        yield None
        return
    path = tmp_path / "db.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)  # the migrated test database and the rows made so far
    target.close()
    # Every thread's connection reads this same settings dict; the in-memory database is kept open meanwhile
    # (closing its last connection would drop it) and put back afterwards.
    memory, name = connection.connection, connection.settings_dict["NAME"]
    connection.settings_dict["NAME"] = str(path)
    connection.connection = None
    try:
        yield path
    finally:
        connection.close()
        connection.settings_dict["NAME"] = name
        connection.connection = memory
