"""Reading a dated (Blogger) archive: days, each cut into posts at its titles.

A date line written as the archive's first one is starts a day (see
posts.importing.dates); within a day a post starts at a title (see is_title),
and Blogger's footer under a post (see posts.importing.metadata_lines) is
taken apart from its body, its `Labels:` line tagging it.
"""

import re

from posts.importing.archive_text import Paragraph
from posts.importing.dates import (
    DATE_LINE_MAX_CHARS,
    date_form,
    date_line_match,
    date_match,
    parse_date_line,
)
from posts.importing.markdown import BULLET, BULLETS
from posts.importing.metadata_lines import (
    is_blogger_byline,
    is_blogger_footer,
    is_blogger_sidebar,
    is_page_links,
    is_sidebar_heading,
    labels_tags,
)
from posts.importing.parsed_post import add_tag_line, make_post
from posts.importing.titles import TITLE_MAX_CHARS, TITLE_MAX_WORDS, ends_like_sentence

FOOTNOTE = re.compile(r"^\[\d+\]")
# The link in the middle of Blogger's "Newer Post Older Post Home" row.
HOME_LINK = "home"

# A line holding a web address ("Full report: https://…") points to more of
# the post: no title names one.
WEB_ADDRESS = re.compile(r"(?:\bhttps?://|\bwww\.)\S", re.I)


def parse_dated_archive(paragraphs, source, result):
    # An archive writes all its day lines one way, so a date written another
    # way ("4 March 2017" in the body of a "Saturday 25 March 2017" day) is
    # text, not a new day. The first line is a date line (parse_archive).
    form = date_form(date_line_match(paragraphs[0].lines[0]))
    paragraphs = list(_date_lines_apart(paragraphs, form))
    day, day_line, day_paragraphs = None, None, []
    for paragraph in [*paragraphs, None]:
        # The length first, with no call: most paragraphs are longer lines.
        published = (
            paragraph
            and len(paragraph.lines[0]) <= DATE_LINE_MAX_CHARS
            and parse_date_line(paragraph, form, source, result.warnings)
        )
        if paragraph is not None and not published:
            day_paragraphs.append(paragraph)
            continue
        if day is not None:
            if not day_paragraphs:
                result.warnings.append(f"{source}:{day_line}: date line with no post")
            sidebar = _sidebar_start(day_paragraphs)
            if sidebar is not None:
                # Left out, so said: a post misread as furniture is not lost
                # without a word.
                dropped = day_paragraphs[sidebar:]
                result.warnings.append(
                    f"{source}:{dropped[0].line}: {len(dropped)} paragraph(s) "
                    "from here to the next day line read as the blog's sidebar "
                    "or page footer, not imported"
                )
                day_paragraphs = day_paragraphs[:sidebar]
            result.posts.extend(_split_day(day, day_paragraphs, source))
        day, day_line, day_paragraphs = published, paragraph and paragraph.line, []


def _date_lines_apart(paragraphs, form):
    """The paragraphs, each day line (see date_form) a paragraph of its own,
    also when the day's first line follows it with no blank line between, or
    when it lost the blank line above it (see _glued_day_line)."""
    for index, paragraph in enumerate(paragraphs):
        if len(paragraph.lines) == 1:
            yield paragraph
            continue
        match = date_line_match(paragraph.lines[0])
        if match and date_form(match) == form:
            yield Paragraph(paragraph.line, paragraph.lines[:1])
            yield Paragraph(paragraph.line + 1, paragraph.lines[1:])
            continue
        at = _glued_day_line(paragraph, paragraphs[index + 1 : index + 3], form)
        if at is None:
            yield paragraph
            continue
        yield Paragraph(paragraph.line, paragraph.lines[:at])
        yield Paragraph(paragraph.line + at, paragraph.lines[at : at + 1])
        if at + 1 < len(paragraph.lines):
            yield Paragraph(paragraph.line + at + 1, paragraph.lines[at + 1 :])


def _glued_day_line(paragraph, following, form):
    """The index of a day line written in `form` below the first line of a
    paragraph, or None: text copied without the blank line above a day line
    (`…the last words of a post.` then `Friday 24 March 2017`, and maybe the
    next post's title). It starts a day only when a post's title follows it
    (the rest of the paragraph, one line, or else the next paragraph; see
    is_title): a letter quoted in a post may end in its date."""
    lines = paragraph.lines
    for at in range(1, len(lines)):
        match = date_line_match(lines[at])
        if not match or date_form(match) != form:
            continue
        rest = lines[at + 1 :]
        if len(rest) > 1:
            return None  # a title is a line of its own
        after = [Paragraph(paragraph.line + at + 1, rest)] if rest else []
        return at if is_title([*after, *following], 0) else None
    return None


