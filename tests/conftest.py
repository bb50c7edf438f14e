"""Shared fixtures: fast settings for tests and small factories for posts."""

import pytest

from posts.models import Post
from posts.roles import sync_editors_group


@pytest.fixture(autouse=True)
def _fast_test_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
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
