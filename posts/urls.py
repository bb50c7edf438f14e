from django.contrib.sitemaps.views import sitemap
from django.urls import path
from django.views.generic import TemplateView

from posts import feeds, views
from posts.sitemaps import SITEMAPS

app_name = "posts"

urlpatterns = [
    path("", views.PostListView.as_view(), name="list"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("posts/<slug:slug>/", views.PostDetailView.as_view(), name="detail"),
    path("tags/", views.TagIndexView.as_view(), name="tags"),
    path("tags/<slug:slug>/", views.TagPostListView.as_view(), name="tag"),
    path("archive/", views.ArchiveIndexView.as_view(), name="archive"),
    path("archive/<int:year>/", views.YearArchiveView.as_view(), name="year"),
    path(
        "archive/<int:year>/<int:month>/",
        views.MonthArchiveView.as_view(),
        name="month",
    ),
    path("feed/rss/", feeds.LatestPostsFeed(), name="feed-rss"),
    path("feed/atom/", feeds.LatestPostsAtomFeed(), name="feed-atom"),
    path("tags/<slug:slug>/feed/rss/", feeds.TagFeed(), name="tag-feed-rss"),
    path("tags/<slug:slug>/feed/atom/", feeds.TagAtomFeed(), name="tag-feed-atom"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
]
