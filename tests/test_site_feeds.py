"""Feeds (RSS and Atom, site-wide and per tag), sitemap.xml and robots.txt."""

import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.contrib.sites.models import Site
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from posts.models import Post, Tag
from posts.sites import sync_site

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
HOST = "http://127.0.0.1:8000"  # settings.SITE_DOMAIN, copied into the Site


@pytest.fixture
def posts(make_post, local_day):
    make_post(
        "Dated", tags=["Policy"], published_at=local_day(2017, 3, 25), body="*Hi*"
    )
    make_post("Undated", tags=["Funding"])
    make_post("Draft", tags=["Policy"], status=Post.Status.DRAFT)


def xml(response):
    assert response.status_code == 200
    return ET.fromstring(response.content)


def test_rss_feed_lists_published_posts_newest_first(client, posts):
    channel = xml(client.get("/feed/rss/")).find("channel")

    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Dated", "Undated"]
    dated, undated = items
    assert dated.findtext("link") == f"{HOST}/posts/dated/"
    assert dated.findtext("pubDate") == "Sat, 25 Mar 2017 00:00:00 +0000"
    assert dated.findtext("description") == "<p><em>Hi</em></p>\n"
    assert dated.findtext("category") == "Policy"
    assert undated.find("pubDate") is None  # no invented date
    assert channel.findtext("link") == f"{HOST}/"


def test_atom_feed_lists_published_posts(client, posts):
    feed = xml(client.get("/feed/atom/"))

    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == [
        "Dated",
        "Undated",
    ]
    assert entries[0].find(f"{ATOM}link").get("href") == f"{HOST}/posts/dated/"
    assert entries[0].findtext(f"{ATOM}published").startswith("2017-03-25")
    assert entries[1].find(f"{ATOM}published") is None
    assert all(entry.findtext(f"{ATOM}updated") for entry in entries)
    assert feed.findtext(f"{ATOM}subtitle")


@pytest.mark.parametrize("url", ["/feed/atom/", "/tags/policy/feed/atom/"])
def test_atom_feed_names_the_site_as_its_author(client, posts, settings, url):
    settings.SITE_NAME = "Care Notes"

    feed = xml(client.get(url))

    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "Care Notes"


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_tag_feed_lists_only_the_tags_published_posts(client, posts, kind):
    root = xml(client.get(f"/tags/policy/feed/{kind}/"))

    titles = [element.text for element in root.iter() if element.tag.endswith("title")]
    assert "Dated" in titles
    assert "Undated" not in titles and "Draft" not in titles
    assert any("Policy" in title for title in titles[:1])


def test_feed_size_comes_from_the_setting(client, make_post, settings):
    settings.POSTS_PER_FEED = 2
    for number in range(3):
        make_post(f"Post {number}")

    channel = xml(client.get("/feed/rss/")).find("channel")

    assert len(channel.findall("item")) == 2


@pytest.mark.parametrize("url", ["/feed/rss/", "/tags/policy/feed/atom/"])
def test_feed_reaches_the_server_as_one_piece(client, posts, url):
    # A WSGI server writes each piece to the socket separately.
    pieces = list(client.get(url))

    assert len(pieces) == 1
    assert pieces[0].startswith(b"<?xml")


def test_feed_of_unknown_tag_is_not_found(client, posts):
    assert client.get("/tags/nothing/feed/rss/").status_code == 404


def test_sitemap_lists_posts_tags_months_and_indexes(client, posts):
    urlset = xml(client.get("/sitemap.xml"))

    locations = {url.findtext(f"{SITEMAP}loc") for url in urlset}
    assert locations == {
        f"{HOST}/",
        f"{HOST}/tags/",
        f"{HOST}/archive/",
        f"{HOST}/posts/dated/",
        f"{HOST}/posts/undated/",
        f"{HOST}/tags/funding/",
        f"{HOST}/tags/policy/",
        f"{HOST}/archive/2017/03/",
    }
    post_entry = next(
        url for url in urlset if url.findtext(f"{SITEMAP}loc").endswith("/dated/")
    )
    assert post_entry.findtext(f"{SITEMAP}lastmod")


