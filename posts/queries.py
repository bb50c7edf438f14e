"""What the public pages ask of the database, beyond a plain list of posts.

Each function is one SQL query (or none), whatever the number of posts or tags,
and builds on PostQuerySet.published(), so that readers never see a draft.
"""

import operator
from dataclasses import dataclass
from datetime import date
from functools import reduce

from django.db.models import Count, F, Prefetch, Q
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear
from django.http import Http404
from django.urls import reverse

from posts.cache import computed_once_per_version
from posts.models import TAG_ORDER, Post, Tag

RELATED_POSTS = 5


def published_posts():
    """Posts as readers see them, with their `tag_list` in one more query."""
    # The search vector is read by the database only: never fetch it. The
    # tags go to a plain list: taggit would build a queryset per post to hold
    # them, which costs more than the query itself.
    return (
        Post.objects.published()
        .defer("search_vector")
        .prefetch_related(Prefetch("tags", to_attr="tag_list"))
    )


def tags_in_use():
    """Tags of published posts, A to Z (TAG_ORDER), each with its `post_count`.

    Counting reads every tag of every post, so the list is kept until the
    content changes (posts.cache).
    """
    return computed_once_per_version("tags-in-use", _count_tags)


def _count_tags():
    return list(
        Tag.objects.filter(tagged_posts__content_object__in=Post.objects.published())
        .annotate(post_count=Count("tagged_posts"))
        # Meta.ordering is not applied to a query with GROUP BY.
        .order_by(*TAG_ORDER)
    )


def tag_in_use(slug):
    """The tag with this slug, if published posts carry it; else a 404."""
    for tag in tags_in_use():
        if tag.slug == slug:
            return tag
    raise Http404("No published post has that tag.")


@dataclass(frozen=True)
class Month:
    year: int
    month: int
    count: int

    @property
    def first_day(self):
        return date(self.year, self.month, 1)

    def get_absolute_url(self):
        return reverse("posts:month", kwargs={"year": self.year, "month": self.month})


@dataclass(frozen=True)
class Year:
    year: int
    count: int
    months: list

    def get_absolute_url(self):
        return reverse("posts:year", kwargs={"year": self.year})


def archive():
    """Years with published posts, newest first, each with its months.

    Dates are taken in the site's time zone, as readers see them. That means
    reading every post (on SQLite, through a Python function per row), so the
    result is kept until the content changes.
    """
    return computed_once_per_version("archive", _count_archive)


def _count_archive():
    rows = (
        Post.objects.published()
        .exclude(published_at=None)
        .values(year=ExtractYear("published_at"), month=ExtractMonth("published_at"))
        .annotate(count=Count("pk"))
        .order_by("-year", "-month")
    )
    years = {}
    for row in rows:
        years.setdefault(row["year"], []).append(Month(**row))
    return [
        Year(year, sum(month.count for month in months), months)
        for year, months in years.items()
    ]


# Reading order, as Meta.ordering but total: posts of the same day from the
# same file follow their line numbers, posts written in the admin their ids.
READING_ORDER = (
    F("published_at").desc(nulls_last=True),
    "source_file",
    "line",
    "-pk",
)


def neighbours(post):
    """(previous, next, related posts) of `post`, found once per content version."""

    def find():
        return (*adjacent_posts(post), list(related_posts(post)))

    return computed_once_per_version(f"neighbours:{post.pk}", find)


def adjacent_posts(post):
    """The posts just before and just after `post` in reading order."""
    ordered = (
        Post.objects.published()
        .annotate(line=Coalesce("source_line", 0))
        .order_by(*READING_ORDER)
        .only("title", "slug", "published_at")
    )
    previous = ordered.reverse().filter(_comes_before(post)).first()
    following = ordered.filter(_comes_after(post)).first()
    return previous, following


# For a dated post, each condition below is said as "on this side of the
# post's day, and not a post of that day on the other side of it", with no OR
# at the top: SQLite then reads the posts from an index starting at that day,
# where an OR made it sort every published post (15 ms a post at 10,000).


def _comes_after(post):
    day = post.published_at
    same_day_after = _tie_break(post, after=True)
    if day is None:
        return Q(published_at=None) & same_day_after
    return ~Q(published_at__gt=day) & ~(Q(published_at=day) & ~same_day_after)


def _comes_before(post):
    day = post.published_at
    same_day_before = _tie_break(post, after=False)
    if day is None:
        return Q(published_at__isnull=False) | (Q(published_at=None) & same_day_before)
    return Q(published_at__gte=day) & ~(Q(published_at=day) & ~same_day_before)


def _tie_break(post, after):
    """Posts of the same date on the wanted side of `post` (a tuple comparison)."""
    keys = (
        ("source_file", post.source_file, False),
        ("line", post.source_line or 0, False),
        ("pk", post.pk, True),
    )
    clauses, equal_so_far = [], Q()
    for name, value, descending in keys:
        lookup = "lt" if descending == after else "gt"
        clauses.append(equal_so_far & Q(**{f"{name}__{lookup}": value}))
        equal_so_far &= Q(**{name: value})
    return reduce(operator.or_, clauses)


def related_posts(post, limit=RELATED_POSTS):
    """Other published posts sharing the most tags with `post` (from
    published_posts())."""
    tag_ids = [tag.pk for tag in post.tag_list]
    return (
        Post.objects.published()
        .exclude(pk=post.pk)
        .filter(tags__in=tag_ids)
        .annotate(shared_tags=Count("pk"))
        .order_by("-shared_tags", *Post._meta.ordering)
        .only("title", "slug", "published_at")[:limit]
    )
