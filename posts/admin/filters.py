"""Changelist filters whose choices cost one query at most, however many posts."""

from datetime import MAXYEAR, MINYEAR, datetime

from django import forms
from django.contrib import admin
from django.contrib.admin.exceptions import DisallowedModelAdminLookup
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import SEARCH_VAR, ChangeList, ChangeListSearchForm
from django.db.models.constants import LOOKUP_SEP

from posts.models import Post, Tag, within_calendar


class TextFilter(admin.SimpleListFilter):
    """Posts whose `lookup` (a text column) is the value chosen."""

    lookup = None

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        return queryset.filter(**{self.lookup: value})


class StatusFilter(admin.SimpleListFilter):
    """Draft, published or scheduled, as the status column tells them: a post
    published with a date in the future is scheduled (readers see it only from
    then), not among the published ones."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            ("draft", "Draft"),
            ("published", "Published"),
            ("scheduled", "Scheduled"),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case None | "":
                return queryset
            case "draft":
                return queryset.filter(status=Post.Status.DRAFT)
            case "published":
                return queryset.published()
            case "scheduled":
                return queryset.scheduled()
        return queryset.none()  # a hand-made address: no post has that status


class TagFilter(TextFilter):
    title = "tag"
    parameter_name = "tag"
    lookup = "tags__slug"

    def lookups(self, request, model_admin):
        return Tag.objects.values_list("slug", "name")


class YearFilter(admin.SimpleListFilter):
    title = "year"
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = Post.objects.dates("published_at", "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        year = _year(self.value())
        if year is None:
            # Only a hand-made address holds such a year; no post has it.
            return queryset.none()
        return queryset.dated_in(year)


def _year(value):
    """The year `value` names, or None: the database lookup raises (a 500)
    on anything a date can't hold."""
    try:
        year = int(value)
    except ValueError:
        return None
    return year if MINYEAR <= year <= MAXYEAR else None


class SourceFileFilter(TextFilter):
    """The archive files posts were imported from (posts written here have none)."""

    title = "source file"
    parameter_name = "source_file"
    lookup = "source_file"

    def lookups(self, request, model_admin):
        files = (
            Post.objects.exclude(source_file="")
            .order_by("source_file")
            .values_list("source_file", flat=True)
            .distinct()
        )
        return [(name, name) for name in files]


# Room for a pasted sentence or two. SQLite refuses a LIKE pattern past 50,000
# bytes, and an expression deeper than 1,000 terms (each word is one).
SEARCH_MAX_LENGTH = 1000


class SearchForm(ChangeListSearchForm):
    """The changelist's search box, refusing words too long for SQLite to
    search (a 500) as a form error: Django shows it above the list."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[SEARCH_VAR] = forms.CharField(
            required=False, strip=False, max_length=SEARCH_MAX_LENGTH
        )


class OfferedFiltersChangeList(ChangeList):
    """Django's changelist, filtering by what its filters and date hierarchy
    offer, or by a field's exact value (`?status__exact=draft`, as Django's
    own field filters write it, and links made before StatusFilter), with
    Django's 400 for any other lookup.

    Django applies any lookup on the model's own fields that the address
    names, which no link of the admin makes: `?title__regex=(` was a database
    error (a 500), as was `?pk__in=` an id past the 64 bits SQLite holds."""

    search_form_class = SearchForm

    def get_filters(self, request):
        filters = super().get_filters(request)
        # What the filters did not take: the date hierarchy's period, which
        # it puts there itself, and lookups the address named.
        unoffered = {
            key
            for key in set(filters[2]) - self._date_hierarchy_lookups()
            if not key.endswith(f"{LOOKUP_SEP}exact")
        }
        if unoffered:
            raise DisallowedModelAdminLookup(
                f"Filtering by {', '.join(sorted(unoffered))} not allowed"
            )
        return filters

    def _date_hierarchy_lookups(self):
        field = self.date_hierarchy
        if not field or f"{field}__year" not in self.params:
            return set()
        return {f"{field}__gte", f"{field}__lt"}


class OfferedFiltersMixin:
    """For a ModelAdmin filtering only as its changelist offers (see
    OfferedFiltersChangeList)."""

    def get_changelist(self, request, **kwargs):
        return OfferedFiltersChangeList


class CalendarBoundChangeList(OfferedFiltersChangeList):
    """The changelist, refusing a date-hierarchy period at the end of the
    calendar (`?published_at__year=9999`) as any bad filter value is refused.
    Django works out the period that follows with no bound, which fails."""

    def get_filters(self, request):
        try:
            filters = super().get_filters(request)
        except (ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error
        # East of UTC the year 1 starts before the calendar does in UTC, where
        # SQLite compares dates (an OverflowError): the period starts with it.
        lookups = filters[2]
        for key, values in lookups.items():
            lookups[key] = [
                within_calendar(value) if isinstance(value, datetime) else value
                for value in values
            ]
        return filters


class CalendarBoundMixin:
    """For a ModelAdmin whose `date_hierarchy` must refuse periods past year
    9999 (see CalendarBoundChangeList)."""

    def get_changelist(self, request, **kwargs):
        return CalendarBoundChangeList
