"""A post's editable state as plain values, and what differs between two.

The admin uses it twice: to refuse a save made from a stale form (saying which
fields someone else changed meanwhile), and to compare an earlier version from
the history with the current post before restoring it.
"""

import difflib
import hashlib
import json
from dataclasses import dataclass

from django.db.models import JSONField
from django.db.models.functions import Cast
from django.utils import formats, timezone
from reversion.models import Version

from posts.aliases import tags_named_now
from posts.models import Post, Tag, TaggedPost

FIELDS = ("title", "slug", "status", "published_at", "tags", "needs_review", "body")

# A change to any of these is an editor's change to the content, which a later
# import must keep (see posts.importing.service).
CONTENT_FIELDS = {"title", "body", "tags", "published_at", "status"}


def post_state(post):
    """The post's fields; its tags by id, which a tag renamed since keeps: a
    rename is no change to its posts (display shows the names)."""
    state = {name: getattr(post, name) for name in FIELDS if name != "tags"}
    state["tags"] = sorted(tag.pk for tag in post.tags.all())
    return state


def version_state(version):
    """The state stored in a django-reversion Version of a post."""
    state = {name: version.field_dict[name] for name in FIELDS if name != "tags"}
    state["tags"] = sorted(version_tag_ids(version))
    return state


def version_tag_ids(version):
    """Ids of the tags the post carried in this version's revision.

    A tag merged into another since counts as that one, which its name now
    leads to (posts.aliases), as its posts were given that one. A tag deleted
    since keeps its id, which no tag has.
    """
    names = _link_tag_names(version)
    ids = set(names)
    gone = _ids_gone(ids)
    if not gone:
        return ids
    now = tags_named_now(names[pk] for pk in gone if names[pk] is not None)
    return (ids - gone) | {now[names[pk]].pk if names[pk] in now else pk for pk in gone}


def tags_merged_since(tag_ids, post):
    """{id: the tag it stands for now} for those of `tag_ids` that no tag has
    any more but the post's history names: a tag merged into another since is
    that one, as in version_tag_ids. Left out: a tag deleted since (its name
    leads nowhere) and one the post never carried in a version."""
    gone = _ids_gone(tag_ids)
    names = {}
    # Newest first, and only as far back as needed: the tags were most
    # likely the post's when the form was opened, a version or two ago.
    versions = Version.objects.get_for_object(post).iterator() if gone else ()
    for version in versions:
        for pk, name in _link_tag_names(version).items():
            if pk in gone and name is not None:
                names.setdefault(pk, name)
        if names.keys() >= gone:
            break
    now = tags_named_now(names.values())
    return {pk: now[name] for pk, name in names.items() if name in now}


def _ids_gone(tag_ids):
    """Those of `tag_ids` that no tag has (any more)."""
    tag_ids = set(tag_ids)
    return tag_ids - set(
        Tag.objects.filter(pk__in=tag_ids).values_list("pk", flat=True)
    )


def _link_tag_names(version):
    """{tag id: its name then, or None} for the post's tag links in this
    version's revision."""
    title = version.field_dict["title"]
    return {
        link.field_dict["tag_id"]: _tag_name(link, title)
        for link in tag_link_versions(version)
    }


def _tag_name(link, title):
    """The tag's name in a version of a post's link, or None. A version stores
    the link's tag by id only, but is labelled as taggit names a link: "<post>
    tagged with <tag>" (see posts.editing._record)."""
    prefix = f"{title} tagged with "
    label = link.object_repr
    return label.removeprefix(prefix) if label.startswith(prefix) else None


def tag_link_versions(version):
    """The versions of the post's own tag links in this version's revision.

    Picked out by the database, which reads each link's post from its
    serialized data: a revision may hold thousands of other posts' links.
    """
    return (
        version.revision.version_set.get_for_model(TaggedPost)
        .annotate(data=Cast("serialized_data", JSONField()))
        .filter(data__0__fields__content_object=int(version.object_id))
    )


def state_token(state):
    """A short hash per field: enough to tell later which fields changed."""
    return json.dumps(
        {
            name: hashlib.sha256(str(state[name]).encode()).hexdigest()[:16]
            for name in FIELDS
        }
    )


def fields_changed_since(token, state):
    """Fields whose value in `state` differs from the state `token` was made of.

    A token that can't be read counts as every field changed.
    """
    try:
        before = json.loads(token)
    except (TypeError, ValueError):
        before = {}
    now = json.loads(state_token(state))
    return [name for name in FIELDS if before.get(name) != now[name]]


@dataclass
class Difference:
    label: str
    before: str
    after: str

    @property
    def diff(self):
        """Line-by-line changes of a text of several lines, else nothing."""
        if "\n" not in self.before + self.after:
            return []
        lines = difflib.unified_diff(
            self.before.splitlines(), self.after.splitlines(), lineterm="", n=1
        )
        return list(lines)[2:]  # without the ---/+++ file header


def differences(before, after):
    return [
        Difference(label(name), display(name, before[name]), display(name, after[name]))
        for name in FIELDS
        if before[name] != after[name]
    ]


def label(name):
    return str(Post._meta.get_field(name).verbose_name).capitalize()


def display(name, value):
    """The value as an editor reads it in the admin."""
    if value is None or value == []:
        return "—"
    if name == "status":
        return Post.Status(value).label
    if name == "tags":
        return _tag_names(value)
    if name == "needs_review":
        return "Yes" if value else "No"
    if name == "published_at":
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    return str(value)


def _tag_names(tag_ids):
    """The tags' names as they are now, A to Z; a tag deleted since by its id."""
    names = dict(Tag.objects.filter(pk__in=tag_ids).values_list("pk", "name"))
    return ", ".join(sorted(names.get(pk, f"(deleted tag #{pk})") for pk in tag_ids))
