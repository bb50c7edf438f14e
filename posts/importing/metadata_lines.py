"""Lines blogs print around a post that are not its text.

Comment lines, share buttons and links to other pages (is_metadata_line),
and what is metadata only where it stands, Jetpack's share buttons below their
heading and its related posts (see metadata_end);
Blogger's footer under each post (`Posted by … at 10:15`, `Labels: a, b`, see
is_blogger_footer) and the sidebar below a page's last post (see
is_blogger_sidebar); and the lines that end a tag archive's post with its tags
(`Filed under a, b`, `Posted in a | Tagged b`, `This entry was posted in …`,
see post_end_tags, and a `Tagged` line after one; `Categories: a` and `Tags:
b`, see labelled_tags). A line of these shapes that
reads as prose is text, so each test is strict; and as the tests run for every
paragraph of an archive, each rules most paragraphs out cheaply first.
"""

import re

from posts.importing.archive_text import Paragraph
from posts.importing.dates import MONTHS, TIME_OF_DAY, date_line_match
from posts.importing.titles import CLOSING_MARKS, ELLIPSES, TITLE_MAX_CHARS

FILED_UNDER = re.compile(r"^Filed under\s*:?\s*(?P<tags>.*)$", re.I)
# Themes that print categories as `Filed under` print tags as `Tagged`.
TAGGED = re.compile(r"^Tagged(?:\s*:\s*|\s+)(?P<tags>.+)$", re.I)
# Other themes end a post with a row of cells, "Posted in a, b | Tagged c, d |
# Leave a comment" (WordPress's Twenty Ten), or with a sentence, "This entry
# was posted in a, b and tagged c, d. Bookmark the permalink." (Twenty Ten,
# Twenty Eleven: "… by Ray Jones. Bookmark…", Twenty Twelve: "… on March 4,
# 2017 by Ray Jones."). A sentence without those endings is text.
POSTED_IN_ROW = re.compile(
    r"^Posted in\s+(?P<categories>[^|]+?)\s*\|(?P<cells>.*)$", re.I
)
ROW_LINKS = ("edit",)
ENTRY_POSTED_IN = re.compile(
    r"^This entry was posted in\s+(?P<categories>.+?)"
    r"(?:\s+and tagged\s+(?P<tags>.+?))?"
    r"(?:(?:\s+by\s+[^.]+)?\.\s+Bookmark the permalink"
    r"|\s+on\s+[^.]*?\d{4}\s+by\s+[^.]+)\.$",
    re.I,
)
# Kubrick (WordPress's old default theme) prints a sentence under a post of
# its own, dating it and naming its categories: "This entry was posted on
# Saturday, March 25th, 2017 at 10:15 am and is filed under Social work. You
# can follow any responses to this entry through the RSS 2.0 feed.", then how
# to respond ("You can leave a response, or trackback from your own site.",
# or that responses are closed) and maybe its "Edit this entry." link.
_KUBRICK_RESPONSES = (
    r"You can leave a response, or trackback from your own site\."
    r"|Responses are currently closed, but you can trackback from your own site\."
    r"|You can skip to the end and leave a response\."
    r" Pinging is currently not allowed\."
    r"|Both comments and pings are currently closed\."
    r"|Edit this entry\."
)
ENTRY_POSTED_ON = re.compile(
    rf"^This entry was posted on\s+(?P<date>[^.]{{1,60}}?)\s+at\s+{TIME_OF_DAY}"
    r"\s+and is filed under\s+(?P<categories>.+?)\.\s+You can follow any"
    r" responses to this entry through the RSS 2\.0 feed\."
    rf"(?:\s*(?>{_KUBRICK_RESPONSES}))*+$",
    re.I,
)
# How each of those lines starts.
_POST_END_STARTS = r"Filed under|Posted in|This entry"
POST_END_START = re.compile(rf"\s*(?:{_POST_END_STARTS})", re.I)
# Themes that print none of those lines may end a post with its categories and
# tags on lines of their own, "Categories: Social work, Policy" and "Tags: a,
# b", in either order, maybe in one paragraph; Kubrick prints "Tags: a, b"
# right above its "Posted in" row. A body paragraph may start that way too
# ("Tags: a short history of electronic monitoring"), so each item is a few
# words, and a tag archive looks at what follows such a line.
CATEGORIES_LINE = re.compile(r"^Categor(?:y|ies)\s*:\s*(?P<tags>\S.*)$", re.I)
TAGS_LINE = re.compile(r"^Tags\s*:\s*(?P<tags>\S.*)$", re.I)
_LABELLED_START = r"(?:Categor(?:y|ies)|Tags)\s*:"
LABELLED_LINE_START = re.compile(rf"\s*{_LABELLED_START}", re.I)
LABELLED_TAG_MAX_WORDS = 5
# How any line of a post's footer that names tags starts.
FOOTER_LINE_START = re.compile(
    rf"\s*(?:{_POST_END_STARTS}|Tagged\b|{_LABELLED_START})", re.I
)
# A post's footer paragraph: categories, tags and a row or sentence at most.
FOOTER_MAX_LINES = 3
# Such a sentence is short. Longer text is not one, and is not tried: the
# pattern's time grows with the cube of a line that merely starts that way.
ENTRY_POSTED_IN_MAX_CHARS = 500
# "No Comments" is the count; "No comment" (singular) is a title or a reply.
# Blogger's link to a post's comments ends in a colon: "2 comments:"; Kubrick
# (WordPress's old default theme) ends it in an arrow: "No Comments »"; older
# themes print the count in brackets: "Comments (2)".
_COMMENT_COUNT = (
    r"(?:(?:Leave|Post) a (?:comment|reply)|Comments (?:off|closed)"
    r"|(?:\d+|No) (?:Comments|Responses|Replies)"
    r"|(?:1|One) (?:Comment|Response|Reply)|Comments \(\d+\))(?::|\s*[»›→])?"
)
COMMENT_COUNT = re.compile(rf"^{_COMMENT_COUNT}$", re.I)
COMMENT_LINE_MAX_CHARS = 40
# Links a blog prints below a page's last post, copied with it: Blogger's
# "Newer Post Older Post Home" and "Subscribe to: Posts (Atom)", WordPress's
# "← Older posts" and "« Older Entries". Each link may be on a line of its own.
_PAGE_LINK = r"(?:[«‹←]\s*)?(?:Newer|Older)\s+(?:Posts?|Entries)(?:\s*[»›→])?"
PAGE_NAVIGATION = re.compile(rf"^(?:{_PAGE_LINK}\s*)+(?:Home)?$", re.I)
FEED_LINK = re.compile(
    r"^Subscribe to:\s*(?:Posts|Post Comments|Comments)\s*\((?:Atom|RSS)\)$", re.I
)
PAGE_LINKS_MAX_LINES = 3
# The link at the end of a post's excerpt to the rest of it: Blogger's "Read
# more »", WordPress's "Continue reading →" (Twenty Ten to Twenty Fourteen),
# "Continue reading “Title”" (Twenty Fifteen on), Kubrick's "Read the rest of
# this entry »".
READ_MORE = re.compile(
    r"^(?:Continue reading|Read more|Read the rest of this entry)"
    r"(?:\s+[“\"][^”\"]{1,150}[”\"])?(?:\s*(?:[»›→]|\.\.\.|…))?$",
    re.I,
)
READ_MORE_START = re.compile(r"\s*(?:Continue|Read)", re.I)  # see SHARE_BUTTONS_START
# Share and like buttons copied as text: WordPress's "Share this:" and "Like
# this:" blocks (Jetpack), Blogger's "Email This BlogThis! Share to Twitter…",
# a button a line, maybe bulleted (`lynx -dump`), or run together on one.
_LIST_MARK = r"(?:[*•◦▪‣-]\s*)?"
_SHARED_TO = (
    r"Twitter|X|Facebook|LinkedIn|Reddit|Tumblr|Pinterest|Pocket|WhatsApp"
    r"|Telegram|Skype|Mastodon|Threads"
)
_SHARE_CUE = (
    r"Share this:?|Like this:?|(?:Like\s+)?Loading(?:\.\.\.|…)|Email This|BlogThis!"
    rf"|Share to (?:{_SHARED_TO})|Click to [^()\n]{{1,60}}\(Opens in new window\)"
)
_SHARE_BUTTON = rf"{_SHARE_CUE}|Like|Email|Print|More|{_SHARED_TO}"
# The first button is one that only share blocks have: a paragraph reading
# "Twitter" or "More" is text.
# Each button is matched once and kept (atomic groups, a possessive repeat):
# buttons may run together, and a regex free to split "Like Loading..." two
# ways at every button would take exponential time on a long paragraph.
_SHARE_BUTTONS = (
    rf"{_LIST_MARK}(?>{_SHARE_CUE})\s*(?:{_LIST_MARK}(?>{_SHARE_BUTTON})\s*)*+"
)
SHARE_BUTTONS = re.compile(rf"^{_SHARE_BUTTONS}$", re.I)
# How the first line of share buttons starts: a list mark or the first word
# of a cue. A look at it spares building the text of most short paragraphs.
SHARE_BUTTONS_START = re.compile(
    r"\s*(?:[*•◦▪‣-]|Share|Like|Loading|Email|BlogThis|Click)", re.I
)
SHARE_BUTTONS_MAX_LINES = 16
# Jetpack's buttons as a browser copies them: in a paragraph of their own below
# the `Share this:` heading, a name a line ("Twitter", "Facebook") or run
# together ("Twitter Facebook Email Print"). A paragraph of such names is text
# anywhere else ("Twitter" alone), so it counts only right below share or like
# buttons (see share_names_end).
SHARE_NAMES = re.compile(rf"^(?:{_LIST_MARK}(?>{_SHARE_BUTTON})\s*)++$", re.I)
SHARE_NAMES_START = re.compile(rf"\s*{_LIST_MARK}(?:{_SHARE_BUTTON})", re.I)
# Jetpack's related posts, under the share and like buttons: the heading
# "Related", then up to three posts, each its title, maybe its date, and its
# context: 'In "Category"', "With 2 comments" or "Similar post" (the date and
# the context are options; one of them shows). A paragraph each, a line each
# or all in one. A post's text may hold a "Related" heading, so the block
# counts only right below share or like buttons or right above a post's
# footer, and the heading alone only below the buttons (see
# related_posts_end).
RELATED_HEADING = "related"
RELATED_CONTEXT = re.compile(
    r"^(?:In\s+[“\"][^”\"]{1,100}[”\"]|With\s+\d[\d,]*\s+comments?|Similar post)$",
    re.I,
)
RELATED_POSTS_MAX = 3
RELATED_MAX_PARAGRAPHS = 1 + 3 * RELATED_POSTS_MAX

