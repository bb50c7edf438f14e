"""Friendly error pages in the site's layout."""

from django.template.loader import render_to_string
from django.test import RequestFactory
from django.views.defaults import server_error


def test_not_found_page_uses_the_layout_and_offers_ways_on(client, db):
    response = client.get("/no/such/page/")

    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in response.text
    assert '<nav class="site-nav" aria-label="Main">' in response.text
    assert '<a href="/tags/">Posts by tag</a>' in response.text


def test_server_error_page_renders_without_a_request_or_database(
    db, django_assert_num_queries
):
    request = RequestFactory().get("/")

    with django_assert_num_queries(0):
        response = server_error(request)

    html = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Something went wrong</h1>" in html
    assert '<a class="site-name" href="/">blogcms</a>' in html


def test_server_error_template_needs_no_context():
    html = render_to_string("500.html")

    assert "<title>Something went wrong · blogcms</title>" in html


def test_error_pages_name_no_canonical_address(client, make_post):
    # The canonical link and og:url named the address that failed as the one
    # to index and share.
    make_post("Care")

    for url, status in (
        ("/no/such/page/", 404),
        ("/posts/no-such-post/", 404),
        ("/archive/1999/", 404),
        ("/posts/care%00/", 400),
    ):
        response = client.get(url)

        assert response.status_code == status
        assert '<meta name="description"' in response.text
        assert 'rel="canonical"' not in response.text
        assert 'property="og:url"' not in response.text
