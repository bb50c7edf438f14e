"""Read plain-text blog archive dumps into posts. Text in, posts out; no ORM.

Two kinds of archive are understood (README.md, "Importing archives", says the same
in prose):

* a **dated archive** (Blogger style): a line such as `Saturday 25 March 2017`,
  `Friday, 23 December 2016` or `March 4, 2017` starts a day, if written like
  the archive's first date line and first in its paragraph; each post of that
  day starts with a one-line title paragraph followed by its body, and may
  end with Blogger's footer (`Posted by … at 10:15`, a comment-count line,
  `Labels: a, b`, its tags);
* a **tag archive** (WordPress style): a `Tag Archives: X` header, then posts
  made of a title, body paragraphs, an optional comment-count line and a
  `Filed under a, b` line. Every post carries tag X and its `Filed under` tags.

A paragraph is a run of non-blank lines; line numbers are 1-based and refer to
the file as written.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from posts.importing.archive_text import ParseError, decode_archive, split_paragraphs
from posts.importing.dated_archive import parse_dated_archive
from posts.importing.dates import date_line_match, date_under_title
from posts.importing.metadata_lines import (
    is_metadata_line,
    past_metadata,
    post_end_tags,
    reads_as_prose,
    tagged_tags,
)
from posts.importing.parsed_post import add_tag_line, make_post, note_tag_locations
from posts.importing.titles import ends_like_sentence

TAG_ARCHIVE_HEADER = re.compile(
    r"^\s*(?:Tag|Category)\s+Archives?:\s*(?P<tag>.+?)\s*$", re.I
)


@dataclass
class ArchiveResult:
    posts: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    files: list = field(default_factory=list)  # every file read, as named
    directories: list = field(default_factory=list)  # every directory searched


def parse_archive(text, source):
    """Parse one archive's text. Raises ParseError for input it cannot read."""
    paragraphs = split_paragraphs(text)
    result = ArchiveResult()
    if not paragraphs:
        result.warnings.append(f"{source}: empty file, no posts")
        return result
    first = paragraphs[0]
    archive_tag = header_tag(first)
    if archive_tag:
        _parse_tag_archive(paragraphs[1:], archive_tag, first.line, source, result)
    elif date_line_match(first.lines[0]):
        parse_dated_archive(paragraphs, source, result)
    else:
        raise ParseError(
            source,
            first.line,
            "not a recognised archive: expected a date line such as "
            "'Saturday 25 March 2017' or a 'Tag Archives: …' header",
        )
    return result


def header_tag(paragraph):
    """The X of a `Tag Archives: X` paragraph, or None. Lines below the header
    line are the archive's description, not part of X."""
    header = TAG_ARCHIVE_HEADER.match(paragraph.lines[0])
    if header is None or reads_as_prose(header["tag"]):
        return None
    return " ".join(header["tag"].split())


def _parse_tag_archive(paragraphs, archive_tag, header_line, source, result):
    """A post runs from its title to its `Filed under` line or another
    theme's line in its place (see post_end_tags) and a `Tagged` line right
    after it, or to a comment line (`Leave a comment`,
    `2 Comments`) that no `Filed under` line follows but something that could
    start a post does."""
    reader = _TagArchiveReader(
        paragraphs, (archive_tag, header_line), source, result.warnings
    )
    result.posts.extend(reader.posts())