# Blogger prints a footer under each post: "Posted by Ray Jones at 10:15"
# (its time as the blog chose: "10:15 AM", "3/25/2017 10:15:00"), a comment
# line as above, and "Labels: child protection, Ofsted", the post's tags.
_NUMERIC_DATE = r"\d{1,2}/\d{1,2}/\d{2,4}"
# Copied from a browser, the footer's first row is one line: "Posted by Ray
# Jones at 10:15 AM 2 comments: Email ThisBlogThis!Share to Twitter…".
POSTED_BY = re.compile(
    rf"^Posted by\s+\S.{{0,60}}?\s+at\s+(?:{_NUMERIC_DATE}\s+)?{TIME_OF_DAY}"
    rf"(?:\s+{_COMMENT_COUNT})?(?:\s+{_SHARE_BUTTONS})?$",
    re.I,
)
# The same byline with no time ("Posted by Ray Jones": the blog hides it), or
# its time on a line of its own ("at 10:15 AM"), maybe after the name's. A
# title may read "Posted by mistake", so the dated archive reads such a line
# as a byline only where it ends a post (see is_blogger_byline).
BYLINE = re.compile(r"^Posted by(?:\s+[^\s.,:;!?]+){1,4}$", re.I)
BYLINE_TIME = re.compile(rf"^at\s+(?:{_NUMERIC_DATE}\s+)?{TIME_OF_DAY}$", re.I)
# A byline copied a part a line ("Posted by" / "Ray Jones" / "at 10:15 AM").
BYLINE_MAX_LINES = 3
BLOGGER_LABELS = re.compile(r"^Labels\s*:\s*(?P<tags>\S.*)$", re.I)
# Blogger's reaction buttons with their counts: "Reactions: funny (0)
# interesting (1) cool (0)". Each button is matched once and kept (see
# _SHARE_BUTTONS).
BLOGGER_REACTIONS = re.compile(r"^Reactions:(?:\s*(?>[^()]{1,30}\(\d+\)))++$", re.I)
# How the lines of Blogger's footer that may be longer than a title start.
LONG_FOOTER_LINE_START = re.compile(r"\s*(?:Reactions:|Labels)", re.I)

