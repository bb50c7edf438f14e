"""RSS and Atom feeds of the latest published posts, site-wide and per tag."""

import re
import uuid

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from posts.queries import published_posts, tag_in_use
from posts.rendering import rendered_bodies, with_absolute_links

# Characters XML 1.0 cannot carry. A post may hold one (a form feed pasted
# into the admin), and it must not take the feeds down.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# Every entry id and Atom feed id is made from this: changing it would make
# every feed reader show every post again as new.
ID_NAMESPACE = uuid.UUID("8c73dce7-4a80-42e0-8bf4-7ad4917a0139")


def _xml_text(text):
    return NOT_IN_XML.sub("", text)


def entry_id(post):
    """The post's id in feeds (RSS guid, Atom id), the same for good.

    Feed readers know an entry by its id, and Atom requires it never to
    change (RFC 4287 4.2.6); the post's address changes with its slug or the
    site's domain. An imported post is named by its import key, which a
    database rebuilt from the archives gives it again; any other by its pk.
    """
    identity = f"import:{post.import_key}" if post.import_key else f"pk:{post.pk}"
    return uuid.uuid5(ID_NAMESPACE, identity).urn


def feed_id(identity):
    """An Atom feed's own id, the same for good (RFC 4287 4.2.6).

    Django would use the feed's link, the absolute address of its page: that
    changes with the site's domain (SITE_DOMAIN) and the request's scheme,
    and a tag's with its slug, which moves when the tag is renamed.
    `identity` names the feed among the site's ("site", "tag:<pk>"); the
    "feed:" prefix keeps it apart from every entry's.
    """
    return uuid.uuid5(ID_NAMESPACE, f"feed:{identity}").urn


class LatestPostsFeed(Feed):
    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        # The feed generator writes the XML in hundreds of small pieces, and a
        # WSGI server sends each piece it is given as a socket write of its own.
        response.content = b"".join(response)
        # Django dates the feed by its newest item, but unpublishing that post
        # or renaming a tag changes the feed without making it newer: a client
        # asking "modified since?" would keep the old one. The ETag
        # (ConditionalGetMiddleware) follows every change.
        del response.headers["Last-Modified"]
        return response

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        # Links resolve against the entry's own address, absolute by now on
        # the Site's domain with the feed's scheme: where a reader clicking
        # `/posts/…` or a footnote's `#fn-1` on the post's page would land.
        for item in feed.items:
            item["description"] = with_absolute_links(item["description"], item["link"])
        return feed

    def title(self):
        return settings.SITE_NAME

    def description(self):
        return settings.SITE_DESCRIPTION

    def link(self):
        return reverse("posts:list")

    def feed_guid(self):
        return feed_id("site")

    def items(self):
        return self.latest(published_posts())

    def latest(self, posts):
        """The newest of `posts`, each with its `body_html`."""
        posts = list(posts[: settings.POSTS_PER_FEED])
        bodies = rendered_bodies(posts)
        for post in posts:
            post.body_html = bodies[post.pk]
        return posts

    def item_title(self, post):
        return _xml_text(post.title)

    def item_description(self, post):
        return _xml_text(post.body_html)

    def item_guid(self, post):
        return entry_id(post)

    def item_guid_is_permalink(self, post):
        return False

    def item_pubdate(self, post):
        return post.published_at  # None when unknown: no date is invented

    def item_updateddate(self, post):
        return post.last_modified

    def item_categories(self, post):
        return [_xml_text(tag.name) for tag in post.tag_list]


class TagFeed(LatestPostsFeed):
    def get_object(self, request, slug):
        return tag_in_use(slug)

    def title(self, tag):
        return f"{settings.SITE_NAME}: posts tagged “{tag.name}”"

    def description(self, tag):
        return f"The latest posts tagged “{tag.name}”."

    def link(self, tag):
        return tag.get_absolute_url()

    def feed_guid(self, tag):
        # The tag's pk, which a rename keeps (its name and slug change) and a
        # merge keeps for the tag kept. A tag deleted and one named like it
        # later are different tags, with different feeds and posts.
        return feed_id(f"tag:{tag.pk}")

    def items(self, tag):
        return self.latest(published_posts().filter(tags=tag))


class AtomMixin:
    feed_type = Atom1Feed

    def subtitle(self, obj):
        # Atom calls RSS's description a subtitle.
        return self._get_dynamic_attr("description", obj)

    def author_name(self):
        # Atom (RFC 4287) needs an author for the feed unless every entry
        # names one, and posts name none: the site speaks for them.
        return settings.SITE_NAME


class LatestPostsAtomFeed(AtomMixin, LatestPostsFeed):
    pass


class TagAtomFeed(AtomMixin, TagFeed):
    pass
