"""Markdown to safe HTML: CommonMark by markdown-it-py, then sanitised by nh3."""

import nh3
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

# Raw HTML in a post is shown as text, never passed through; nh3 then removes
# anything that still should not reach a reader (script, event attributes,
# javascript: links) as a second line of defence.
_markdown = MarkdownIt("commonmark", {"html": False})

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
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}}


def render_markdown(text):
    html = _markdown.render(text)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener",
    )
    return mark_safe(clean)
