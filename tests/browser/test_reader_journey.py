"""A reader's visit to the public site, in a real browser."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from posts import queries
from posts.models import Post, Tag
from tests.browser.layout import DESKTOP, PHONE, has_horizontal_scroll

TAG = "children's social work"
FOOTNOTE_POST = "Administrative Support for Child Protection Social Work"
BULLET_POST = "The Government’s proposals for children’s social worker accreditation"
# A word that only one seeded post uses (checked against the database below).
SEARCH_WORD = "Hampshire"


@pytest.fixture
def small_pages(settings):
    """Three posts a page, so that filtered lists run to several pages."""
    settings.POSTS_PER_PAGE = 3


@pytest.fixture
def tagged_2017(site):
    """Tag some 2017 posts too, as the seeded tagged posts have no date."""
    tag = Tag.objects.get(name=TAG)
    posts = Post.objects.published().filter(published_at__year=2017)[:7]
    for post in posts:
        post.tags.add(tag)
    return tag


def card_titles(page):
    return page.locator(".post-card__title").all_inner_texts()


def read_every_page(page):
    """Titles of the posts on this list and its later pages, and each page's
    query string (the pagination's "Next page" link is followed)."""
    titles, queries_seen = [], []
    number = 1
    while True:
        titles += card_titles(page)
        queries_seen.append(parse_qs(urlsplit(page.url).query))
        next_link = page.locator(".pagination a[rel=next]")
        if not next_link.count():
            return titles, queries_seen
        next_link.click()
        number += 1
        # Read the next page only once it has arrived.
        expect(page.locator(".pagination [aria-current=page]")).to_have_text(
            re.compile(rf"^Page {number} of ")
        )


def published_titles(**filters):
    return set(
        Post.objects.published().filter(**filters).values_list("title", flat=True)
    )


def test_reader_sees_the_posts_and_browses_a_tag(page, site, small_pages, screenshot):
    page.goto(site)
    expect(page.locator("h1")).to_have_text("Latest posts")
    newest = queries.published_posts().first()
    expect(page.locator(".post-card").first).to_contain_text(newest.title)
    expect(page.locator(".result-count")).to_contain_text(
        f"{Post.objects.published().count()} posts"
    )
    screenshot(page, "reader-home")

    # A tag link on a post leads to that tag's posts, and only those.
    tagged = Post.objects.published().filter(tags__name=TAG).first()
    page.goto(f"{site}{tagged.get_absolute_url()}")
    page.locator(".post__header .tags").get_by_role("link", name=TAG).click()
    expect(page.locator("h1")).to_have_text(f"Posts tagged “{TAG}”")
    screenshot(page, "reader-tag")
    # Its feed links read "RSS" and "Atom", as the footer's do, but a screen
    # reader hears whose feeds they are.
    for kind in ("RSS", "Atom"):
        link = page.get_by_role("link", name=f"{kind} feed of posts tagged “{TAG}”")
        expect(link).to_be_visible()
        hidden = link.locator(".visually-hidden").bounding_box()
        assert hidden["width"] <= 1 and hidden["height"] <= 1
    titles, _ = read_every_page(page)
    assert sorted(titles) == sorted(published_titles(tags__name=TAG))


def test_reader_filters_by_tag_and_year_and_pages_through_the_results(
    page, site, small_pages, tagged_2017
):
    page.goto(site)
    page.get_by_text("Filter and sort posts").click()
    page.get_by_role(
        "checkbox", name=re.compile(rf"^{re.escape(TAG)} \(\d+\)$")
    ).check()
    page.get_by_label("Year").fill("2017")
    page.get_by_role("button", name="Show posts").click()

    # The heading (and the tab's title) say what the list holds.
    expect(page.locator("h1")).to_have_text(f"Posts tagged “{TAG}” from 2017")
    expect(page).to_have_title(f"Posts tagged “{TAG}” from 2017 · blogcms")
    expected = published_titles(tags=tagged_2017, published_at__year=2017)
    assert len(expected) > 2 * 3  # three pages at least
    expect(page.locator(".result-count")).to_contain_text(
        f"{len(expected)} posts, page 1 of 3"
    )
    # The form shows what is being filtered.
    expect(page.get_by_label("Year")).to_have_value("2017")

    titles, queries_seen = read_every_page(page)
    assert sorted(titles) == sorted(expected)
    assert len(queries_seen) == 3
    for query in queries_seen:
        assert query["tag"] == [tagged_2017.slug]
        assert query["year"] == ["2017"]

    # Back to the first page, still filtered.
    page.locator(".pagination").get_by_role("link", name="First").click()
    assert parse_qs(urlsplit(page.url).query)["tag"] == [tagged_2017.slug]
    expect(page.locator(".result-count")).to_contain_text("page 1 of 3")


def test_reader_searches_opens_a_post_and_follows_previous_and_next(page, site):
    matching = Post.objects.published().filter(body__icontains=SEARCH_WORD)
    assert matching.count() == 1
    post = matching.get()

    page.goto(site)
    page.get_by_role("searchbox", name="Search posts").fill(SEARCH_WORD)
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.locator("h1")).to_have_text(f"Search results for “{SEARCH_WORD}”")
    assert card_titles(page) == [post.title]
    page.get_by_role("link", name=post.title).click()
    expect(page.locator("h1")).to_have_text(post.title)

    previous, following = queries.adjacent_posts(post)
    assert previous and following
    page.locator(".post-nav a[rel=next]").click()
    expect(page.locator("h1")).to_have_text(following.title)
    page.locator(".post-nav a[rel=prev]").click()
    expect(page.locator("h1")).to_have_text(post.title)
    page.locator(".post-nav a[rel=prev]").click()
    expect(page.locator("h1")).to_have_text(previous.title)


