"""Round trips: posts written out as archive text, the way README.md ("What the
parser reads") and seeds/ show each kind of archive, are read back exactly as
they were written: title, date, tags and every line of every paragraph.

The strategies generate what a real post could hold (curly quotes, accented
letters, numbers, footnotes, bullet lists, web addresses) and leave out only
what the README says is read otherwise; each such rule is noted where it is
kept. The archives go through the real entry point, read_archives, as files:
UTF-8 with or without a BOM, any line ending, composed or decomposed accents.
"""

import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from posts.importing.parser import read_archives

SOURCE = "archive.txt"

# --- words ------------------------------------------------------------------

WORDS = (
    "the a of to and in for with on that is was are were not no it this which "
    "report inquiry council councils review families carers children child "
    "workers practitioners manager managers inspectorate budget caseloads court "
    "school services agency staff government minister research evidence culture "
    "system scheme blame learning retention recruitment protection social care "
    "work training support funding cuts pressure morale safety quality decisions "
    "found said argued showed cost rose fell needs must should could would "
    "local national urgent serious careful young vulnerable frontline "
    "café naïve rôle déjà façade élite résumé über "
    "Zoë Müller Pérez Siobhán Ofsted Munro Birmingham Senge DfE NSPCC England "
    "children’s don’t isn’t it’s council’s Ofsted’s workers’ "
    "22 164 10,000 £1.9bn 40% 2017 3.5 1970s £340 one-third (DfE) – "
    "s/he e.g. etc. 80-20"
).split()
QUOTED = ["“Hallelujah”", "‘churn’", "“what works”", "‘conduct a review’"]
# Dates inside a sentence: a line that is a date alone is a day line or text
# by README's rules on day lines, so dates only appear within sentences.
DATE_PHRASES = ["on 4 March 2017", "by Friday, 23 December 2016", "since May 2010"]
WEB_ADDRESSES = ["https://www.gov.uk/government/publications/report", "www.rsa.org.uk"]
NAMES = ["Ray Jones", "Zoë Pérez", "Siobhán O’Neill", "Jo"]


def capitalised(word):
    return word[:1].upper() + word[1:]


@st.composite
def sentences(draw, plain_stop=False):
    """A sentence: capitalised, ending in `.`, `!`, `?` or `…` (`.` alone when
    `plain_stop`), maybe with a quoted phrase, a date, a web address or a
    footnote marker."""
    words = draw(st.lists(st.sampled_from(WORDS), min_size=3, max_size=16))
    extras = draw(
        st.lists(st.sampled_from([*QUOTED, *DATE_PHRASES, *WEB_ADDRESSES]), max_size=2)
    )
    for extra in extras:
        words.insert(draw(st.integers(1, len(words))), extra)
    text = capitalised(" ".join(words))
    if draw(st.integers(0, 9)) == 0:
        text += f" [{draw(st.integers(1, 4))}]"  # a footnote marker
    if plain_stop:
        return f"{text}."
    end = draw(st.sampled_from([".", ".", ".", "!", "?", "…"]))
    if draw(st.integers(0, 7)) == 0:
        return f"“{text}{end}”"  # a quotation as a whole sentence
    return f"{text}{end}"


def is_title_sized(line):
    """README: a title is at most 150 characters and 30 words."""
    return len(line) <= 150 and len(line.split()) <= 30


@st.composite
def prose_paragraphs(draw, title_safe):
    """A paragraph of sentences, its lines broken (if at all) between them.

    With `title_safe`, a paragraph of one short line ends in a plain full stop:
    README (dated archive) reads a one-line paragraph of at most 150
    characters and 30 words that ends in `?`, `!` or `…` as the title of the
    next post, which is what it looks like; in the middle of a body that is
    not a paragraph the README says is read as text.
    """
    texts = draw(st.lists(sentences(), min_size=1, max_size=5))
    cuts = sorted(draw(st.sets(st.integers(1, len(texts) - 1)))) if texts[1:] else []
    if draw(st.integers(0, 2)):
        cuts = []  # most paragraphs are one line
    lines = [
        " ".join(texts[start:end])
        for start, end in zip([0, *cuts], [*cuts, len(texts)], strict=True)
    ]
    if title_safe and len(lines) == 1 and is_title_sized(lines[0]):
        texts[-1] = draw(sentences(plain_stop=True))
        lines = [" ".join(texts)]
    return lines


