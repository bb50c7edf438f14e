"""Old public URLs keep working: a permanent redirect when a slug changes.

The rows live in django.contrib.redirects; ExpiringRedirectMiddleware answers
a 404 at a row's old path (whatever its query string) with a 301 to the new.
Pointing older rows straight at the newest path keeps every old URL one hop
away from its page. A row leading to a page readers can't see (a draft's)
answers nothing until that page is public.
"""

from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.redirects.middleware import RedirectFallbackMiddleware
from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.contrib.sites.shortcuts import get_current_site
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.urls import Resolver404, resolve, reverse
from django.utils.cache import patch_cache_control
from django.utils.encoding import escape_uri_path, iri_to_uri
from reversion.models import Version

from posts.models import Post, Tag

# A tag's page and its feeds: each moves with the tag's slug.
TAG_URL_NAMES = ("posts:tag", "posts:tag-feed-rss", "posts:tag-feed-atom")
# Paths are stored percent-encoded: a letter outside ASCII takes 6 or 9 of these.
PATH_MAX_LENGTH = Redirect._meta.get_field("old_path").max_length


class ExpiringRedirectMiddleware(RedirectFallbackMiddleware):
    """django.contrib.redirects' 301s, keeping the query string, which
    browsers may keep only briefly.

    Django looks a row up by the address with its query string, so a link
    shared with `?utm_source=…`, or a tag's `?page=2`, was a 404 though the
    address itself redirects: the row for the bare path answers it too, and
    the redirect carries the query string along.

    A browser keeps a bare 301 for as long as it likes; but slugs can change
    back (an editor restoring an older version), and a browser that kept
    "a to b" would then bounce between b and a for ever.
    """

    def process_response(self, request, response):
        if response.status_code != 404:
            return response
        new_path = self.new_path(request)
        if new_path is None or hidden_from_readers(new_path):
            return response
        if new_path == "":
            return self.response_gone_class()
        redirect = self.response_redirect_class(new_path)
        patch_cache_control(redirect, max_age=settings.PUBLIC_PAGE_MAX_AGE)
        return redirect

    def new_path(self, request):
        """Where the redirect row for this address points (with the query
        string the address had), or None when no row matches it."""
        candidates = old_paths(request)
        rows = Redirect.objects.filter(
            site=get_current_site(request), old_path__in=candidates
        )
        found = dict(rows.values_list("old_path", "new_path"))
        for old_path, query in candidates.items():
            if old_path in found:
                new_path = found[old_path]
                if not (query and new_path):
                    return new_path
                separator = "&" if "?" in new_path else "?"
                return f"{new_path}{separator}{query}"
        return None


def old_paths(request):
    """{old path a row may have for this address: the query string its
    redirect must add}, best match first.

    As Django: the whole address, then with a slash appended; then the same
    without the query string, which the redirect keeps. One query finds them.
    """
    query = iri_to_uri(request.META.get("QUERY_STRING", ""))
    slashes = [False]
    if settings.APPEND_SLASH and not request.path.endswith("/"):
        slashes.append(True)
    candidates = {}
    for slash in slashes:
        candidates.setdefault(request.get_full_path(force_append_slash=slash), "")
    for slash in slashes:
        path = escape_uri_path(request.path) + ("/" if slash else "")
        candidates.setdefault(path, query)
    return candidates


def hidden_from_readers(path):
    """Whether `path` is the page of a post or tag that readers can't see yet
    (a draft, a scheduled post, a tag that only such posts carry).

    Its redirect rows are kept for when it is public again, but until then
    the old address answers 404, as the page itself does: a redirect would
    give its new address away, and a slug is made of the title or name.
    """
    try:
        match = resolve(unquote(urlsplit(path).path))
    except Resolver404:
        return False
    published = Post.objects.published()
    if match.view_name == "posts:detail":
        return not published.filter(slug=match.kwargs["slug"]).exists()
    if match.view_name in TAG_URL_NAMES:
        return not published.filter(tags__slug=match.kwargs["slug"]).exists()
    return False


