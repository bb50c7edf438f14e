"""Tag pages: the index of tags in use with counts, and each tag's posts."""

import re
from html.parser import HTMLParser

from posts.models import Post, Tag


def test_tag_index_lists_tags_of_published_posts_with_counts(client, make_post):
    make_post("One", tags=["Policy", "Funding"])
    make_post("Two", tags=["Policy"])
    make_post("Draft", tags=["Policy", "Secret plans"], status=Post.Status.DRAFT)

    html = client.get("/tags/").text

    entries = re.findall(r'<li><a href="(/tags/[^"]+)">([^<]+)</a> <span', html)
    assert entries == [("/tags/funding/", "Funding"), ("/tags/policy/", "Policy")]
    assert "2 posts" in html
    assert "1 post<" in html
    assert "Secret plans" not in html


def test_tags_are_listed_alphabetically_whatever_their_case(client, make_post):
    # The seeds have "Social care funding" and "adult social care": readers
    # expect "adult…" first, as the posts' "Title, A to Z" order does.
    post = make_post("One", tags=["Social care funding", "adult social care", "Zebra"])

    tags = [tag.name for tag in client.get("/tags/").context["tags"]]
    home = client.get("/").text
    boxes = re.findall(r'name="tag" value="([^"]+)"', home)
    detail = client.get(post.get_absolute_url()).text

    assert tags == ["adult social care", "Social care funding", "Zebra"]
    assert boxes == ["adult-social-care", "social-care-funding", "zebra"]
    in_order = ["adult social care</a>", "Social care funding</a>", "Zebra</a>"]
    for page in (home, detail):
        positions = [page.index(f'rel="tag">{name}') for name in in_order]
        assert positions == sorted(positions)


def test_tag_page_lists_its_published_posts(client, make_post):
    make_post("Tagged", tags=["Policy"])
    make_post("Other", tags=["Funding"])
    make_post("Draft", tags=["Policy"], status=Post.Status.DRAFT)

    response = client.get("/tags/policy/")

    assert [post.title for post in response.context["post_list"]] == ["Tagged"]
    assert "<h1>Posts tagged “Policy”</h1>" in response.text
    assert 'href="/tags/policy/feed/rss/"' in response.text
    assert 'href="/tags/policy/feed/atom/"' in response.text


def test_tag_page_says_its_count_once_above_the_posts(client, make_post):
    # The lead beside the feed links said "2 posts" too.
    make_post("One", tags=["Policy"])
    make_post("Two", tags=["Policy"])

    html = client.get("/tags/policy/").text

    body = html.split("<body", 1)[1]  # not the meta description
    assert body.count("2 posts") == 1
    assert '<p class="result-count">2 posts</p>' in html
    lead = re.search(r'<p class="lead">(.*?)</p>', html, re.S).group(1)
    assert lead.startswith('Follow this tag by <a href="/tags/policy/feed/rss/">')
    assert 'or <a href="/tags/policy/feed/atom/">Atom' in lead


class LinkReader(HTMLParser):
    """Each link's address and its text as a screen reader names it (hidden
    text included)."""

    def __init__(self):
        super().__init__()
        self.links, self._open = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._open = [dict(attrs)["href"], ""]

    def handle_data(self, data):
        if self._open:
            self._open[1] += data

    def handle_endtag(self, tag):
        if tag == "a" and self._open:
            href, text = self._open
            self.links.append((href, " ".join(text.split())))
            self._open = None


def links(html):
    reader = LinkReader()
    reader.feed(html)
    return reader.links


def test_tag_feed_links_say_they_are_the_tags_feeds(client, make_post):
    # The footer's links to the site's feeds read "RSS" and "Atom" too.
    make_post("Tagged", tags=["Policy"])

    html = client.get("/tags/policy/").text

    addresses = dict(links(html))
    assert addresses["/tags/policy/feed/rss/"] == "RSS feed of posts tagged “Policy”"
    assert addresses["/tags/policy/feed/atom/"] == "Atom feed of posts tagged “Policy”"
    assert (addresses["/feed/rss/"], addresses["/feed/atom/"]) == ("RSS", "Atom")
    # What the eye reads beside "follow this tag by" is still "RSS".
    assert (
        '>RSS<span class="visually-hidden"> feed of posts tagged “Policy”</span></a>'
        in html
    )