BULLETS = ["•", "•", "◦", "▪"]
ITEM_WORDS = "clear ownership of the scheme by profession a well-structured curriculum "
ITEM_WORDS += "mechanism for reviewing training and accreditation café rôle 2017 £9,000"


@st.composite
def bullet_lists(draw):
    """A list typed as text: `  • item` lines (README: `•` lines become a
    list), maybe under an introducing line."""
    bullet = draw(st.sampled_from(BULLETS))
    indent = draw(st.sampled_from(["  ", "", " "]))
    items = draw(
        st.lists(
            st.lists(st.sampled_from(ITEM_WORDS.split()), min_size=2, max_size=10),
            min_size=1,
            max_size=5,
        )
    )
    end = draw(st.sampled_from(["", ".", ";"]))
    lines = [f"{indent}{bullet} {capitalised(' '.join(item))}{end}" for item in items]
    if draw(st.booleans()):
        lines.insert(0, draw(st.sampled_from(["Features:", "The report found:"])))
    return lines


@st.composite
def footnotes(draw):
    """Notes under a post: `[1] A source.`, maybe under a `Notes` heading
    (README: a line followed by a footnote is no title)."""
    count = draw(st.integers(1, 3))
    notes = []
    for number in range(1, count + 1):
        text = draw(sentences(plain_stop=True))
        if draw(st.booleans()):
            text = text.removesuffix(".")  # as seeds/ has it: a source, no stop
        notes.append([f"[{number}] {text}"])
    return ([["Notes"]] if draw(st.booleans()) else []) + notes


@st.composite
def bodies(draw, dated, untitled=False):
    """One to several paragraphs; sometimes a bullet list, footnotes or a
    sign-off. README (dated archive): the paragraph right after a title always
    belongs to the body, and no title is followed by a footnote or a bullet, so
    the first paragraph is prose and may look like a title; the others may not
    in a dated archive (see prose_paragraphs), nor the first of an untitled
    post, which no title is above."""
    paragraphs = [draw(prose_paragraphs(title_safe=untitled))]
    for _ in range(draw(st.integers(0, 4))):
        if draw(st.integers(0, 5)) == 0:
            paragraphs.append(draw(bullet_lists()))
        else:
            paragraphs.append(draw(prose_paragraphs(title_safe=dated)))
    if draw(st.integers(0, 4)) == 0:
        paragraphs += draw(footnotes())
    return paragraphs


# --- titles -----------------------------------------------------------------

TITLE_FIRST = [
    "The", "A", "Why", "Is", "Ofsted", "Children’s", "Need", "Bottom", "Stop",
    "10", "£11m", "Zoë", "Élite", "Pay", "‘Churn’", "“Hallelujah”", "Mandatory",
]  # fmt: skip
TITLE_MIDDLE = (
    "social work care child protection reporting the a of in and for to not but "
    "innovation focus learning blame game options support workers inspectorate "
    "review café naïve rôle Pérez Müller England Ofsted 2017 – going"
).split()
TITLE_MIDDLE_MARKS = ["", "", "", "", ",", ":"]
# README: a title does not end in "a dangling lower-case word such as "to",
# "and" or "the", though a title may end in "on", "her" or "Who"". The list is
# open ("such as"), so no title here ends in a lower-case function word; it
# ends in a noun, a name, a number, a quotation, or one of the words README
# names as fine.
TITLE_LAST = (
    "options work innovation focus blame problem reporting workers services "
    "Ofsted England Munro 2017 café rôle Zoë Senge on her Who that up "
    "“Hallelujah” ‘churn’"
).split()
TITLE_ENDS = ["", "", "", "", "?", "!", "…", " …", "…."]
# README: "a letter of a script without capitals, such as 児童福祉の未来".
CJK_TITLES = ["児童福祉の未来", "子どもの権利について", "社会的養護の現状と課題"]


