"""Public pages: cached, revalidated with 304s, and never stale after an edit.

Every test runs with the local-memory cache, the file cache and, when
REDIS_URL is set, Redis. Edits happen inside `committed()`: the content
version is dropped when a transaction commits, and pytest-django's
transactions never do.
"""

import os
import time
from datetime import timedelta
from io import StringIO
from unittest import mock

import pytest
from django.contrib.sites.models import Site
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.models import QuerySet
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from blogcms.pagecache import PageCacheMiddleware, _page_key
from blogcms.release import release
from posts import queries
from posts.cache import (
    LOCAL_COPIES,
    VERSION_KEY,
    _end_request,
    _start_request,
    get_current,
    request_version,
)
from posts.models import ImportRun, Post, Tag
from posts.views import PostDetailView

REDIS_URL = os.environ.get("REDIS_URL")
CACHES = {
    "locmem": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "redis": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
    },
}

# Nothing listens on port 1: every cache call fails at once.
UNREACHABLE_CACHE = {**CACHES["redis"], "LOCATION": "redis://127.0.0.1:1/0"}


@pytest.fixture(params=[*CACHES, "files"])
def page_cache(request, settings, tmp_path):
    if request.param == "redis" and not REDIS_URL:
        pytest.skip("REDIS_URL is not set")
    settings.CACHES = {"default": CACHES.get(request.param, _file_cache(tmp_path))}
    settings.SHARE_KEPT_VALUES = request.param == "redis"  # as blogcms.settings
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def _file_cache(directory):
    """The default without REDIS_URL (blogcms.settings)."""
    return {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(directory / "cache"),
    }


