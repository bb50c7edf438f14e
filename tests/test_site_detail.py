"""A post's own page: its rendered body, date, tags, neighbours and relations."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from posts import queries
from posts.models import Post


def test_detail_shows_title_date_tags_and_rendered_markdown(
    client, make_post, local_day
):
    post = make_post(
        "No good options?",
        tags=["Policy"],
        published_at=local_day(2017, 3, 25),
        body="A *plain* paragraph.\n\n- first point\n- second point",
    )

    html = client.get(post.get_absolute_url()).text

    assert "<h1>No good options?</h1>" in html
    assert '<time datetime="2017-03-25">25 March 2017</time>' in html
    assert '<a href="/tags/policy/" rel="tag">Policy</a>' in html
    assert "<p>A <em>plain</em> paragraph.</p>" in html
    assert "<ul>\n<li>first point</li>\n<li>second point</li>\n</ul>" in html
    assert 'More from <a href="/archive/2017/03/">March 2017</a>' in html


def test_detail_has_article_meta(client, make_post, local_day):
    post = make_post(
        "Meta", published_at=local_day(2017, 3, 25), body="An opening sentence."
    )

    html = client.get(post.get_absolute_url()).text

    assert '<link rel="canonical" href="http://127.0.0.1:8000/posts/meta/">' in html
    assert '<meta name="description" content="An opening sentence.">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="article:published_time" content="2017-03-25' in html


def test_post_dated_before_the_year_1000_has_a_page(client, make_post, local_day):
    # A typo in the admin ("0217" for 2017) must not take the page down.
    post = make_post("Typo year", published_at=local_day(217, 3, 25))

    response = client.get(post.get_absolute_url())

    assert response.status_code == 200
    assert 'More from <a href="/archive/217/03/">' in response.text
    assert "Typo year" in client.get("/archive/217/03/").text


def test_more_from_links_the_month_of_the_sites_time_zone(client, make_post, local_day):
    # Midnight of 1 July in London is still 30 June in UTC.
    post = make_post("Summer", published_at=local_day(2017, 7, 1))

    html = client.get(post.get_absolute_url()).text

    assert 'More from <a href="/archive/2017/07/">July 2017</a>' in html


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Post.Status.DRAFT},
        {"published_at": timezone.now() + timedelta(days=1)},
    ],
    ids=["draft", "scheduled"],
)
def test_unpublished_post_is_not_found(client, make_post, fields):
    post = make_post("Not yet", **fields)

    response = client.get(post.get_absolute_url())

    assert response.status_code == 404
    assert "Not yet" not in response.text


def test_unknown_slug_gets_the_friendly_not_found_page(client, db):
    response = client.get("/posts/no-such-post/")

    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in response.text
    assert '<a class="skip-link" href="#content">' in response.text


def test_previous_and_next_follow_reading_order_into_undated_posts(
    client, make_post, local_day
):
    make_post("Newest", published_at=local_day(2017, 3, 25))
    middle = make_post("Middle", published_at=local_day(2017, 1, 1))
    oldest = make_post("Oldest", published_at=local_day(2016, 1, 1))
    make_post("Undated a", source_file="a.txt", source_line=1)
    make_post("Draft", status=Post.Status.DRAFT, published_at=local_day(2016, 6, 1))

    middle_context = client.get(middle.get_absolute_url()).context
    oldest_context = client.get(oldest.get_absolute_url()).context

    assert middle_context["previous_post"].title == "Newest"
    assert middle_context["next_post"].title == "Oldest"
    assert oldest_context["previous_post"].title == "Middle"
    assert oldest_context["next_post"].title == "Undated a"


def test_neighbours_among_undated_posts_follow_source_order(client, make_post):
    make_post("Dated", published_at=timezone.now() - timedelta(days=1))
    first = make_post("First", source_file="a.txt", source_line=5)
    make_post("Third", source_file="b.txt", source_line=1)
    second = make_post("Second", source_file="a.txt", source_line=9)

    first_context = client.get(first.get_absolute_url()).context
    second_context = client.get(second.get_absolute_url()).context

    assert first_context["previous_post"].title == "Dated"
    assert first_context["next_post"].title == "Second"
    assert second_context["next_post"].title == "Third"


def test_neighbours_are_the_posts_beside_it_in_the_list(make_post, local_day):
    # Days shared by several posts, ties broken by source file, line and id,
    # and undated posts after every dated one.
    day, later = local_day(2017, 3, 1), local_day(2017, 4, 1)
    for title, published_at, source_file, source_line in [
        ("Later", later, "", None),
        ("Day b.txt", day, "b.txt", 2),
        ("Day a.txt 9", day, "a.txt", 9),
        ("Day a.txt 3", day, "a.txt", 3),
        ("Day no source", day, "", None),
        ("Day no source again", day, "", None),
        ("Earlier", local_day(2016, 1, 1), "", None),
        ("Undated", None, "c.txt", 1),
    ]:
        make_post(
            title,
            published_at=published_at,
            source_file=source_file,
            source_line=source_line,
        )
    in_list = list(queries.published_posts())

    for position, post in enumerate(in_list):
        previous, following, _related = queries.neighbours(post)
        expected_previous = in_list[position - 1] if position else None
        expected_next = in_list[position + 1] if position + 1 < len(in_list) else None
        assert (previous, following) == (expected_previous, expected_next), post.title


def test_first_and_last_posts_have_one_neighbour(client, make_post, local_day):
    new = make_post("New", published_at=local_day(2017, 1, 1))
    old = make_post("Old", published_at=local_day(2016, 1, 1))

    new_html = client.get(new.get_absolute_url()).text
    old_html = client.get(old.get_absolute_url()).text

    assert 'rel="prev"' not in new_html
    assert '<a href="/posts/old/" rel="next">Old</a>' in new_html
    assert '<a href="/posts/new/" rel="prev">New</a>' in old_html
    assert 'rel="next"' not in old_html


def nav_links(html):
    """The post's neighbours as their labels, link targets and rel say them."""
    nav = re.search(r'<nav class="post-nav".*?</nav>', html, re.S).group(0)
    return re.findall(r'<span>([^<]*)</span> <a href="([^"]+)" rel="(\w+)">', nav)