def test_no_two_links_of_a_tag_page_read_alike_and_go_to_different_places(
    client, make_post
):
    # A screen reader's list of links shows their texts alone (WCAG 2.4.4).
    make_post("Tagged", tags=["Policy", "Funding"])

    texts = {}
    for href, text in links(client.get("/tags/policy/").text):
        texts.setdefault(text, set()).add(href)

    assert {text: hrefs for text, hrefs in texts.items() if len(hrefs) > 1} == {}


def test_tag_page_paginates_within_the_tag(client, make_post, settings):
    settings.POSTS_PER_PAGE = 1
    make_post("First", tags=["Policy"])
    make_post("Second", tags=["Policy"])

    response = client.get("/tags/policy/?page=2")

    assert [post.title for post in response.context["post_list"]] == ["First"]
    assert 'href="?page=1" rel="prev"' in response.text


def test_old_tag_page_with_a_page_number_redirects_to_that_page(
    client, make_post, settings
):
    settings.POSTS_PER_PAGE = 1
    make_post("One", tags=["Old name"])
    make_post("Two", tags=["Old name"])
    tag = Tag.objects.get(name="Old name")
    tag.slug = "new-name"
    tag.save()

    response = client.get("/tags/old-name/?page=2")

    assert response.status_code == 301
    assert response["Location"] == "/tags/new-name/?page=2"


def test_tag_page_combines_with_other_filters(client, make_post, local_day):
    make_post("Old", tags=["Policy"], published_at=local_day(2016, 1, 1))
    make_post("New", tags=["Policy"], published_at=local_day(2017, 1, 1))

    response = client.get("/tags/policy/?year=2016")

    assert [post.title for post in response.context["post_list"]] == ["Old"]


def test_unknown_tag_and_tag_of_drafts_only_are_not_found(client, make_post):
    make_post("Draft", tags=["Secret plans"], status=Post.Status.DRAFT)

    assert client.get("/tags/no-such-tag/").status_code == 404
    assert client.get("/tags/secret-plans/").status_code == 404


def test_accented_tag_gets_an_ascii_address_and_every_page_links_it(client, make_post):
    post = make_post("Abroad", tags=["Café culture"])

    pages = [client.get(url) for url in ("/", "/tags/", post.get_absolute_url())]

    assert [page.status_code for page in pages] == [200, 200, 200]
    assert all('href="/tags/cafe-culture/"' in page.text for page in pages)
    assert (
        "<h1>Posts tagged “Café culture”</h1>" in client.get("/tags/cafe-culture/").text
    )


def test_tag_named_without_letters_or_digits_still_has_a_page(client, make_post):
    make_post("Shouting", tags=["!!!", "???"])

    html = client.get("/tags/").text

    assert 'href="/tags/tag/">!!!</a>' in html
    assert 'href="/tags/tag_1/">???</a>' in html
    assert client.get("/tags/tag_1/").status_code == 200


def test_tag_with_an_accented_slug_typed_by_an_editor_has_a_page(client, make_post):
    post = make_post("Spanish", tags=["Protección"])
    Tag.objects.filter(name="Protección").update(slug="protección")

    html = client.get(post.get_absolute_url()).text

    assert 'href="/tags/protecci%C3%B3n/"' in html
    response = client.get("/tags/protecci%C3%B3n/")
    assert "<h1>Posts tagged “Protección”</h1>" in response.text


def test_tag_page_canonical_link_is_percent_encoded(client, make_post):
    make_post("One", tags=["Protección"])
    Tag.objects.filter(name="Protección").update(slug="protección")

    html = client.get("/tags/protecci%C3%B3n/").text

    [canonical] = re.findall(r'<link rel="canonical" href="([^"]+)">', html)
    assert canonical.endswith("/tags/protecci%C3%B3n/")


def test_old_address_of_a_tag_only_drafts_carry_does_not_reveal_its_new_slug(
    client, make_post
):
    make_post("Draft", tags=["Plans"], status=Post.Status.DRAFT)
    tag = Tag.objects.get(name="Plans")
    tag.name, tag.slug = "Secret plans", "secret-plans"
    tag.save()

    responses = [
        client.get(url)
        for url in ("/tags/plans/", "/tags/plans/feed/rss/", "/tags/plans/feed/atom/")
    ]

    assert [response.status_code for response in responses] == [404, 404, 404]
    assert not any("secret-plans" in response.text for response in responses)
    make_post("Out now", tags=["Secret plans"])
    response = client.get("/tags/plans/")
    assert (response.status_code, response["Location"]) == (301, "/tags/secret-plans/")
