from datetime import UTC, datetime

import reversion
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager
from taggit.models import NaturalKeyManager, TagBase, TaggedItemBase

from posts.cache import bump_content_version
from posts.tagging import normalize_tag_name

# A tag's slug column holds 100 characters; "_999999999" fits after this.
TAG_SLUG_BEFORE_NUMBER = 90
# The first and last moments Python can hold in UTC.
EARLIEST = datetime.min.replace(tzinfo=UTC)
LATEST = datetime.max.replace(tzinfo=UTC)


def within_calendar(moment):
    """`moment`, or the calendar's end it lies past in UTC: the start of the
    year 1 east of UTC, or the end of 9999 west of it, which SQLite compares
    in UTC and Python cannot hold there (an OverflowError)."""
    return min(max(moment, EARLIEST), LATEST)


class ContentQuerySet(models.QuerySet):
    def update(self, **kwargs):
        """Bulk changes (admin actions, bulk_update) send no signals (posts.cache)."""
        rows = super().update(**kwargs)
        # Only once the rows are written: outside a transaction the version
        # drops at once, and a page rendered from the old rows in between
        # would be kept under the new one.
        bump_content_version()
        return rows


# Tags A to Z whatever their case ("adult social care" before "Social care
# funding"), alike on SQLite and PostgreSQL; the name breaks ties.
TAG_ORDER = [Lower("name"), "name"]


class Tag(TagBase):
    """A taggit tag whose stored name is already normalized (see posts.tagging)."""

    # taggit's manager, for natural keys (fixtures), with bulk updates watched.
    objects = NaturalKeyManager.from_queryset(ContentQuerySet)()

    class Meta:
        ordering = TAG_ORDER

    def save(self, *args, **kwargs):
        self.name = normalize_tag_name(self.name)
        super().save(*args, **kwargs)

    def slugify(self, tag, i=None):
        # ASCII (settings.TAGGIT_STRIP_UNICODE_WHEN_SLUGIFYING): "Café" is
        # "cafe". A name with nothing to keep ("!!!") would get an empty slug,
        # which no URL can hold. Room is left for a number: taggit looks for
        # the numbered slugs taken as those starting with the whole slug.
        slug = super().slugify(tag)[:TAG_SLUG_BEFORE_NUMBER].strip("-_") or "tag"
        return slug if i is None else f"{slug}_{i}"

    def get_absolute_url(self):
        return reverse("posts:tag", kwargs={"slug": self.slug})


@reversion.register()
class TaggedPost(TaggedItemBase):
    content_object = models.ForeignKey(
        "Post", on_delete=models.CASCADE, related_name="tagged_items"
    )
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged_posts")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="unique_tag_per_post"
            )
        ]


class PostQuerySet(ContentQuerySet):
    def published(self):
        """What readers may see: published, and not scheduled for later.

        A post whose date is unknown (the tag archive has none) is visible once
        published; a post dated in the future stays hidden until that moment.
        """
        # Said as "not later than now", which keeps undated posts, rather than
        # "undated or not later": SQLite reads the first form from an index in
        # date order, but sorts every published post for the second.
        return self.filter(status=Post.Status.PUBLISHED).exclude(
            published_at__gt=timezone.now()
        )

    def scheduled(self):
        """Published, but dated in the future: readers see them from that moment."""
        return self.filter(
            status=Post.Status.PUBLISHED, published_at__gt=timezone.now()
        )

    def imported(self):
        return self.exclude(import_key=None)

    def dated_in(self, year):
        """Posts dated in `year` (1 to 9999) of the site's time zone.

        As `published_at__year`, but SQLite takes that year's bounds in UTC,
        which Python cannot hold for the start of the year 1 east of UTC or
        the end of 9999 west of it (an OverflowError): such a bound is the
        calendar's end instead, before or after any date a post can have.
        """
        zone = timezone.get_current_timezone()
        start = datetime(year, 1, 1, tzinfo=zone)
        end = datetime(year, 12, 31, 23, 59, 59, 999999, tzinfo=zone)
        return self.filter(
            published_at__range=(within_calendar(start), within_calendar(end))
        )


# Kept out of revisions: the database derives it (see migration 0002_search).
POST_FIELDS_NOT_VERSIONED = ("search_vector",)


