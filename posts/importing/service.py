"""Apply parsed archives to the database without losing an editor's work.

The rule, per post (keyed on `Post.import_key`):

* not in the database yet: **created** (published with its source date, or a
  draft flagged `needs_review` when it had no title or shares its date and
  title with another post);
* nobody edited it since the last import and its source text is the same:
  **unchanged**, nothing is written;
* nobody edited it and the source text changed: **updated** (title, body,
  date and tags; never its slug or status). Tags are only added, never
  removed, unless the run read every file the post was last found in (its
  `source_files`): a tag may come from a file the run did not read;
* an editor changed it: **kept** as the editor left it, and reported as a
  **conflict** when its source text changed as well. The admin sets
  `edited_since_import`; before overwriting a post, any other change (shell,
  SQL) is caught by comparing its content with the fingerprint of what the
  last import wrote;
* in the database, but in none of the files it was last found in, all read
  by this run: **missing**, reported and never deleted;
* deleted by an editor (a DeletedImport record, see posts.deletions):
  **deleted**, reported and never re-created.

Everything is written in one transaction, with one revision for the run.
"""

import gc
import json
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from difflib import SequenceMatcher
from functools import cached_property
from itertools import chain, count
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, transaction
from django.utils import timezone
from django.utils.text import slugify
from reversion.models import Revision, Version

from posts.aliases import tags_by_key
from posts.cache import bump_content_version
from posts.importing.parser import content_fingerprint, read_archives
from posts.models import (
    POST_FIELDS_NOT_VERSIONED,
    DeletedImport,
    ImportOutcome,
    ImportRun,
    Post,
    Tag,
    TaggedPost,
)
from posts.redirects import redirected_post_slugs
from posts.tagging import tag_key

Result = ImportOutcome.Result
BATCH_SIZE = 500
REVISION_COMMENT = "Imported by import_seeds"
# What an import writes into a post it updates.
UPDATED_FIELDS = (
    "title", "body", "published_at", "source_file", "source_line", "source_files",
    "source_fingerprint", "content_fingerprint", "last_imported_at", "updated_at",
)  # fmt: skip
# What deciding an outcome reads; bodies are loaded later, and only if needed.
PLANNING_FIELDS = (
    "import_key", "title", "slug", "published_at", "needs_review",
    "source_file", "source_line", "source_files", "source_fingerprint",
    "content_fingerprint",
    "edited_since_import",
)  # fmt: skip
# The same with the id, in the model's order, as Post.from_db() wants them.
PLANNING_COLUMNS = [
    field.attname
    for field in Post._meta.concrete_fields
    if field.primary_key or field.name in PLANNING_FIELDS
]
SLUG_MAX_LENGTH = 80


@dataclass
class Outcome:
    result: str
    parsed: object = None  # the ParsedPost; None for a post missing from source
    existing: tuple = None  # an existing post's PLANNING_COLUMNS
    new_post: Post = None

    @cached_property
    def post(self):
        """The post (None for one an editor deleted); an existing one is only
        built when something asks for it, as an unchanged re-import of many
        posts needs none of them."""
        if self.new_post:
            return self.new_post
        if self.existing is None:
            return None
        return Post.from_db(Post.objects.db, PLANNING_COLUMNS, self.existing)

    @property
    def post_id(self):
        if self.new_post:
            return self.new_post.pk
        return self.existing.id if self.existing else None

    @property
    def source(self):
        return self.parsed.location if self.parsed else self.post.source


@dataclass
class ImportReport:
    paths: list
    outcomes: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    run: ImportRun | None = None

    @property
    def counts(self):
        counts = Counter(dict.fromkeys(Result.values, 0))
        counts.update(outcome.result for outcome in self.outcomes)
        return counts


def import_archives(paths, dry_run=False, progress=None):
    """Parse `paths` and bring the database in line with them (unless dry_run)."""
    with _no_cyclic_gc():
        return _import_archives(paths, dry_run, progress)