@st.composite
def titles(draw):
    """README: a one-line paragraph of at most 150 characters and 30 words,
    whose first letter is not lower case, that does not end like a sentence
    (`.`, `,`, `:`, `;`, a dangling word) and holds no web address."""
    if draw(st.integers(0, 19)) == 0:
        return draw(st.sampled_from(CJK_TITLES))
    middle = draw(st.lists(st.sampled_from(TITLE_MIDDLE), max_size=24))
    marked = [
        word + draw(st.sampled_from(TITLE_MIDDLE_MARKS)) if word != "–" else word
        for word in middle
    ]
    words = [draw(st.sampled_from(TITLE_FIRST)), *marked]
    words.append(draw(st.sampled_from(TITLE_LAST)))
    if draw(st.booleans()):
        words = [capitalised(word) if len(word) > 3 else word for word in words]
    title = " ".join(words) + draw(st.sampled_from(TITLE_ENDS))
    # Titles past README's limits are not titles: shorten to fit.
    while not is_title_sized(title):
        words.pop(-2)
        title = " ".join(words)
    return title


def title_key(title):
    """The words of a title, as a post's identity has them: two posts of one
    archive with the same date and title words are one post or variants
    (README: "Identity, duplicates and re-import"), so titles differ here."""
    return tuple(re.findall(r"\w+", title.replace("’", "").lower()))


# --- tags -------------------------------------------------------------------

TAG_WORDS = (
    "child protection social work care children’s children's Ofsted fostering "
    "adoption funding inspection Munro review NSPCC Brexit workforce café "
    "Pérez 2017 Baby P Sure Start"
).split()


@st.composite
def tag_names(draw):
    words = draw(st.lists(st.sampled_from(TAG_WORDS), min_size=1, max_size=3))
    if draw(st.integers(0, 14)) == 0:
        return "U.K."  # README: a letter-by-letter abbreviation keeps its stop
    return " ".join(words)


def tag_key(name):
    """README: tags are one tag when they differ only in case, curly versus
    straight apostrophes or spacing."""
    return " ".join(name.replace("’", "'").split()).casefold()


def tag_lists(min_size=1):
    return st.lists(tag_names(), min_size=min_size, max_size=3, unique_by=tag_key)


def expected_tag_keys(names):
    return sorted({tag_key(name) for name in names})


# --- dates ------------------------------------------------------------------

WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
WEEKDAY_ABBREVIATIONS = [
    ["Mon"], ["Tue", "Tues"], ["Wed"], ["Thu", "Thur", "Thurs"], ["Fri"], ["Sat"],
    ["Sun"],
]  # fmt: skip
MONTHS = (
    "January February March April May June July August September October "
    "November December"
).split()
MONTH_ABBREVIATIONS = [[name[:3]] for name in MONTHS]
MONTH_ABBREVIATIONS[8].append("Sept")


@dataclass(frozen=True)
class DateStyle:
    """How an archive writes its day lines (README: "with or without a
    weekday, day or month first (names full or abbreviated either way)")."""

    weekday: bool
    day_first: bool
    comma: bool


date_styles = st.builds(DateStyle, st.booleans(), st.booleans(), st.booleans())
days = st.dates(min_value=date(1998, 1, 1), max_value=date(2030, 12, 31))


@st.composite
def names_of(draw, full, abbreviations):
    """A weekday or month written in full or abbreviated, with or without a
    full stop (`Tues`, `Sept.`)."""
    name = draw(st.sampled_from([full, *abbreviations]))
    if name != full and draw(st.booleans()):
        name += "."
    return name


