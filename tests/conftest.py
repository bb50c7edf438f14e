"""Shared fixtures: fast settings for tests and small factories for posts."""

import pytest

from posts.models import Post


@pytest.fixture(autouse=True)
def _fast_test_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests run inside a transaction that never commits, so edits would never
    # drop the content version: pages are cached only where a test asks for it
    # (the page_cache fixture in tests/test_page_cache.py).
    settings.PAGE_CACHE_SECONDS = 0
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }


@pytest.fixture
def make_post(db):
    """Create a post; published unless told otherwise. Tags by name."""

    def make(title="A post", tags=(), **fields):
        fields.setdefault("slug", None)
        fields.setdefault("status", Post.Status.PUBLISHED)
        fields.setdefault("body", f"The body of {title}.")
        post = Post(title=title, **fields)
        post.slug = post.slug or _unique_slug(title)
        post.save()
        if tags:
            post.tags.add(*tags)
        return post

    return make


def _unique_slug(title):
    from django.utils.text import slugify

    base = slugify(title) or "post"
    slug, number = base, 1
    while Post.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug
