"""Shared fixtures: fast settings for tests and small factories for posts."""

import os
import threading
import time
from contextlib import contextmanager
from datetime import datetime, timedelta

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from posts.models import Post, Tag, TaggedPost
from posts.roles import sync_editors_group


@pytest.fixture(scope="session")
def collected_static():
    """The hashed static files that `make test` collects before the tests, and
    that a real server needs (the manifest names them); collected here when a
    test runs on its own."""
    if not (django_settings.STATIC_ROOT / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture(autouse=True)
def _fast_test_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests run inside a transaction that never commits, so edits would never
    # drop the content version: pages are cached only where a test asks for it
    # (the page_cache fixture in tests/test_page_cache.py).
    settings.PAGE_CACHE_SECONDS = 0
    settings.DERIVED_CACHE_SECONDS = 0
    if not os.environ.get("REDIS_URL"):
        # One process needs no shared files, nor leaves any behind.
        settings.CACHES = {
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
        }
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


# The editorial admin (tests/test_admin_*.py).


@pytest.fixture
def editor(db, django_user_model):
    """A staff member of the Editors group, not a superuser."""
    group, _created = sync_editors_group()
    user = django_user_model.objects.create_user(
        "editor", password="unused", is_staff=True
    )
    user.groups.add(group)
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def change_form_data():
    """What a browser would post back from an admin change form, unchanged."""

    def read(client, url):
        form = client.get(url).context["adminform"].form
        data = {"_save": "Save"}
        for bound in form:
            widget, value = bound.field.widget, bound.value()
            if hasattr(widget, "decompress"):  # the admin's split date and time
                parts = widget.decompress(value) if value else [None, None]
                for number, (part_widget, part) in enumerate(
                    zip(widget.widgets, parts, strict=True)
                ):
                    data[f"{bound.html_name}_{number}"] = (
                        part_widget.format_value(part) or ""
                    )
            elif value is not None:
                data[bound.html_name] = value
        return data

    return read


@pytest.fixture
def written_meanwhile():
    """`with written_meanwhile(write):` runs `write` in another connection's
    transaction, as another editor's request still in flight, which commits a
    second later; the block's own writes meet it uncommitted. (PostgreSQL
    only: SQLite lets one transaction write at a time.)"""

    @contextmanager
    def run(write):
        written = threading.Event()

        def other_request():
            try:
                with transaction.atomic():
                    write()
                    written.set()
                    time.sleep(1)
            finally:
                connection.close()

        other = threading.Thread(target=other_request)
        other.start()
        assert written.wait(timeout=10)
        try:
            yield
        finally:
            other.join()

    return run


# The public site (tests/test_site_*.py).


@pytest.fixture
def local_day():
    """Midnight of a day in the site's time zone, as the importer dates posts."""

    def make(year, month, day):
        return timezone.make_aware(datetime(year, month, day))

    return make


@pytest.fixture
def many_posts(db, local_day):
    """`make(n)`: n published posts in bulk, dated a week apart, a tenth undated.

    Posts share n // 3 tags, two per post, so that every page has posts, tags
    and months in proportion to n.
    """

    def make(count):
        tags = Tag.objects.bulk_create(
            Tag(name=f"Topic {number}", slug=f"topic-{number}")
            for number in range(count // 3)
        )
        posts = Post.objects.bulk_create(
            Post(
                title=f"Post number {number}",
                slug=f"post-{number}",
                body=f"Words about social work, part {number}.\n\n- one\n- two",
                status=Post.Status.PUBLISHED,
                published_at=None
                if number % 10 == 9
                else local_day(2020, 1, 1) - timedelta(weeks=number),
                source_file="bulk.txt",
                source_line=number,
            )
            for number in range(count)
        )
        TaggedPost.objects.bulk_create(
            TaggedPost(content_object=post, tag=tags[(number + step) % len(tags)])
            for number, post in enumerate(posts)
            for step in (0, 1)
        )
        return posts

    return make


@pytest.fixture
def same_queries_for_3_or_30(django_assert_num_queries):
    """`check(make_request)`: `make_request(count)` sets up `count` posts and
    returns the request to measure; the request for 30 must cost the queries
    the one for 3 did. Returns the response for 30."""

    def check(make_request):
        make_request(3)()  # warm the session and content types
        request = make_request(3)
        with CaptureQueriesContext(connection) as few:
            request()
        request = make_request(30)
        with django_assert_num_queries(len(few)):
            return request()

    return check
