"""The home page: published posts, newest first, undated ones after, paginated."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.html import escape

from posts.models import Post


def titles(response):
    return [post.title for post in response.context["post_list"]]


def test_home_lists_dated_posts_newest_first_then_undated_in_source_order(
    client, make_post, local_day
):
    make_post("Undated second", source_file="b.txt", source_line=1)
    make_post("Older", published_at=local_day(2016, 5, 1))
    make_post("Undated first", source_file="a.txt", source_line=9)
    make_post("Newer", published_at=local_day(2017, 3, 25))

    response = client.get("/")

    assert titles(response) == ["Newer", "Older", "Undated first", "Undated second"]


def test_home_hides_drafts_and_scheduled_posts(client, make_post):
    make_post("Visible")
    make_post("Draft", status=Post.Status.DRAFT)
    make_post("Scheduled", published_at=timezone.now() + timedelta(days=1))

    response = client.get("/")

    assert titles(response) == ["Visible"]
    assert "Draft" not in response.text
    assert "Scheduled" not in response.text


def test_post_card_shows_date_reading_time_tags_and_excerpt(
    client, make_post, local_day
):
    make_post(
        "Card",
        tags=["Child protection"],
        published_at=local_day(2017, 3, 25),
        body="First *paragraph* of the post.\n\n" + "word " * 450,
    )

    html = client.get("/").text

    assert '<time datetime="2017-03-25">25 March 2017</time>' in html
    assert "2 min read" in html
    assert '<a href="/tags/child-protection/" rel="tag">Child protection</a>' in html
    assert "First paragraph of the post." in html  # as text, not Markdown


def test_post_without_a_date_says_its_date_is_unknown(client, make_post):
    # The tag archives' posts have no date: their cards showed the reading
    # time alone, leaving readers to wonder whether the date was missed out.
    post = make_post("Undated", tags=["Policy"])

    for url in ("/", "/tags/policy/", post.get_absolute_url()):
        html = client.get(url).text
        meta = re.search(r'<p class="post-meta">(.*?)</p>', html, re.S).group(1)

        assert "<time" not in html
        assert " ".join(meta.split()) == "Date unknown · 1 min read"


def test_excerpt_is_cut_to_forty_words(client, make_post):
    make_post("Long", body=" ".join(f"w{number}" for number in range(100)))

    html = client.get("/").text

    assert "w39…" in html
    assert "w40" not in html


def test_excerpt_of_a_long_post_shows_a_reference_link_defined_at_its_end_as_text(
    client, make_post
):
    body = (
        "See [the report][r] now.\n\n"
        + "Filler words here. " * 100
        + "\n\n[r]: https://example.org/report"
    )
    post = make_post("Reference link", body=body)

    card = client.get("/").text
    page = client.get(post.get_absolute_url()).text

    assert '<p class="post-card__excerpt">See the report now.</p>' in card
    assert '<meta name="description" content="See the report now.">' in page


def test_page_size_comes_from_the_setting(client, make_post, settings):
    settings.POSTS_PER_PAGE = 2
    for number in range(5):
        make_post(f"Post {number}")

    first, last = client.get("/"), client.get("/?page=3")

    assert len(first.context["post_list"]) == 2
    assert "Page 1 of 3" in first.text
    assert 'href="?page=2" rel="next"' in first.text
    assert len(last.context["post_list"]) == 1


@pytest.mark.parametrize("page", ["4", "0", "many"])
def test_page_out_of_range_is_not_found(client, make_post, settings, page):
    settings.POSTS_PER_PAGE = 2
    for number in range(5):
        make_post(f"Post {number}")

    assert client.get(f"/?page={page}").status_code == 404


def test_empty_site_says_so(client, db):
    response = client.get("/")

    assert response.status_code == 200
    # Not "No posts match.": the reader asked for nothing to be matched.
    assert '<p class="empty">No posts yet.</p>' in response.text


@pytest.mark.parametrize(
    "url",
    ["/?q=zebra", "/tags/policy/?year=2016", "/archive/2017/?tag=policy&q=zebra"],
)
def test_list_with_no_match_suggests_what_to_try_and_how_to_start_again(
    client, make_post, local_day, url
):
    make_post("A post", tags=["Policy"], published_at=local_day(2017, 3, 1))

    response = client.get(url)

    path = url.split("?")[0]
    assert not response.context["post_list"]
    assert (
        '<p class="empty">No posts match. Try other words or fewer filters, or '
        f'<a href="{path}">start again</a>.</p>'
    ) in response.text


def test_every_page_has_landmarks_skip_link_and_labelled_search(client, make_post):
    make_post("A post")

    html = client.get("/").text

    assert '<a class="skip-link" href="#content">' in html
    assert '<main id="content"' in html
    assert "<header" in html and "<footer" in html
    assert '<nav class="site-nav" aria-label="Main">' in html
    assert re.search(r'<label for="site-search">.+</label>', html)
    assert '<input id="site-search" type="search" name="q"' in html


def test_every_page_has_canonical_link_description_and_open_graph(
    client, make_post, settings
):
    settings.POSTS_PER_PAGE = 1
    make_post("One")
    make_post("Two")

    html = client.get("/?page=2").text

    assert '<link rel="canonical" href="http://127.0.0.1:8000/?page=2">' in html
    assert '<meta name="description" content="' in html
    assert '<meta property="og:title" content="Latest posts · Page 2">' in html
    assert '<meta property="og:type" content="website">' in html
    assert 'type="application/rss+xml"' in html
    assert 'type="application/atom+xml"' in html


# Each kind of list, and its heading (its first page's title).
LISTS = {
    "home": ("/", "Latest posts"),
    "filtered": ("/?tag=policy", "Posts tagged “Policy”"),
    "search": ("/search/?q=post", "Search results for “post”"),
    "tag": ("/tags/policy/", "Posts tagged “Policy”"),
    "year": ("/archive/2017/", "Posts from 2017"),
    "month": ("/archive/2017/03/", "Posts from March 2017"),
}


@pytest.mark.parametrize(("url", "heading"), LISTS.values(), ids=LISTS)
def test_page_after_the_first_says_its_number_in_the_title(
    client, make_post, settings, local_day, url, heading
):
    # Search results and browser tabs would otherwise show every page of a
    # list under one title.
    settings.POSTS_PER_PAGE = 1
    for title in ("First post", "Second post"):
        make_post(title, tags=["Policy"], published_at=local_day(2017, 3, 1))
    separator = "&" if "?" in url else "?"

    first = client.get(url).text
    second = client.get(f"{url}{separator}page=2").text

    assert f"<title>{heading} · blogcms</title>" in first
    assert f'<meta property="og:title" content="{heading}">' in first
    assert f"<title>{heading} · Page 2 · blogcms</title>" in second
    assert f'<meta property="og:title" content="{heading} · Page 2">' in second
    # The heading names the list; "page 2 of 2" follows it on the page.
    assert f"<h1>{heading}</h1>" in second
    assert "2 posts, page 2 of 2" in second


@pytest.mark.parametrize(
    ("url", "description"),
    [
        ("/tags/policy/", "2 posts tagged “Policy”."),
        ("/tags/care/", "1 post tagged “Care”."),
        ("/archive/2017/", "2 posts from 2017."),
        ("/archive/2017/03/", "1 post from March 2017."),
    ],
)
def test_tag_and_date_lists_describe_what_they_hold(
    client, make_post, local_day, settings, url, description
):
    # They all had the site's description, so search engines showed every
    # tag and month of the site under the same words.
    make_post("One", tags=["Policy", "Care"], published_at=local_day(2017, 3, 1))
    make_post("Two", tags=["Policy"], published_at=local_day(2017, 5, 1))

    html = client.get(url).text

    full = escape(f"{description} {settings.SITE_DESCRIPTION}")
    assert f'<meta name="description" content="{full}">' in html
    assert f'<meta property="og:description" content="{full}">' in html


def test_home_and_search_have_the_sites_description(client, make_post, settings):
    make_post("One")
    full = escape(settings.SITE_DESCRIPTION)

    for url in ("/", "/?page=1&tag=", "/search/?q=one"):
        assert f'<meta name="description" content="{full}">' in client.get(url).text


def test_canonical_link_of_a_filtered_list_keeps_its_filters_and_page(
    client, make_post, settings, local_day
):
    settings.POSTS_PER_PAGE = 1
    for title in ("One", "Two"):
        make_post(title, tags=["Policy", "Care"], published_at=local_day(2017, 3, 1))

    home = client.get("/?page=2&utm_source=x&tag=policy&tag=care&year=02017").text
    tag_page = client.get("/tags/policy/?year=2017&page=2").text

    host = "http://127.0.0.1:8000"
    query = "tag=care&amp;tag=policy&amp;year=2017&amp;page=2"
    assert f'rel="canonical" href="{host}/?{query}"' in home
    assert (
        f'rel="canonical" href="{host}/tags/policy/?year=2017&amp;page=2"' in tag_page
    )


def test_stylesheet_is_the_sites_own_and_nothing_comes_from_a_cdn(client, db):
    html = client.get("/").text

    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert stylesheets == ["/static/css/site.css"]
    assert "<script" not in html