# Blogger's sidebar and page footer, copied below a page's last post. Its
# archive tree lists years and months with their post counts, "► 2017 (12)",
# "▼ March (4)" (an open one followed by its posts' titles), or is a flat list
# of months, "March 2017 (4)", under its "Blog Archive" heading; the profile
# gadget ends with the link "View my complete profile"; the page ends with
# "Powered by Blogger.", maybe after its theme's credits ("Simple theme.
# Theme images by luoman. Powered by Blogger.").
ARCHIVE_TREE_MARKS = "►▼"
TREE_INDENT_MAX_CHARS = 40  # w3m indents a nested tree
ARCHIVE_TREE_LINE = re.compile(r"^[►▼][^()]{1,40}\(\d{1,6}\)$")
ARCHIVE_MONTH_LINE = re.compile(
    rf"^(?:{'|'.join(MONTHS)})\s+\d{{4}}\s*\(\d{{1,6}}\)$", re.I
)
ARCHIVE_HEADING = "blog archive"
PROFILE_LINK = "view my complete profile"
ATTRIBUTION = "Powered by Blogger"
ATTRIBUTION_ENDINGS = (ATTRIBUTION, f"{ATTRIBUTION}.")
# The titles Blogger gives its sidebar gadgets, each a line of its own above
# the gadget, and the blog's copyright line ("© Ray Jones 2017", "Copyright ©
# 2017 Ray Jones") above its attribution.
GADGET_HEADINGS = frozenset(
    [
        ARCHIVE_HEADING,
        "about me",
        "followers",
        "labels",
        "popular posts",
        "subscribe to",
        "search this blog",
        "total pageviews",
        "contributors",
        "blog list",
        "my blog list",
        "links",
        "pages",
        "translate",
        "report abuse",
    ]
)
COPYRIGHT_LINE = re.compile(r"^(?:©|Copyright\s+(?:©|\(c\)|\d{4}))", re.I)

