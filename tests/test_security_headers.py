"""Security headers on every response, and pages that satisfy our own CSP."""

import re

import pytest
from django.templatetags.static import static

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+=", re.IGNORECASE)


def assert_security_headers(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_public_pages_carry_security_headers_and_a_strict_policy(client, make_post):
    post = make_post("A post")
    for url in ("/", post.get_absolute_url()):
        response = client.get(url)
        assert_security_headers(response)
        policy = response["Content-Security-Policy"]
        assert "script-src 'self';" in policy
        assert "style-src 'self';" in policy
        assert "unsafe" not in policy


def test_public_pages_need_nothing_inline(client, make_post):
    """What the strict policy would block: inline scripts, styles and handlers."""
    post = make_post("A post", tags=["walks"])
    for url in ("/", post.get_absolute_url()):
        html = client.get(url).text
        assert not INLINE_SCRIPT.search(html), url
        assert not INLINE_STYLE.search(html), url
        assert not EVENT_HANDLER.search(html), url


def test_policy_lets_a_post_show_an_image_from_another_https_site(client, make_post):
    post = make_post("Chart", body="![A chart](https://example.org/chart.png)")

    response = client.get(post.get_absolute_url())

    assert '<img src="https://example.org/chart.png" alt="A chart">' in response.text
    directives = dict(
        part.strip().split(" ", 1)
        for part in response["Content-Security-Policy"].split(";")
    )
    assert "https:" in directives["img-src"].split()


def test_not_found_page_carries_security_headers(client):
    assert_security_headers(client.get("/posts/no-such-post/"))


def test_static_file_carries_security_headers(client):
    assert_security_headers(client.get(static("admin/css/base.css")))


def test_admin_keeps_working_with_inline_styles_only(admin_client):
    response = admin_client.get("/admin/")

    assert response.status_code == 200
    assert_security_headers(response)
    policy = response["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in policy
    assert "script-src 'self';" in policy
