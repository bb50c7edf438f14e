"""Migrations that later releases add must work on every supported database."""

import pytest
from django.db import connection, models
from django.db.migrations.executor import MigrationExecutor


def latest_post_model():
    """Post as the migrations leave it: what a new migration would work on."""
    state = MigrationExecutor(connection).loader.project_state()
    return state.apps.get_model("posts", "Post")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite rebuilds tables")
@pytest.mark.django_db(transaction=True)
def test_sqlite_rebuilds_the_posts_table_for_a_changed_column():
    # SQLite changes a column by building the table again, with every index
    # the migration state lists: an index only PostgreSQL can build would
    # make any such migration fail.
    post = latest_post_model()
    title = post._meta.get_field("title")
    longer = models.CharField(max_length=title.max_length + 1)
    longer.set_attributes_from_name("title")
    longer.model = post
    with connection.schema_editor() as editor:
        editor.alter_field(post, title, longer)
        editor.alter_field(post, longer, title)
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(
            cursor, post._meta.db_table
        )
    assert {"post_status_date", "post_source", "post_needs_review"} <= set(constraints)
