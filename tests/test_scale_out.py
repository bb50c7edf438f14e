"""Two app servers on one PostgreSQL database and one Redis serve one site.

Runs when DATABASE_URL names PostgreSQL and REDIS_URL is set (as in CI);
skipped otherwise. The servers are real gunicorn processes on the test
database, so the test's writes are committed (transactional_db).
"""

import http.cookiejar
import os
import re
import urllib.parse
import urllib.request

import pytest
from django.db import connection

from bench.servers import gunicorn_server

pytestmark = [
    pytest.mark.skipif(
        not (
            os.environ.get("DATABASE_URL", "").startswith("postgres")
            and os.environ.get("REDIS_URL")
        ),
        reason="needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL)",
    ),
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("collected_static"),  # the pages link to them
]


def shared_database_url():
    db = connection.settings_dict
    password = urllib.parse.quote(db["PASSWORD"] or "", safe="")
    credentials = f"{db['USER']}:{password}" if password else db["USER"]
    return f"postgres://{credentials}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture
def two_servers():
    """Two gunicorn instances on different ports, sharing database and Redis."""
    env = {"DATABASE_URL": shared_database_url(), "DJANGO_PAGE_CACHE_SECONDS": "3600"}
    with gunicorn_server(env, workers=1) as one, gunicorn_server(env, workers=1) as two:
        yield one, two


@pytest.fixture
def browser():
    """An HTTP client that keeps cookies (for 127.0.0.1, whatever the port)."""
    return urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )


def get(opener, url):
    with opener.open(url, timeout=10) as response:
        return response.read().decode()


def test_edit_is_seen_through_the_other_server(two_servers, browser, make_post):
    one, two = two_servers
    post = make_post("Before the edit")
    path = post.get_absolute_url()
    for server in two_servers:
        assert "Before the edit" in get(browser, server.url + path)  # now cached

    post.title = "After the edit"
    post.save()

    assert "After the edit" in get(browser, two.url + path)
    assert "After the edit" in get(browser, one.url + path)


def test_sign_in_on_one_server_is_valid_on_the_other(
    two_servers, browser, django_user_model, settings
):
    """Sessions live in the database and are signed with the shared secret key."""
    one, two = two_servers
    # The servers' hasher, not the fast one the tests use.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    django_user_model.objects.create_superuser("editor", password="a long secret")
    login_page = get(browser, f"{one.url}/admin/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page)
    form = {
        "username": "editor",
        "password": "a long secret",
        "csrfmiddlewaretoken": token[1],
        "next": "/admin/",
    }
    browser.open(f"{one.url}/admin/login/", urllib.parse.urlencode(form).encode())

    assert "Posts, tags and imports" in get(browser, f"{two.url}/admin/")
