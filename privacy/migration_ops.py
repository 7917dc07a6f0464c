"""Data-migration steps for moving a plain-text column to EncryptedCharField + LookupHashField
(docs/domain.md 个人信息的存储与显示). Used by the apps' own migrations, on SQLite and PostgreSQL.

Forward: read every row (decryption tolerates plain text), write it back through bulk_update,
which encrypts via get_prep_value and stores the hash computed here (bulk_update skips pre_save).
Backward: write the decrypted text with plain SQL, since the field in the migration state at
that point still encrypts whatever the ORM writes."""

from .fields import lookup_hash_of

BATCH = 500


def encrypt_rows(model, hashes):
    """hashes: {hash field name: source field name}; every source field is encrypted."""
    sources = list(hashes.values())
    fields = sources + list(hashes)
    batch = []
    for row in model._base_manager.order_by("pk").only("pk", *sources).iterator(chunk_size=BATCH):
        for hash_name, source in hashes.items():
            setattr(row, hash_name, lookup_hash_of(getattr(row, source)))
        batch.append(row)
        if len(batch) == BATCH:
            model._base_manager.bulk_update(batch, fields)
            batch = []
    if batch:
        model._base_manager.bulk_update(batch, fields)


def decrypt_rows(model, sources, schema_editor):
    """Put the plain text back into the encrypted columns (the migration's reverse)."""
    quote = schema_editor.quote_name
    columns = [model._meta.get_field(name).column for name in sources]
    # Identifiers come from the model and are quoted; values go as parameters.
    sql = "UPDATE {} SET {} WHERE {} = %s".format(  # noqa: S608
        quote(model._meta.db_table), ", ".join(f"{quote(c)} = %s" for c in columns), quote(model._meta.pk.column),
    )
    last_pk = None
    with schema_editor.connection.cursor() as cursor:
        while True:
            rows = model._base_manager.order_by("pk")
            if last_pk is not None:
                rows = rows.filter(pk__gt=last_pk)
            # One page read completely before it is written (keyset paging, no open cursor).
            batch = list(rows.values_list(*sources, "pk")[:BATCH])
            if not batch:
                return
            cursor.executemany(sql, batch)
            last_pk = batch[-1][-1]
