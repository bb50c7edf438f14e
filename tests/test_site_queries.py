"""Every public page runs the same number of SQL queries at any size (no N+1)."""

import pytest
from django.db import connection

from posts import queries

# The pages and their query counts. The same counts hold at 30 and at 300
# posts; a new query per post, tag or month would break them.
PAGES = {
    # paginator count, page of posts, their tags, tag choices of the filter
    # form, archive of months
    "/": 5,
    "/?page=2": 5,
    "/?tag=topic-1&tag=topic-2&year=2019": 5,
    # on PostgreSQL, the page's headlines as well
    "/search/?q=social+work": 6 if connection.vendor == "postgresql" else 5,
    # the tag (among the tags in use), then as a list
    "/tags/topic-1/": 6,
    "/archive/2019/": 5,
    "/archive/2019/06/": 5,
    "/tags/": 1,
    "/archive/": 1,
    # post, its tags, previous, next, related
    "/posts/post-15/": 5,
    # posts and their tags (the tag feed: the tag first)
    "/feed/rss/": 2,
    "/feed/atom/": 2,
    "/tags/topic-1/feed/rss/": 3,
    # count and page of posts, tags in use, months
    "/sitemap.xml": 4,
    "/robots.txt": 0,
}


@pytest.mark.parametrize("size", [30, 300])
@pytest.mark.parametrize("url", PAGES)
def test_page_runs_a_fixed_number_of_queries(
    client, many_posts, django_assert_num_queries, size, url
):
    many_posts(size)
    client.get(url)  # the sites framework caches the current Site on first use

    with django_assert_num_queries(PAGES[url]):
        response = client.get(url)

    assert response.status_code == 200


def test_a_page_of_posts_is_read_in_reading_order_not_sorted_whole(many_posts):
    many_posts(300)
    page = queries.published_posts()[:10]

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # At 300 rows a scan and a sort are cheaper; the point is that no
            # sort is needed, and only an index in reading order can spare it.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
        else:
            # With statistics, as a long-lived database gathers them, SQLite
            # once sorted every published post to find a page.
            cursor.execute("ANALYZE")
        plan = page.explain()

    if connection.vendor == "postgresql":
        assert "post_reading_order" in plan
        assert "Sort" not in plan
    else:
        # Read by date from an index; only posts of the same date are sorted.
        assert "TEMP B-TREE FOR ORDER BY" not in plan