@st.composite
def date_lines(draw, day, style):
    month = draw(names_of(MONTHS[day.month - 1], MONTH_ABBREVIATIONS[day.month - 1]))
    if style.day_first:
        line = f"{day.day} {month} {day.year}"
    else:
        line = f"{month} {day.day}, {day.year}"
    if style.weekday:
        weekday = draw(
            names_of(WEEKDAYS[day.weekday()], WEEKDAY_ABBREVIATIONS[day.weekday()])
        )
        line = f"{weekday}{',' if style.comma else ''} {line}"
    return line


# --- posts ------------------------------------------------------------------


@dataclass
class Post:
    """A post as generated: what the parser should read, and the metadata
    paragraphs written around it."""

    title: str
    published: date | None
    tags: list
    paragraphs: list  # each a list of lines
    above: list = field(default_factory=list)  # paragraphs above the title
    under_title: list = field(default_factory=list)  # a date line
    footer: list = field(default_factory=list)
    untitled: bool = False  # its title is made of its first words

    def text(self):
        title = [] if self.untitled else [[self.title]]
        return join_paragraphs(
            [*self.above, *title, *self.under_title, *self.paragraphs, *self.footer]
        )


def join_paragraphs(paragraphs):
    return "\n\n".join("\n".join(lines) for lines in paragraphs)


SIGN_OFFS = ["Ray", "Best wishes", "Zoë"]


def unique_posts(post_strategy, min_size, max_size):
    return st.lists(
        post_strategy,
        min_size=min_size,
        max_size=max_size,
        unique_by=lambda post: title_key(post.title),
    )


def split_into_groups(draw, items):
    """Consecutive runs of `items`, none empty."""
    cuts = sorted(draw(st.sets(st.integers(1, len(items) - 1)))) if items[1:] else []
    return [
        items[start:end]
        for start, end in zip([0, *cuts], [*cuts, len(items)], strict=True)
    ]


# --- dated archives ---------------------------------------------------------

TIMES = ["10:15", "10:15 AM", "9:05 pm", "3/25/2017 10:15:00", "10:15:07 AM"]
BLOGGER_COMMENTS = ["2 comments", "No comments", "2 comments:", "1 comment:"]
BLOGGER_COMMENTS.append("Post a Comment")


@st.composite
def blogger_footers(draw, labels):
    """Blogger's footer, each line a paragraph of its own (README): `Posted by
    X at 10:15` (maybe with the comment line on it, or a part a line), a
    comment line, the reaction buttons and `Labels: a, b`."""
    footer = []
    if draw(st.booleans()):
        name, time = draw(st.sampled_from(NAMES)), draw(st.sampled_from(TIMES))
        shape = draw(st.sampled_from(["line", "with comments", "a part a line"]))
        if shape == "a part a line":
            footer.append(["Posted by", name, f"at {time}"])
        elif shape == "with comments":
            comments = draw(st.sampled_from(BLOGGER_COMMENTS[:4]))
            footer.append([f"Posted by {name} at {time} {comments}"])
        else:
            footer.append([f"Posted by {name} at {time}"])
    if draw(st.booleans()):
        footer.append([draw(st.sampled_from(BLOGGER_COMMENTS))])
    if draw(st.integers(0, 4)) == 0:
        footer.append(["Reactions: funny (0) interesting (2) cool (1)"])
    if labels:
        footer.append(["Labels: " + ", ".join(labels)])
    return footer


@st.composite
def dated_posts(draw):
    labels = draw(st.one_of(st.just([]), tag_lists()))
    body = draw(bodies(dated=True))
    post = Post(draw(titles()), None, labels, body)
    post.footer = draw(blogger_footers(labels))
    if draw(st.integers(0, 5)) == 0:
        post.paragraphs.append([draw(st.sampled_from(SIGN_OFFS))])
    return post


