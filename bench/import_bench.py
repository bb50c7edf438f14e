"""Import benchmark: a 10,000-post archive built from the seed texts.

    .venv/bin/python bench/import_bench.py [--posts 10000]

Prints posts/second for a first import and for an unchanged re-import, and the
peak resident memory, each beside its target (2-core machine): first import
under 5 s, unchanged re-import under 1 s, peak memory under 200 MB. Runs on a
fresh SQLite file by default; set BENCH_DATABASE_URL to use PostgreSQL (that
database is flushed).
"""

import argparse
import os
import resource
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


def timed_import(folder):
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("import_seeds", str(folder), stdout=StringIO(), stderr=StringIO())
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="blogcms-bench-"))
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blogcms.settings")
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    import django

    django.setup()
    from django.core.management import call_command

    from posts.models import Post

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    archives = workdir / "archives"
    archives.mkdir()
    total = args.posts
    write_archives(archives, total)
    print(
        f"Archive: {total} posts in {len(list(archives.iterdir()))} files ({workdir})"
    )
    results = {
        "first import": timed_import(archives),
        "unchanged re-import": timed_import(archives),
    }
    assert Post.objects.count() == total, "every generated post is imported"
    failed = False
    for label, seconds in results.items():
        target = TARGETS[label] * args.posts / 10_000
        ok = seconds < target
        failed |= not ok
        print(
            f"{label:20} {seconds:6.2f} s  {total / seconds:9.0f} posts/s  "
            f"target < {target:.1f} s  {'PASS' if ok else 'FAIL'}"
        )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    ok = peak_mb < PEAK_MEMORY_TARGET_MB
    failed |= not ok
    print(
        f"{'peak memory':20} {peak_mb:6.0f} MB  target < {PEAK_MEMORY_TARGET_MB} MB  "
        f"{'PASS' if ok else 'FAIL'}"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