# A `Filed under` line whose last item is longer than this and ends as a
# sentence does is a body paragraph that happens to start with those words.
FILED_UNDER_TAG_MAX_WORDS = 3
PROSE_ENDINGS = (".", "!", "?")
# The end of `U.K.` or `Ph.D.`: a single letter between stops.
DOTTED_ABBREVIATION_END = re.compile(r"\.\w\.$")


def is_comment_line(paragraph):
    # The length first: most paragraphs are long lines, costly to normalize.
    lines = paragraph.lines
    return (
        len(lines) == 1
        and len(lines[0]) <= COMMENT_LINE_MAX_CHARS
        and COMMENT_COUNT.match(paragraph.text)
    )


def is_page_links(paragraph):
    """Whether a paragraph is the links to other pages of the blog printed
    under a page's last post (`Older posts`, `Subscribe to: Posts (Atom)`),
    on one line or a line each."""
    lines = paragraph.lines
    if len(lines) > PAGE_LINKS_MAX_LINES or len(lines[0]) > COMMENT_LINE_MAX_CHARS:
        return False
    text = paragraph.text
    return bool(PAGE_NAVIGATION.match(text) or FEED_LINK.match(text))


def is_read_more_link(paragraph):
    """Whether a paragraph is the link from a post's excerpt to the rest of it
    (`Read more »`, `Continue reading →`, `Continue reading “Title”`)."""
    lines = paragraph.lines
    return (
        len(lines) == 1
        and READ_MORE_START.match(lines[0]) is not None
        and READ_MORE.match(paragraph.text) is not None
    )