@contextmanager
def _no_cyclic_gc():
    """Parsing creates hundreds of thousands of small objects and no cycles, so
    the cyclic collector only rescans a growing heap (it tripled parse time).
    Reference counting still frees everything as usual."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _import_archives(paths, dry_run, progress):
    # Files are named relative to the project, not to the working directory,
    # so the same file is the same source wherever the import runs from.
    parsed = read_archives(paths, base_dir=settings.BASE_DIR)
    report = ImportReport(paths=[str(p) for p in paths], warnings=parsed.warnings)
    # Every refusal at once: values too long are found in files that parsed
    # beside files that did not, so one run names every file to mend.
    report.errors = parsed.errors + too_long_for_the_database(parsed.posts)
    if report.errors:
        return report
    # Planned in the transaction that writes, so what was decided still holds
    # when it is written (see ImportPlanner.outcomes).
    with transaction.atomic():
        planner = ImportPlanner(parsed.posts, parsed.files, parsed.directories)
        report.outcomes = planner.outcomes()
        if not dry_run and planner.worth_recording():
            report.run = planner.write(report, progress or (lambda done, total: None))
    return report


def too_long_for_the_database(parsed_posts):
    """Errors for values longer than the columns they would be written to,
    naming file and line. Checked before writing, as PostgreSQL would end the
    run with a DataError naming neither (and SQLite would store them whole)."""
    title_max = Post._meta.get_field("title").max_length
    tag_max = Tag._meta.get_field("name").max_length
    source_max = Post._meta.get_field("source_file").max_length
    errors, sources = [], {}
    for parsed in parsed_posts:
        if len(parsed.title) > title_max:
            errors.append(
                f"{parsed.location}: title is {len(parsed.title)} characters "
                f"long; a post title has at most {title_max}"
            )
        errors.extend(
            f"{parsed.tag_locations.get(tag_key(name), parsed.location)}: tag "
            f"{_shortened(name)!r} is {len(name)} characters long; a tag name "
            f"has at most {tag_max}"
            for name in parsed.tags
            if len(name) > tag_max
        )
        for source, location in parsed.places.items():
            sources.setdefault(source, location)
    errors.extend(
        f"{location}: the file's name is {len(source)} characters long; a post's "
        f"source file has at most {source_max}"
        for source, location in sources.items()
        if len(source) > source_max
    )
    return errors


def _shortened(text, length=40):
    return text if len(text) <= length else text[: length - 1] + "…"


def local_date(moment):
    return timezone.localtime(moment).date() if moment else None


def start_of_day(day):
    return timezone.make_aware(datetime.combine(day, time())) if day else None


def _timed_by_hand(moment):
    """Whether a post's time of day was set by someone: an import dates
    every post at the start of its day, and the fingerprint holds the date
    only."""
    return moment is not None and moment != start_of_day(local_date(moment))


class SourceFiles:
    """The files a run read, beside those each post was last found in."""

    def __init__(self, read, searched=()):
        self.read = set(read)
        self.searched = [Path(directory) for directory in searched]
        self._there = {}  # file name: whether it still exists

    def last_found_in(self, row):
        """The files the post was last found in that are still there (posts
        imported before source_files existed: their own file)."""
        files = row.source_files or [row.source_file]
        return [name for name in files if self._still_there(name)]

    def unread(self, row):
        """Those of them this run did not read: the post may still be there."""
        return [name for name in self.last_found_in(row) if name not in self.read]

    def read_every_one(self, row):
        """Whether the run read every file the post was last found in, so that
        not finding it means it is gone from its source. A file gone from a
        directory the run searched counts as read: it was emptied."""
        files = self.last_found_in(row)
        return bool(files or self._emptied(row)) and self.read.issuperset(files)

    def _emptied(self, row):
        """Files the post was last found in that are gone from a directory
        this run searched."""
        return [
            name
            for name in row.source_files or [row.source_file]
            if not self._still_there(name)
            and any(Path(name).is_relative_to(folder) for folder in self.searched)
        ]

    def found_in(self, parsed, row):
        """The files the post is in now, as far as this run can tell: where it
        was found, and where it was last found if the run did not read that."""
        return list(dict.fromkeys([*parsed.files, *self.unread(row)]))

    def _still_there(self, name):
        if name not in self._there:
            self._there[name] = (settings.BASE_DIR / name).exists()
        return self._there[name]


class ImportPlanner:
    """Decides each post's outcome from the database state, then writes it."""

    def __init__(self, parsed_posts, files_read, directories_searched=()):
        self.parsed_posts = parsed_posts
        self.files = SourceFiles(files_read, directories_searched)
        # Rows, not posts: most of them are only compared (see Outcome.post).
        rows = Post.objects.imported().order_by()
        rows = rows.values_list(*PLANNING_COLUMNS, named=True)
        self.existing = {row.import_key: row for row in rows}
        # Imported posts an editor deleted, by key: never created again.
        deleted = DeletedImport.objects.values_list(
            "import_key", "source_fingerprint", named=True
        )
        self.deleted = {record.import_key: record for record in deleted}
        self.newly_edited = []
        self.moved = []

    def outcomes(self):
        self._date_undated_copies()
        self._choose_keys()
        self._keep_tags_from_unread_files()
        source_changed = {
            parsed.key
            for parsed in self.parsed_posts
            if parsed.key in self.existing
            and parsed.fingerprint != self.existing[parsed.key].source_fingerprint
        }
        self._lock_and_reread(source_changed)
        pairs = [
            (parsed, self.existing.get(parsed.key)) for parsed in self.parsed_posts
        ]
        hand_edited = self._edited_by_hand(
            [self.existing[key] for key in source_changed]
        )
        outcomes = [self._outcome(parsed, row, hand_edited) for parsed, row in pairs]
        found = {parsed.key for parsed in self.parsed_posts}
        outcomes += [
            Outcome(Result.MISSING, existing=row)
            for key, row in self.existing.items()
            if key not in found and self.files.read_every_one(row)
        ]
        self._assign_slugs([o.post for o in outcomes if o.result == Result.CREATED])
        self._outcomes = outcomes
        return outcomes

    def _date_undated_copies(self):
        """A tag archive's undated post that an earlier import found to be a
        dated archive's post (the parser lists such a copy on the dated post)
        is still that post while the dated archive goes unread: it takes the
        post's date, and so its key."""
        new_undated = [
            parsed
            for parsed in self.parsed_posts
            if parsed.published is None and parsed.key not in self.existing
        ]
        if not new_undated:  # an unchanged re-import: no row need be looked at
            return
        dated = defaultdict(list)  # title part of the key: (date, row)
        for key, row in self.existing.items():
            day, _, name = key.partition("/")
            if day != "undated":
                dated[name.partition("~")[0]].append((date.fromisoformat(day), row))
        for parsed in new_undated:
            for day, row in dated[parsed.key_name]:
                if self._read_without_its_other_files(parsed, row):
                    parsed.date_as(day)
                    break

    def _read_without_its_other_files(self, parsed, row):
        """Whether `row` was last found in the file of `parsed` and in others
        that this run did not read."""
        files = self.files.last_found_in(row)
        return parsed.source in files and bool(self.files.unread(row))

    def _choose_keys(self):
        """Keep each post under the key an earlier import gave it.

        The parser gives posts that share a date and title keys in the order it
        finds them: the plain key to the first, and each other text a key of
        its own from a hash of it. Here a post an earlier import wrote keeps its
        key: matched by its text, else as a text changed at source (found in
        one of that post's files, or with all of them read), never by a text
        from elsewhere while an unread file may still hold the post's own. A
        text of a post an editor deleted keeps that post's key, so it stays
        deleted.
        """
        rows, deleted = defaultdict(list), defaultdict(list)
        for key, row in self.existing.items():
            rows[key.partition("~")[0]].append(row)
        for key, record in self.deleted.items():
            deleted[key.partition("~")[0]].append(record)
        found = defaultdict(list)
        for parsed in self.parsed_posts:
            if parsed.base_key in rows or parsed.base_key in deleted:
                found[parsed.base_key].append(parsed)
        for base, posts in found.items():
            if not _the_same_post_unchanged(posts, rows[base]):
                self._match_group(posts, rows[base], deleted[base])

    def _match_group(self, posts, rows, deleted):
        rows, deleted = list(rows), list(deleted)
        suffixes = {}  # id(parsed): the suffix of the key it keeps

        def match(candidates, same):
            for parsed in posts:
                if id(parsed) in suffixes:
                    continue
                found = next((c for c in candidates if same(parsed, c)), None)
                if found is not None:
                    candidates.remove(found)
                    suffixes[id(parsed)] = found.import_key.partition("~")[2]

        match(rows, lambda parsed, row: parsed.fingerprint == row.source_fingerprint)
        match(rows, lambda parsed, row: row.import_key.endswith(f"~{parsed.text_hash}"))
        # Before changed texts are paired: a deleted post's text, still in its
        # archive, would otherwise be taken for a change of a surviving one.
        match(deleted, _was_deleted)
        changed = [parsed for parsed in posts if id(parsed) not in suffixes]
        for parsed, row in self._changed_texts(changed, rows):
            rows.remove(row)
            suffixes[id(parsed)] = row.import_key.partition("~")[2]
        # The others are new: the first takes the plain key if it is free.
        plain_free = all(row.import_key != posts[0].base_key for row in rows) and (
            "" not in suffixes.values()
        )
        for parsed in posts:
            if id(parsed) in suffixes:
                parsed.variant = suffixes[id(parsed)]
            elif plain_free:
                parsed.variant, plain_free = "", False
            else:
                parsed.variant = parsed.text_hash

    def _changed_texts(self, posts, rows):
        """(parsed, row) pairs of a post and its text changed at source: of the
        pairs _may_be allows, the most alike first. Neither the order rows come
        in nor a new same-titled text then decides which post gets which text.
        """
        allowed = [(p, row) for p in posts for row in rows if self._may_be(p, row)]
        if not allowed:
            return []
        ids = {row.id for _, row in allowed}
        bodies = dict(Post.objects.filter(pk__in=ids).values_list("pk", "body"))
        parsed_bodies = {id(parsed): parsed.body for parsed, _ in allowed}

        def most_alike_first(pair):
            parsed, row = pair
            matcher = SequenceMatcher(None, bodies[row.id], parsed_bodies[id(parsed)])
            # Ties: in the order of the archive, then of the keys.
            return -matcher.ratio(), parsed.source, parsed.line, row.import_key

        pairs = []
        for parsed, row in sorted(allowed, key=most_alike_first):
            if all(parsed is not p and row is not r for p, r in pairs):
                pairs.append((parsed, row))
        return pairs

    def _may_be(self, parsed, row):
        """Whether `parsed` may be the post of `row` with its text changed."""
        return bool(
            set(parsed.files) & set(self.files.last_found_in(row))
            or not self.files.unread(row)
        )

    def _keep_tags_from_unread_files(self):
        """A post last found in a file this run did not read keeps the tags it
        has: they may come from that file. Its archive tags are added to them,
        before the post is compared with what the last import wrote."""
        partly_read = {
            self.existing[parsed.key].id: parsed
            for parsed in self.parsed_posts
            if parsed.key in self.existing
            and self.files.unread(self.existing[parsed.key])
        }
        tag_names = _tags_of(partly_read, "tag__name")
        for post_id, parsed in partly_read.items():
            parsed.add_tags(tag_names[post_id])

    def _lock_and_reread(self, keys):
        """Lock the rows this import may overwrite, then read them again: an
        editor's save that landed since they were first read is seen, and one
        that comes later waits for the import to commit (PostgreSQL; SQLite
        lets one transaction write at a time)."""
        ids = [self.existing[key].id for key in keys]
        rows = Post.objects.select_for_update().filter(pk__in=ids).order_by()
        for row in rows.values_list(*PLANNING_COLUMNS, named=True):
            self.existing[row.import_key] = row

    @staticmethod
    def _edited_by_hand(rows):
        """Ids of posts whose title, date, time, tags or body differ from what
        the last import wrote, however they were changed (admin, shell, SQL)."""
        ids = [row.id for row in rows if not row.edited_since_import]
        bodies = dict(Post.objects.filter(pk__in=ids).values_list("pk", "body"))
        tag_ids = _tags_of(ids, "tag_id")
        return {
            row.id
            for row in rows
            if row.id in bodies
            and (
                _timed_by_hand(row.published_at)
                or row.content_fingerprint
                != _content_fingerprint(row, tag_ids[row.id], bodies[row.id])
            )
        }

    def _outcome(self, parsed, row, hand_edited):
        if row is None and parsed.key in self.deleted:
            return Outcome(Result.DELETED, parsed)
        if row is None:
            return Outcome(Result.CREATED, parsed, new_post=self._new_post(parsed))
        source_changed = parsed.fingerprint != row.source_fingerprint
        if row.edited_since_import or row.id in hand_edited:
            result = Result.CONFLICT if source_changed else Result.KEPT
        elif source_changed:
            result = Result.UPDATED
        else:
            result = Result.UNCHANGED
        outcome = Outcome(result, parsed, existing=row)
        if row.id in hand_edited:
            outcome.post.edited_since_import = True
            self.newly_edited.append(outcome.post)
        found_in = self.files.found_in(parsed, row)
        # A post keeps its place while the file it was in goes unread.
        moved = (
            row.source_file not in self.files.unread(row)
            and f"{row.source_file}:{row.source_line}" != parsed.location
        ) or set(row.source_files or ()) != set(found_in)
        if moved or result == Result.UPDATED:
            self._set_source(outcome.post, parsed, found_in)
        if moved and result != Result.UPDATED:
            self.moved.append(outcome.post)
        return outcome

    def _new_post(self, parsed):
        post = Post(
            title=parsed.title,
            import_key=parsed.key,
            status=Post.Status.DRAFT if parsed.needs_review else Post.Status.PUBLISHED,
            needs_review=parsed.needs_review,
        )
        self._set_source(post, parsed, parsed.files)
        return post

    @staticmethod
    def _set_source(post, parsed, files):
        post.source_file, post.source_line = parsed.source, parsed.line
        post.source_files = files

    def worth_recording(self):
        """A run is written down when it changes anything, or has news for
        editors (a conflict, a post gone from its source); a run over unchanged
        archives writes nothing at all, even if it skips posts editors deleted
        (they know)."""
        noteworthy = (Result.CREATED, Result.UPDATED, Result.CONFLICT, Result.MISSING)
        return bool(
            self.newly_edited
            or self.moved
            or any(o.result in noteworthy for o in self._outcomes)
        )

    def write(self, report, progress):
        """Write in batches, so a large import never holds every body at once."""
        now = timezone.now()
        changed = [
            outcome
            for outcome in report.outcomes
            if outcome.result in (Result.CREATED, Result.UPDATED)
        ]
        if changed:
            tags = _tags_by_key(name for o in changed for name in o.parsed.tags)
            revision = Revision.objects.create(
                date_created=now, comment=REVISION_COMMENT
            )
        for start in range(0, len(changed), BATCH_SIZE):
            batch = changed[start : start + BATCH_SIZE]
            _write_batch(batch, tags, revision, now)
            progress(start + len(batch), len(changed))
        Post.objects.bulk_update(
            self.newly_edited, ["edited_since_import"], batch_size=BATCH_SIZE
        )
        Post.objects.bulk_update(
            self.moved,
            ["source_file", "source_line", "source_files"],
            batch_size=BATCH_SIZE,
        )
        bump_content_version()  # bulk writes send no signals
        return _record_run(report, now)

    @staticmethod
    def _assign_slugs(posts):
        if not posts:
            return
        taken = set(Post.objects.values_list("slug", flat=True))
        taken |= redirected_post_slugs()
        for post in posts:
            base = slugify(post.title)[:SLUG_MAX_LENGTH].strip("-") or "post"
            post.slug = _first_free(_numbered(base, "-", 2), taken)


