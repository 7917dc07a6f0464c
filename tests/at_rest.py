"""Helpers for the "encrypted at rest" tests (docs/domain.md 个人信息的存储与显示): what the
database itself holds, read with plain SQL past the model fields, and migrating a table back to
before its encryption migration."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def columns_holding(model, pk, text):
    """Names of the columns of one row whose stored value contains `text`."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [pk])  # noqa: S608 (quoted model table)
        row = cursor.fetchone()
        names = [column[0] for column in cursor.description]
    return [name for name, value in zip(names, row, strict=True) if value is not None and text in str(value)]


def stored(model, pk, column):
    table, column = connection.ops.quote_name(model._meta.db_table), connection.ops.quote_name(column)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608 (quoted names)
        return cursor.fetchone()[0]


def migrate(targets):
    """Migrate to `targets` and return the historical apps at that point."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def migrate_to_latest():
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