def is_share_buttons(paragraph):
    """Whether a paragraph is a post's share or like buttons copied as text
    (`Share this:`, `Like Loading...`, `Email This`, `BlogThis!`…)."""
    return _is_buttons(paragraph, SHARE_BUTTONS_START, SHARE_BUTTONS)


def is_share_names(paragraph):
    """Whether a paragraph is share buttons' names alone (`Twitter`,
    `Facebook`, `Twitter Facebook Email Print`), with no heading."""
    return _is_buttons(paragraph, SHARE_NAMES_START, SHARE_NAMES)


def _is_buttons(paragraph, start, pattern):
    """Whether a short paragraph whose first line matches `start` matches
    `pattern` whole: most paragraphs are ruled out before their text is built."""
    lines = paragraph.lines
    if len(lines) > SHARE_BUTTONS_MAX_LINES or len(lines[0]) > TITLE_MAX_CHARS:
        return False
    return bool(start.match(lines[0]) and pattern.match(paragraph.text))


def share_names_end(paragraphs, index):
    """The index past the paragraphs of share buttons' names (see
    is_share_names) starting at paragraphs[index] right below share or like
    buttons (`Share this:`), or `index` when there are none."""
    if not is_share_names(paragraphs[index]):  # most paragraphs: no look back
        return index
    start = index
    while start > 0 and start > index - SHARE_BUTTONS_MAX_LINES:
        if is_share_buttons(paragraphs[start - 1]):
            break
        if not is_share_names(paragraphs[start - 1]):
            return index
        start -= 1
    else:
        return index
    end = index
    while end < len(paragraphs) and is_share_names(paragraphs[end]):
        end += 1
    return end


def is_metadata_line(paragraph):
    """Whether a paragraph is a line a blog prints about a post or the page
    rather than text of a post: a comment line, share buttons, a link to the
    rest of the post or the page's links."""
    # Each starts with a short line: most paragraphs are ruled out at once.
    if len(paragraph.lines[0]) > TITLE_MAX_CHARS:
        return False
    return bool(
        is_comment_line(paragraph)
        or is_share_buttons(paragraph)
        or is_page_links(paragraph)
        or is_read_more_link(paragraph)
    )


def related_posts_end(paragraphs, index):
    """The index past Jetpack's related posts starting at paragraphs[index]
    with their `Related` heading (see RELATED_CONTEXT), or `index` when there
    are none: right below share or like buttons, the heading and up to three
    posts; elsewhere, one to three posts right above a comment line or a line
    ending the post."""
    lines = paragraphs[index].lines
    if len(lines[0]) > TITLE_MAX_CHARS or lines[0].strip().lower() != RELATED_HEADING:
        return index  # most paragraphs, at one look
    below_buttons = index > 0 and (
        is_share_buttons(paragraphs[index - 1])
        or share_names_end(paragraphs, index - 1) > index - 1
    )
    for end, posts in reversed(_related_posts_ends(paragraphs, index)):
        if below_buttons or (
            posts and end < len(paragraphs) and _ends_post_here(paragraphs[end])
        ):
            return end
    return index


def _related_posts_ends(paragraphs, index):
    """Where Jetpack's related posts under the `Related` line starting
    paragraphs[index] may end, with how many posts each end leaves above it:
    past each paragraph that ends with a whole post (or the heading alone),
    at most three posts in all."""
    posts, expected, ends = 0, "title", []
    lines = paragraphs[index].lines[1:]
    for number in range(index, min(len(paragraphs), index + RELATED_MAX_PARAGRAPHS)):
        if number > index:
            lines = paragraphs[number].lines
        for line in lines:
            if len(line) > TITLE_MAX_CHARS:
                return ends
            if expected == "date or context" and date_line_match(line):
                expected = "context or title"
            elif expected != "title" and RELATED_CONTEXT.match(line.strip()):
                posts, expected = posts + 1, "title"
            elif expected == "date or context":
                return ends
            else:  # a title, maybe below a post with a date and no context
                posts += expected == "context or title"
                expected = "date or context"
            if posts + (expected == "context or title") > RELATED_POSTS_MAX:
                return ends
        if expected != "date or context":
            ends.append((number + 1, posts + (expected == "context or title")))
    return ends