def _write_batch(batch, tags, revision, now):
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
    post.content_fingerprint = _content_fingerprint(post, tag_ids, post.body)
    post.last_imported_at = now
    post.updated_at = now


def _tags_of(post_ids, field):
    """{post id: the `field` of each of its tags} for these posts, in one query."""
    tags = defaultdict(list)
    for post_id, value in TaggedPost.objects.filter(
        content_object_id__in=post_ids
    ).values_list("content_object_id", field):
        tags[post_id].append(value)
    return tags


def _content_fingerprint(post, tag_ids, body):
    """What an import wrote into a post, to tell an editor's change later. Tags
    by id: renaming a tag (posts.aliases) is no change to its posts."""
    tags = [str(tag_id) for tag_id in tag_ids]
    return content_fingerprint(post.title, local_date(post.published_at), tags, body)


def _was_deleted(parsed, record):
    """Whether `parsed` is the text of the post an editor deleted: the text it
    was last imported from, or the one its key was made from."""
    return parsed.fingerprint == record.source_fingerprint or (
        record.import_key == f"{parsed.base_key}~{parsed.text_hash}"
    )


def _the_same_post_unchanged(posts, rows):
    """The usual case, which needs no matching: one post found, one in the
    database, under the same key and with the same text."""
    return (
        len(posts) == len(rows) == 1
        and posts[0].key == rows[0].import_key
        and posts[0].fingerprint == rows[0].source_fingerprint
    )


def _tags_by_key(names):
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
            slug=_first_free(_numbered(Tag().slugify(name), "_", 1), taken),
        )
        for key, name in missing.items()
    }
    Tag.objects.bulk_create(new_tags.values())
    return tags | new_tags


def _numbered(base, separator, first):
    """`base`, then `base` numbered from `first` on."""
    return chain([base], (f"{base}{separator}{n}" for n in count(first)))


def _first_free(candidates, taken):
    """The first candidate slug not taken yet; it is taken from now on."""
    slug = next(slug for slug in candidates if slug not in taken)
    taken.add(slug)
    return slug


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


def _record_run(report, now):
    counts = report.counts
    run = ImportRun.objects.create(
        started_at=now,
        finished_at=timezone.now(),
        paths=report.paths,
        created=counts[Result.CREATED],
        updated=counts[Result.UPDATED],
        unchanged=counts[Result.UNCHANGED],
        kept=counts[Result.KEPT] + counts[Result.CONFLICT],
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
