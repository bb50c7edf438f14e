"""Old public URLs keep working: a permanent redirect when a slug changes.

The rows live in django.contrib.redirects, whose middleware answers a 404 with
a 301 to the row's new path. Pointing older rows straight at the newest path
keeps every old URL one hop away from its page.
"""

from urllib.parse import unquote

from django.conf import settings
from django.contrib.redirects.middleware import RedirectFallbackMiddleware
from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.urls import Resolver404, resolve, reverse
from django.utils.cache import patch_cache_control
from reversion.models import Version

from posts.models import Post, Tag

# A tag's page and its feeds: each moves with the tag's slug.
TAG_URL_NAMES = ("posts:tag", "posts:tag-feed-rss", "posts:tag-feed-atom")
# Paths are stored percent-encoded: a letter outside ASCII takes 6 or 9 of these.
PATH_MAX_LENGTH = Redirect._meta.get_field("old_path").max_length


class ExpiringRedirectMiddleware(RedirectFallbackMiddleware):
    """django.contrib.redirects' 301s, which browsers may keep only briefly.

    A browser keeps a bare 301 for as long as it likes; but slugs can change
    back (an editor restoring an older version), and a browser that kept
    "a to b" would then bounce between b and a for ever.
    """

    def process_response(self, request, response):
        redirect = super().process_response(request, response)
        if redirect is not response and redirect.status_code == 301:
            patch_cache_control(redirect, max_age=settings.PUBLIC_PAGE_MAX_AGE)
        return redirect


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
    slugs = set()
    for old_path in old_paths.values_list("old_path", flat=True):
        try:
            match = resolve(unquote(old_path))
        except Resolver404:
            continue
        if match.view_name == "posts:detail":
            slugs.add(match.kwargs["slug"])
    return slugs


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
