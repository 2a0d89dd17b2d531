"""The full-text index of services: SQLite FTS5 or a PostgreSQL tsvector with a GIN index; both stem
English words (Porter) and rank matches. Kept in step by directory.search.search_index_refresh."""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE directory_search USING fts5("
    "service_id UNINDEXED, name, body, tokenize='porter unicode61 remove_diacritics 2')",
]
POSTGRESQL = [
    "CREATE TABLE directory_search ("
    " service_id uuid PRIMARY KEY REFERENCES directory_service(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,"
    " name text NOT NULL, body text NOT NULL,"
    " document tsvector GENERATED ALWAYS AS ("
    "  setweight(to_tsvector('english', name), 'A') || setweight(to_tsvector('english', body), 'B')) STORED)",
    "CREATE INDEX directory_search_document ON directory_search USING gin (document)",
]


def create(apps, schema_editor):
    statements = SQLITE if schema_editor.connection.vendor == "sqlite" else POSTGRESQL
    for statement in statements:
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    schema_editor.execute("DROP TABLE directory_search")


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
