"""Free slugs: a slug, then the same numbered, up to the first nobody has.

Posts number theirs `-2`, `-3`…; tags `_1`, `_2`…, as django-taggit does.
"""

from itertools import chain, count


def numbered(base, separator, first):
    """`base`, then `base` numbered from `first` on."""
    return chain([base], (f"{base}{separator}{n}" for n in count(first)))


def first_free(candidates, taken):
    """The first candidate slug not taken yet; it is taken from now on."""
    slug = next(slug for slug in candidates if slug not in taken)
    taken.add(slug)
    return slug