def redirect_tag(old_slug, new_slug):
    """Make the tag's old page and feeds redirect to those of its new slug."""
    for name in TAG_URL_NAMES:
        redirect_path(
            reverse(name, kwargs={"slug": old_slug}),
            reverse(name, kwargs={"slug": new_slug}),
        )


def tag_urls_fit(slug):
    """Whether the addresses of a tag with this slug fit a redirect's paths."""
    return all(
        len(reverse(name, kwargs={"slug": slug})) <= PATH_MAX_LENGTH
        for name in TAG_URL_NAMES
    )


def redirect_path(old_path, new_path):
    """Make `old_path` answer with a permanent redirect to `new_path`."""
    site = Site.objects.get_current()
    redirects = Redirect.objects.filter(site=site)
    # The new path is a live page again: a redirect away from it would only
    # ever loop back here.
    redirects.filter(old_path=new_path).delete()
    if max(len(old_path), len(new_path)) > PATH_MAX_LENGTH:
        # A slug given before the admin's forms kept addresses short enough
        # (see tag_urls_fit): losing this old address beats refusing the change.
        return
    redirects.filter(new_path=old_path).update(new_path=new_path)
    Redirect.objects.update_or_create(
        site=site, old_path=old_path, defaults={"new_path": new_path}
    )


def redirected_post_slugs():
    """Slugs whose post address redirects: old addresses of posts, which a new
    post must not take over (links to them lead to the renamed post)."""
    old_paths = Redirect.objects.filter(site=Site.objects.get_current())
    slugs = {_post_slug(path) for path in old_paths.values_list("old_path", flat=True)}
    return slugs - {None}


def post_redirected_from(slug):
    """The post that the address of a post with this slug redirects to (its
    old address), or None."""
    new_path = (
        Redirect.objects.filter(
            site=Site.objects.get_current(),
            old_path=Post(slug=slug).get_absolute_url(),
        )
        .values_list("new_path", flat=True)
        .first()
    )
    new_slug = new_path and _post_slug(new_path)
    return Post.objects.filter(slug=new_slug).first() if new_slug else None


def _post_slug(path):
    """The slug of the post whose address `path` is, or None."""
    try:
        match = resolve(unquote(path))
    except Resolver404:
        return None
    return match.kwargs["slug"] if match.view_name == "posts:detail" else None


def stored_values(instance, raw, *fields):
    """The row as it is in the database before this save, or None."""
    # A raw save (a fixture, a version deserialized by django-reversion) comes
    # from serialized data, so it says it is adding even when its row exists.
    if instance.pk is None or (instance._state.adding and not raw):
        return None
    return type(instance).objects.filter(pk=instance.pk).values(*fields).first()


# Receivers rather than admin hooks, because restoring an old version and
# loading a fixture can change a slug too.
@receiver(pre_save, sender=Post, dispatch_uid="posts.redirects.post_slug")
def keep_old_post_url(sender, instance, raw=False, **kwargs):
    stored = stored_values(instance, raw, "slug", "status")
    if (
        stored
        and stored["slug"] != instance.slug
        and (
            stored["status"] == Post.Status.PUBLISHED
            or was_published_as(instance.pk, stored["slug"])
        )
    ):
        old_url = Post(slug=stored["slug"]).get_absolute_url()
        redirect_path(old_url, instance.get_absolute_url())


def was_published_as(post_id, slug):
    """Whether the post's history has it published under `slug`: readers may
    have kept that address although the post is a draft now."""
    return any(
        version.field_dict["slug"] == slug
        and version.field_dict["status"] == Post.Status.PUBLISHED
        for version in Version.objects.get_for_object_reference(Post, post_id)
    )


@receiver(pre_save, sender=Tag, dispatch_uid="posts.redirects.tag_slug")
def keep_old_tag_url(sender, instance, raw=False, **kwargs):
    stored = stored_values(instance, raw, "slug")
    if stored and stored["slug"] != instance.slug:
        redirect_tag(stored["slug"], instance.slug)
