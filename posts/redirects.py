"""Old public URLs keep working: a permanent redirect when a slug changes.

The rows live in django.contrib.redirects, whose middleware answers a 404 with
a 301 to the row's new path. Pointing older rows straight at the newest path
keeps every old URL one hop away from its page.
"""

from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.urls import reverse

from posts.models import Post, Tag


def tag_path(slug):
    return reverse("posts:tag", kwargs={"slug": slug})


def redirect_path(old_path, new_path):
    """Make `old_path` answer with a permanent redirect to `new_path`."""
    site = Site.objects.get_current()
    redirects = Redirect.objects.filter(site=site)
    # The new path is a live page again: a redirect away from it would only
    # ever loop back here.
    redirects.filter(old_path=new_path).delete()
    redirects.filter(new_path=old_path).update(new_path=new_path)
    Redirect.objects.update_or_create(
        site=site, old_path=old_path, defaults={"new_path": new_path}
    )


def _stored_values(instance, raw, *fields):
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
    stored = _stored_values(instance, raw, "slug", "status")
    if (
        stored
        and stored["slug"] != instance.slug
        and stored["status"] == Post.Status.PUBLISHED
    ):
        old_url = Post(slug=stored["slug"]).get_absolute_url()
        redirect_path(old_url, instance.get_absolute_url())


@receiver(pre_save, sender=Tag, dispatch_uid="posts.redirects.tag_slug")
def keep_old_tag_url(sender, instance, raw=False, **kwargs):
    stored = _stored_values(instance, raw, "slug")
    if stored and stored["slug"] != instance.slug:
        redirect_path(tag_path(stored["slug"]), tag_path(instance.slug))
