"""Production serving: static files, the health check and `check --deploy`."""

import os
import re
import secrets
import subprocess
import sys
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.utils import timezone

from posts.models import Post

FOREVER = "max-age=315360000, public, immutable"


@pytest.fixture
def manifest_storage(settings, collected_static):
    """The real static files storage: hashed names from `collectstatic`."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        },
    }


def test_hashed_static_file_is_cached_for_ever(client, manifest_storage):
    url = staticfiles_storage.url("admin/css/base.css")
    assert url != "/static/admin/css/base.css", "the name carries a hash"

    response = client.get(url, headers={"accept-encoding": "gzip, br"})

    assert response.status_code == 200
    assert response["Cache-Control"] == FOREVER
    assert response["Content-Encoding"] in ("gzip", "br")


def test_unhashed_static_file_is_cached_briefly(client, manifest_storage):
    response = client.get("/static/admin/css/base.css")

    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=60, public"


def test_health_check_answers_ok_with_one_query(client, db, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


def health_check_with_the_database_down(client, monkeypatch):
    def fail(*args, **kwargs):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patched:  # undone before the database teardown
        patched.setattr(CursorWrapper, "execute", fail)
        return client.get("/healthz")


def test_health_check_answers_503_without_a_database(client, db, monkeypatch):
    response = health_check_with_the_database_down(client, monkeypatch)

    assert response.status_code == 503
    assert response.json()["status"] == "error"


def test_health_check_answers_503_without_a_database_or_a_content_version(
    client, db, monkeypatch, settings
):
    settings.PAGE_CACHE_SECONDS = 3600  # as in production
    cache.clear()  # no content version, as after an edit or a restart

    response = health_check_with_the_database_down(client, monkeypatch)

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unreachable"}


def test_health_check_is_not_redirected_to_https(client, db, settings):
    """Load balancers probe the app servers over plain http."""
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301


def test_production_settings_pass_the_deploy_check():
    """`check --deploy` is silent with the environment README.md documents."""
    environment = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "example.org",
        "DJANGO_SECURE_SSL_REDIRECT": "true",
        "DJANGO_SECURE_HSTS_SECONDS": "31536000",
        "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
        "DJANGO_SECURE_HSTS_PRELOAD": "true",
        "DJANGO_TRUST_X_FORWARDED_PROTO": "true",
        "DJANGO_CSRF_TRUSTED_ORIGINS": "https://example.org",
    }

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=django_settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_laptop_settings_serve_plain_http(settings):
    assert not settings.SECURE_SSL_REDIRECT
    assert not settings.SESSION_COOKIE_SECURE
    assert settings.SECURE_HSTS_SECONDS == 0


def test_bench_bare_list_shows_the_ten_newest_published_titles(rf, make_post):
    """The serving benchmark's floor for lists (blogcms.views.BareListView)."""
    from blogcms.views import BareListView

    now = timezone.now()
    for day in range(12):
        make_post(f"Post {day}", published_at=now - timedelta(days=day))
    make_post("A draft", status=Post.Status.DRAFT)

    response = BareListView.as_view()(rf.get("/bench/bare-list/")).render()

    titles = re.findall(r"<h2><a href=\"/posts/[^\"]+/\">([^<]+)</a>", response.text)
    assert titles == [f"Post {day}" for day in range(10)]