def _ends_post_here(paragraph):
    """Whether a paragraph is a comment line or another metadata line, or a
    line ending a post (`Filed under`, `Categories:`…)."""
    return (
        is_metadata_line(paragraph)
        or post_end_tags(paragraph) is not None
        or labelled_tags(paragraph) is not None
    )


def metadata_end(paragraphs, index):
    """The index past the metadata starting at paragraphs[index]: a metadata
    line, share buttons' names below their heading (see share_names_end) or
    Jetpack's related posts (see related_posts_end); `index` when it is
    none."""
    if is_metadata_line(paragraphs[index]):
        return index + 1
    end = share_names_end(paragraphs, index)
    return end if end > index else related_posts_end(paragraphs, index)


def past_metadata(paragraphs, index):
    """The index of the first paragraph from `index` on that is no metadata
    (a theme may print "2 Comments" and "Leave a reply", or share buttons and
    a comment line, one after another; see metadata_end)."""
    while index < len(paragraphs) and (end := metadata_end(paragraphs, index)) > index:
        index = end
    return index


def is_blogger_footer(paragraph):
    """Whether a paragraph is a line Blogger prints under a post: `Posted by
    … at 10:15`, a comment line (`2 comments`), `Labels: a, b`, `Reactions:
    funny (0) cool (1)`, or the page's links under its last post (see
    is_page_links)."""
    lines = paragraph.lines
    # This runs for most paragraphs of a dated archive, long lines of text:
    # metadata lines and bylines start with a short line, and a longer one is
    # ruled out by its start alone before any other test.
    if len(lines[0]) <= TITLE_MAX_CHARS:
        if is_metadata_line(paragraph):
            return True
        if _is_byline_lines(paragraph) and POSTED_BY.match(paragraph.text):
            return True
    if len(lines) != 1 or not LONG_FOOTER_LINE_START.match(lines[0]):
        return False
    return bool(
        BLOGGER_REACTIONS.match(lines[0].strip()) or labels_tags(paragraph) is not None
    )


def is_blogger_byline(paragraph):
    """Whether a paragraph is Blogger's byline without its time (`Posted by
    Ray Jones`) or the time on its own (`at 10:15 AM`). Either is a footer
    line only where it ends a post: `Posted by mistake` is also a title."""
    if len(paragraph.lines[0]) > TITLE_MAX_CHARS:  # most paragraphs: no call
        return False
    if _is_byline_lines(paragraph):
        return bool(BYLINE.match(paragraph.text))
    lines = paragraph.lines
    return (
        len(lines) == 1
        and len(lines[0]) <= COMMENT_LINE_MAX_CHARS
        and bool(BYLINE_TIME.match(lines[0].strip()))
    )


def _is_byline_lines(paragraph):
    """Whether a paragraph starts as a byline does, `Posted by`, in a few
    short lines (a browser may copy its parts a line each)."""
    lines = paragraph.lines
    return (
        len(lines) <= BYLINE_MAX_LINES
        and len(lines[0]) <= TITLE_MAX_CHARS
        and lines[0].lstrip()[:9].lower() == "posted by"
    )


def filed_under_tags(paragraph):
    """The tags of a `Filed under a, b` paragraph, or None when it is not one:
    it is a single line that does not read as prose (see reads_as_prose), so
    a body paragraph such as 'Filed under "x" for years, this was ignored.'
    is text."""
    return _tag_line_tags(paragraph, FILED_UNDER)


def post_end_tags(paragraph):
    """The tags of a line that ends a tag archive's post, or None: a `Filed
    under a, b` line, or another theme's `Posted in a | Tagged b | Leave a
    comment` row or `This entry was posted in a and tagged b. Bookmark the
    permalink.` sentence; or a paragraph of a few lines, one of them such a
    line and the others tag lines (Kubrick's `Tags: a, b` above its `Posted
    in` row, see footer_block_tags)."""
    if len(paragraph.lines) > 1:
        return footer_block_tags(paragraph)
    # One look at the line's start first: this runs for every paragraph.
    if not POST_END_START.match(paragraph.lines[0]):
        return None
    for read in (filed_under_tags, posted_in_row_tags, entry_posted_in_tags):
        if (tags := read(paragraph)) is not None:
            return tags
    return None


