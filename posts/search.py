"""Searching posts: ranked full-text search on PostgreSQL, substrings elsewhere.

Both return the same kind of queryset, so the views and templates don't care
which database answers: on PostgreSQL posts carry a `headline` (an excerpt with
the matches marked by HIGHLIGHT_START/HIGHLIGHT_STOP, see `highlighted`) and
come best match first; on SQLite every word must appear
in the title or the body, and the usual order is kept.
"""

import operator
import re
from functools import reduce

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q
from django.utils.html import escape
from django.utils.safestring import mark_safe

# Must match the configuration of the trigger in migration 0002_search.
SEARCH_CONFIG = "english"
# Control characters can't occur in a post, so they can't be forged by one;
# the template escapes the headline and only then turns them into <mark>.
HIGHLIGHT_START = "\x02"
HIGHLIGHT_STOP = "\x03"
# A headline is cut from the Markdown source, whose backslash escapes
# (`\*`, `\#`) readers should not see.
MARKDOWN_ESCAPE = re.compile(r"\\(?=[!-/:-@[-`{-~])")


def search_posts(queryset, text):
    """`queryset` narrowed to the posts matching `text`."""
    if connection.vendor == "postgresql":
        return _full_text_search(queryset, text)
    return _substring_search(queryset, text)


def _full_text_search(queryset, text):
    query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
    return (
        queryset.filter(search_vector=query)
        .annotate(
            rank=SearchRank(F("search_vector"), query),
            headline=SearchHeadline(
                "body",
                query,
                config=SEARCH_CONFIG,
                start_sel=HIGHLIGHT_START,
                stop_sel=HIGHLIGHT_STOP,
                max_words=40,
                min_words=20,
            ),
        )
        .order_by("-rank", *queryset.model._meta.ordering)
    )


def _substring_search(queryset, text):
    matches = Q()
    for term in _terms(text):
        matches &= reduce(
            operator.or_,
            (
                Q(title__icontains=spelling) | Q(body__icontains=spelling)
                for spelling in _spellings(term)
            ),
        )
    return queryset.filter(matches)


# A phrase in straight or curly double quotes (a closing quote left off ends
# it at the end of the text), or a word.
QUOTED_PHRASE_OR_WORD = re.compile(r'["“”]([^"“”]*)["“”]?|([^\s"“”]+)')


def _terms(text):
    """What must each appear in a post: every word of `text`, and each phrase
    it quotes, whole (its spaces as one). Quotes mark a phrase, as in
    PostgreSQL's web search, rather than characters to look for."""
    for phrase, word in QUOTED_PHRASE_OR_WORD.findall(text):
        term = word or " ".join(phrase.split())
        if term:
            yield term


def _spellings(word):
    """A word as typed and with the other apostrophe: readers type ', the
    archives mostly have ’."""
    return dict.fromkeys([word, word.replace("'", "’"), word.replace("’", "'")])


def highlighted(headline):
    """A search headline as safe HTML: escaped, its matches in <mark>."""
    marked = (
        escape(MARKDOWN_ESCAPE.sub("", headline))
        .replace(HIGHLIGHT_START, "<mark>")
        .replace(HIGHLIGHT_STOP, "</mark>")
    )
    return mark_safe(marked)
