"""A post as read from an archive (ParsedPost), and how an import knows it.

Its import key (the date and its title's words, see import_key) is its
identity across imports, and its fingerprint tells whether its source changed;
posts.importing.keys and posts.importing.writing compare both with the
database. make_post is how both kinds of archive make a post.
"""

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date

from posts.importing.archive_text import computed_once
from posts.importing.markdown import to_markdown
from posts.importing.titles import untitled_title
from posts.tagging import tag_key, unique_tag_names


@dataclass
class ParsedPost:
    title: str
    published: date | None
    tags: list
    paragraphs: list
    source: str
    line: int
    title_generated: bool = False
    key_name: str = ""
    # Set for another post with the date and title of an earlier one (see
    # merge_duplicates): a hash of its text, which makes a key of its own.
    variant: str = ""
    # Where each tag was read ("file:line"), by tag_key, for error messages.
    tag_locations: dict = field(default_factory=dict)
    duplicates: list = field(default_factory=list)
    # The files where it was also found undated (a tag archive's copy of a
    # dated archive's post, see merge_duplicates).
    undated_copy_files: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    @property
    def location(self):
        return f"{self.source}:{self.line}"

    @property
    def key(self):
        """The post's identity across imports (see import_key)."""
        return import_key(self.base_key, self.variant)

    @computed_once
    def text_hash(self):
        """A short hash of the title and text, telling apart posts that share a
        date and title whatever order they are found in."""
        return _fingerprint(self.title, None, [], self._text)[:8]

    @computed_once
    def base_key(self):
        """The key shared by every post with this date and title."""
        day = self.published.isoformat() if self.published else UNDATED
        return f"{day}/{self.key_name}"

    def date_as(self, day):
        """Give an undated post the date of the dated post it is a copy of."""
        self.published = day
        for name in ("base_key", "fingerprint"):  # computed_once values, stale now
            self.__dict__.pop(name, None)

    def add_tags(self, names):
        """Add tags found after the post was made (a `Tagged` line, or a file
        this run did not read); the fingerprint follows."""
        self.tags = unique_tag_names([*self.tags, *names])
        self.__dict__.pop("fingerprint", None)  # the computed_once value, stale now

    @property
    def places(self):
        """{file: the first "file:line" of the post in it}, for each file it was
        found in: its own, then its duplicates'."""
        places = {}
        for location in [self.location, *self.duplicates]:
            places.setdefault(location.rpartition(":")[0], location)
        return places

    @property
    def files(self):
        """The files this post was found in: its own, then its duplicates'."""
        return list(self.places)

    @property
    def needs_review(self):
        """Whether an editor should look at it before it is published: its title
        was made up, or it shares its date and title with another post."""
        return self.title_generated or bool(self.variant)

    @property
    def body(self):
        """The Markdown body: computed on demand, as it is as big as the text."""
        return to_markdown([p.lines for p in self.paragraphs])

    @computed_once
    def fingerprint(self):
        """A hash of the post as the archive has it, to see if the source changed."""
        return _fingerprint(self.title, self.published, self.tags, self._text)

    @property
    def _text(self):
        """The body's lines as the archive has them."""
        return "\n\n".join("\n".join(p.lines) for p in self.paragraphs)


# An import key is a post's date (or UNDATED) and its title's words, then,
# for another post with that date and title, `~` and a hash of its text:
# `2017-03-25/no-good-options`, `undated/news~3f2a9c01`.
UNDATED = "undated"
VARIANT_MARK = "~"


def import_key(base_key, variant=""):
    return f"{base_key}{VARIANT_MARK}{variant}" if variant else base_key


def split_key(key):
    """(base key, variant) of an import key; the variant of a plain key is ""."""
    base_key, _, variant = key.partition(VARIANT_MARK)
    return base_key, variant


def key_date_and_name(key):
    """(date or None, title words) of an import key."""
    day, _, name = split_key(key)[0].partition("/")
    return (None if day == UNDATED else date.fromisoformat(day)), name


def content_fingerprint(title, published, tags, body):
    """A hash of a post's title, date, tags and Markdown body, computed the same
    way for what an import writes and for what the database holds later, so an
    editor's change shows as a different hash."""
    normalized_body = "\n".join(
        line.rstrip() for line in body.replace("\r\n", "\n").split("\n")
    ).strip()
    return _fingerprint(title, published, tags, normalized_body)


# One encoder for every fingerprint: json.dumps with options builds a new one
# per call.
_FINGERPRINT_HEAD = json.JSONEncoder(ensure_ascii=False)


def _fingerprint(title, published, tags, text):
    head = _FINGERPRINT_HEAD.encode(
        [
            " ".join(title.split()),
            published.isoformat() if published else None,
            sorted({tag_key(tag) for tag in tags}),
        ]
    )
    # Hashed a part at a time: head and text are not copied into one string.
    digest = hashlib.sha256(f"{head}\n".encode())
    digest.update(text.encode())
    return digest.hexdigest()


def make_post(title_paragraph, body, published, source, tags=()):
    if title_paragraph is not None:
        title, line, generated = title_paragraph.text, title_paragraph.line, False
    else:
        title, line, generated = untitled_title(body), body[0].line, True
    post = ParsedPost(
        title=title,
        published=published,
        tags=unique_tag_names(tags),
        paragraphs=body,
        source=source,
        line=line,
        title_generated=generated,
        key_name=slug_words(title),
    )
    if generated:
        post.warnings.append(
            f"{post.location}: post has no title; made one from its first words"
        )
    if not body:
        post.warnings.append(f"{post.location}: post {title!r} has no body")
    return post


def slug_words(text):
    """A lower-case, hyphenated form of a title for identity keys."""
    words = re.findall(r"\w+", text.replace("’", "").replace("'", "").lower())
    return "-".join(words)[:200]


def add_tag_line(post, names, line):
    """Tags read from a line below the post's text (`Labels:`, `Tagged`)."""
    post.add_tags(names)
    note_tag_locations(post, names, line)


def note_tag_locations(post, names, line):
    """Remember where each tag was first read, for error messages."""
    for name in names:
        post.tag_locations.setdefault(tag_key(name), f"{post.source}:{line}")
