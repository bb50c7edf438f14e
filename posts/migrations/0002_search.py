"""Full-text search on PostgreSQL: a search vector, its GIN index and a trigger.

The trigger recomputes the vector whenever a post's title or body is written,
whatever writes it (a save, the importer's bulk_create/bulk_update, raw SQL).
Titles weigh more than bodies in the ranking. SQLite gets the empty column
only: its search is a plain substring match (posts.search).
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations

# The text search configuration must match posts.search.SEARCH_CONFIG.
VECTOR = """
    setweight(to_tsvector('pg_catalog.english', coalesce({row}title, '')), 'A') ||
    setweight(to_tsvector('pg_catalog.english', coalesce({row}body, '')), 'B')
"""

CREATE_TRIGGER = f"""
CREATE FUNCTION posts_post_search_vector_update() RETURNS trigger AS $$
BEGIN
    NEW.search_vector := {VECTOR.format(row="NEW.")};
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER posts_post_search_vector
    BEFORE INSERT OR UPDATE OF title, body ON posts_post
    FOR EACH ROW EXECUTE FUNCTION posts_post_search_vector_update();

UPDATE posts_post SET search_vector = {VECTOR.format(row="")};
"""

DROP_TRIGGER = """
DROP TRIGGER IF EXISTS posts_post_search_vector ON posts_post;
DROP FUNCTION IF EXISTS posts_post_search_vector_update();
"""

SEARCH_INDEX = django.contrib.postgres.indexes.GinIndex(
    fields=["search_vector"], name="post_search_vector"
)


def create_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("posts", "Post"), SEARCH_INDEX)
        schema_editor.execute(CREATE_TRIGGER)


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRIGGER)
        schema_editor.remove_index(apps.get_model("posts", "Post"), SEARCH_INDEX)


class Migration(migrations.Migration):
    dependencies = [
        ("posts", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="post",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True
            ),
        ),
        # The index is part of the model everywhere, but only PostgreSQL can
        # build a GIN index.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddIndex(model_name="post", index=SEARCH_INDEX),
            ],
            database_operations=[
                migrations.RunPython(create_search_index, drop_search_index),
            ],
        ),
    ]