def footer_block_tags(paragraph):
    """The tags of a paragraph of a few lines, each a line ending a post (see
    post_end_tags) or a tag line (`Categories: a`, `Tags: b`, `Tagged c`), at
    least one of them the former; or None."""
    lines = paragraph.lines
    if len(lines) > FOOTER_MAX_LINES:
        return None
    # Each line's start first: most paragraphs of several lines are text.
    if not all(FOOTER_LINE_START.match(line) for line in lines):
        return None
    tags, ends_post = [], False
    for number, line in enumerate(lines):
        single = Paragraph(paragraph.line + number, [line])
        if (line_tags := post_end_tags(single)) is not None:
            ends_post = True
        elif (line_tags := labelled_tags(single)) is None and (
            line_tags := tagged_tags(single)
        ) is None:
            return None
        tags += line_tags
    return tags if ends_post else None


def labelled_tags(paragraph):
    """The tags of a paragraph of `Categories: a, b` and `Tags: c` lines, or
    None: each item of each line is a tag of a few words, and the last does
    not read as prose (see reads_as_prose). Whether it ends a post depends on
    what follows (see posts.importing.tag_archive.labelled_footer_tags)."""
    lines = paragraph.lines
    if len(lines) > FOOTER_MAX_LINES or not LABELLED_LINE_START.match(lines[0]):
        return None
    tags = []
    for number, line in enumerate(lines):
        single = Paragraph(paragraph.line + number, [line])
        line_tags = _tag_line_tags(single, CATEGORIES_LINE)
        if line_tags is None:
            line_tags = _tag_line_tags(single, TAGS_LINE)
        if line_tags is None or any(
            len(tag.split()) > LABELLED_TAG_MAX_WORDS for tag in line_tags
        ):
            return None
        tags += line_tags
    return tags


def posted_in_row_tags(paragraph):
    """The categories and tags of a `Posted in a, b | Tagged c | 2 Comments`
    row, or None when it is not one: a cell that is no `Tagged` list, comment
    line or `Edit` link makes it text ("Posted in 2010 | the report…")."""
    row = _single_line_match(paragraph, POSTED_IN_ROW)
    if row is None:
        return None
    tags = split_tag_list(row["categories"])
    for cell in (cell.strip() for cell in row["cells"].split("|")):
        if tagged := TAGGED.match(cell):
            tags += split_tag_list(tagged["tags"])
        elif not (COMMENT_COUNT.match(cell) or cell.lower() in ROW_LINKS):
            return None
    return tags


def entry_posted_in_tags(paragraph):
    """The categories and tags of a `This entry was posted in a and tagged b.
    Bookmark the permalink.` sentence, or the categories of Kubrick's `This
    entry was posted on <date> at <time> and is filed under a. …`; or None."""
    if len(paragraph.lines[0]) > ENTRY_POSTED_IN_MAX_CHARS:
        return None
    if entry := _single_line_match(paragraph, ENTRY_POSTED_IN):
        tags = entry["tags"] or ""
        return split_tag_list(entry["categories"]) + split_tag_list(tags)
    if entry := _single_line_match(paragraph, ENTRY_POSTED_ON):
        return split_tag_list(entry["categories"])
    return None


def post_end_date_text(paragraph):
    """The date named by a line of a post's footer (Kubrick's `This entry was
    posted on Saturday, March 25th, 2017 at 10:15 am and is filed under …`),
    as written, or None. The footer may be a paragraph of a few lines."""
    for number, line in enumerate(paragraph.lines[:FOOTER_MAX_LINES]):
        if len(line) > ENTRY_POSTED_IN_MAX_CHARS:
            continue
        entry = _single_line_match(
            Paragraph(paragraph.line + number, [line]), ENTRY_POSTED_ON
        )
        if entry:
            return entry["date"]
    return None


