"""Changes editors make to many posts at once, each recorded like a save.

Every function takes the posts (or tags) to act on and the user acting, changes
only the posts that need it and returns how many that was (publish and the
tag functions in more detail, see there). Each changed post gets a fresh
`updated_at`, is marked `edited_since_import` when its content changed (so
`import_seeds` keeps it as the editor left it), and goes into one
django-reversion revision naming the user and the change (publish makes two:
see there).
"""

from dataclasses import dataclass

import reversion
from django.db import transaction
from django.db.models import DateTimeField, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from posts.aliases import move_aliases
from posts.models import Post, Tag, TaggedPost
from posts.redirects import redirect_tag
from posts.tagging import normalize_tag_name, tag_key

TAG_NAME_MAX_LENGTH = Tag._meta.get_field("name").max_length


@dataclass(frozen=True)
class Publication:
    """What publishing did: how many posts readers see from now on, and the
    publication times of those dated in the future, earliest first, which
    readers see only from then (scheduled)."""

    published: int
    scheduled: list


@transaction.atomic
def publish(posts, user):
    """Publish the drafts among `posts`; returns a Publication.

    A scheduled post's history says "Scheduled for publication" rather than
    "Published": the two kinds go into a revision each.
    """
    now = Value(publication_time_now(), output_field=DateTimeField())
    drafts = posts.exclude(status=Post.Status.PUBLISHED)
    _lock(_ids(drafts))  # see add_tags: a post published meanwhile counts as such
    ids = _ids(drafts)
    changed = Post.objects.filter(pk__in=ids)
    changed.update(
        status=Post.Status.PUBLISHED,
        published_at=Coalesce("published_at", now),  # see date_if_undated
    )
    scheduled = dict(changed.scheduled().values_list("pk", "published_at"))
    _record([pk for pk in ids if pk not in scheduled], user, "Published")
    _record(list(scheduled), user, "Scheduled for publication")
    return Publication(len(ids) - len(scheduled), sorted(scheduled.values()))


def date_if_undated(post):
    """Date a post being published now, unless it has a date.

    Undated posts sort after every dated one, so a post published undated
    would never reach the front page or the feeds. Only publishing dates a
    post: one already published undated (the tag archive has no dates) stays
    so when edited.
    """
    if post.published_at is None:
        post.published_at = publication_time_now()


def publication_time_now():
    """Now, to the second: the admin's date and time boxes show no finer, so a
    date with microseconds would change on the next unchanged save of the
    form, and refuse another editor's save as a conflict (posts.snapshots)."""
    return timezone.now().replace(microsecond=0)


@transaction.atomic
def unpublish(posts, user):
    return _set_fields(
        posts.filter(status=Post.Status.PUBLISHED),
        user,
        "Unpublished",
        status=Post.Status.DRAFT,
    )


@transaction.atomic
def mark_reviewed(posts, user):
    # Review is editorial bookkeeping, not content: the import may still
    # update a reviewed post.
    _lock(_ids(posts))  # see add_tags
    ids = _ids(posts.filter(needs_review=True))
    Post.objects.filter(pk__in=ids).update(needs_review=False)
    _record(ids, user, "Marked reviewed", content_changed=False)
    return len(ids)


@transaction.atomic
def add_tags(posts, tags, user):
    """Give `posts` each of `tags`; returns {tag: how many posts got it}, in
    the order of `tags`. One revision, whatever the number of tags."""
    # Locked before reading which posts lack a tag, as every other writer of
    # a post's tags locks it (the change form, a merge, an import): a post one
    # of them tagged meanwhile counts as already tagged.
    _lock(_ids(posts))
    lacking = {tag: _ids(posts.exclude(tags=tag)) for tag in tags}
    TaggedPost.objects.bulk_create(
        (
            TaggedPost(content_object_id=post_id, tag=tag)
            for tag, ids in lacking.items()
            for post_id in ids
        ),
        ignore_conflicts=True,  # a link added without the lock (in the shell)
    )
    _record(_union(lacking.values()), user, f"Added {_tags_named(tags)}")
    return {tag: len(ids) for tag, ids in lacking.items()}