@st.composite
def untitled_posts(draw):
    """README: "A day whose first paragraph is not a title holds a post
    without a title": its first paragraph is prose no title could be (see
    prose_paragraphs)."""
    body = draw(bodies(dated=True, untitled=True))
    words = " ".join(body[0]).split()
    title = " ".join(words[:UNTITLED_WORDS]) + ("…" if words[UNTITLED_WORDS:] else "")
    post = Post(title, None, [], body, untitled=True)
    post.footer = draw(blogger_footers([]))
    return post


UNTITLED_WORDS = 8


@st.composite
def dated_archives(draw):
    """A dated (Blogger) archive: days, each a day line and its posts, the
    first maybe untitled. Returns (text, posts)."""
    style = draw(date_styles)
    posts = draw(unique_posts(dated_posts(), 1, 6))
    groups = split_into_groups(draw, posts)
    # Days of their own dates: an untitled post's identity is its date and
    # its number in the day (README: `2014-04-17/untitled-1`).
    dates = draw(
        st.lists(days, min_size=len(groups), max_size=len(groups), unique=True)
    )
    indent = draw(st.sampled_from(["", "", "  "]))  # README: however indented
    text = ""
    for day, day_posts in zip(dates, groups, strict=True):
        if draw(st.integers(0, 5)) == 0:
            day_posts.insert(0, draw(untitled_posts()))
            posts.insert(posts.index(day_posts[1]), day_posts[0])
        day_line = indent + draw(date_lines(day, style))
        for number, post in enumerate(day_posts):
            post.published = day
            last = number == len(day_posts) - 1
            if post.paragraphs[-1][0] in SIGN_OFFS and not (post.footer or last):
                # README: a short line is a sign-off ending the post above
                # when a footer line follows it (or nothing does); followed
                # by the next title it is a title itself.
                post.paragraphs.pop()
        first, *rest = [post.text() for post in day_posts]
        # README: the day's first line may follow the day line with no blank
        # line between, and a day line copied without the blank line above it
        # starts a day when a post's title follows it.
        below = "\n" if draw(st.integers(0, 3)) == 0 else "\n\n"
        glued = text and not day_posts[0].untitled and draw(st.integers(0, 3)) == 0
        above = "\n" if glued else "\n\n"
        day_text = "\n\n".join([f"{day_line}{below}{first}", *rest])
        text = f"{text}{above}{day_text}" if text else day_text
    return text + "\n", posts


# --- tag archives -----------------------------------------------------------

COMMENTS = [
    "Leave a comment", "Leave a reply", "No Comments", "2 Comments", "One Response",
    "3 Responses", "3 Replies", "Comments (2)", "No Comments »", "2 Comments:",
]  # fmt: skip


def tag_list(names):
    return ", ".join(names)