def _sidebar_start(paragraphs):
    """Where Blogger's sidebar or page footer (see is_blogger_sidebar), copied
    below a page's last post, starts among a day's paragraphs, or None.

    From there to the next day line all is page furniture: the rest of the
    sidebar, and the blog's header when the next page was saved below it. The
    sidebar starts at the gadget headings or copyright line right above that
    paragraph, or at the first gadget heading below the last post's footer: a
    gadget such as `About Me` may have paragraphs of its own (a name, a few
    words)."""
    start = next((i for i, p in enumerate(paragraphs) if is_blogger_sidebar(p)), None)
    if start is None:
        return None
    while start > 0 and is_sidebar_heading(paragraphs[start - 1]):
        start -= 1
    footer = next(
        (i for i in range(start - 1, -1, -1) if is_blogger_footer(paragraphs[i])),
        None,
    )
    if footer is not None:
        start = next(
            (i for i in range(footer + 1, start) if is_sidebar_heading(paragraphs[i])),
            start,
        )
    return start


def _split_day(published, paragraphs, source):
    """Cut one day's paragraphs into posts at each title."""
    posts = []
    index = 0
    while index < len(paragraphs):
        has_title = is_title(paragraphs, index)
        body_start = index + 1 if has_title else index
        end = body_start + 1
        while end < len(paragraphs) and not is_title(paragraphs, end):
            end += 1
        body, footer = _blogger_footer_apart(paragraphs[body_start:end])
        post = make_post(
            paragraphs[index] if has_title else None, body, published, source
        )
        for footer_line in footer:  # its `Labels:` lines tag it
            if labels := labels_tags(footer_line):
                add_tag_line(post, labels, footer_line.line)
        if not has_title:
            untitled = sum(p.title_generated for p in posts) + 1
            post.key_name = f"untitled-{untitled}"
        posts.append(post)
        index = end
    return posts


def is_title(paragraphs, index):
    """Whether paragraphs[index] of a day's text is a post title.

    A title is a single short line that does not end like a sentence (a full
    stop, comma, colon or semicolon, or a dangling "to"/"and"…), though a
    trailing ellipsis is allowed; its first letter or digit is not lower case
    (a capital, a digit, or a letter of a script without case such as
    Japanese); it holds no web address and is no date or footer line (see
    is_blogger_footer); and it is followed by a body, which never begins with
    a footnote, a bullet or a footer line.
    """
    paragraph = paragraphs[index]
    if len(paragraph.lines) != 1 or index + 1 >= len(paragraphs):
        return False
    if len(paragraph.lines[0]) > 2 * TITLE_MAX_CHARS:  # cheap: most lines are long
        return False
    # Most body paragraphs end like a sentence: ruled out on the line as it
    # is, before its text is built. Lines carry no white space at their end
    # (split_paragraphs), so the line ends as its text does.
    if ends_like_sentence(paragraph.lines[0]):
        return False
    following = paragraphs[index + 1]
    if FOOTNOTE.match(following.lines[0]) or BULLET.match(following.lines[0]):
        return False
    text = paragraph.text
    # Not "is upper case": most of the world's scripts have no capitals.
    first_letter = next((c for c in text if c.isalnum()), "")
    if not first_letter or first_letter.islower():
        return False
    if text[0] in f"[(-{BULLETS}" or len(text) > TITLE_MAX_CHARS:
        return False
    if len(text.split()) > TITLE_MAX_WORDS or WEB_ADDRESS.search(text):
        return False
    # Short lines of their own that are no title (tried last, as few lines get
    # here): a date written unlike the day lines is body text wherever it
    # stands; a footer line is no title, and no body either, so a short line
    # before one (a sign-off) ends the post above.
    return not (
        date_match(paragraph)
        or is_blogger_footer(paragraph)
        or _ends_post(following)
        or (is_blogger_byline(paragraph) and _byline_ends_post(paragraphs, index))
    )


def _ends_post(paragraph):
    """Whether a paragraph may be a line of the footer ending a post: a
    footer line, or a byline without its time (see is_blogger_byline)."""
    return is_blogger_footer(paragraph) or is_blogger_byline(paragraph)


def _byline_ends_post(paragraphs, index):
    """Whether the byline-shaped line paragraphs[index] ends its post rather
    than being a title (`Posted by mistake`): more of the footer or the next
    post's title follows it."""
    return _ends_post(paragraphs[index + 1]) or is_title(paragraphs, index + 1)


def _blogger_footer_apart(body):
    """A post's body and the footer lines that end it (a byline without its
    time among them, see is_blogger_byline), which are metadata.
    Lines of that shape followed by more of the body are text ("No comments"
    before "That says it all, really."), and so is the body's first paragraph,
    without which a post would have none."""
    end = len(body)
    while end > 1 and (_ends_post(body[end - 1]) or _is_home_link(body, end - 1)):
        end -= 1
    return body[:end], body[end:]


def _is_home_link(body, index):
    """Whether body[index] is Blogger's `Home` link on a line of its own, right
    below its `Older Posts` (or `Newer Post`) link: alone, the word is text."""
    lines = body[index].lines
    return (
        len(lines) == 1
        and lines[0].strip().lower() == HOME_LINK
        and index > 0
        and is_page_links(body[index - 1])
    )
