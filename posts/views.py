"""The public site: lists of published posts (filtered, by tag, by date,
searched), the tag and date indexes, and a post's own page."""

import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404
from django.template.defaultfilters import pluralize
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import DetailView, ListView, TemplateView
from django_filters.views import FilterView

from posts import queries
from posts.cache import computed_once_per_version
from posts.filters import PostFilterSet
from posts.rendering import excerpts, rendered_bodies
from posts.search import headlines

# A page's meta description: what search engines show of it.
DESCRIPTION_WORDS = 30


class PublishedPostsMixin:
    """Readers only ever see published posts (see PostQuerySet.published)."""

    def get_queryset(self):
        return queries.published_posts()


class ArchiveMixin:
    @cached_property
    def archive(self):
        return queries.archive()

    def get_context_data(self, **kwargs):
        return super().get_context_data(archive=self.archive, **kwargs)


class PostListView(PublishedPostsMixin, ArchiveMixin, FilterView):
    """Every list of posts: the home page, and the pages that subclass it."""

    filterset_class = PostFilterSet
    template_name = "posts/post_list.html"
    # Whether the words are a search's, which the heading puts first.
    search = False
    # Where the filter form sends its values (a tag page's form leaves the tag).
    form_url_name = "posts:list"

    def get_paginate_by(self, queryset):
        return settings.POSTS_PER_PAGE

    def url_filters(self):
        """Filter values that the URL fixes, over any in the query string."""
        return {}

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        data = self.request.GET.copy()
        for name, value in self.url_filters().items():
            data[name] = value
        kwargs["data"] = data
        return kwargs

    @cached_property
    def heading(self):
        """What the list holds, from the values the form read: "Latest posts",
        "Posts tagged “care” from 2017, A to Z" (PostFilterSet.describe). While
        a value is invalid nothing is listed, and the heading names only what
        the address fixes (a tag page's tag) and a search's words."""
        form = self.filterset.form
        if self.filterset.is_valid():
            values = form.cleaned_data
        else:
            kept = [*self.url_filters(), *(["q"] if self.search else [])]
            values = {name: form.cleaned_data.get(name) for name in kept}
        return self.filterset.describe(values, search=self.search)

    def get_description(self):
        """The page's meta description: the site's, unless the list is a tag's
        or a date's, which says what it holds (so that they are not all alike)."""
        return None

    def described(self, count, what):
        posts = f"{count} post{pluralize(count)}"
        return f"{posts} {what}. {settings.SITE_DESCRIPTION}"

    def get_title(self, page):
        """The page's <title> and og:title: its heading, with its page number
        after the first page, and what went wrong when a filter value is
        invalid, so that neither looks like the list's first page."""
        parts = [self.heading]
        if page.number > 1:
            parts.append(f"Page {page.number}")
        if not self.filterset.is_valid():
            # django-filter lists nothing at all when any value is invalid
            # (FilterView.strict): no filter is applied, not even the valid ones.
            parts.insert(0, "Some filters could not be used, no posts listed")
        return " · ".join(parts)

    def filters_used(self):
        """Whether the reader asked for any filter, words or order."""
        return any(self.request.GET.get(name) for name in self.filterset.filters)

    def filters_open(self):
        """Show the filter form open when the reader is using it."""
        return self.filters_used() or not self.filterset.is_valid()

    def get_paginator(self, queryset, *args, **kwargs):
        paginator = super().get_paginator(queryset, *args, **kwargs)
        # Counting every post that matches is the dearest query of a list.
        paginator.count = computed_once_per_version(
            f"post-count:{self.filter_values_digest}", queryset.count
        )
        return paginator

    def paginate_queryset(self, queryset, page_size):
        if self.filterset.is_valid():
            return super().paginate_queryset(queryset, page_size)
        # Nothing is listed while a value is invalid: the form's errors are
        # the first page, whatever page the address asked for (not a 404).
        paginator = self.get_paginator(
            queryset,
            page_size,
            orphans=self.get_paginate_orphans(),
            allow_empty_first_page=self.get_allow_empty(),
        )
        page = paginator.page(1)
        return paginator, page, page.object_list, page.has_other_pages()

    def filter_form(self):
        """The filter form's HTML, rendered once per content version and set
        of values: its dozens of tag boxes cost more than the rest of a page."""
        context = {
            "filter": self.filterset,
            "form_url": reverse(self.form_url_name),
            "filters_open": self.filters_open(),
        }
        # A tag page and the list filtered by that tag share their values, but
        # the tag page shows the form closed.
        key = f"{context['form_url']}:{context['filters_open']}"
        return computed_once_per_version(
            f"filter-form:{key}:{self.filter_values_digest}",
            lambda: render_to_string("includes/filter_form.html", context),
        )

    @cached_property
    def filter_values_digest(self):
        """A short key for the filter values of this list, whatever its page
        (the count and the filter form are both kept under it)."""
        values = self.filterset.data.copy()
        values.pop("page", None)
        return hashlib.md5(
            values.urlencode().encode(), usedforsecurity=False
        ).hexdigest()

    def canonical_query(self, page):
        """The query string of this list's own address: the filter values the
        URL does not fix, as the form reads them (so `?tag=b&tag=a` and
        `?tag=a&tag=b` are one list), and the page after the first."""
        form, fixed = self.filterset.form, self.url_filters()
        cleaned = form.cleaned_data if form.is_valid() else {}
        values = []
        for name in self.filterset.filters:
            value = cleaned.get(name)
            if name in fixed or value in (None, "", []):
                continue
            for each in sorted(value) if isinstance(value, list) else [value]:
                values.append((name, each))
        if page.number > 1:
            values.append(("page", page.number))
        return urlencode(values)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            heading=self.heading,
            filter_form=self.filter_form(),
            filters_used=self.filters_used(),
            description=self.get_description(),
            **kwargs,
        )
        context["page_title"] = self.get_title(context["page_obj"])
        context["canonical_query"] = self.canonical_query(context["page_obj"])
        posts = context["object_list"]  # this page's
        texts = excerpts(posts)
        # A search on PostgreSQL shows a headline around the words found.
        words = self.filterset.form.cleaned_data.get("q")
        marked = headlines(posts, words) if words else {}
        for post in posts:
            post.excerpt = marked.get(post.pk) or texts[post.pk]
        return context

    def render_to_response(self, context, **response_kwargs):
        # An invalid filter still gets the page, with the form's errors.
        if not self.filterset.is_valid():
            response_kwargs["status"] = 400
        return super().render_to_response(context, **response_kwargs)


