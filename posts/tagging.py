"""One notion of tag identity, shared by the importer, the admin and taggit.

Two spellings are the same tag when they differ only in case, in curly versus
straight apostrophes, or in runs of white space: `children’s social work` and
`Children's  social work` are one tag.
"""

import re
from functools import lru_cache

from taggit.utils import _parse_tags, parse_tags

APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
WHITESPACE = re.compile(r"\s+")
# Invisible, and not allowed in the XML feeds that name tags.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# An import normalizes each tag of each post several times, and a blog has a
# few hundred tags: their spellings are remembered, up to a bound.
NAMES_REMEMBERED = 4096


@lru_cache(maxsize=NAMES_REMEMBERED)
def normalize_tag_name(name):
    """The spelling stored for a tag: straight apostrophes, single spaces, no
    control characters."""
    spaced = WHITESPACE.sub(" ", name.translate(APOSTROPHES))
    return CONTROL_CHARACTERS.sub("", spaced).strip()


@lru_cache(maxsize=NAMES_REMEMBERED)
def tag_key(name):
    """What makes two tag names the same tag."""
    return normalize_tag_name(name).casefold()


def unique_tag_names(names):
    """Normalized names in their first-seen order, one per tag identity."""
    seen = {}
    for name in names:
        normalized = normalize_tag_name(name)
        if normalized:
            seen.setdefault(tag_key(normalized), normalized)
    return list(seen.values())


def parse_tag_string(tag_string):
    """taggit's TAGGIT_TAGS_FROM_STRING hook: its parser, then our identity."""
    return unique_tag_names(_parse_tags(tag_string))


def tag_names_typed(text):
    """The tag names in a box where several may be typed (the admin's bulk tag
    actions), read by taggit's parse_tags as a tags field is: commas between
    names, double quotes around a name holding a comma, then our identity.

    A text without commas is one name, where taggit would take each word for
    a tag: most tags here are several words ("social work"). A trailing comma
    has taggit split at commas only.
    """
    return parse_tags(f"{text},")
