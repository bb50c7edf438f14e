"""A renamed or merged-away tag's old name keeps leading to the tag.

Archives file posts under the names tags had when they were written. After an
editor renames "social care" to "Care work", or merges it into another tag, an
import that meets "social care" again must tag its posts with the tag as it is
now, not bring the old tag back beside it.
"""

from django.db.models.signals import pre_save
from django.dispatch import receiver

from posts.models import Tag, TagAlias
from posts.redirects import stored_values
from posts.tagging import tag_key


def remember_old_name(old_name, tag):
    TagAlias.objects.update_or_create(
        key=tag_key(old_name), defaults={"name": old_name, "tag": tag}
    )


def tags_by_key():
    """{identity key: the tag a name with that key leads to now}: the tag of
    that name, else the tag it was renamed or merged into."""
    tags = {alias.key: alias.tag for alias in TagAlias.objects.select_related("tag")}
    tags |= {tag_key(tag.name): tag for tag in Tag.objects.all()}
    return tags


def tags_named_now(names):
    """{name: the tag it leads to now} for these names (see tags_by_key).
    Names that lead to no tag are left out."""
    names = list(names)
    tags = tags_by_key() if names else {}
    return {name: tags[tag_key(name)] for name in names if tag_key(name) in tags}


def move_aliases(merged, target):
    """`merged` is folded into `target`: its names lead there from now on."""
    merged.aliases.update(tag=target)
    remember_old_name(merged.name, target)


# A receiver rather than an admin hook, so that a rename in the shell counts.
@receiver(pre_save, sender=Tag, dispatch_uid="posts.aliases.renamed_tag")
def remember_name_before_rename(sender, instance, raw=False, **kwargs):
    # A tag's own name is an old name no more (renamed back, or taken anew).
    TagAlias.objects.filter(key=tag_key(instance.name)).delete()
    stored = stored_values(instance, raw, "name")
    if stored and tag_key(stored["name"]) != tag_key(instance.name):
        remember_old_name(stored["name"], instance)
