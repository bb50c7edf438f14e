"""Import benchmark: a 10,000-post archive built from the seed texts.

    .venv/bin/python bench/import_bench.py [--posts 10000]

Each import runs in a process of its own, as `manage.py import_seeds` would.
Prints seconds and posts/second for a first import and for an unchanged
re-import, and each one's peak resident memory, beside the targets for the
2-core machine: first import under 5 s, unchanged re-import under 1 s, peak
memory under 200 MB. Runs on a fresh SQLite file by default; set
BENCH_DATABASE_URL to use PostgreSQL (that database is flushed).
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"first import": 5.0, "unchanged re-import": 1.0}
PEAK_MEMORY_TARGET_MB = 200
POSTS_PER_FILE = 1000


def write_archives(folder, total):
    """Archives of both kinds, every post a seed post under a unique title.

    Every third file is a tag archive; the others are dated archives.
    """
    from posts.importing.parser import read_archives

    seeds = read_archives([ROOT / "seeds"]).posts
    dated = [p for p in seeds if p.published and not p.title_generated]
    tagged = [p for p in seeds if not p.published]
    for first in range(0, total, POSTS_PER_FILE):
        is_tag_archive = first // POSTS_PER_FILE % 3 == 2
        templates = tagged if is_tag_archive else dated
        lines = ["Tag Archives: bench", ""] if is_tag_archive else []
        for number in range(first, min(total, first + POSTS_PER_FILE)):
            template = templates[number % len(templates)]
            lines += _post_lines(template, number, is_tag_archive)
        _write(folder / f"{first // POSTS_PER_FILE:03}.txt", lines)


def _post_lines(post, number, tagged):
    title = f"{post.title} #{number}"
    body = [line for p in post.paragraphs for line in [*p.lines, ""]]
    if tagged:
        filed = f"Filed under {', '.join(post.tags)}"
        return [title, "", *body, "Leave a comment", "", filed, ""]
    day = post.published - timedelta(days=number)
    return [f"{day:%A} {day.day} {day:%B %Y}", "", title, "", *body]


def _write(path, lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def setup_django(database_url):
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blogcms.settings")
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    import django

    django.setup()


def run_import(folder, database_url):
    """One import in a fresh process, as in real use: its seconds and peak RSS."""
    child = subprocess.run(
        [sys.executable, __file__, "--import-into", database_url, str(folder)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(child.stdout)


def import_and_measure(database_url, folder):
    """The child's side of run_import."""
    setup_django(database_url)
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("import_seeds", folder, stdout=StringIO(), stderr=StringIO())
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb}))


def report(label, result, posts):
    target = TARGETS[label] * posts / 10_000
    fast = result["seconds"] < target
    small = result["peak_mb"] < PEAK_MEMORY_TARGET_MB
    print(
        f"{label:20} {result['seconds']:6.2f} s"
        f" {posts / result['seconds']:8.0f} posts/s"
        f"  (target < {target:.1f} s: {'PASS' if fast else 'FAIL'})"
        f"  peak {result['peak_mb']:4.0f} MB"
        f"  (target < {PEAK_MEMORY_TARGET_MB} MB: {'PASS' if small else 'FAIL'})"
    )
    return fast and small


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--import-into", metavar="DATABASE_URL", help=argparse.SUPPRESS)
    parser.add_argument("folder", nargs="?", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.import_into:
        return import_and_measure(args.import_into, args.folder)
    workdir = Path(tempfile.mkdtemp(prefix="blogcms-bench-"))
    database_url = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}"
    )
    setup_django(database_url)
    from django.core.management import call_command

    from posts.models import Post

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    archives = workdir / "archives"
    archives.mkdir()
    write_archives(archives, args.posts)
    size_mb = sum(f.stat().st_size for f in archives.iterdir()) / 1e6
    print(f"Archive: {args.posts} posts, {size_mb:.0f} MB, in {workdir}")
    passed = report("first import", run_import(archives, database_url), args.posts)
    assert Post.objects.count() == args.posts, "every generated post is imported"
    again = run_import(archives, database_url)
    passed &= report("unchanged re-import", again, args.posts)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