def test_dated_neighbours_are_labelled_newer_and_older(client, make_post, local_day):
    # The list runs newest first, so its previous post is the newer: labelled
    # "Previous post" it read as the older, as most blogs have it.
    make_post("New", published_at=local_day(2017, 3, 1))
    middle = make_post("Middle", published_at=local_day(2017, 2, 1))
    make_post("Old", published_at=local_day(2017, 1, 1))

    html = client.get(middle.get_absolute_url()).text

    assert '<nav class="post-nav" aria-label="Neighbouring posts">' in html
    assert nav_links(html) == [
        ("Newer post", "/posts/new/", "prev"),
        ("Older post", "/posts/old/", "next"),
    ]


def test_undated_neighbours_are_labelled_by_their_place_in_the_archive(
    client, make_post, local_day
):
    # Undated posts follow their source order, after every dated post: which
    # was written first is not known.
    oldest_dated = make_post("Dated", published_at=local_day(2017, 1, 1))
    first = make_post("First", source_file="a.txt", source_line=5)
    make_post("Second", source_file="a.txt", source_line=9)

    assert nav_links(client.get(first.get_absolute_url()).text) == [
        ("Previous in the archive", "/posts/dated/", "prev"),
        ("Next in the archive", "/posts/second/", "next"),
    ]
    assert nav_links(client.get(oldest_dated.get_absolute_url()).text) == [
        ("Next in the archive", "/posts/first/", "next"),
    ]


def test_posts_of_the_same_date_are_labelled_by_their_place_in_the_archive(
    client, make_post, local_day
):
    day = local_day(2017, 3, 1)
    make_post("Earlier line", published_at=day, source_file="a.txt", source_line=3)
    later = make_post(
        "Later line", published_at=day, source_file="a.txt", source_line=9
    )
    make_post("Old", published_at=local_day(2016, 1, 1))

    assert nav_links(client.get(later.get_absolute_url()).text) == [
        ("Previous in the archive", "/posts/earlier-line/", "prev"),
        ("Older post", "/posts/old/", "next"),
    ]


def test_related_posts_share_tags_most_shared_first(client, make_post):
    post = make_post("Subject", tags=["Policy", "Funding", "Courts"])
    make_post("Shares one", tags=["Courts"])
    make_post("Shares two", tags=["Policy", "Funding"])
    make_post("Shares none", tags=["Sport"])
    make_post("Draft sharing", tags=["Policy"], status=Post.Status.DRAFT)

    context = client.get(post.get_absolute_url()).context

    assert [related.title for related in context["related_posts"]] == [
        "Shares two",
        "Shares one",
    ]


def test_post_without_tags_has_no_related_section(client, make_post):
    post = make_post("Loner")
    make_post("Other", tags=["Policy"])

    html = client.get(post.get_absolute_url()).text

    assert "Related posts" not in html


def test_old_post_address_with_a_query_string_still_redirects(client, make_post):
    # Links shared before a rename usually carry tracking parameters
    # (?utm_source=…, ?fbclid=…); they must lead to the post, not a 404.
    post = make_post("Renamed", slug="old-slug")
    post.slug = "new-slug"
    post.save()
    assert client.get("/posts/old-slug/").status_code == 301  # as documented

    response = client.get("/posts/old-slug/?utm_source=newsletter")

    assert response.status_code == 301
    assert response["Location"] == "/posts/new-slug/?utm_source=newsletter"
    assert client.get("/posts/never-was/?utm_source=x").status_code == 404


def test_old_address_of_a_post_unpublished_since_does_not_reveal_its_new_slug(
    client, make_post
):
    # A slug is made from the title: a redirect to the draft's new address
    # would tell readers what the withdrawn post is now called.
    post = make_post("Renamed", slug="old-slug")
    post.slug = "what-the-draft-is-called-now"
    post.status = Post.Status.DRAFT
    post.save()

    response = client.get("/posts/old-slug/")

    assert response.status_code == 404
    assert "what-the-draft-is-called-now" not in response.text


def test_old_address_of_a_scheduled_post_redirects_only_once_it_is_out(
    client, make_post
):
    post = make_post(
        "Embargoed", slug="embargoed", published_at=timezone.now() + timedelta(days=1)
    )
    post.slug = "minister-resigns"
    post.save()

    before = client.get("/posts/embargoed/")
    Post.objects.filter(pk=post.pk).update(
        published_at=timezone.now() - timedelta(minutes=1)
    )
    after = client.get("/posts/embargoed/")

    assert before.status_code == 404
    assert "minister-resigns" not in before.text
    assert (after.status_code, after["Location"]) == (301, "/posts/minister-resigns/")
