"""sitemap.xml: every published post, tag page and month archive."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from posts import queries
from posts.models import Post


class PostSitemap(Sitemap):
    def items(self):
        return Post.objects.published().only("slug", "updated_at", "published_at")

    def lastmod(self, post):
        return post.last_modified


class TagSitemap(Sitemap):
    def items(self):
        return queries.tags_in_use()


class MonthSitemap(Sitemap):
    def items(self):
        return [month for year in queries.archive() for month in year.months]


class IndexPageSitemap(Sitemap):
    def items(self):
        return ["posts:list", "posts:tags", "posts:archive"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "pages": IndexPageSitemap,
    "posts": PostSitemap,
    "tags": TagSitemap,
    "months": MonthSitemap,
}