@reversion.register(follow=("tagged_items",), exclude=POST_FIELDS_NOT_VERSIONED)
class Post(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=255)
    slug = models.SlugField(max_length=255, unique=True)
    body = models.TextField(blank=True, help_text="Markdown (CommonMark).")
    published_at = models.DateTimeField(
        "publication date",
        null=True,
        blank=True,
        help_text="Unknown for some imported posts; a future time schedules the post.",
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # A post's tags A to Z as tags are everywhere (taggit would list them in
    # the order they were added).
    tags = TaggableManager(through=TaggedPost, blank=True, ordering=TAG_ORDER)
    needs_review = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Import provenance. `import_key` is the post's identity across imports
    # (date and original title, see posts.importing.parsed_post.ParsedPost.key), so
    # an editor may rename the post or change its slug without losing it.
    import_key = models.CharField(
        max_length=300, unique=True, null=True, blank=True, editable=False
    )
    source_file = models.CharField(max_length=255, blank=True, editable=False)
    source_line = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # Where the post's tags come from: an import that reads only some of these
    # files cannot tell that a tag is gone (see posts.importing.service).
    # Null, not an empty list, until an import sets it: SQLite can then add the
    # column in place rather than rebuild the table, which would recreate the
    # PostgreSQL-only reading-order index (migration 0003).
    source_files = models.JSONField(
        null=True,
        blank=True,
        editable=False,
        help_text="The archive files the post was last found in (with duplicates).",
    )
    source_fingerprint = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="Fingerprint of the archive text this post was last imported from.",
    )
    content_fingerprint = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="Fingerprint of the title, date, tags and body an import wrote.",
    )
    last_imported_at = models.DateTimeField(null=True, blank=True, editable=False)
    edited_since_import = models.BooleanField(
        default=False,
        help_text="Set when an editor changes the post; imports then keep it as is.",
    )

    # Full-text search on PostgreSQL. A database trigger (migration 0002) fills
    # it on every insert and update, the importer's bulk writes included, so
    # no code path can forget it. Always empty on SQLite, which has no use for
    # it (see posts.search).
    search_vector = SearchVectorField(null=True, editable=False)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = [
            F("published_at").desc(nulls_last=True),
            "source_file",
            "source_line",
            "-id",
        ]
        get_latest_by = "published_at"
        indexes = [
            # The public pages filter on status and sort by date.
            models.Index(fields=["status", "-published_at"], name="post_status_date"),
            models.Index(fields=["source_file", "source_line"], name="post_source"),
            models.Index(fields=["needs_review"], name="post_needs_review"),
            # PostgreSQL has two more, which its migrations build: the search
            # vector's GIN index (0002) and one of published posts in reading
            # order (0003). They stay out of the model: SQLite builds a table
            # again with every index listed here to change a column.
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("posts:detail", kwargs={"slug": self.slug})

    @property
    def source(self):
        """Where the post was first found, as FILE:LINE."""
        return f"{self.source_file}:{self.source_line}" if self.source_file else ""

    @property
    def last_modified(self):
        """When what readers see of the post last changed: a scheduled post
        was last saved before the moment it went live."""
        return max(self.updated_at, self.published_at or self.updated_at)

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED and (
            self.published_at is None or self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self):
        """Published, but dated in the future: readers see it from that moment."""
        return self.status == self.Status.PUBLISHED and not self.is_published


class ImportRun(models.Model):
    """One run of `import_seeds` that wrote to the database."""

    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    paths = models.JSONField(default=list)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    kept = models.PositiveIntegerField("kept because edited", default=0)
    conflicts = models.PositiveIntegerField(default=0)
    missing = models.PositiveIntegerField("missing from source", default=0)
    deleted = models.PositiveIntegerField("deleted by an editor", default=0)
    warnings = models.JSONField(default=list)

    class Meta:
        ordering = ["-started_at"]
        get_latest_by = "started_at"

    def __str__(self):
        return f"Import of {self.started_at:%Y-%m-%d %H:%M}"


class ImportOutcome(models.Model):
    """What one import run did with one post."""

    class Result(models.TextChoices):
        CREATED = "created", "Created"
        UPDATED = "updated", "Updated"
        UNCHANGED = "unchanged", "Unchanged"
        KEPT = "kept", "Kept: edited by an editor"
        CONFLICT = "conflict", "Conflict: edited by an editor and changed in source"
        MISSING = "missing", "Missing from source"
        DELETED = "deleted", "Deleted by an editor: not re-created"

    run = models.ForeignKey(
        ImportRun, on_delete=models.CASCADE, related_name="outcomes"
    )
    post = models.ForeignKey(
        Post, on_delete=models.SET_NULL, null=True, related_name="import_outcomes"
    )
    result = models.CharField(max_length=10, choices=Result.choices)
    source = models.CharField(max_length=300, blank=True)
    duplicates = models.JSONField(default=list, blank=True)
    warnings = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["run", "id"]

    def __str__(self):
        return f"{self.get_result_display()}: {self.source}"


class TagAlias(models.Model):
    """A name a tag went by before an editor renamed it or merged it into
    another. Archives still file posts under the old name: imports put those
    posts under the tag (see posts.aliases) rather than creating it again."""

    name = models.CharField(max_length=100, editable=False)
    key = models.CharField(max_length=100, unique=True, editable=False)
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="aliases")

    class Meta:
        verbose_name_plural = "tag aliases"

    def __str__(self):
        return self.name


class DeletedImport(models.Model):
    """An imported post an editor deleted, so that imports do not re-create it.

    Written when such a post is deleted, removed when a post with its key is
    saved again (restored from its history, say): see posts.deletions. Deleting
    this record lets the next import create the post again.
    """

    import_key = models.CharField(max_length=300, unique=True, editable=False)
    title = models.CharField(max_length=255, editable=False)
    # Recognises the post by its text as well, whatever key the parser would
    # give it. Null, not "", for the records written before it was kept: they
    # hold no fingerprint, rather than an empty one.
    source_fingerprint = models.CharField(  # noqa: DJ001
        max_length=64,
        null=True,
        editable=False,
        help_text="Fingerprint of the archive text the post was last imported from.",
    )
    deleted_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-deleted_at"]
        verbose_name = "deleted imported post"

    def __str__(self):
        return self.title
