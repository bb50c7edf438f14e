"""The seeded site, browsed by following links from the home page."""

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

from django.core.management import call_command

from posts import queries
from posts.models import Post

NOT_PAGES = ("/static/", "/feed/", "/admin/", "/sitemap.xml", "/robots.txt")


class LinkCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs += [value for name, value in attrs if name == "href"]


def links(page_url, html):
    collector = LinkCollector()
    collector.feed(html)
    for href in collector.hrefs:
        url, _fragment = urldefrag(urljoin(page_url, href))
        parts = urlsplit(url)
        if not parts.netloc and not any(part in parts.path for part in NOT_PAGES):
            yield url


def crawl(client, start):
    """Every page reachable by links from `start`, each checked to answer 200."""
    seen, queue = {start}, deque([start])
    while queue:
        url = queue.popleft()
        response = client.get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        for link in links(url, response.text):
            if link not in seen:
                seen.add(link)
                queue.append(link)
    return {urlsplit(url).path for url in seen}


def test_every_seeded_post_tag_and_month_is_reachable_from_the_home_page(client, db):
    call_command("import_seeds", verbosity=0)

    reachable = crawl(client, "/")

    posts = {post.get_absolute_url() for post in Post.objects.published()}
    tags = {tag.get_absolute_url() for tag in queries.tags_in_use()}
    months = {
        month.get_absolute_url() for year in queries.archive() for month in year.months
    }
    assert len(posts) == 28 and tags and months
    assert posts <= reachable
    assert tags <= reachable
    assert months <= reachable
    draft = Post.objects.exclude(pk__in=Post.objects.published()).get()
    assert draft.get_absolute_url() not in reachable
