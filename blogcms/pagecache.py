"""Who may cache a response, and the server-side cache of public pages.

A request that is not signed in is a reader's. When a reader GETs a page
whose view said nothing about caching, the response is public: browsers and
proxies may reuse it for PUBLIC_PAGE_MAX_AGE seconds, and the rendered page is
kept in Django's cache for PAGE_CACHE_SECONDS (0 turns that off) together
with the content version it was rendered under (posts.cache): any edit makes
every stored page obsolete at once, on every app server. Each process also
copies the pages it serves into its own memory, so a page served again costs
one round trip to the cache: the version's.

A request whose session is signed in is an editor's (only the admin signs
people in): it is never served from the cache and its response is marked
never-cache, since editors preview drafts. A session cookie alone proves
nothing, as any client can send one: a request whose cookie names no
signed-in session is a reader's, served from the cache like any other.

This middleware sits above the session, CSRF and auth middleware so that it
sees the cookies and Vary headers they add: a page that sets a cookie (a CSRF
token in a form, say) is never stored.
"""

import hashlib
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django.utils.cache import (
    add_never_cache_headers,
    patch_cache_control,
    set_response_etag,
)

from blogcms.release import release
from posts.cache import get_current, request_version, set_for_version


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        # The health check reads no content, so it needs no content version;
        # starting one reads the database (for the next scheduled post), and
        # the health check must answer 503 when the database is down, not fail.
        self.health_check_path = reverse("healthz")

    def __call__(self, request):
        if request.path == self.health_check_path:
            return self.get_response(request)
        # Every request fixes its content version before it reads a row, even
        # one this cache never serves: a value derived from a row older than
        # an edit is then kept under the version the edit dropped, not the
        # next one (posts.cache.computed_once_per_version).
        request_version()
        if _signed_in(request):
            response = self.get_response(request)
            add_never_cache_headers(response)
            return response
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        lifetime = settings.PAGE_CACHE_SECONDS
        key = _page_key(request) if lifetime else None
        version, response = get_current(key, lifetime) if key else (None, None)
        if response is None:
            response = self.get_response(request)
            if _is_public(response):
                patch_cache_control(
                    response, public=True, max_age=settings.PUBLIC_PAGE_MAX_AGE
                )
                if key:
                    # Stored with its ETag, which is then not worked out again
                    # (ConditionalGetMiddleware) for every reader it is sent to.
                    set_response_etag(response)
                    set_for_version(key, version, response, lifetime)
        return response


def _signed_in(request):
    """Whether the request's session cookie names a session someone signed in
    to. Reading it costs a query (with database sessions), paid only by
    requests that send the cookie; SessionMiddleware reads it again below."""
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not session_key or "\x00" in session_key:
        # No session's key has a NUL, and PostgreSQL refuses one in a query.
        return False
    session = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    return SESSION_KEY in session


def _page_key(request):
    """The page's key: its address, rendered by this release (blogcms.release)."""
    # build_absolute_uri() also validates the Host header against ALLOWED_HOSTS.
    url = request.build_absolute_uri().encode()
    return f"page:{release()}:{hashlib.md5(url, usedforsecurity=False).hexdigest()}"


def _is_public(response):
    """The same for every reader, and not claimed by the view's own headers."""
    vary = {h.strip().lower() for h in response.get("Vary", "").split(",") if h}
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Cache-Control")
        and vary <= {"cookie"}  # readers have no session, so one variant
    )