def test_sitemap_dates_a_scheduled_post_no_earlier_than_it_went_live(client, make_post):
    post = make_post("Was scheduled")
    saved = timezone.now() - timedelta(days=3)
    went_live = timezone.now() - timedelta(days=1)
    Post.objects.filter(pk=post.pk).update(updated_at=saved, published_at=went_live)

    urlset = xml(client.get("/sitemap.xml"))

    post_entry = next(
        url
        for url in urlset
        if url.findtext(f"{SITEMAP}loc").endswith("/was-scheduled/")
    )
    assert (
        post_entry.findtext(f"{SITEMAP}lastmod")
        == timezone.localdate(went_live).isoformat()
    )


def test_robots_txt_points_to_the_sitemap(client, db):
    response = client.get("/robots.txt")

    assert response["Content-Type"] == "text/plain"
    assert response.text.splitlines() == [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "",
        f"Sitemap: {HOST}/sitemap.xml",
    ]


@pytest.fixture
def forget_current_site():
    """The sites framework caches the current Site beyond a test's transaction."""
    yield
    Site.objects.clear_cache()


def test_absolute_links_follow_the_site_domain_setting(
    client, posts, settings, forget_current_site
):
    settings.SITE_DOMAIN = "blog.example.org"
    sync_site(sender=None)

    channel = xml(client.get("/feed/rss/")).find("channel")

    assert channel.findtext("item/link") == "http://blog.example.org/posts/dated/"
    assert Site.objects.get_current().domain == "blog.example.org"


@pytest.mark.parametrize("url", ["/feed/rss/", "/feed/atom/"])
def test_feed_leaves_out_characters_xml_cannot_carry(client, make_post, url):
    make_post("Form\x0cfeed", body="Page one\x0cpage two\x07.", tags=["Bell\x07"])

    text = ET.tostring(xml(client.get(url)), encoding="unicode")

    assert "Formfeed" in text
    assert "Page onepage two." in text