@transaction.atomic
def remove_tags(posts, tags, user):
    """Take each of `tags` from `posts`; returns {tag: how many posts had it},
    in the order of `tags`. One revision, whatever the number of tags."""
    _lock(_ids(posts))  # see add_tags: a post untagged meanwhile counts as such
    having = {tag: _ids(posts.filter(tags=tag)) for tag in tags}
    ids = _union(having.values())
    TaggedPost.objects.filter(tag__in=tags, content_object__in=ids).delete()
    _record(ids, user, f"Removed {_tags_named(tags)}")
    return {tag: len(ids) for tag, ids in having.items()}


def _tags_named(tags):
    """'tag “care”', 'tags “care”, “law”': for revision comments."""
    names = ", ".join(f"“{tag}”" for tag in tags)
    return f"tag {names}" if len(tags) == 1 else f"tags {names}"


def _union(id_lists):
    return sorted(set().union(*id_lists))


@transaction.atomic
def merge_tags(target, tags, user):
    """Fold `tags` into `target`: their posts carry `target` (once) instead,
    their public URLs redirect to its page, and they are deleted."""
    others = [tag for tag in tags if tag.pk != target.pk]
    tagged = TaggedPost.objects.filter(tag__in=others)
    ids = set(tagged.values_list("content_object_id", flat=True))
    _lock(ids)  # see add_tags
    already_tagged = set(
        TaggedPost.objects.filter(tag=target, content_object__in=ids).values_list(
            "content_object_id", flat=True
        )
    )
    tagged.delete()
    TaggedPost.objects.bulk_create(
        (
            TaggedPost(content_object_id=post_id, tag=target)
            for post_id in ids - already_tagged
        ),
        ignore_conflicts=True,
    )
    for tag in others:
        redirect_tag(tag.slug, target.slug)
        move_aliases(tag, target)
    Tag.objects.filter(pk__in=[tag.pk for tag in others]).delete()
    names = ", ".join(f"“{tag}”" for tag in others)
    _record(ids, user, f"Merged tags {names} into “{target}”")
    return len(ids)


def tag_named(name, create=False):
    """The tag with this identity (see posts.tagging), or a new one if asked;
    None for a name no tag can have (empty, or too long for the column)."""
    name = normalize_tag_name(name)
    if not name or len(name) > TAG_NAME_MAX_LENGTH:
        return None
    tag = same_tag(name)
    if tag is None and create:
        tag = Tag.objects.create(name=name)
    return tag


def same_tag(name, tags=None):
    """The tag among `tags` (all by default) that `name` names, or None.

    Compared by posts.tagging.tag_key, as imports compare names, rather than
    by the database: SQLite's case-insensitive match folds ASCII letters only
    ("Café" and "CAFÉ" would be two tags). Every tag is read, in one query, as
    an import reads them.
    """
    key = tag_key(name)
    tags = Tag.objects.all() if tags is None else tags
    return next((tag for tag in tags.iterator() if tag_key(tag.name) == key), None)


def _set_fields(posts, user, comment, **values):
    _lock(_ids(posts))  # see add_tags: a post changed meanwhile counts as such
    ids = _ids(posts)
    Post.objects.filter(pk__in=ids).update(**values)
    _record(ids, user, comment)
    return len(ids)


def _ids(posts):
    return list(posts.order_by().values_list("pk", flat=True).distinct())


def _lock(ids):
    """Lock these posts' rows until the transaction ends (PostgreSQL; SQLite
    lets one transaction write at a time). In id order: two bulk changes of
    the same posts never each wait for the other."""
    # "No key" leaves the share lock that a link's foreign key takes as its
    # transaction commits: a link added meanwhile without locking the post
    # would otherwise wait for this lock while this waits for the link.
    list(
        Post.objects.filter(pk__in=ids)
        .order_by("pk")
        .select_for_update(no_key=True)
        .values_list("pk", flat=True)
    )


def _record(ids, user, comment, content_changed=True):
    if not ids:
        return
    posts = Post.objects.filter(pk__in=ids)
    posts.update(updated_at=timezone.now())
    if content_changed:
        posts.imported().update(edited_since_import=True)
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(comment)
        # A link's version is labelled with its tag's name: fetched with the
        # links, rather than one query per link.
        for post in posts.prefetch_related("tagged_items__tag"):
            reversion.add_to_revision(post)
