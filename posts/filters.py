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
        # Every tag in use, labelled with its count, read once per list.
        self.filters["tag"].extra["choices"] = [
            (tag.slug, f"{tag.name} ({tag.post_count})") for tag in tags_in_use()
        ]

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
