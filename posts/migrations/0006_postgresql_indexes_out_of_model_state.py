"""The PostgreSQL-only indexes leave the model state; PostgreSQL keeps them.

To change a column, SQLite builds the table again with every index of the
model state. A GIN index, or one ordered NULLS LAST, would make that fail, so
any later migration altering a post column would fail on SQLite. Migrations
0002 and 0003 still build both indexes on PostgreSQL.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("posts", "0005_tag_aliases"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(model_name="post", name="post_search_vector"),
                migrations.RemoveIndex(model_name="post", name="post_reading_order"),
            ],
        ),
    ]