@pytest.fixture
def derived_cache(settings):
    """Derived values kept per content version, in an empty cache."""
    settings.DERIVED_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the block's on-commit callbacks, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def rendered_afresh(client, url, **extra):
    """Whether the page was rendered (it queried the database), not cached."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, **extra).status_code == 200
    return len(queries) > 0


@pytest.fixture
def post(make_post, client, page_cache):
    """A published post whose page and the home page are already cached."""
    post = make_post("Original title", tags=["walks"])
    for url in ("/", post.get_absolute_url()):
        client.get(url)
    return post


def test_second_anonymous_request_is_served_from_cache(
    client, post, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get(post.get_absolute_url())
    assert "Original title" in response.text


def test_public_page_is_public_for_a_short_while(client, post, settings):
    response = client.get("/")
    cache_control = response["Cache-Control"]
    assert "public" in cache_control
    assert f"max-age={settings.PUBLIC_PAGE_MAX_AGE}" in cache_control


def test_head_request_gets_the_headers_a_get_gets(client, post):
    get = client.get(post.get_absolute_url())

    head = client.head(post.get_absolute_url())

    assert head.content == b""
    assert (head["Cache-Control"], head["ETag"]) == (get["Cache-Control"], get["ETag"])


def test_unchanged_page_answers_304(client, post):
    etag = client.get("/")["ETag"]

    response = client.get("/", headers={"if-none-match": etag})

    assert response.status_code == 304
    assert response.content == b""


def test_cached_page_is_stored_with_its_etag(client, post, rf):
    etag = client.get("/")["ETag"]

    _version, stored = get_current(_page_key(rf.get("/")), 300)

    assert stored["ETag"] == etag


def test_changed_page_answers_200_to_an_old_etag(client, post, committed):
    etag = client.get("/")["ETag"]
    with committed():
        post.title = "New title"
        post.save()

    response = client.get("/", headers={"if-none-match": etag})

    assert response.status_code == 200
    assert "New title" in response.text


def test_saved_post_shows_on_next_request(client, post, committed):
    with committed():
        post.title = "New title"
        post.save()

    for url in ("/", post.get_absolute_url()):
        assert "New title" in client.get(url).text


def test_deleted_post_is_gone_on_next_request(client, post, committed):
    with committed():
        post.delete()

    assert client.get(post.get_absolute_url()).status_code == 404
    assert "Original title" not in client.get("/").text


def test_bulk_update_shows_on_next_request(client, post, committed):
    with committed():
        Post.objects.filter(pk=post.pk).update(title="Bulk title")

    assert "Bulk title" in client.get(post.get_absolute_url()).text


def test_bulk_unpublishing_hides_the_post_on_next_request(client, post, committed):
    with committed():
        Post.objects.filter(pk=post.pk).update(status=Post.Status.DRAFT)

    assert client.get(post.get_absolute_url()).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_bulk_update_outside_a_transaction_leaves_no_stale_page(client, post):
    # Outside a transaction the content version drops as soon as it is asked
    # to: a reader served while the UPDATE is on its way must not have the
    # old rows kept under the version that follows.
    url = post.get_absolute_url()
    update = QuerySet.update

    def update_while_a_reader_asks(queryset, **kwargs):
        client.get(url)
        return update(queryset, **kwargs)

    with mock.patch.object(QuerySet, "update", update_while_a_reader_asks):
        Post.objects.filter(pk=post.pk).update(title="Bulk title")

    assert "Bulk title" in client.get(url).text


@pytest.mark.parametrize(
    "change",
    [
        lambda post: post.tags.add("hills"),
        lambda post: post.tags.remove("walks"),
        lambda post: post.tags.set(["rivers"]),
        lambda post: post.tags.clear(),
        lambda post: Tag.objects.filter(name="walks").get().save(),
        lambda post: Tag.objects.filter(name="walks").delete(),
        lambda post: Tag.objects.filter(name="walks").update(name="Strolls"),
    ],
    ids=["add", "remove", "set", "clear", "rename", "delete", "bulk-rename"],
)
def test_tag_change_renders_pages_afresh(client, post, committed, change):
    with committed():
        change(post)

    assert rendered_afresh(client, post.get_absolute_url())


def test_unrelated_write_keeps_pages_cached(client, post, committed):
    with committed():
        ImportRun.objects.create()  # nothing readers see

    assert not rendered_afresh(client, post.get_absolute_url())


def test_reimport_shows_on_next_request(client, db, page_cache, tmp_path, committed):
    archive = tmp_path / "blog.txt"
    archive.write_text("Saturday 25 March 2017\n\nA title\n\nBody text.\n")
    with committed():
        call_command("import_seeds", str(archive), stdout=StringIO())
    url = Post.objects.get().get_absolute_url()
    assert "Body text." in client.get(url).text

    archive.write_text("Saturday 25 March 2017\n\nA title\n\nChanged text.\n")
    with committed():
        call_command("import_seeds", str(archive), stdout=StringIO())

    assert "Changed text." in client.get(url).text


def test_scheduled_post_appears_on_time(client, make_post, page_cache):
    make_post("Scheduled", published_at=timezone.now() + timedelta(seconds=1))
    assert "Scheduled" not in client.get("/").text

    time.sleep(1.5)  # nothing is written: the content version just expires

    assert "Scheduled" in client.get("/").text


def test_signed_in_editor_is_never_served_from_cache(admin_client, post):
    assert rendered_afresh(admin_client, post.get_absolute_url())
    response = admin_client.get(post.get_absolute_url())
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize(
    "cookie", ["made-up", "x" * 32, "with a \x00 in it"], ids=["short", "key", "nul"]
)
def test_made_up_session_cookie_is_served_the_cached_public_page(
    client, post, settings, cookie
):
    # Only a signed-in editor skips the cache: anyone can send a session
    # cookie, and every request with one rendered afresh (the cost of the page
    # cache off), an easy way to load the servers and the database.
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")

    assert response.status_code == 200
    assert len(queries) <= 1, [q["sql"] for q in queries]  # the session's
    assert "public" in response["Cache-Control"]


def test_new_release_does_not_serve_pages_rendered_by_the_previous_one(
    client, make_post, page_cache, settings
):
    # A release that changes a template, the stylesheet's hashed name or a
    # setting such as SITE_NAME keeps the content version: from Redis, its
    # servers served the old release's pages (linking a site.<hash>.css the
    # new collectstatic no longer has) beside pages rendered afresh.
    settings.SHARE_KEPT_VALUES = True  # as with Redis, whatever the cache
    make_post("A post")
    assert "blogcms" in client.get("/").text  # rendered and kept
    settings.SITE_NAME = "New name"  # the next release, its workers new
    LOCAL_COPIES.clear()

    assert "New name" in client.get("/").text


def test_servers_of_one_release_share_kept_pages(
    client, make_post, page_cache, settings
):
    settings.SHARE_KEPT_VALUES = True
    make_post("A post")
    client.get("/")
    release.cache_clear()  # as in another server of the same release
    LOCAL_COPIES.clear()

    assert not rendered_afresh(client, "/")


def test_page_is_cached_per_host(client, post, settings):
    """Pages carry absolute links (feeds, canonical URLs): one copy per host."""
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]

    assert rendered_afresh(client, "/", HTTP_HOST="other.example")


def test_page_setting_a_cookie_is_not_stored(rf, db, page_cache):
    """E.g. a form's CSRF token: the cookie and the token belong to one reader."""
    rendered = []

    def view(request):
        rendered.append(request)
        response = HttpResponse("A form")
        response.set_cookie("csrftoken", "for this reader only")
        return response

    middleware = PageCacheMiddleware(view)
    for _ in range(2):
        middleware(rf.get("/"))

    assert len(rendered) == 2


