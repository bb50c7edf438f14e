"""Writing an import's outcomes: posts, their tags, versions and the run record.

Bulk operations throughout, a batch at a time, as an import may write tens of
thousands of posts; what the ORM would do row by row is done here per batch,
with the same result (see _record_versions).
"""

import json
from datetime import datetime, time

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections
from django.utils import timezone
from reversion.models import Version

from posts.aliases import tags_by_key
from posts.importing.parsed_post import content_fingerprint
from posts.models import (
    POST_FIELDS_NOT_VERSIONED,
    ImportOutcome,
    ImportRun,
    Post,
    Tag,
    TaggedPost,
)
from posts.slugs import first_free, numbered
from posts.tagging import tag_key

Result = ImportOutcome.Result
# What an import writes into a post it updates.
UPDATED_FIELDS = (
    "title", "body", "published_at", "source_file", "source_line", "source_files",
    "source_fingerprint", "content_fingerprint", "last_imported_at", "updated_at",
)  # fmt: skip


def local_date(moment):
    return timezone.localtime(moment).date() if moment else None


def start_of_day(day):
    return timezone.make_aware(datetime.combine(day, time())) if day else None


def write_batch(batch, tags, revision, now):
    # dict keys: two names of one post can lead to one tag (posts.aliases).
    post_tags = [
        list(dict.fromkeys(tags[tag_key(name)] for name in outcome.parsed.tags))
        for outcome in batch
    ]
    for outcome, its_tags in zip(batch, post_tags, strict=True):
        _copy_content(outcome.post, outcome.parsed, [tag.pk for tag in its_tags], now)
    created = [o.post for o in batch if o.result == Result.CREATED]
    updated = [o.post for o in batch if o.result == Result.UPDATED]
    Post.objects.bulk_create(created)
    Post.objects.bulk_update(updated, UPDATED_FIELDS)
    TaggedPost.objects.filter(content_object__in=[o.post for o in batch]).delete()
    TaggedPost.objects.bulk_create(
        TaggedPost(content_object=outcome.post, tag=tag)
        for outcome, its_tags in zip(batch, post_tags, strict=True)
        for tag in its_tags
    )
    # Updated posts were loaded with the planning fields only: reload them.
    complete = {post.pk: post for post in created}
    complete.update(Post.objects.in_bulk([post.pk for post in updated]))
    _record_versions(revision, complete)
    for outcome in batch:
        # Written: let the body go. Django treats a deleted field as deferred
        # and reloads it if it is read again.
        del outcome.post.body


def _copy_content(post, parsed, tag_ids, now):
    post.title = parsed.title
    post.body = parsed.body
    post.published_at = start_of_day(parsed.published)
    post.source_fingerprint = parsed.fingerprint
    post.content_fingerprint = written_fingerprint(post, tag_ids, post.body)
    post.last_imported_at = now
    post.updated_at = now


def written_fingerprint(post, tag_ids, body):
    """What an import wrote into a post, to tell an editor's change later. Tags
    by id: renaming a tag (posts.aliases) is no change to its posts."""
    tags = [str(tag_id) for tag_id in tag_ids]
    return content_fingerprint(post.title, local_date(post.published_at), tags, body)


def tags_for_names(names):
    """Every tag these names need, by identity key; missing ones are created.
    A name a tag had before an editor renamed or merged it leads to that tag
    (posts.aliases), unless a tag has that name now."""
    tags = tags_by_key()
    missing = {}
    for name in names:
        if tag_key(name) not in tags:
            missing.setdefault(tag_key(name), name)
    taken = {tag.slug for tag in tags.values()}
    new_tags = {
        # Numbered as taggit and the tag admin number them: tag, tag_1, tag_2…
        key: Tag(
            name=name,
            slug=first_free(numbered(Tag().slugify(name), "_", 1), taken),
        )
        for key, name in missing.items()
    }
    Tag.objects.bulk_create(new_tags.values())
    return tags | new_tags


def _record_versions(revision, posts):
    """Add a version of each post and of its tag links to the import's
    django-reversion revision: what `reversion.add_to_revision` stores, but
    written a batch at a time, as one by one dominated large imports."""
    types = ContentType.objects.get_for_models(Post, TaggedPost)
    links = list(
        TaggedPost.objects.filter(content_object__in=posts).select_related("tag")
    )
    for link in links:
        link.content_object = posts[link.content_object_id]
    db = Post.objects.db
    _insert_rows(
        Version,
        ("revision", "content_type", "object_id", "db", "format",
         "serialized_data", "object_repr"),
        [
            (revision.pk, types[type(obj)].pk, str(obj.pk), db, "json",
             _serialized(obj), str(obj))
            for obj in [*posts.values(), *links]
        ],
    )  # fmt: skip


def _insert_rows(model, field_names, rows):
    """INSERT rows of plain values with one executemany, for the import's most
    numerous rows (versions, outcomes): building and preparing a model
    instance per row cost more than the insert itself. Values are prepared by
    their fields as the ORM would (JSON, foreign keys)."""
    fields = [model._meta.get_field(name) for name in field_names]
    connection = connections[model.objects.db]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {quote(model._meta.db_table)} ({columns}) "
            f"VALUES ({placeholders})",
            [
                [
                    field.get_db_prep_save(value, connection)
                    for field, value in zip(fields, row, strict=True)
                ]
                for row in rows
            ],
        )


def _serialized(obj):
    """`obj` as Django's JSON serializer writes it for reversion: its fields
    but the primary key (foreign keys as ids), without the serializer's
    per-field machinery, which cost more than the rest of an import."""
    excluded = POST_FIELDS_NOT_VERSIONED if isinstance(obj, Post) else ()
    fields = {
        field.name: field.value_from_object(obj)
        for field in obj._meta.local_fields
        if not field.primary_key and field.name not in excluded
    }
    data = {"model": obj._meta.label_lower, "pk": obj.pk, "fields": fields}
    return json.dumps([data], cls=DjangoJSONEncoder, ensure_ascii=False)


def record_run(report, now):
    counts = report.counts
    run = ImportRun.objects.create(
        started_at=now,
        finished_at=timezone.now(),
        paths=report.paths,
        created=counts[Result.CREATED],
        updated=counts[Result.UPDATED],
        unchanged=counts[Result.UNCHANGED],
        kept=report.kept,
        conflicts=counts[Result.CONFLICT],
        missing=counts[Result.MISSING],
        deleted=counts[Result.DELETED],
        warnings=report.warnings,
    )
    _insert_rows(
        ImportOutcome,
        ("run", "post", "result", "source", "duplicates", "warnings"),
        [
            (
                run.pk,
                outcome.post_id,
                outcome.result,
                outcome.source,
                outcome.parsed.duplicates if outcome.parsed else [],
                outcome.parsed.warnings if outcome.parsed else [],
            )
            for outcome in report.outcomes
        ],
    )
    return run
