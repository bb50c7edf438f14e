"""Template filters and tags for the public site."""

import re

from django import template
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.utils.html import escape
from django.utils.safestring import mark_safe

from posts.search import HIGHLIGHT_START, HIGHLIGHT_STOP

register = template.Library()

WORDS_PER_MINUTE = 200
# A headline is cut from the Markdown source, whose backslash escapes
# (`\*`, `\#`) readers should not see.
MARKDOWN_ESCAPE = re.compile(r"\\(?=[!-/:-@[-`{-~])")


@register.filter
def reading_time(body):
    """Minutes an average reader takes over the body (at least one)."""
    return max(1, round(len(body.split()) / WORDS_PER_MINUTE))


@register.filter
def highlight(headline):
    """A search headline, escaped, with its matches in <mark> (posts.search)."""
    marked = (
        escape(MARKDOWN_ESCAPE.sub("", headline))
        .replace(HIGHLIGHT_START, "<mark>")
        .replace(HIGHLIGHT_STOP, "</mark>")
    )
    return mark_safe(marked)


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """`path` on the site's public host (the sites framework's current Site)."""
    request = context["request"]
    return f"{request.scheme}://{get_current_site(request).domain}{path}"


# Tags rather than a context processor, so that the 500 page (rendered without
# a request or context processors) still names the site.
@register.simple_tag
def site_name():
    return settings.SITE_NAME


@register.simple_tag
def site_description():
    return settings.SITE_DESCRIPTION
