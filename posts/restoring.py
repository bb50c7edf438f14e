"""Restoring one post as a django-reversion version of it stored it.

django-reversion's own revert puts back the whole revision a version belongs
to, and the import, every bulk action and every tag merge record one revision
for all the posts they touched: restoring one post that way would reset every
other post of the revision, and re-create those deleted since. Here only the
post and its own tag links change, at a cost that does not depend on how many
posts the revision holds.
"""

from posts.cache import bump_content_version
from posts.models import TaggedPost
from posts.snapshots import FIELDS, version_tag_ids

# What the restore page compares, and all that restoring changes: the import's
# provenance (which says what the importer last wrote), the edit flag and the
# timestamps stay the post's own.
RESTORED_FIELDS = tuple(name for name in FIELDS if name != "tags")


def restore_post(version, post):
    """Give `post` the fields and tags `version` stored, and save it.

    `post` is None when the post was deleted since: it comes back whole.
    Returns the post. A normal save, so that its signals (old-URL redirects,
    the content version) see the change as any other edit.
    """
    if post is None:
        post = version._object_version.object
    else:
        for name in RESTORED_FIELDS:
            setattr(post, name, version.field_dict[name])
    post.save()
    _set_tags(post, version_tag_ids(version))
    return post


def _set_tags(post, tag_ids):
    """Link the post to exactly these tags.

    By tag rather than by the versions' link ids: a link removed and added
    again since has a new id, which restoring the old one would duplicate.
    """
    links = TaggedPost.objects.filter(content_object=post)
    links.exclude(tag_id__in=tag_ids).delete()
    kept = set(links.values_list("tag_id", flat=True))
    TaggedPost.objects.bulk_create(
        TaggedPost(content_object=post, tag_id=tag_id) for tag_id in tag_ids - kept
    )
    bump_content_version()  # bulk writes send no signals (see posts.cache)