class _TagArchiveReader:
    """Reads the paragraphs below a tag archive's first header into posts."""

    def __init__(self, paragraphs, archive_tag, source, warnings):
        self.paragraphs, self.source, self.warnings = paragraphs, source, warnings
        self.archive_tag = archive_tag  # (X, the line of its header)
        self.under_header = True  # nothing read since the header yet
        self.post = []  # the paragraphs of the post under way
        self.filed = None  # the last post, if a `Filed under` line ended it
        self.read = []

    def posts(self):
        for index, paragraph in enumerate(self.paragraphs):
            self._read(index, paragraph)
        self._end_unfiled_post()
        return self.read

    def _read(self, index, paragraph):
        under_header, self.under_header = self.under_header, False
        if repeated_header := header_tag(paragraph):
            # Archive pages saved one after another: each repeats the header.
            self._end_unfiled_post()
            self.archive_tag, self.filed = (repeated_header, paragraph.line), None
            self.under_header = True
        elif under_header and is_description(self.paragraphs, index):
            self.warnings.append(
                f"{self.source}:{paragraph.line}: read as the description of "
                f"tag archive {self.archive_tag[0]!r}, not as a post"
            )
        elif (filed := post_end_tags(paragraph)) is not None:
            self._end_filed_post(filed, paragraph.line)
        elif self._after_filed_post() and (tagged := self._more_tags(index)):
            add_tag_line(self.filed, tagged, paragraph.line)
        elif not is_metadata_line(paragraph):
            self.post.append(paragraph)
        elif not self.post or is_filed_under(self.paragraphs, index + 1):
            # Metadata, skipped: of the post under way, or with no post under
            # way, of the post before (some themes print it after the
            # `Filed under` line).
            return
        elif could_start_post(self.paragraphs, past_metadata(self.paragraphs, index)):
            self._end_unfiled_post()
        else:
            # Not metadata but text such as "No comment" in "His answer:",
            # "No comment", "That says it all, really."
            self.post.append(paragraph)

    def _after_filed_post(self):
        """Whether only metadata has followed a `Filed under` line so far."""
        return self.filed is not None and not self.post

    def _more_tags(self, index):
        """The tags of a `Tagged a, b` line that follows a `Filed under` line
        (themes print categories, then tags), or None. A line that a body
        follows is the next post's title ("Tagged as a troublemaker")."""
        tagged = tagged_tags(self.paragraphs[index])
        if tagged is None or not could_start_post(self.paragraphs, index + 1):
            return None
        return tagged

    def _end_filed_post(self, filed, line):
        if not self.post:
            raise ParseError(
                self.source, line, "line ending a post ('Filed under …') with no post"
            )
        tags = [self.archive_tag, *((name, line) for name in filed)]
        self.filed = _tag_archive_post(self.post, tags, self.source)
        self.read.append(self.filed)
        self.post = []

    def _end_unfiled_post(self):
        if self.post:
            self.read.append(_unfiled_post(self.post, self.archive_tag, self.source))
            self.post, self.filed = [], None


def is_filed_under(paragraphs, index):
    """Whether a `Filed under` line comes next, past any metadata lines."""
    index = past_metadata(paragraphs, index)
    return index < len(paragraphs) and post_end_tags(paragraphs[index]) is not None


def is_description(paragraphs, index):
    """Whether paragraphs[index], right under a tag archive's header, is the
    archive's description: it cannot be a title (it has several lines or ends
    like a sentence, "Posts about the inspectorate."), and what follows can.
    A title ending in a full stop is followed by its body, which cannot."""
    return (
        not title_shaped(paragraphs[index])
        and index + 1 < len(paragraphs)
        and could_be_title(paragraphs[index + 1])
    )


def could_be_title(paragraph):
    """Whether a tag archive's paragraph can be a post title: one line that
    does not end like a sentence and is no metadata line."""
    return (
        title_shaped(paragraph)
        and not is_metadata_line(paragraph)
        and post_end_tags(paragraph) is None
        and header_tag(paragraph) is None
    )


def could_start_post(paragraphs, index):
    """Whether a post may start at paragraphs[index]: it is past the end of
    the file, or one line that does not end like a sentence (a title)."""
    return index >= len(paragraphs) or title_shaped(paragraphs[index])


def title_shaped(paragraph):
    """Whether a paragraph has a title's shape: one line that does not end
    like a sentence."""
    return len(paragraph.lines) == 1 and not ends_like_sentence(paragraph.text)


def _unfiled_post(paragraphs, archive_tag, source):
    post = _tag_archive_post(paragraphs, [archive_tag], source)
    post.warnings.append(
        f"{post.location}: post has no 'Filed under' line; "
        f"tagged {archive_tag[0]!r} only"
    )
    return post


