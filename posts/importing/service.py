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
Which key each post takes is decided in posts.importing.keys, and the writing
itself, in bulk, is posts.importing.writing.
"""

import gc
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone
from django.utils.text import slugify
from reversion.models import Revision

from posts.cache import bump_content_version
from posts.importing.keys import PostKeys
from posts.importing.parser import read_archives
from posts.importing.writing import (
    local_date,
    record_run,
    start_of_day,
    tags_for_names,
    write_batch,
    written_fingerprint,
)
from posts.models import DeletedImport, ImportOutcome, ImportRun, Post, Tag, TaggedPost
from posts.redirects import redirected_post_slugs
from posts.slugs import first_free, numbered
from posts.tagging import tag_key

Result = ImportOutcome.Result
BATCH_SIZE = 500
REVISION_COMMENT = "Imported by import_seeds"
# What deciding an outcome reads of every imported post; bodies are loaded
# later, and only if needed.
PLANNING_FIELDS = (
    "import_key", "title", "slug", "needs_review",
    "source_file", "source_line", "source_files", "source_fingerprint",
    "edited_since_import",
)  # fmt: skip
# What telling an editor's change reads besides, only of the posts whose source
# changed (read again, see ImportPlanner._lock_and_reread): most are unchanged.
CHANGE_FIELDS = ("published_at", "content_fingerprint")


def _columns(fields):
    """The id and these fields, in the model's order, as Post.from_db() wants
    them."""
    return [
        field.attname
        for field in Post._meta.concrete_fields
        if field.primary_key or field.name in fields
    ]


PLANNING_COLUMNS = _columns(PLANNING_FIELDS)
CHANGE_COLUMNS = _columns(PLANNING_FIELDS + CHANGE_FIELDS)
# Any number, the same in every run: PostgreSQL's lock on it lets one import
# at a time plan and write (see _one_import_at_a_time).
IMPORT_LOCK = 0x626C6F67  # "blog"
# A new post's slug is its title's first words, short enough to read and type
# (editors may set longer ones, up to what the redirects table can store).
NEW_SLUG_MAX_LENGTH = 80


@dataclass
class Outcome:
    result: str
    parsed: object = None  # the ParsedPost; None for a post missing from source
    existing: tuple = None  # an existing post's row (PLANNING_COLUMNS or more)
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
        return Post.from_db(Post.objects.db, self.existing._fields, self.existing)

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

    @property
    def kept(self):
        """Posts kept as editors left them, in conflict with their source or not."""
        return self.counts[Result.KEPT] + self.counts[Result.CONFLICT]


def import_archives(paths, dry_run=False, progress=None):
    """Parse `paths` and bring the database in line with them (unless dry_run)."""
    with no_cyclic_gc():
        return _import_archives(paths, dry_run, progress)


@contextmanager
def no_cyclic_gc():
    """Parsing creates hundreds of thousands of small objects and no cycles, so
    the cyclic collector only rescans a growing heap (it tripled parse time).
    Reference counting still frees everything as usual. The collector, back
    on, scans once what was made meanwhile and is still there: a caller that
    is done with the report before then spares it that (import_seeds)."""
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
        _one_import_at_a_time()
        planner = ImportPlanner(parsed.posts, parsed.files, parsed.directories)
        report.outcomes = planner.outcomes()
        if not dry_run and planner.worth_recording():
            report.run = planner.write(report, progress or (lambda done, total: None))
    return report


def _one_import_at_a_time():
    """Wait, until its transaction ends, for any other import under way, so
    that this one plans from what that one wrote rather than creating the same
    posts and tags again (a unique-constraint error). SQLite needs nothing:
    each transaction takes its write lock as it begins (settings.py)."""
    connection = connections[Post.objects.db]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])


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
        self.rekeyed = set()  # keys of rows that take a new one (PostKeys)

    def outcomes(self):
        keys = PostKeys(self.parsed_posts, self.existing, self.deleted, self.files)
        keys.choose()
        self.rekeyed = keys.rekeyed
        self._keep_tags_from_unread_files()
        source_changed = {
            row.import_key
            for parsed in self.parsed_posts
            if (row := self.existing.get(parsed.key))
            and parsed.fingerprint != row.source_fingerprint
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

    def _keep_tags_from_unread_files(self):
        """A post last found in a file this run did not read keeps the tags it
        has: they may come from that file. Its archive tags are added to them,
        before the post is compared with what the last import wrote."""
        partly_read = {
            row.id: parsed
            for parsed in self.parsed_posts
            if (row := self.existing.get(parsed.key)) and self.files.unread(row)
        }
        tag_names = _tags_of(partly_read, "tag__name")
        for post_id, parsed in partly_read.items():
            parsed.add_tags(tag_names[post_id])

    def _lock_and_reread(self, keys):
        """Lock the rows this import may overwrite, then read them again, with
        the CHANGE_FIELDS that tell an editor's change: an editor's save that
        landed since they were first read is seen, and one
        that comes later waits for the import to commit (PostgreSQL; SQLite
        lets one transaction write at a time)."""
        keys_by_id = {self.existing[key].id: key for key in keys}
        rows = Post.objects.select_for_update().filter(pk__in=keys_by_id).order_by()
        for row in rows.values_list(*CHANGE_COLUMNS, named=True):
            key = keys_by_id[row.id]  # a row taking a new key keeps it
            self.existing[key] = row._replace(import_key=key)

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
                != written_fingerprint(row, tag_ids[row.id], bodies[row.id])
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
        unread = self.files.unread(row)
        # The files the post is in now, as far as this run can tell: where it
        # was found, and where it was last found if the run did not read that.
        found_in = list(dict.fromkeys([*parsed.files, *unread]))
        # A post keeps its place while the file it was in goes unread.
        moved = (
            row.source_file not in unread
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
            or self.rekeyed
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
            tags = tags_for_names(name for o in changed for name in o.parsed.tags)
            revision = Revision.objects.create(
                date_created=now, comment=REVISION_COMMENT
            )
        for start in range(0, len(changed), BATCH_SIZE):
            batch = changed[start : start + BATCH_SIZE]
            write_batch(batch, tags, revision, now)
            progress(start + len(batch), len(changed))
        Post.objects.bulk_update(
            self.newly_edited, ["edited_since_import"], batch_size=BATCH_SIZE
        )
        Post.objects.bulk_update(
            self.moved,
            ["source_file", "source_line", "source_files"],
            batch_size=BATCH_SIZE,
        )
        if self.rekeyed:
            rekeyed = [
                outcome.post
                for outcome in report.outcomes
                if outcome.parsed and outcome.parsed.key in self.rekeyed
            ]
            Post.objects.bulk_update(rekeyed, ["import_key"], batch_size=BATCH_SIZE)
        bump_content_version()  # bulk writes send no signals
        return record_run(report, now)

    @staticmethod
    def _assign_slugs(posts):
        if not posts:
            return
        taken = set(Post.objects.values_list("slug", flat=True))
        taken |= redirected_post_slugs()
        for post in posts:
            post.slug = first_free(numbered(_new_slug(post.title), "-", 2), taken)


def _new_slug(title):
    """The title's slug, cut after a whole word when it is too long."""
    slug = slugify(title)
    if len(slug) > NEW_SLUG_MAX_LENGTH:
        cut = slug[: NEW_SLUG_MAX_LENGTH + 1]
        slug = cut.rpartition("-")[0] or cut[:NEW_SLUG_MAX_LENGTH]
    return slug.strip("-") or "post"


def _tags_of(post_ids, field):
    """{post id: the `field` of each of its tags} for these posts, in one query."""
    tags = defaultdict(list)
    for post_id, value in TaggedPost.objects.filter(
        content_object_id__in=post_ids
    ).values_list("content_object_id", field):
        tags[post_id].append(value)
    return tags
