"""The content version: one token that changes whenever what readers see does.

Every cached public page is stored with the version that was current when it
was rendered (see blogcms.pagecache), and so is every value a page derives from
the content at a cost (`computed_once_per_version`). A change to a post, a tag
or a post's tags drops the version, so the next request, in any process on any
app server, works afresh: the version lives in the shared cache (files on one
machine, Redis for several), never in one process's memory.

What drops it:

* model signals, for ordinary saves and deletes (the admin, reverting a
  revision, `post.tags.add/remove/set/clear`);
* `update()` on posts or tags (admin bulk actions, `bulk_update`; see
  `posts.models.ContentQuerySet`);
* an explicit `bump_content_version()` from every other write that bypasses
  both: `bulk_create`, bulk deletes of `TaggedPost` rows, raw SQL. The importer
  and tag merges call it.

Deleting a `TaggedPost` row on its own is deliberately not watched: a delete
signal would stop Django from deleting those rows in one query (the importer
replaces thousands of them); the paths that delete them are listed above.

A request reads the version from the shared cache once, at its first need, and
works under it to the end. Pages and derived values are kept in each process's
memory (LOCAL_COPIES) and, when settings.SHARE_KEPT_VALUES is on (Redis), in
the shared cache too, for other processes and servers. A value is used only
while its version is the current one, so it is never stale, and a request
served from memory needs no round trip but the version's. Their keys also
hold the release (blogcms.release), which a deploy changes and the content
version does not.
"""

import logging
import math
import secrets
from types import SimpleNamespace

from asgiref.local import Local
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.models import Min
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from redis.exceptions import RedisError

from blogcms.release import release

VERSION_KEY = "content-version"
# What a cache server that is down or out of reach raises. Pages are then
# rendered afresh and not stored: readers never depend on the cache.
CACHE_UNAVAILABLE = (RedisError, OSError)

logger = logging.getLogger(__name__)

# Bounded, as each gunicorn worker holds its own: pages are the largest
# values, 5 to 30 kB each. Any process's own, whatever settings.CACHES says.
LOCAL_COPIES = LocMemCache("posts.cache", {"MAX_ENTRIES": 1000})
# The version this request works under (see request_version), in a request.
_this_request = Local()
# A drop of the version that could not reach the cache: an edit saved while
# Redis was out of reach. It is tried again as each of this process's requests
# starts, in case Redis comes back with the old version.
_drop_pending = SimpleNamespace(value=False)


def bump_content_version():
    """Make every cached public page obsolete once the current transaction commits.

    Waiting for the commit matters: a page rendered from the old rows in the
    meantime must not be stored under the new version. Outside a transaction
    this takes effect at once, so call it after the write, never before;
    calling it several times costs nothing more.
    """
    transaction.on_commit(_drop_version, robust=True)