def test_feed_is_not_dated_by_its_newest_post(client, posts):
    """Unpublishing the newest post changes the feed but makes it no newer:
    conditional requests go by the ETag alone."""
    response = client.get("/feed/rss/")

    assert not response.has_header("Last-Modified")
    Post.objects.filter(title="Dated").update(status=Post.Status.DRAFT)
    again = client.get("/feed/rss/", headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 200
    assert b"Dated" not in again.content


def test_atom_entry_is_updated_no_earlier_than_it_is_published(client, make_post):
    post = make_post("Scheduled")
    saved = timezone.now() - timedelta(hours=2)
    published = timezone.now() - timedelta(hours=1)
    Post.objects.filter(pk=post.pk).update(updated_at=saved, published_at=published)

    entry = xml(client.get("/feed/atom/")).find(f"{ATOM}entry")

    assert entry.find(f"{ATOM}updated").text == entry.find(f"{ATOM}published").text


def feed_contents(client):
    """The content of the first entry of the RSS feed, then of the Atom feed."""
    rss = xml(client.get("/feed/rss/")).find("channel/item/description").text
    atom = xml(client.get("/feed/atom/")).find(f"{ATOM}entry/{ATOM}summary").text
    return rss, atom


def test_feed_footnote_links_point_into_the_post_page(client, make_post):
    make_post("Notes", body="Evidence [1].\n\nNotes\n\n[1] A source.")

    for content in feed_contents(client):
        assert f'href="{HOST}/posts/notes/#fn-1"' in content
        assert f'href="{HOST}/posts/notes/#fnref-1"' in content
        assert 'id="fn-1"' in content


def test_feed_content_links_are_absolute(client, make_post):
    # A feed reader shows an entry away from the site and with no base URL
    # (RSS has none): a root-relative /posts/… link goes nowhere there.
    make_post(
        "Notes",
        body="Evidence [1], [an earlier post](/posts/other/), [a page](more/), "
        "[elsewhere](https://example.org/a) and ![a chart](/static/chart.png)."
        "\n\nNotes\n\n[1] A source.",
    )

    for content in feed_contents(client):
        addresses = re.findall(r'(?:href|src)="([^"]*)"', content)
        assert addresses == [
            f"{HOST}/posts/notes/#fn-1",
            f"{HOST}/posts/other/",
            f"{HOST}/posts/notes/more/",
            "https://example.org/a",
            f"{HOST}/static/chart.png",
            f"{HOST}/posts/notes/#fnref-1",
        ]


def test_feed_content_links_take_the_feeds_scheme(client, make_post):
    make_post("Notes", body="[An earlier post](/posts/other/).")

    rss = xml(client.get("/feed/rss/", secure=True)).find("channel/item/description")

    assert 'href="https://127.0.0.1:8000/posts/other/"' in rss.text


def entry_ids(client):
    rss = xml(client.get("/feed/rss/")).find("channel/item/guid")
    atom = xml(client.get("/feed/atom/")).find(f"{ATOM}entry/{ATOM}id")
    return rss, atom.text


def test_feed_entry_keeps_its_id_when_the_post_slug_changes(client, make_post):
    # RSS guid / Atom id identify an entry for good (RFC 4287 4.2.6): a
    # changed slug (which the site supports, with a redirect) must not make
    # every feed reader show the post again as a new one.
    post = make_post("Renamed")
    rss_before, atom_before = entry_ids(client)

    post.slug = "renamed-again"
    post.save()
    rss_after, atom_after = entry_ids(client)

    assert rss_after.text == rss_before.text == atom_after == atom_before
    assert atom_after.startswith("urn:uuid:")
    assert rss_after.get("isPermaLink") == "false"  # not the post's address


def test_imported_post_keeps_its_feed_id_when_the_site_is_rebuilt(client, make_post):
    # Importing the archives into a new database gives the post another pk,
    # but the same import key.
    make_post("Imported", import_key="2017-03-25/imported")
    _rss, before = entry_ids(client)
    Post.objects.all().delete()
    make_post("Imported", slug="imported-again", import_key="2017-03-25/imported")

    _rss, after = entry_ids(client)

    assert after == before


def atom_feed_id(client, url, **request):
    return xml(client.get(url, **request)).findtext(f"{ATOM}id")


def test_tag_atom_feed_keeps_its_id_when_the_tag_is_renamed(editor_client, make_post):
    # Renaming a tag moves its page and feeds to the new name's slug (the old
    # addresses redirect); the feed is the same one, and an Atom feed's id
    # must never change (RFC 4287 4.2.6).
    make_post("Reform", tags=["Policy"])
    tag = Tag.objects.get(name="Policy")
    reader = Client()
    before = atom_feed_id(reader, "/tags/policy/feed/atom/")

    editor_client.post(
        reverse("admin:posts_tag_change", args=[tag.pk]),
        {"name": "Social policy", "slug": tag.slug},
    )
    after = atom_feed_id(reader, "/tags/policy/feed/atom/", follow=True)

    assert reader.get("/tags/social-policy/feed/atom/").status_code == 200
    assert after == before
    assert after.startswith("urn:uuid:")


def test_every_atom_feed_has_an_id_of_its_own(client, posts):
    ids = {
        atom_feed_id(client, url)
        for url in (
            "/feed/atom/",
            "/tags/policy/feed/atom/",
            "/tags/funding/feed/atom/",
        )
    }

    assert len(ids) == 3


def test_site_atom_feed_keeps_its_id_whatever_the_site_domain_or_scheme(
    client, posts, settings, forget_current_site
):
    before = atom_feed_id(client, "/feed/atom/")
    settings.SITE_DOMAIN = "blog.example.org"
    sync_site(sender=None)

    after = atom_feed_id(client, "/feed/atom/", secure=True)

    assert after == before
    assert after.startswith("urn:uuid:")
    # Its address, where it is read from, does follow the domain.
    self_link = xml(client.get("/feed/atom/", secure=True)).find(
        f"{ATOM}link[@rel='self']"
    )
    assert self_link.get("href") == "https://blog.example.org/feed/atom/"
