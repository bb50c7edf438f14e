from django.contrib.sitemaps.views import sitemap
from django.urls import path, register_converter
from django.urls.converters import IntConverter, SlugConverter
from django.views.decorators.http import require_safe
from django.views.generic import RedirectView, TemplateView

from posts import feeds, views
from posts.sitemaps import SITEMAPS


class MonthConverter:
    """A month as two digits (/archive/2017/03/), as archives usually write it."""

    regex = "0[1-9]|1[0-2]"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):02d}"


class YearConverter(IntConverter):
    """A year without leading zeros, so that a page has one address."""

    regex = "[1-9][0-9]{0,3}"


class OneDigitMonthConverter(MonthConverter):
    """January to September as the month pages' first addresses wrote them."""

    regex = "[1-9]"


class TagSlugConverter(SlugConverter):
    """A tag's slug. New tags get ASCII slugs, but an editor may type one with
    accents ("protección"), which must lead to its page too."""

    regex = r"[-\w]+"


register_converter(TagSlugConverter, "tag_slug")
register_converter(YearConverter, "year")
register_converter(MonthConverter, "month")
register_converter(OneDigitMonthConverter, "one_digit_month")

app_name = "posts"

urlpatterns = [
    path("", views.PostListView.as_view(), name="list"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("posts/<slug:slug>/", views.PostDetailView.as_view(), name="detail"),
    path("tags/", views.TagIndexView.as_view(), name="tags"),
    path("tags/<tag_slug:slug>/", views.TagPostListView.as_view(), name="tag"),
    path("archive/", views.ArchiveIndexView.as_view(), name="archive"),
    path("archive/<year:year>/", views.YearArchiveView.as_view(), name="year"),
    path(
        "archive/<year:year>/<month:month>/",
        views.MonthArchiveView.as_view(),
        name="month",
    ),
    # Links made before months had two digits keep working.
    path(
        "archive/<year:year>/<one_digit_month:month>/",
        RedirectView.as_view(
            pattern_name="posts:month", permanent=True, query_string=True
        ),
    ),
    # Only read: other methods get a 405, as on the generic views' pages.
    path("feed/rss/", require_safe(feeds.LatestPostsFeed()), name="feed-rss"),
    path("feed/atom/", require_safe(feeds.LatestPostsAtomFeed()), name="feed-atom"),
    path(
        "tags/<tag_slug:slug>/feed/rss/",
        require_safe(feeds.TagFeed()),
        name="tag-feed-rss",
    ),
    path(
        "tags/<tag_slug:slug>/feed/atom/",
        require_safe(feeds.TagAtomFeed()),
        name="tag-feed-atom",
    ),
    path("sitemap.xml", require_safe(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
]