def content_version():
    """The current version token (a new one is started when there is none)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        version = secrets.token_hex(8)
        if not cache.add(VERSION_KEY, version, _version_lifetime()):
            # Another process started one first: everyone must agree on it.
            version = cache.get(VERSION_KEY, version)
    return version


def get_current(key, lifetime):
    """(request_version(), the value kept under `key` for it or None)."""
    version, values = get_current_many([key], lifetime)
    return version, values.get(key)


def get_current_many(keys, lifetime):
    """(request_version(), {key: value} of the `keys` kept for it): from this
    process's memory, else from the shared cache in one round trip. What comes
    from the shared cache is copied for `lifetime` seconds."""
    version = request_version()
    if version is None:
        return None, {}
    found = _current(LOCAL_COPIES.get_many(keys), version)
    elsewhere = [key for key in keys if key not in found]
    if elsewhere and settings.SHARE_KEPT_VALUES:
        try:
            shared = cache.get_many(elsewhere)
        except CACHE_UNAVAILABLE:
            _log_unavailable("working without it")
            return None, {}
        current = _current(shared, version)
        LOCAL_COPIES.set_many(
            {key: (version, value) for key, value in current.items()}, lifetime
        )
        found |= current
    return version, found


def request_version():
    """The content version this request works under, or None when the cache
    cannot be reached: read at the request's first need and kept to its end.
    Outside a request (a command, a shell) it is read anew each time."""
    version = getattr(_this_request, "version", None)
    if version is None:
        try:
            version = content_version()
        except CACHE_UNAVAILABLE:
            _log_unavailable("working without it")
            return None
        if getattr(_this_request, "active", False):
            _this_request.version = version
    return version


def _start_request(**kwargs):
    _this_request.active, _this_request.version = True, None
    if _drop_pending.value:
        _drop_version()


def _end_request(**kwargs):
    _this_request.active, _this_request.version = False, None


def _log_unavailable(consequence):
    logger.warning("The cache is unavailable: %s.", consequence, exc_info=True)


def _current(found, version):
    """{key: value} of `found` ({key: (version, value)}) stored for `version`."""
    return {key: value for key, (stored, value) in found.items() if stored == version}


def set_for_version(key, version, value, lifetime):
    """Keep `value` as current for `version` only: any later version misses it."""
    _store({key: (version, value)}, version, lifetime)


def _store(items, version, lifetime):
    """Keep `items` ({key: (version, value)}) in memory, and shared if set to."""
    if version is None or not items:  # None: the cache was unavailable
        return
    if settings.SHARE_KEPT_VALUES:
        try:
            cache.set_many(items, lifetime)
        except CACHE_UNAVAILABLE:
            _log_unavailable("nothing stored")
            return
    LOCAL_COPIES.set_many(items, lifetime)


def computed_once_per_version(key, compute):
    """`compute()`'s value for the current content version, worked out once
    and kept: for what only a content change can change and is dear to work
    out on every request (counts that read every post, rendered Markdown)."""
    values = computed_once_per_version_each(key, {"value": None}, lambda _: compute())
    return values["value"]


def computed_once_per_version_each(prefix, arguments, compute):
    """{name: compute(argument)} for each item of `arguments`, each value kept
    for the current content version as computed_once_per_version does: read
    from this process's memory, else from the shared cache in one round trip,
    else computed and kept in both.

    DERIVED_CACHE_SECONDS = 0 turns this off (the tests do, as their
    transactions never commit and so never drop the version).
    """
    timeout = settings.DERIVED_CACHE_SECONDS
    if not timeout:
        return {name: compute(argument) for name, argument in arguments.items()}
    # The release's own: what a new release renders or counts may differ.
    keys = {name: f"{prefix}:{release()}:{name}" for name in arguments}
    version, found = get_current_many(keys.values(), timeout)
    values, missing = {}, {}
    for name, argument in arguments.items():
        key = keys[name]
        if key in found:
            values[name] = found[key]
        else:
            values[name] = compute(argument)
            missing[key] = (version, values[name])
    _store(missing, version, timeout)
    return values


def watch_content_changes():
    """Connect the model signals that drop the version (from AppConfig.ready)."""
    from django.contrib.sites.models import Site

    from posts.models import Post, Tag, TaggedPost

    # The Site's domain is in every page's absolute links (feeds, sitemap,
    # canonical links).
    for model in (Post, Tag, Site):
        post_save.connect(
            _on_change, sender=model, dispatch_uid=f"cache-{model.__name__}"
        )
        post_delete.connect(
            _on_change, sender=model, dispatch_uid=f"cache-{model.__name__}"
        )
    post_save.connect(_on_change, sender=TaggedPost, dispatch_uid="cache-tagged")
    m2m_changed.connect(_on_tags_changed, sender=TaggedPost, dispatch_uid="cache-m2m")
    request_started.connect(_start_request, dispatch_uid="cache-request-started")
    request_finished.connect(_end_request, dispatch_uid="cache-request-finished")


def _on_change(sender, **kwargs):
    bump_content_version()


def _on_tags_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        bump_content_version()


def _drop_version():
    _this_request.version = None  # the rest of this request sees the change
    try:
        cache.delete(VERSION_KEY)
    except CACHE_UNAVAILABLE:
        _log_unavailable("the content version will be dropped when it is back")
        _drop_pending.value = True
    else:
        _drop_pending.value = False


def _version_lifetime():
    """Seconds until the next scheduled post goes live; None when none is waiting.

    Publishing on schedule writes nothing, so the version simply expires then
    and the post appears on time.
    """
    from posts.models import Post  # posts.models imports this module

    due = Post.objects.scheduled().aggregate(due=Min("published_at"))["due"]
    if due is None:
        return None
    return max(1, math.ceil((due - timezone.now()).total_seconds()))
