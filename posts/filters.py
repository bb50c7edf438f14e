"""The one FilterSet behind every public list: tags, year, month, words, order.

Tag pages and date archives are this list with some values fixed by the URL
(see posts.views), so every combination of filters behaves the same way.
"""

import calendar

import django_filters
from django import forms
from django.db.models import F
from django.db.models.functions import Lower

from posts.models import Post, TaggedPost
from posts.queries import tags_in_use
from posts.search import search_posts

MONTHS = [(number, calendar.month_name[number]) for number in range(1, 13)]
# Ends with the id, as Meta.ordering does: pages of posts that tie on the rest
# (written in the admin, with no date) must neither repeat nor skip one.
OLDEST_FIRST = (
    F("published_at").asc(nulls_last=True),
    "source_file",
    "source_line",
    "pk",
)
# How a list's heading says its order ("Posts tagged “care”, A to Z").
ORDER_WORDS = {"newest": "newest first", "oldest": "oldest first", "title": "A to Z"}
# A heading names this many tags at most; more are counted ("or 9 other tags").
TAGS_NAMED = 4


class IntegerFilter(django_filters.NumberFilter):
    # NumberFilter takes decimals; a year is a whole number.
    field_class = forms.IntegerField


class PostFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Words", method="filter_words", max_length=200)
    tag = django_filters.MultipleChoiceFilter(
        label="Tagged with any of",
        method="filter_tags",
        widget=forms.CheckboxSelectMultiple,
    )
    year = IntegerFilter(
        label="Year",
        method="filter_year",
        min_value=1,
        max_value=9999,
        # Text rather than type="number", which may hold only a number: a year
        # typed as "twenty" is shown back beside its error, as typed (and the
        # page stays valid HTML). inputmode still brings up a keypad of digits.
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    month = django_filters.ChoiceFilter(
        field_name="published_at",
        lookup_expr="month",
        label="Month",
        choices=MONTHS,
        empty_label="Any month",
    )
    # Last: django-filter applies filters in this order, and sorting must
    # override the ranking a search brings.
    order = django_filters.ChoiceFilter(
        label="Order",
        method="order_posts",
        choices=[
            ("newest", "Newest first"),
            ("oldest", "Oldest first"),
            ("title", "Title, A to Z"),
        ],
        empty_label="Best match, or newest",
    )

    ORDERINGS = {
        "newest": Post._meta.ordering,
        "oldest": OLDEST_FIRST,
        "title": (Lower("title"), *Post._meta.ordering),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Every tag in use, labelled with its count, read once per list (and
        # kept for describe(), which names the tags chosen).
        self.tags = tags_in_use()
        self.filters["tag"].extra["choices"] = [
            (tag.slug, f"{tag.name} ({tag.post_count})") for tag in self.tags
        ]

    def describe(self, values, search=False):
        """What a list filtered by `values` (the form's cleaned data) holds, in
        plain English: its heading. "Latest posts" when nothing is chosen;
        "Posts tagged “adoption” or “care” from March 2017, A to Z"; on the
        search page the words are the search's, "Search results for “foster”
        in posts from 2017"."""
        words, order = values.get("q"), values.get("order")
        chosen = []
        if values.get("tag"):
            chosen.append(f"tagged {self._tag_names(values['tag'])}")
        if words and not search:
            chosen.append(f"with the words “{words}”")
        if when := self._period(values.get("year"), values.get("month")):
            chosen.append(when)
        if search:
            heading = f"Search results for “{words}”" if words else "Search"
            if chosen:
                heading += " in posts " + " ".join(chosen)
        elif chosen:
            heading = "Posts " + " ".join(chosen)
        else:
            heading = "All posts" if order else "Latest posts"
        if order:
            heading += f", {ORDER_WORDS[order]}"
        return heading

    def _tag_names(self, slugs):
        # A to Z, as the form lists them, whatever the order in the address;
        # "or": the filter finds posts with any of the tags (filter_tags).
        chosen = set(slugs)
        names = [f"“{tag.name}”" for tag in self.tags if tag.slug in chosen]
        if len(names) > TAGS_NAMED:
            others = len(names) - (TAGS_NAMED - 1)
            names = [*names[: TAGS_NAMED - 1], f"one of {others} other tags"]
        if len(names) == 1:
            return names[0]
        return f"{', '.join(names[:-1])} or {names[-1]}"

    def _period(self, year, month):
        if month:
            name = calendar.month_name[int(month)]
            return f"from {name} {year}" if year else f"from {name} of any year"
        return f"from {year}" if year else ""

    def filter_words(self, queryset, name, value):
        return search_posts(queryset, value)

    def filter_year(self, queryset, name, value):
        return queryset.dated_in(value)

    def filter_tags(self, queryset, name, value):
        # A subquery rather than a join: no duplicate rows, so no DISTINCT.
        tagged = TaggedPost.objects.filter(tag__slug__in=value).values("content_object")
        return queryset.filter(pk__in=tagged)

    def order_posts(self, queryset, name, value):
        return queryset.order_by(*self.ORDERINGS[value])