def test_archive_counts_are_read_once_per_content_version(
    derived_cache, make_post, local_day, committed, django_assert_num_queries
):
    make_post("Spring", published_at=local_day(2019, 4, 1))
    counted = queries.archive()

    with django_assert_num_queries(0):
        assert queries.archive() == counted
    with committed():
        make_post("Summer", published_at=local_day(2019, 7, 1))

    assert [(m.month, m.count) for m in queries.archive()[0].months] == [(7, 1), (4, 1)]


def test_tag_counts_are_read_once_per_content_version(
    derived_cache, make_post, committed, django_assert_num_queries
):
    make_post("Spring", tags=["Policy"])
    counted = [(tag.name, tag.post_count) for tag in queries.tags_in_use()]

    with django_assert_num_queries(0):
        assert [(t.name, t.post_count) for t in queries.tags_in_use()] == counted
    with committed():
        make_post("Summer", tags=["Policy", "Funding"])

    assert [(t.name, t.post_count) for t in queries.tags_in_use()] == [
        ("Funding", 1),
        ("Policy", 2),
    ]


def test_list_with_page_cache_off_reuses_counts_and_form_until_an_edit(
    derived_cache, client, make_post, committed, django_assert_num_queries
):
    make_post("Spring", tags=["Policy"])
    client.get("/?tag=policy")

    # Only this page's posts and their tags are read again.
    with django_assert_num_queries(2):
        page = client.get("/?tag=policy").content.decode()
    assert "1 post" in page and "Policy (1)" in page
    with committed():
        make_post("Summer", tags=["Policy"])

    page = client.get("/?tag=policy").content.decode()
    assert "2 posts" in page and "Policy (2)" in page


def test_pages_are_rendered_afresh_while_the_cache_is_down(
    settings, client, make_post, committed
):
    settings.CACHES = {"default": UNREACHABLE_CACHE}
    settings.PAGE_CACHE_SECONDS = settings.DERIVED_CACHE_SECONDS = 300
    post = make_post("Served anyway", tags=["care"])

    with committed():  # an edit still saves; the content version can't drop
        post.title = "Edited anyway"
        post.save()

    for url in ("/", post.get_absolute_url(), "/tags/care/", "/feed/rss/"):
        response = client.get(url)
        assert response.status_code == 200
        assert "Edited anyway" in response.text


def test_edit_made_while_the_cache_was_down_shows_once_it_is_back(
    client, post, settings, committed
):
    cache_in_use = settings.CACHES
    settings.CACHES = {"default": UNREACHABLE_CACHE}
    with committed():  # saved, but the content version cannot be dropped
        post.title = "Edited while down"
        post.save()

    # The cache comes back with its data: the old version and its pages.
    settings.CACHES = cache_in_use

    assert "Edited while down" in client.get("/").text
    assert "Edited while down" in client.get(post.get_absolute_url()).text


