"""Reading a tag (WordPress) archive: a `Tag Archives: X` header, then posts.

A post runs from its title to the line that ends it with its tags (`Filed
under a, b` or another theme's line, see posts.importing.metadata_lines) or,
without one, to a comment line that something able to start a post follows.
_TagArchiveReader reads the paragraphs in order, keeping the post under way.
Every post is tagged X too, and the header may come again further down.
"""

import re

from posts.importing.archive_text import Paragraph, ParseError
from posts.importing.dates import any_date_line, date_under_title
from posts.importing.metadata_lines import (
    FOOTER_LINE_START,
    is_metadata_line,
    labelled_tags,
    metadata_end,
    past_metadata,
    post_end_date_text,
    post_end_tags,
    reads_as_prose,
    tagged_tags,
)
from posts.importing.parsed_post import add_tag_line, make_post, note_tag_locations
from posts.importing.titles import TITLE_MAX_CHARS, ends_like_sentence

# Some themes print "Posted on March 4, 2017 by Ray Jones" above the title.
POSTED_ON = re.compile(r"^\s*Posted on\s", re.I)
TAG_ARCHIVE_HEADER = re.compile(
    r"^\s*(?:Tag|Category)\s+Archives?:\s*(?P<tag>.+?)\s*$", re.I
)
# How any paragraph starts that _read takes for more than a post's text: the
# header (`Tag Archives:`, `Category Archives:`) or a footer line naming tags
# (metadata_lines.FOOTER_LINE_START). The other lines it looks for (comment
# lines, share buttons, links) are no longer than a title.
MARKED_LINE_START = re.compile(
    rf"{FOOTER_LINE_START.pattern}|\s*(?:Tag|Category)\s+Archive", re.I
)


def header_tag(paragraph):
    """The X of a `Tag Archives: X` paragraph, or None. Lines below the header
    line are the archive's description, not part of X."""
    header = TAG_ARCHIVE_HEADER.match(paragraph.lines[0])
    if header is None or reads_as_prose(header["tag"]):
        return None
    return " ".join(header["tag"].split())


def parse_tag_archive(paragraphs, archive_tag, header_line, source, result):
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
        self.metadata_end = 0  # past the paragraphs of metadata being skipped
        self.read = []

    def posts(self):
        for index, paragraph in enumerate(self.paragraphs):
            self._read(index, paragraph)
        self._end_unfiled_post()
        return self.read

    def _read(self, index, paragraph):
        under_header, self.under_header = self.under_header, False
        first_line = paragraph.lines[0]
        if (
            not under_header
            and len(first_line) > TITLE_MAX_CHARS
            and not MARKED_LINE_START.match(first_line)
        ):
            # Most paragraphs: text of the post, told with one look at the
            # start of a line longer than any metadata line, before the tests
            # below (each a call or more).
            self.post.append(paragraph)
        elif repeated_header := header_tag(paragraph):
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
            self._end_filed_post(filed, paragraph)
        elif (labelled := self._labelled_end(index)) is not None:
            self._end_filed_post(labelled, paragraph)
        elif self._after_filed_post() and (tagged := self._more_tags(index)):
            add_tag_line(self.filed, tagged, paragraph.line)
        elif index < self.metadata_end:
            return  # the rest of metadata skipped below
        elif (end := metadata_end(self.paragraphs, index)) == index:
            self.post.append(paragraph)
        elif not self.post or is_filed_under(self.paragraphs, end):
            # Metadata, skipped: of the post under way, or with no post under
            # way, of the post before (some themes print it after the
            # `Filed under` line).
            self.metadata_end = end
        elif could_start_post(self.paragraphs, past_metadata(self.paragraphs, end)):
            self.metadata_end = end
            self._end_unfiled_post()
        else:
            # Not metadata but text such as "No comment" in "His answer:",
            # "No comment", "That says it all, really."
            self.post.append(paragraph)

    def _labelled_end(self, index):
        """The tags of a `Categories: a` or `Tags: b` line ending the post
        under way or adding to the footer of the last (see
        labelled_footer_tags), or None. With neither, it starts a post."""
        if not (self.post or self._after_filed_post()):
            return None
        return labelled_footer_tags(self.paragraphs, index)

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

    def _end_filed_post(self, filed, paragraph):
        line = paragraph.line
        if self._after_filed_post():
            # Another line of the last post's footer: Kubrick prints "Tags:
            # a, b" above its "Posted in" row or its "This entry was posted
            # on" sentence, other themes "Categories: a" above "Tags: b".
            add_tag_line(self.filed, filed, line)
        elif not self.post:
            raise ParseError(
                self.source, line, "line ending a post ('Filed under …') with no post"
            )
        else:
            tags = [self.archive_tag, *((name, line) for name in filed)]
            self.filed = _tag_archive_post(self.post, tags, self.source)
            self.read.append(self.filed)
            self.post = []
        self._date_by_footer(paragraph)

    def _date_by_footer(self, paragraph):
        """Date the last post by its footer's date (Kubrick's `This entry was
        posted on Saturday, March 25th, 2017 …`) when no date line under its
        title dated it."""
        date_text = post_end_date_text(paragraph)
        if date_text is None or self.filed.published:
            return
        date_line = Paragraph(paragraph.line, [date_text])
        if day := any_date_line(date_line, self.source, self.filed.warnings):
            self.filed.date_as(day)

    def _end_unfiled_post(self):
        if self.post:
            self.read.append(_unfiled_post(self.post, self.archive_tag, self.source))
            self.post, self.filed = [], None