@st.composite
def tag_archive_footers(draw, categories, tags):
    """The lines ending a tag archive's post, after an optional comment line
    or two (README): `Filed under a, b` (its final full stop punctuation) and
    maybe a `Tagged c` line; or another theme's `Posted in a | Tagged c |
    Leave a comment` row, `This entry was posted in a and tagged c. Bookmark
    the permalink.` sentence (Kubrick's, `This entry was posted on <date> …
    and is filed under a.`, names no tags), or `Categories: a` and `Tags: c`
    lines. Returns (paragraphs, the tags written, the date they give the post
    or None)."""
    footer = [[line] for line in draw(st.lists(st.sampled_from(COMMENTS), max_size=2))]
    style = draw(
        st.sampled_from(["filed", "filed", "row", "entry", "kubrick", "labels"])
    )
    if style == "filed":
        line = "Filed under " + tag_list(categories)
        if not line.endswith(".") and draw(st.booleans()):
            line += "."
        footer.append([line])
        if tags:
            colon = draw(st.sampled_from([" ", ": "]))
            footer.append([f"Tagged{colon}{tag_list(tags)}"])
    elif style == "row":
        cells = [f"Posted in {tag_list(categories)}"]
        if tags:
            cells.append(f"Tagged {tag_list(tags)}")
        cells += draw(
            st.lists(st.sampled_from(["Leave a comment", "Edit"]), max_size=1)
        )
        if len(cells) == 1:
            cells.append(draw(st.sampled_from(["2 Comments", "No Comments »"])))
        footer.append([" | ".join(cells)])
    elif style == "entry":
        sentence = f"This entry was posted in {tag_list(categories)}"
        if tags:
            sentence += f" and tagged {tag_list(tags)}"
        name = draw(st.sampled_from(NAMES))
        day = draw(days)
        sentence += draw(
            st.sampled_from(
                [
                    ". Bookmark the permalink.",
                    f" by {name}. Bookmark the permalink.",
                    # README gives this one no date: it ends its post only.
                    f" on {MONTHS[day.month - 1]} {day.day}, {day.year} by {name}.",
                ]
            )
        )
        footer.append([sentence])
    elif style == "kubrick":
        # README: Kubrick's sentence dates the post unless a date line under
        # its title does.
        day = draw(days)
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(day.day % 10 * (day.day // 10 != 1))
        written = (
            f"{WEEKDAYS[day.weekday()]}, {MONTHS[day.month - 1]} "
            f"{day.day}{suffix or 'th'}, {day.year}"
        )
        responses = draw(
            st.sampled_from(
                [
                    "",
                    " You can leave a response, or trackback from your own site.",
                    " Both comments and pings are currently closed.",
                    " You can leave a response, or trackback from your own site."
                    " Edit this entry.",
                ]
            )
        )
        footer.append(
            [
                f"This entry was posted on {written} at 10:15 am and is filed under "
                f"{tag_list(categories)}. You can follow any responses to this "
                f"entry through the RSS 2.0 feed.{responses}"
            ]
        )
        return footer, categories, day
    else:
        lines = [f"Categories: {tag_list(categories)}"]
        if tags:
            lines.insert(draw(st.integers(0, 1)), f"Tags: {tag_list(tags)}")
        together = draw(st.booleans())
        footer += [lines] if together else [[line] for line in lines]
    return footer, [*categories, *tags], None


@st.composite
def tag_archive_posts(draw):
    """README: a title line, its paragraphs and the lines ending the post (see
    tag_archive_footers); maybe a date line under the title (or `Posted on
    <date> by X` above it) in any of the forms of a day line."""
    categories = draw(tag_lists())
    tags = draw(st.one_of(st.just([]), tag_lists()))
    post = Post(draw(titles()), None, [], draw(bodies(dated=False)))
    if draw(st.booleans()):
        post.published = draw(days)
        written = draw(date_lines(post.published, draw(date_styles)))
        name = draw(st.sampled_from(NAMES))
        place = draw(st.sampled_from(["under", "under", "above"]))
        if place == "above":
            post.above = [[f"Posted on {written} by {name}"]]
        else:
            shape = draw(st.sampled_from(["{}", "Posted on {} by " + name]))
            shape = draw(st.sampled_from([shape, "{} at 10:15 am"]))
            post.under_title = [[shape.format(written)]]
    if draw(st.integers(0, 5)) == 0:
        post.paragraphs.append([draw(st.sampled_from(SIGN_OFFS))])
    post.footer, post.tags, footer_date = draw(tag_archive_footers(categories, tags))
    post.published = post.published or footer_date
    return post


@st.composite
def tag_archives(draw):
    """A tag (WordPress) archive: `Tag Archives: X` (maybe with the archive's
    description under it) and its posts; the header may come again with
    another X. Returns (text, posts), each post's tags with its X first."""
    posts = draw(unique_posts(tag_archive_posts(), 1, 6))
    parts = []
    for page in split_into_groups(draw, posts):
        kind = draw(st.sampled_from(["Tag", "Category"]))
        archive_tag = draw(tag_names())
        header = [f"{kind} Archives: {archive_tag}"]
        if draw(st.integers(0, 3)) == 0:
            header.append("Posts about the inspectorate.")
        for post in page:
            post.tags = [archive_tag, *post.tags]
        parts.append(join_paragraphs([header, *[[p.text()] for p in page]]))
    return "\n\n".join(parts) + "\n", posts


# --- reading ----------------------------------------------------------------

LINE_ENDINGS = ["\n", "\r\n", "\r", "\u2028"]


@st.composite
def encodings(draw):
    """README: UTF-8 with or without a BOM, LF, CRLF or CR line endings (a
    line separator is a line break too), composed or decomposed accents."""
    return (
        draw(st.sampled_from(LINE_ENDINGS)),
        draw(st.booleans()),
        draw(st.sampled_from(["NFC", "NFD"])),
    )


def read_back(text, encoding=("\n", False, "NFC")):
    line_ending, bom, form = encoding
    text = unicodedata.normalize(form, text).replace("\n", line_ending)
    data = ("\ufeff" if bom else "").encode() + text.encode()
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / SOURCE
        path.write_bytes(data)
        return read_archives([path], base_dir=directory)


def assert_read_as_written(result, posts):
    assert result.errors == []
    untitled = [post for post in result.posts if post.title_generated]
    assert result.warnings == [
        f"{post.location}: post has no title; made one from its first words"
        for post in untitled
    ]
    assert len(result.posts) == len(posts)
    for parsed, post in zip(result.posts, posts, strict=True):
        if post.untitled:
            assert parsed.title_generated
            assert parsed.needs_review
            assert_made_title(parsed.title, post.title)
        else:
            assert parsed.title == post.title
            assert not parsed.title_generated
        assert parsed.published == post.published, post.title
        # Each tag once; README promises no order.
        assert sorted(map(tag_key, parsed.tags)) == expected_tag_keys(post.tags)
        assert [p.lines for p in parsed.paragraphs] == post.paragraphs, post.title


# What a made-up title may leave out before its `…`.
CUT_MARKS = ".,:;–- "


def assert_made_title(title, words):
    """README: an untitled post's title is "its first paragraph's first eight
    words, ending in `…` when the paragraph goes on (and cut to 150
    characters)". Whether a stop or comma ending those words (`one.…`) is
    kept before the `…` README does not say: either is taken."""
    if not words.endswith("…") and len(words) <= 150:
        assert title == words
        return
    assert title.endswith("…") and len(title) <= 150, title
    stem, made = title.removesuffix("…"), words.removesuffix("…")
    assert made.startswith(stem), (title, words)
    if len(made) < 150:
        assert not made[len(stem) :].strip(CUT_MARKS), (title, words)


ROUND_TRIP = settings(max_examples=120, deadline=None)


@ROUND_TRIP
@given(dated_archives(), encodings())
def test_dated_archive_reads_back_as_written(archive, encoding):
    text, posts = archive
    assert_read_as_written(read_back(text, encoding), posts)


# The next page's header, with a description line, could not start a post, so
# the `Tagged` line above it was read as a title (see
# test_tag_line_above_a_repeated_header_tags_the_post_above).
REPEATED_HEADER_WITH_DESCRIPTION = (
    "Tag Archives: News\n\nFirst post\n\nSome text.\n\nFiled under a\n\n"
    "Tagged carers\n\nTag Archives: Views\nPosts about fostering.\n\n"
    "Second post\n\nBody.\n\nFiled under b\n",
    [
        Post("First post", None, ["News", "a", "carers"], [["Some text."]]),
        Post("Second post", None, ["Views", "b"], [["Body."]]),
    ],
)


@ROUND_TRIP
@given(tag_archives(), encodings())
@example(REPEATED_HEADER_WITH_DESCRIPTION, ("\n", False, "NFC"))
def test_tag_archive_reads_back_as_written(archive, encoding):
    text, posts = archive
    assert_read_as_written(read_back(text, encoding), posts)