def test_reader_sees_footnotes_and_bullets_rendered(page, site):
    post = Post.objects.get(title=FOOTNOTE_POST)
    page.goto(f"{site}{post.get_absolute_url()}")
    body = page.locator(".post__body")
    references = body.locator("sup a[href^='#fn-']")
    expect(references).to_have_count(4)

    # A reference jumps to its note, and the note links back to the text.
    references.first.click()
    expect(page).to_have_url(re.compile(r"#fn-1$"))
    note = page.locator("#fn-1")
    expect(note).to_have_text(re.compile(r"^\[1\] Lisa Holmes"))
    expect(note).to_be_in_viewport()
    note.get_by_role("link", name="[1]").click()
    expect(page).to_have_url(re.compile(r"#fnref-1$"))
    expect(page.locator("#fnref-1")).to_be_in_viewport()

    post = Post.objects.get(title__startswith=BULLET_POST)
    page.goto(f"{site}{post.get_absolute_url()}")
    items = page.locator(".post__body ul li")
    expect(items.first).to_have_text(
        "A clear understanding of the major tasks undertaken by advanced or "
        "specialist practitioners"
    )
    assert items.count() >= 5
    expect(page.locator(".post__body")).not_to_contain_text("- A clear")


def test_reader_pages_fit_phone_and_desktop_widths(page, site, screenshot):
    tag = Tag.objects.get(name=TAG)
    # The footnote post has long unbroken URLs in its notes.
    post = Post.objects.get(title=FOOTNOTE_POST)
    pages = {
        "home": site,
        "tag": f"{site}{tag.get_absolute_url()}",
        "post": f"{site}{post.get_absolute_url()}",
    }
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        for name, url in pages.items():
            page.goto(url)
            assert not has_horizontal_scroll(page), f"{name} at {viewport['width']}px"
            # The header's search box and its button share a line (on a
            # phone the button wrapped onto a line of its own).
            box = page.locator("#site-search").bounding_box()
            button = page.locator(".site-search button").bounding_box()
            middle = box["y"] + box["height"] / 2
            assert button["y"] < middle < button["y"] + button["height"], (
                f"{name} at {viewport['width']}px"
            )
            assert box["x"] + box["width"] <= button["x"]
            if viewport is PHONE:
                screenshot(page, f"reader-{name}-phone")