def is_filed_under(paragraphs, index):
    """Whether a `Filed under` line or another line ending a post (see
    post_end_tags, labelled_footer_tags) comes next, past any metadata lines."""
    index = past_metadata(paragraphs, index)
    return index < len(paragraphs) and (
        post_end_tags(paragraphs[index]) is not None
        or labelled_footer_tags(paragraphs, index) is not None
    )


def labelled_footer_tags(paragraphs, index):
    """The tags of a `Categories: a, b` or `Tags: c` paragraph (see
    labelled_tags) that ends a post, or None: past any metadata lines, what
    follows could start a post or is another line of the footer. Followed by
    a body, such a line is a title ("Tags: a history")."""
    tags = labelled_tags(paragraphs[index])
    if tags is None:
        return None
    following = past_metadata(paragraphs, index + 1)
    if could_start_post(paragraphs, following) or is_footer_line(paragraphs[following]):
        return tags
    return None


def is_footer_line(paragraph):
    """Whether a paragraph is shaped like a line of a post's footer that names
    its tags (`Filed under`, `Posted in`, `Categories:`, `Tags:`, `Tagged`)."""
    return any(
        read(paragraph) is not None
        for read in (post_end_tags, labelled_tags, tagged_tags)
    )


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
    the file, one line that does not end like a sentence (a title), or the
    header of the next archive page, description lines and all."""
    return (
        index >= len(paragraphs)
        or title_shaped(paragraphs[index])
        or header_tag(paragraphs[index]) is not None
    )


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


def _date_above_title(paragraphs, source, warnings):
    """The date of a `Posted on March 4, 2017 by Ray Jones` line that some
    themes print above a post's title, or None: a title-shaped line and a body
    follow it, else it is the title ("Posted on a Friday")."""
    first = paragraphs[0]
    if not (
        POSTED_ON.match(first.lines[0])
        and len(paragraphs) > 2
        and title_shaped(paragraphs[1])
    ):
        return None
    return date_under_title(first, source, warnings)


def _tag_archive_post(paragraphs, tags, source):
    """A post of a tag archive; `tags` are (name, line where it was read). A
    date line right under the title (themes print the post's date there) dates
    the post and is not part of its body, and so does a `Posted on <date>`
    line above it (see _date_above_title)."""
    title, *body = paragraphs
    date_warnings = []
    published = _date_above_title(paragraphs, source, date_warnings)
    if published:
        title, *body = body
    if len(title.lines) != 1:
        raise ParseError(source, title.line, "expected a one-line post title here")
    if not published and body:
        published = date_under_title(body[0], source, date_warnings)
        if published:
            body = body[1:]
    post = make_post(
        title, body, published or None, source, tags=[name for name, _ in tags]
    )
    post.warnings.extend(date_warnings)
    for name, line in tags:
        note_tag_locations(post, [name], line)
    return post
