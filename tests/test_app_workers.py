"""One app server as `make serve` runs it: several gunicorn workers, SQLite
and no Redis. An edit made by any process is seen by every worker at once.

The server and the edits run in processes of their own, on a database file
and a cache directory made for the test.
"""

import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from bench.servers import gunicorn_server

ROOT = Path(__file__).resolve().parent.parent
REQUESTS = 30  # enough for every worker to answer several

# The server's pages link to hashed static files.
pytestmark = pytest.mark.usefixtures("collected_static")


# With the page cache off, each worker still keeps copies of derived values
# (the excerpt below among them).
@pytest.fixture(params=["3600", "0"], ids=["page cache on", "page cache off"])
def site_env(request, tmp_path):
    return {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "DJANGO_CACHE_DIR": str(tmp_path / "cache"),
        "REDIS_URL": "",  # the laptop's default, even where CI sets one
        "DJANGO_PAGE_CACHE_SECONDS": request.param,
    }


def manage(env, *arguments):
    subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env={**os.environ, **env},
        check=True,
        capture_output=True,
    )


def shell(env, code):
    """Run `code` in a Django shell of its own, as an editor's process would."""
    manage(env, "shell", "-c", "from posts.models import Post\n" + code)


def pages(server, path):
    bodies = []
    for _ in range(REQUESTS):
        with urllib.request.urlopen(server.url + path, timeout=10) as response:
            bodies.append(response.read().decode())
    return bodies


def test_every_worker_shows_an_edit_made_by_another_process(site_env):
    manage(site_env, "migrate", "--noinput")
    shell(
        site_env,
        "Post.objects.create(title='Before the edit', slug='a-post', "
        "status=Post.Status.PUBLISHED, body='Old words.')",
    )
    with gunicorn_server(site_env, workers=3) as server:
        assert all("Old words." in page for page in pages(server, "/"))

        shell(
            site_env,
            "post = Post.objects.get(); post.title = 'After'; "
            "post.body = 'New words.'; post.save()",
        )

        fresh = [
            "After" in page and "New words." in page for page in pages(server, "/")
        ]
    assert all(fresh), f"{fresh.count(False)} of {REQUESTS} pages were stale"