class SearchView(PostListView):
    form_url_name = "posts:search"
    search = True


class TagPostListView(PostListView):
    def get(self, request, *args, **kwargs):
        self.tag = queries.tag_in_use(kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def url_filters(self):
        return {"tag": self.tag.slug}

    def get_description(self):
        return self.described(self.tag.post_count, f"tagged “{self.tag.name}”")

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class YearArchiveView(PostListView):
    def get(self, request, *args, **kwargs):
        self.year = _find(self.archive, year=kwargs["year"])
        return super().get(request, *args, **kwargs)

    def url_filters(self):
        return {"year": self.year.year}

    def get_description(self):
        return self.described(self.year.count, f"from {self.year.year}")

    def get_context_data(self, **kwargs):
        return super().get_context_data(year=self.year, **kwargs)


class MonthArchiveView(YearArchiveView):
    def get(self, request, *args, **kwargs):
        months = [month for year in self.archive for month in year.months]
        self.month = _find(months, year=kwargs["year"], month=kwargs["month"])
        position = months.index(self.month)
        self.newer = months[position - 1] if position > 0 else None
        self.older = months[position + 1] if position + 1 < len(months) else None
        return super().get(request, *args, **kwargs)

    def url_filters(self):
        return {"year": self.month.year, "month": self.month.month}

    def get_description(self):
        return self.described(self.month.count, f"from {self.month.first_day:%B %Y}")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            month=self.month, newer_month=self.newer, older_month=self.older, **kwargs
        )


def _find(items, **attributes):
    """The item whose attributes have these values; a 404 when there is none."""
    for item in items:
        if all(getattr(item, name) == value for name, value in attributes.items()):
            return item
    raise Http404("No posts from that date.")


class ArchiveIndexView(ArchiveMixin, TemplateView):
    template_name = "posts/archive_index.html"


class TagIndexView(ListView):
    template_name = "posts/tag_list.html"
    context_object_name = "tags"

    def get_queryset(self):
        return queries.tags_in_use()


class PostDetailView(PublishedPostsMixin, DetailView):
    def get_context_data(self, **kwargs):
        post = self.object
        previous, following, related = queries.neighbours(post)
        return super().get_context_data(
            body_html=rendered_bodies([post])[post.pk],
            description=excerpts([post], words=DESCRIPTION_WORDS)[post.pk],
            previous_post=previous,
            previous_label=neighbour_label(post, previous, before=True),
            next_post=following,
            next_label=neighbour_label(post, following, before=False),
            related_posts=related,
            **kwargs,
        )


def neighbour_label(post, neighbour, before):
    """What the post just before (or after) `post` in the list is to a reader.

    The list runs newest first, so the post before is the newer: "Newer post"
    and "Older post" when both have dates that differ. Posts of the same date
    and undated posts (the tag archive's, listed after every dated post)
    follow their order in the archive (queries.READING_ORDER), which says
    nothing of which was written first."""
    if neighbour is None:
        return ""
    dates = post.published_at, neighbour.published_at
    if None not in dates and dates[0] != dates[1]:
        return "Newer post" if before else "Older post"
    return "Previous in the archive" if before else "Next in the archive"
