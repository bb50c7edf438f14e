"""Markdown to safe HTML: CommonMark by markdown-it-py, then sanitised by nh3.

Pages render a post's body and excerpt through `rendered_bodies` and
`excerpts` (search results their text, `plain_texts`), which keep the results
per content version (posts.cache): a list of ten posts would otherwise parse
ten bodies on every request.
"""

import html
import re
from itertools import pairwise

import nh3
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from markdown_it import MarkdownIt
from markdown_it.token import Token

from posts.cache import computed_once_per_version_each

ALLOWED_TAGS = {
    "a",
    "p",
    "br",
    "hr",
    "em",
    "strong",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "img",
    "sup",
    "sub",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id"},
    "img": {"src", "alt", "title"},
    "p": {"id"},
}
EXCERPT_WORDS = 40
# An excerpt only needs the opening of a post; rendering all of it for every
# card of a list would be wasted work.
EXCERPT_SOURCE_CHARS = 1500

# The only ids a post may carry are the footnote anchors made below, so that
# nothing in a post can clash with (or clobber) the page's own ids.
FOOTNOTE_ID = re.compile(r"fn(?:ref)?-\d+")

# The archives write notes as plain text: `[1]` in the text, and a paragraph
# starting `[1] ` at the end of the post.
NOTE_START = re.compile(r"\[(\d{1,3})\]\s")
REFERENCE = re.compile(r"\[(\d{1,3})\]")


def _link_footnotes(state):
    """markdown-it core rule: link each `[n]` to its note, and the note back."""
    tokens = state.tokens
    notes = {}  # number -> (paragraph_open, inline) of the note
    for opening, inline in pairwise(tokens):
        start = NOTE_START.match(inline.content)
        if opening.type == "paragraph_open" and start:
            notes.setdefault(start.group(1), (opening, inline))
    if not notes:
        return
    note_tokens = {id(inline) for _opening, inline in notes.values()}
    referenced = set()
    for token in tokens:
        if token.type == "inline" and id(token) not in note_tokens:
            token.children = _link_references(token.children, notes, referenced)
    # Only notes that the text refers to become anchors. A note in a tight
    # list (`- [1] …`) has a paragraph that is never rendered: its back link
    # carries the anchor instead.
    for number in referenced:
        opening, inline = notes[number]
        _link_back(inline, number)
        anchor = inline.children[0] if opening.hidden else opening
        anchor.attrSet("id", f"fn-{number}")


def _link_references(children, notes, referenced):
    linked = []
    link_depth = 0  # a reference inside a link's text stays text: no nested links
    for child in children:
        link_depth += {"link_open": 1, "link_close": -1}.get(child.type, 0)
        if child.type != "text" or link_depth:
            linked.append(child)
            continue
        position = 0
        for match in REFERENCE.finditer(child.content):
            number = match.group(1)
            if number not in notes:
                continue
            linked.append(_text(child.content[position : match.start()]))
            attrs = {"href": f"#fn-{number}"}
            if number not in referenced:
                attrs["id"] = f"fnref-{number}"
                referenced.add(number)
            linked += [
                Token("sup_open", "sup", 1),
                *_link(match.group(0), attrs),
                Token("sup_close", "sup", -1),
            ]
            position = match.end()
        linked.append(_text(child.content[position:]))
    return linked


def _link_back(inline, number):
    """Make the note's leading `[n]` a link back to where it is referenced."""
    first = inline.children[0]
    label = f"[{number}]"
    back = _link(label, {"href": f"#fnref-{number}", "title": "Back to the text"})
    inline.children[:1] = [*back, _text(first.content[len(label) :])]


def _link(label, attrs):
    return [
        Token("link_open", "a", 1, attrs=attrs),
        _text(label),
        Token("link_close", "a", -1),
    ]


def _text(content):
    return Token("text", "", 0, content=content)


def _demote_headings(state):
    """markdown-it core rule: a post's `# Heading` is an h2, and so on down.

    The page's own h1 is the post's title, so a body's headings start one
    level below it; h6 stays h6, as HTML has nothing lower.
    """
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            level = int(token.tag[1])
            token.tag = f"h{min(level + 1, 6)}"


def _keep_footnote_ids(tag, attribute, value):
    if attribute == "id" and not FOOTNOTE_ID.fullmatch(value):
        return None
    return value


# Raw HTML in a post is shown as text, never passed through; nh3 then removes
# anything that still should not reach a reader (script, event attributes,
# javascript: links) as a second line of defence.
# Bare web addresses (the archives cite their sources that way in the notes)
# become links, by linkify-it-py, in the text that inline parsing leaves. Not
# also while parsing it (markdown-it's inline linkify rule): that one reads
# the source, so it would take an escape or a hard break's backslash after an
# address the importer left as text into the link (posts.importing.markdown
# makes a link of every address linkify-it finds).
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": True}).enable("linkify")
_markdown.inline.ruler.disable("linkify")
_markdown.core.ruler.push("footnote_links", _link_footnotes)
_markdown.core.ruler.push("demote_headings", _demote_headings)
# Blocks only, not their text: enough to find a body's link reference
# definitions (`[r]: https://…`) at a fraction of the cost of rendering it.
_blocks = MarkdownIt("commonmark").disable("inline")


def render_markdown(text, env=None):
    return mark_safe(_sanitised(_markdown.render(text, env)))


def with_absolute_links(html, base):
    """`html` from render_markdown with every relative link and image address
    resolved against `base`, an absolute URL, as a browser at `base` would.

    For feed readers, which show a post away from its page: RSS has no base
    URL, so `/posts/…` or a footnote's `#fn-1` would lead nowhere.
    """
    return _sanitised(html, url_relative=("rewrite_with_base", base))


def _sanitised(html, **options):
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_keep_footnote_ids,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener",
        **options,
    )


def excerpt(body, words=EXCERPT_WORDS):
    """The opening words of a Markdown body, as plain text."""
    opening, env = body[:EXCERPT_SOURCE_CHARS], {}
    if len(body) > EXCERPT_SOURCE_CHARS:
        if "\n\n" in opening:
            opening = opening[: opening.rindex("\n\n")]  # whole paragraphs only
        # A reference link in the opening (`[the report][r]`) is defined
        # wherever the body says, often at its very end.
        _blocks.parse(body, env)
    return Truncator(plain_text(opening, env)).words(words, truncate="…")


def plain_text(body, env=None):
    """A Markdown body as the text a reader sees of it, without markup."""
    return html.unescape(strip_tags(render_markdown(body, env)))


def rendered_bodies(posts):
    """{post pk: its body as safe HTML}."""
    bodies = {post.pk: post.body for post in posts}
    return computed_once_per_version_each("body-html", bodies, render_markdown)


def excerpts(posts, words=EXCERPT_WORDS):
    """{post pk: the opening `words` of its body}."""
    bodies = {post.pk: post.body for post in posts}
    return computed_once_per_version_each(
        f"excerpt-{words}", bodies, lambda body: excerpt(body, words)
    )


def plain_texts(posts):
    """{post pk: its whole body as plain text} (search headlines are cut from it)."""
    bodies = {post.pk: post.body for post in posts}
    return computed_once_per_version_each("plain-text", bodies, plain_text)