def test_tag_page_form_stays_closed_after_the_same_filter_opened_it(
    derived_cache, client, make_post
):
    make_post("Spring", tags=["Policy"])

    filtered = client.get("/?tag=policy").text
    tag_page = client.get("/tags/policy/").text

    assert '<details class="filters" open>' in filtered
    assert '<details class="filters">' in tag_page


# Page cache off: the list is rendered from kept derived values; on: the
# page itself is kept.
KEPT = pytest.mark.parametrize("page_seconds", [0, 300], ids=["values", "page"])


@KEPT
def test_list_reads_only_the_content_version_from_the_shared_cache(
    derived_cache, settings, client, make_post, page_seconds
):
    settings.PAGE_CACHE_SECONDS = page_seconds
    make_post("Spring", tags=["Policy"])
    client.get("/?tag=policy")  # kept, and copied into this process

    # A spy: the calls go on to the real cache.
    with mock.patch("posts.cache.cache", wraps=cache) as shared:
        page = client.get("/?tag=policy").text

    assert "1 post" in page and "Policy (1)" in page
    assert shared.method_calls == [mock.call.get(VERSION_KEY)]


@KEPT
def test_copies_in_this_process_go_unused_once_another_process_edits(
    derived_cache, settings, client, make_post, page_seconds
):
    settings.PAGE_CACHE_SECONDS = page_seconds
    post = make_post("Spring", body="Old words.")
    assert "Old words." in client.get("/").text

    # Another process's edit: its rows change, then its commit drops the version.
    Post.objects.filter(pk=post.pk).update(body="New words.")
    cache.delete(VERSION_KEY)

    assert "New words." in client.get("/").text


@pytest.mark.parametrize("shared", [True, False], ids=["shared", "own"])
def test_another_process_reuses_kept_values_only_when_they_are_shared(
    derived_cache, settings, make_post, django_assert_num_queries, shared
):
    settings.SHARE_KEPT_VALUES = shared
    make_post("Spring", tags=["Policy"])
    queries.tags_in_use()

    LOCAL_COPIES.clear()  # as in another process, which has no copies
    with django_assert_num_queries(0 if shared else 1):
        assert [(tag.name, tag.post_count) for tag in queries.tags_in_use()] == [
            ("Policy", 1)
        ]


def test_request_works_under_one_version_until_it_changes_content(
    derived_cache, make_post, committed
):
    _start_request()  # as the request_started signal does
    try:
        version = request_version()
        cache.delete(VERSION_KEY)  # another process's edit
        assert request_version() == version

        with committed():  # an edit made by this request
            make_post("Spring")
        assert request_version() != version
    finally:
        _end_request()


@pytest.mark.parametrize("who", ["editor", "reader with the page cache off"])
def test_edit_committed_while_a_page_renders_is_never_kept_as_current(
    who,
    settings,
    client,
    admin_client,
    make_post,
    page_cache,
    derived_cache,
    committed,
):
    # A request reads its post, then another editor's save commits before the
    # request first needs the content version: what it derived from the old
    # row must not be kept under the version that follows the save.
    post = make_post("A post", body="Old body text.")
    signed_in = who == "editor"
    if not signed_in:
        settings.PAGE_CACHE_SECONDS = 0
    original = PostDetailView.get_context_data

    def edit_meanwhile(self, **kwargs):
        # Another process's save: its commit drops the shared version.
        Post.objects.filter(pk=post.pk).update(body="New body text.")
        cache.delete(VERSION_KEY)
        return original(self, **kwargs)

    with mock.patch.object(PostDetailView, "get_context_data", edit_meanwhile):
        (admin_client if signed_in else client).get(post.get_absolute_url())

    page = client.get(post.get_absolute_url()).content.decode()
    assert "New body text." in page and "Old body text." not in page


def test_site_domain_change_renders_pages_afresh(client, post, committed):
    for url in ("/feed/rss/", "/sitemap.xml"):
        client.get(url)
    with committed():
        site = Site.objects.get_current()
        site.domain = "blog.example.org"
        site.save()

    for url in ("/", "/feed/rss/", "/sitemap.xml"):
        assert "blog.example.org" in client.get(url).content.decode(), url
