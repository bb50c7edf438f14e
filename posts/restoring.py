"""Restoring one post as a django-reversion version of it stored it.

django-reversion's own revert puts back the whole revision a version belongs
to, and the import, every bulk action and every tag merge record one revision
for all the posts they touched: restoring one post that way would reset every
other post of the revision, and re-create those deleted since. Here only the
post and its own tag links change, at a cost that does not depend on how many
posts the revision holds.
"""

from posts.cache import bump_content_version
from posts.models import Post, Tag, TaggedPost
from posts.snapshots import CONTENT_FIELDS, FIELDS, version_tag_ids

# What the restore page compares, and all that restoring changes: the import's
# provenance (which says what the importer last wrote), the edit flag and the
# timestamps stay the post's own.
RESTORED_FIELDS = tuple(name for name in FIELDS if name != "tags")


def clash(version, post):
    """Why this version can't be put back, or None: another post now holds its
    address or, for a deleted post (`post` None), its import key."""
    stored = version.field_dict
    others = Post.objects.exclude(pk=version.object_id)
    if stored["import_key"] and others.filter(import_key=stored["import_key"]).exists():
        return (
            "This post has been imported again since it was deleted: "
            "edit the imported post instead."
        )
    if others.filter(slug=stored["slug"]).exists():
        return (
            f"Another post now has this version's address (“{stored['slug']}”): "
            "change that post's slug first."
        )
    return None


def lost_tags(version):
    """Why restoring this version over the post would lose tags, or None: it
    uses tags deleted since. (A tag merged since is the tag it was merged
    into, see version_tag_ids; a recovered post comes back with the tags that
    remain.)"""
    tag_ids = version_tag_ids(version)
    if Tag.objects.filter(pk__in=tag_ids).count() < len(tag_ids):
        return (
            "This version uses tags that have since been deleted, so it can't "
            "be restored. Copy what you need from it instead."
        )
    return None


def restore_post(version, post):
    """Give `post` the fields and tags `version` stored, and save it.

    `post` is None when the post was deleted since: it comes back whole.
    Returns the post. A normal save, so that its signals (old-URL redirects,
    the content version) see the change as any other edit.
    """
    tag_ids = version_tag_ids(version)
    if post is None:
        post = version._object_version.object
        post.save()
        _set_tags(post, tag_ids)
        return post
    stored = version.field_dict
    changed = {name for name in RESTORED_FIELDS if getattr(post, name) != stored[name]}
    if _set_tags(post, tag_ids):
        changed.add("tags")
    for name in changed - {"tags"}:
        setattr(post, name, stored[name])
    if post.import_key and CONTENT_FIELDS.intersection(changed):
        # An editor's change like any admin save: the next import keeps it.
        post.edited_since_import = True
    post.save()
    return post


def _set_tags(post, tag_ids):
    """Link the post to exactly these tags; returns whether that changed any.

    By tag rather than by the versions' link ids: a link removed and added
    again since has a new id, which restoring the old one would duplicate.
    """
    # A tag deleted since is left out (see lost_tags).
    tag_ids = set(Tag.objects.filter(pk__in=tag_ids).values_list("pk", flat=True))
    links = TaggedPost.objects.filter(content_object=post)
    removed, _by_model = links.exclude(tag_id__in=tag_ids).delete()
    kept = set(links.values_list("tag_id", flat=True))
    added = TaggedPost.objects.bulk_create(
        TaggedPost(content_object=post, tag_id=tag_id) for tag_id in tag_ids - kept
    )
    bump_content_version()  # bulk writes send no signals (see posts.cache)
    return bool(removed or added)
