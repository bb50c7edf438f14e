"""Date archives: every month with posts, by year and by month, with counts."""

import re

import pytest

from posts.models import Post


@pytest.fixture
def posts(make_post, local_day):
    make_post("March one", published_at=local_day(2017, 3, 25))
    make_post("March two", published_at=local_day(2017, 3, 1))
    make_post("January", published_at=local_day(2017, 1, 9))
    make_post("Old", published_at=local_day(2014, 4, 2))
    make_post("Undated")
    make_post("Draft", published_at=local_day(2015, 6, 1), status=Post.Status.DRAFT)


def titles(response):
    return [post.title for post in response.context["post_list"]]


def test_archive_index_lists_years_and_months_with_counts(client, posts):
    html = client.get("/archive/").text

    months = re.findall(r'<li><a href="([^"]+)">([^<]+)</a> <span[^>]*>(\d+)', html)
    assert months == [
        ("/archive/2017/03/", "March 2017", "2"),
        ("/archive/2017/01/", "January 2017", "1"),
        ("/archive/2014/04/", "April 2014", "1"),
    ]
    assert "2015" not in html  # a draft's month


def test_list_pages_link_the_years_with_counts(client, posts):
    html = client.get("/").text

    assert '<a href="/archive/2017/">2017</a> <span class="count">(3)</span>' in html
    assert '<a href="/archive/2014/">2014</a> <span class="count">(1)</span>' in html
    assert 'href="/archive/"' in html


def test_year_archive_lists_its_posts_and_months(client, posts):
    response = client.get("/archive/2017/")

    assert titles(response) == ["March one", "March two", "January"]
    assert "<h1>Posts from 2017</h1>" in response.text
    assert '<a href="/archive/2017/01/">January</a>' in response.text


def test_month_archive_lists_its_posts_and_links_the_next_months(client, posts):
    response = client.get("/archive/2017/01/")

    assert titles(response) == ["January"]
    assert "<h1>Posts from January 2017</h1>" in response.text
    # Which way each goes is written beside it: three bare month links read
    # as a list, not as "newer" and "older".
    assert (
        'Newer: <a href="/archive/2017/03/" rel="next">March 2017</a>' in response.text
    )
    assert (
        'Older: <a href="/archive/2014/04/" rel="prev">April 2014</a>' in response.text
    )


def test_month_is_taken_in_the_sites_time_zone(client, make_post, local_day):
    # Midnight of 1 April in London is still 31 March in UTC.
    make_post("April fool", published_at=local_day(2017, 4, 1))

    assert titles(client.get("/archive/2017/04/")) == ["April fool"]
    assert client.get("/archive/2017/03/").status_code == 404


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/archive/2017/1/", "/archive/2017/01/"),
        ("/archive/2014/4/", "/archive/2014/04/"),
        ("/archive/2017/1/?page=2", "/archive/2017/01/?page=2"),
    ],
)
def test_month_addresses_with_one_digit_move_to_two(client, posts, old, new):
    response = client.get(old)

    assert response.status_code == 301
    assert response["Location"] == new


@pytest.mark.parametrize(
    "url",
    [
        "/archive/2015/",
        "/archive/2015/06/",
        "/archive/2017/02/",
        "/archive/2017/13/",
        # One page, one address: a year is written without leading zeros.
        "/archive/02017/",
        "/archive/02017/01/",
    ],
)
def test_dates_without_published_posts_are_not_found(client, posts, url):
    assert client.get(url).status_code == 404
