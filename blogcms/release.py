"""The release: a digest of what, besides the content, shapes the pages.

Pages and the values derived for them (posts.cache) are kept under keys that
hold it beside the content version, which a deploy does not change: otherwise
the servers of a new release would serve what the previous one rendered, from
Redis, until it expired (a page linking the `site.<hash>.css` of an older
collectstatic, the old SITE_NAME on some pages and the new one on others).

It is worked out once per process, from what the process serves with: the
project's code and templates, the hashed names of the static files, the
versions of the libraries it depends on (django-filter renders the filter
form, markdown-it-py and nh3 the posts) and the settings that pages show.
Every app server of one release works out the same digest, so they share
what they keep; the previous release's pages are never read again and expire.
"""

import hashlib
import re
import tomllib
from functools import cache
from importlib import metadata

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.signals import setting_changed
from django.dispatch import receiver

# The project's own code and templates, below BASE_DIR.
SOURCE_DIRECTORIES = ("blogcms", "posts", "templates")
# What pages show or are cut by; the other settings shape no page.
SHOWN_SETTINGS = (
    "SITE_NAME",
    "SITE_DESCRIPTION",
    "SITE_DOMAIN",
    "POSTS_PER_PAGE",
    "POSTS_PER_FEED",
    "PUBLIC_PAGE_MAX_AGE",  # kept with the page, in its Cache-Control
    "TIME_ZONE",
    "LANGUAGE_CODE",
    "STATIC_URL",
)
REQUIREMENT_NAME = re.compile(r"[A-Za-z0-9._-]+")


@cache
def release():
    """A short digest of this release, the same on each of its servers."""
    digest = hashlib.sha256()
    for part in (_source(), _static_names(), _libraries(), _shown_settings()):
        digest.update(repr(part).encode())
    return digest.hexdigest()[:16]


def _source():
    """Each file of the project's code and templates, with a digest of it."""
    base = settings.BASE_DIR
    files = sorted(
        path
        for directory in SOURCE_DIRECTORIES
        for path in (base / directory).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    )
    return [
        (str(path.relative_to(base)), hashlib.sha256(path.read_bytes()).hexdigest())
        for path in files
    ]


def _static_names():
    """Each static file's hashed name (from the manifest collectstatic wrote)."""
    return sorted(getattr(staticfiles_storage, "hashed_files", {}).items())


def _libraries():
    """The installed version of each library pyproject.toml names."""
    pyproject = tomllib.loads((settings.BASE_DIR / "pyproject.toml").read_text())
    names = [
        REQUIREMENT_NAME.match(requirement).group()
        for requirement in pyproject["project"]["dependencies"]
    ]
    return [(name, metadata.version(name)) for name in names]


def _shown_settings():
    return [(name, getattr(settings, name)) for name in SHOWN_SETTINGS]


@receiver(setting_changed)
def _forget_release(setting, **kwargs):
    # Settings change only in tests, each as a release of its own would.
    if setting in SHOWN_SETTINGS or setting == "STORAGES":
        release.cache_clear()
