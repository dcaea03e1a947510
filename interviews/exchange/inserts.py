"""Many rows into one table in few statements: what a large import needs and the ORM's bulk_create is slow at.

Rows are plain tuples in the order of the named fields, so no model instances are built; the primary keys
come back in row order when asked for (RETURNING, as bulk_create does).
"""

from django.db import connection

UNNEST_BATCH = 5000


def insert_rows(model, names, rows, returning=False):
    """Tuples (values in the order of the field `names`) as multi-row INSERTs (on PostgreSQL: insert_unnest);
    with `returning`, the new primary keys in row order (RETURNING, as bulk_create does). For imports: the ORM's
    bulk_create spends most of a 50,000-row import building and preparing model instances."""
    ops, fields = connection.ops, [model._meta.get_field(name) for name in names]
    if returning and not connection.features.can_return_rows_from_bulk_insert:
        objects = model._default_manager.bulk_create(
            [model(**{f.attname: v for f, v in zip(fields, row)}) for row in rows]
        )
        return [o.pk for o in objects]
    columns = ", ".join(ops.quote_name(f.column) for f in fields)
    size = max(min(ops.bulk_batch_size(fields, rows), 500), 1)  # psycopg parses long queries slowly
    adapted = [{} if f.get_internal_type() == "DateTimeField" else None for f in fields]
    tail = f" RETURNING {ops.quote_name(model._meta.pk.column)}" if returning else ""
    table = f"INSERT INTO {ops.quote_name(model._meta.db_table)} ({columns}) "
    if connection.vendor == "postgresql" and connection.Database.__name__ == "psycopg":
        return insert_unnest(fields, table, tail, rows)
    ids = []
    with connection.cursor() as cursor:
        for i in range(0, len(rows), size):
            batch, params = rows[i : i + size], []
            for row in batch:
                for cache, value in zip(adapted, row):
                    if cache is not None:  # datetimes as the backend stores them; most repeat
                        if value not in cache:
                            cache[value] = ops.adapt_datetimefield_value(value)
                        value = cache[value]
                    params.append(value)
            values = ", ".join([f"({', '.join(['%s'] * len(fields))})"] * len(batch))
            cursor.execute(f"{table}VALUES {values}{tail}", params)
            if returning:
                ids += [row[0] for row in cursor.fetchall()]
    return ids


def insert_unnest(fields, table, tail, rows):
    """PostgreSQL: INSERT … SELECT * FROM UNNEST(one array per column), as bulk_create does there, with the
    arrays sent in binary (server-side binding). Django's default cursor binds on the client: psycopg then
    splits a VALUES query of thousands of placeholders anew for every batch (too long to cache) and quotes
    each value of text arrays in Python, which took two thirds of a 50,000-coding import (PostgreSQL 10.4 s
    against SQLite 2.7 s for store()). Django sets no prepare_threshold: nothing is prepared server-side."""
    import psycopg  # the PostgreSQL driver: only imported where PostgreSQL is in use

    arrays = ", ".join(f"(%b)::{f.db_type(connection).split('(')[0]}[]" for f in fields)  # no varchar(n)[]
    query, ids = f"{table}SELECT * FROM UNNEST({arrays}){tail}", []
    connection.ensure_connection()
    raw = psycopg.Cursor(connection.connection)
    with connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw) as cursor:
        for i in range(0, len(rows), UNNEST_BATCH):
            cursor.execute(query, [list(column) for column in zip(*rows[i : i + UNNEST_BATCH])])
            if tail:
                ids += [row[0] for row in cursor.fetchall()]
    return ids