def _single_line_match(paragraph, pattern):
    """The match of `pattern` on a one-line paragraph's text, or None."""
    if len(paragraph.lines) != 1 or not pattern.match(paragraph.lines[0].lstrip()):
        return None  # the line's start first: the whole text is costly to build
    return pattern.match(paragraph.text)


def split_tag_list(text):
    """The names of a comma-separated list of tags, none empty."""
    return [name.strip() for name in text.split(",") if name.strip()]


def tagged_tags(paragraph):
    """The tags of a `Tagged a, b` paragraph, or None (see filed_under_tags)."""
    return _tag_line_tags(paragraph, TAGGED)


def labels_tags(paragraph):
    """The tags of a Blogger `Labels: a, b` paragraph, or None (see
    filed_under_tags)."""
    return _tag_line_tags(paragraph, BLOGGER_LABELS)


def _tag_line_tags(paragraph, tag_line):
    match = _single_line_match(paragraph, tag_line)
    if match is None:
        return None
    tags = match["tags"].split(",")
    if reads_as_prose(tags[-1]):
        return None
    return [*tags[:-1], without_final_stop(tags[-1])]


def without_final_stop(last_tag):
    """A tag line's last tag without the full stop that ends the line
    (`Filed under Ofsted, inspection.`), but for the stop of a letter-by-letter
    abbreviation (`U.K.`, `Ph.D.`) or of an ellipsis, which is the tag's own."""
    last_tag = last_tag.strip()
    if not last_tag.endswith(".") or last_tag.endswith(ELLIPSES):
        return last_tag
    return last_tag if DOTTED_ABBREVIATION_END.search(last_tag) else last_tag[:-1]


def reads_as_prose(last_tag):
    """Whether a `Filed under` line's last item is the end of a sentence: more
    than a few words ending in a full stop, `!` or `?`. Tags are a word or
    three and may end in a stop themselves (`U.K.`) or in a word that would
    dangle in a sentence (`WHO`, `Plan A`), so nothing shorter counts."""
    ending = last_tag.rstrip(CLOSING_MARKS)
    return len(last_tag.split()) > FILED_UNDER_TAG_MAX_WORDS and ending.endswith(
        PROSE_ENDINGS
    )


def is_blogger_sidebar(paragraph):
    """Whether a paragraph is part of Blogger's sidebar or page footer that
    no post's text would be: its archive tree (`► 2017 (12)`, maybe under its
    `Blog Archive` heading), its profile gadget (ending with `View my complete
    profile`) or the page's last line (`Powered by Blogger.`)."""
    lines = paragraph.lines
    # A look at the ends of lines first, nothing copied: this runs for every
    # paragraph of a dated archive, most of them long lines.
    first, last = lines[0], lines[-1]
    if first[:TREE_INDENT_MAX_CHARS].lstrip()[:1] in ARCHIVE_TREE_MARKS or (
        len(first) < TITLE_MAX_CHARS and first.strip().lower() == ARCHIVE_HEADING
    ):
        return _is_archive_tree(lines)
    if last.endswith(ATTRIBUTION_ENDINGS):
        before = last.removesuffix(".").removesuffix(ATTRIBUTION).strip()
        # After a theme's credits at most: "… is powered by Blogger." is text.
        return not before or before.endswith(".")
    return last.endswith("profile") and last.strip().lower() == PROFILE_LINK


def _is_archive_tree(lines):
    """Whether lines are Blogger's archive tree: under its heading maybe, a
    year or month with its count first (an open month's titles may follow)."""
    if lines[0].strip().lower() == ARCHIVE_HEADING:
        lines = lines[1:]
    first = lines[0].strip() if lines else ""
    return bool(ARCHIVE_TREE_LINE.match(first) or ARCHIVE_MONTH_LINE.match(first))


def is_sidebar_heading(paragraph):
    """Whether a paragraph is the heading of one of Blogger's sidebar gadgets
    (`About Me`, `Followers`, see GADGET_HEADINGS) or the blog's copyright
    line: page furniture right above the sidebar."""
    lines = paragraph.lines
    if len(lines) != 1 or len(lines[0]) > TITLE_MAX_CHARS:
        return False
    line = lines[0].strip()
    return line.lower() in GADGET_HEADINGS or bool(COPYRIGHT_LINE.match(line))
