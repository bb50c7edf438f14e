"""An index in the public pages' reading order, on PostgreSQL.

Readers' lists are sorted newest first, undated posts last, then by place in
the archive (Post.Meta.ordering). With an index of published posts in exactly
that order, PostgreSQL reads a page's rows from it instead of sorting every
published post. SQLite cannot declare NULLS LAST in an index.
"""

from django.db import migrations, models
from django.db.models import F, Q

READING_ORDER_INDEX = models.Index(
    F("published_at").desc(nulls_last=True),
    "source_file",
    "source_line",
    F("id").desc(),
    name="post_reading_order",
    condition=Q(status="published"),
)


def create_reading_order_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("posts", "Post"), READING_ORDER_INDEX)


def drop_reading_order_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(
            apps.get_model("posts", "Post"), READING_ORDER_INDEX
        )


class Migration(migrations.Migration):
    dependencies = [
        ("posts", "0002_search"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddIndex(model_name="post", index=READING_ORDER_INDEX),
            ],
            database_operations=[
                migrations.RunPython(
                    create_reading_order_index, drop_reading_order_index
                ),
            ],
        ),
    ]
