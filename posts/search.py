"""Searching posts: ranked full-text search on PostgreSQL, substrings elsewhere.

Both return the same kind of queryset, so the views and templates don't care
which database answers: on PostgreSQL posts come best match first, and
`headlines` cuts each result's snippet with the matches marked; on SQLite
every word must appear
in the title or the body, and the usual order is kept.
"""

import operator
import re
from functools import reduce

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q
from django.utils.html import escape
from django.utils.safestring import mark_safe

from posts.rendering import plain_texts

# Must match the configuration of the trigger in migration 0002_search.
SEARCH_CONFIG = "english"
# Control characters can't occur in a post, so they can't be forged by one;
# the template escapes the headline and only then turns them into <mark>.
HIGHLIGHT_START = "\x02"
HIGHLIGHT_STOP = "\x03"
HEADLINE_OPTIONS = (
    f"StartSel={HIGHLIGHT_START}, StopSel={HIGHLIGHT_STOP}, MaxWords=40, MinWords=20"
)
# One query for a page of results, each text in the page's order; the same
# query as the search's, so stemming and the web search syntax decide what is
# marked.
HEADLINES_SQL = """
    SELECT ts_headline(%(config)s::regconfig, page.text, query, %(options)s)
    FROM unnest(%(texts)s::text[]) WITH ORDINALITY AS page(text, position),
         websearch_to_tsquery(%(config)s::regconfig, %(words)s) AS query
    ORDER BY page.position
"""


def search_posts(queryset, text):
    """`queryset` narrowed to the posts matching `text`."""
    if connection.vendor == "postgresql":
        return _full_text_search(queryset, text)
    return _substring_search(queryset, text)


def _full_text_search(queryset, text):
    query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
    return (
        queryset.filter(search_vector=query)
        .annotate(rank=SearchRank(F("search_vector"), query))
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


def headlines(posts, text):
    """{post pk: a snippet of its text around the words of the search `text`,
    as safe HTML}, for a page of results on PostgreSQL; empty elsewhere.

    Cut from the text readers see (the rendered Markdown, kept per content
    version), not from the Markdown source with its backslashes, link
    addresses and asterisks; the ranking stays in the search's own query.
    """
    if connection.vendor != "postgresql" or not posts:
        return {}
    texts = plain_texts(posts)
    with connection.cursor() as cursor:
        cursor.execute(
            HEADLINES_SQL,
            {
                "config": SEARCH_CONFIG,
                "options": HEADLINE_OPTIONS,
                "texts": [texts[post.pk] for post in posts],
                "words": text,
            },
        )
        rows = cursor.fetchall()
    return {
        post.pk: highlighted(elided(headline, texts[post.pk]))
        for post, (headline,) in zip(posts, rows, strict=True)
    }


def elided(headline, text):
    """The headline with "…" where it cuts the text short, as an excerpt ends
    with one: a snippet from mid-sentence otherwise reads as the post's start,
    or as its whole text."""
    plain = " ".join(
        headline.replace(HIGHLIGHT_START, "").replace(HIGHLIGHT_STOP, "").split()
    )
    whole = " ".join(text.split())
    if not plain:
        return headline
    before = "" if whole.startswith(plain) else "…"
    after = "" if whole.endswith(plain) else "…"
    return f"{before}{headline.strip()}{after}"


def highlighted(headline):
    """A search headline as safe HTML: escaped, its matches in <mark>."""
    marked = (
        escape(headline)
        .replace(HIGHLIGHT_START, "<mark>")
        .replace(HIGHLIGHT_STOP, "</mark>")
    )
    return mark_safe(marked)