def _tag_archive_post(paragraphs, tags, source):
    """A post of a tag archive; `tags` are (name, line where it was read). A
    date line right under the title (themes print the post's date there) dates
    the post and is not part of its body."""
    title, *body = paragraphs
    if len(title.lines) != 1:
        raise ParseError(source, title.line, "expected a one-line post title here")
    date_warnings = []
    published = body and date_under_title(body[0], source, date_warnings)
    if published:
        body = body[1:]
    post = make_post(
        title, body, published or None, source, tags=[name for name, _ in tags]
    )
    post.warnings.extend(date_warnings)
    for name, line in tags:
        note_tag_locations(post, [name], line)
    return post


def archive_files(paths):
    """Files named directly, and the `*.txt` files below each directory, each
    once: a file named twice (directly, through its directory or another
    path to it) is one archive, not a copy of itself."""
    seen = set()
    for path in _listed_files(paths):
        resolved = path.resolve()
        if resolved not in seen:
            seen.add(resolved)
            yield path


def _listed_files(paths):
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.txt") if p.is_file())
        else:
            yield path


def display_path(path, base_dir=None):
    """How a file is named in posts and reports, wherever the import runs from:
    relative to `base_dir` (the project) when it is inside it, else absolute."""
    path = Path(path).resolve()
    base = Path(base_dir).resolve() if base_dir is not None else None
    if base is not None and path.is_relative_to(base):
        return str(path.relative_to(base))
    return str(path)


def read_archives(paths, base_dir=None):
    """Parse every archive under `paths` and merge duplicate posts. Files are
    named relative to `base_dir` when inside it (see display_path).

    Errors are collected rather than raised, so one run reports every bad file.
    """
    combined = ArchiveResult()
    combined.directories = [
        display_path(path, base_dir) for path in map(Path, paths) if path.is_dir()
    ]
    for path in archive_files(paths):
        source = display_path(path, base_dir)
        try:
            result = parse_archive(decode_archive(path.read_bytes(), source), source)
        except OSError as error:
            combined.errors.append(f"{source}: cannot be read ({error.strerror})")
            continue
        except ParseError as error:
            combined.errors.append(str(error))
            continue
        combined.files.append(source)
        combined.posts.extend(result.posts)
        combined.warnings.extend(result.warnings)
    combined.posts = merge_duplicates(combined.posts)
    for post in combined.posts:
        combined.warnings.extend(post.warnings)
    return combined


def merge_duplicates(posts):
    """One post per identity key; identical later copies are listed on the first.

    A copy carries the tags of its own archive, so these are added to the
    first copy's tags. A later post with the same date and title but other text
    is another post: it gets a key of its own (see ParsedPost.key) and a
    warning.
    """
    posts = _merge_undated_copies(posts)
    variants = {}  # key: the posts with that date and title, in order found
    for post in posts:
        found = variants.setdefault(post.key, [])
        same = next((first for first in found if _same_text(first, post)), None)
        if same is None:
            if found:
                post.variant = post.text_hash
                post.warnings.append(
                    f"{post.location}: same date and title as "
                    f"{found[0].location} but different text; imported as "
                    "another post, a draft to review"
                )
            found.append(post)
            continue
        _add_copy(same, post)
    return [post for found in variants.values() for post in found]


def _merge_undated_copies(posts):
    """A tag archive has no dates: an undated post with the title and text of a
    dated one is that post, found in another kind of archive. It is listed as a
    copy of the dated post, which keeps its date and key, whatever order the
    files came in."""
    undated_titles = {post.title for post in posts if post.published is None}
    dated = {}  # (title, text hash): the first dated post with them
    for post in posts:
        if post.published is not None and post.title in undated_titles:
            dated.setdefault((post.title, post.text_hash), post)
    dated_titles = {title for title, _hash in dated}
    kept = []
    for post in posts:
        # The title first: a text hash costs a pass over the whole text.
        same = (
            post.published is None
            and post.title in dated_titles
            and dated.get((post.title, post.text_hash))
        )
        if same and _same_text(same, post):
            _add_copy(same, post)
        else:
            kept.append(post)
    return kept


def _add_copy(first, copy):
    """List `copy` on `first`, which takes its tags too."""
    first.duplicates.append(copy.location)
    first.add_tags(copy.tags)
    first.tag_locations = copy.tag_locations | first.tag_locations


def _same_text(first, post):
    return post.title == first.title and post.body == first.body
