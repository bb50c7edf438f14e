"""Serving benchmark: a 10,000-post site under wrk, with and without caches.

    .venv/bin/python bench/serve_bench.py [--posts 10000] [--seconds 10] [--mode M]
    make bench

Needs wrk (Debian/Ubuntu: `apt-get install wrk`). Builds the site in a fresh
SQLite file (set BENCH_DATABASE_URL for PostgreSQL: that database is flushed),
serves it with gunicorn.conf.py on 127.0.0.1 exactly as `make serve` does, and
loads each page of PAGES below with 16 connections for a bounded time. The
cache is Redis when REDIS_URL is set, else each worker's memory with the content
version in files.

Prints requests/second, p50 and p99 latency, errors (non-2xx/3xx responses and
socket errors) and each page's ratio to the minimal view: a trivial Django view
behind the same middleware, the practical ceiling. Beside it, a bare
ListView (ten titles, no layout) shows what a list costs in Django's
templates before any feature of the site's. The pages take turns in
short rounds, and the figures are medians over the rounds (p99: the worst).
Then the resident memory of the largest worker. Targets (2-core machine) are
printed beside the figures; the exit status is 1 when one is missed.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.servers import gunicorn_server  # noqa: E402

# The pages under load. Placeholders come from the generated site: {tag} (a tag
# slug), {year}, {word} (in many titles and bodies), {slug} (a post),
# {static} (a hashed static file).
MINIMAL = "/bench/minimal/"
# Django's ListView with ten titles and dates, none of the site's features:
# the floor below which no list page of Django's templates goes.
BARE_LIST = "/bench/bare-list/"
# Printed for comparison, with no ratio target of their own.
REFERENCES = (MINIMAL, BARE_LIST)
PAGES = [
    ("minimal view", MINIMAL),
    ("bare ListView", BARE_LIST),
    ("home list", "/"),
    ("tag list", "/tags/{tag}/"),
    ("filtered list", "/?tag={tag}&year={year}"),
    ("search", "/search/?q={word}"),
    ("detail", "/posts/{slug}/"),
    ("feed", "/feed/rss/"),
    ("static file", "{static}"),
]

CONNECTIONS = 16
ROUNDS = 5
WRK_THREADS = 2
WARM_UP_SECONDS = 1
TAGS = 40
TAGS_PER_POST = 3
# mode: (environment, least share of the minimal view's req/s, most p99 ms).
# "Cache off" is the page cache (blogcms.pagecache) off: every request runs
# the view and renders its template, while what pages derive from the content
# at a cost stays kept per content version (DERIVED_CACHE_SECONDS), as it is
# in any deployment. "Nothing kept" turns that off too: it shows what the
# derived cache buys, has no target of its own and runs only when asked for
# (--mode "nothing kept").
CACHE_OFF = {"DJANGO_PAGE_CACHE_SECONDS": "0"}
MODES = {
    "nothing kept": ({**CACHE_OFF, "DJANGO_DERIVED_CACHE_SECONDS": "0"}, None, None),
    "cache off": (CACHE_OFF, 0.40, None),
    "cache on": ({"DJANGO_PAGE_CACHE_SECONDS": "3600"}, 0.80, 50.0),
}
DEFAULT_MODES = ("cache off", "cache on")
WORKER_RSS_TARGET_MB = 150


def build_site(total):
    """`total` published posts with seed texts as bodies, three tags each."""
    from django.db import connection

    from posts.cache import bump_content_version
    from posts.importing.parser import read_archives
    from posts.importing.writing import start_of_day
    from posts.models import Post, Tag, TaggedPost

    seeds = [p for p in read_archives([ROOT / "seeds"]).posts if p.published]
    latest = max(seed.published for seed in seeds)
    tags = Tag.objects.bulk_create(
        Tag(name=f"topic {n}", slug=f"topic-{n}") for n in range(TAGS)
    )
    posts = Post.objects.bulk_create(
        (
            Post(
                title=f"{seeds[n % len(seeds)].title} #{n}",
                slug=f"post-{n}",
                body=seeds[n % len(seeds)].body,
                status=Post.Status.PUBLISHED,
                published_at=start_of_day(latest - timedelta(days=n // 3)),
            )
            for n in range(total)
        ),
        batch_size=1000,
    )
    TaggedPost.objects.bulk_create(
        (
            TaggedPost(content_object=post, tag=tags[(n + k * 7) % TAGS])
            for n, post in enumerate(posts)
            for k in range(TAGS_PER_POST)
        ),
        batch_size=2000,
    )
    bump_content_version()  # bulk writes send no signals (see posts.cache)
    with connection.cursor() as cursor:
        # The planner's statistics, as autovacuum would soon gather them.
        cursor.execute("ANALYZE")
    return {
        "tag": tags[0].slug,
        "year": posts[0].published_at.year,
        "word": "children",
        "slug": posts[len(posts) // 2].slug,
        "static": _static_url("css/site.css"),
    }


def _static_url(name):
    from django.contrib.staticfiles.storage import staticfiles_storage

    return staticfiles_storage.url(name)


def status_of(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def run_wrk(url, seconds):
    """wrk's figures for `url`: req/s, p50 and p99 in ms, and error count."""
    output = subprocess.run(
        [
            *("wrk", "--latency", f"-t{WRK_THREADS}", f"-c{CONNECTIONS}"),
            *(f"-d{seconds}s", url),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 30,
    ).stdout
    socket_errors = re.search(r"Socket errors: ([^\n]+)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),
        "p50": _latency_ms(output, "50%"),
        "p99": _latency_ms(output, "99%"),
        "errors": (int(non_2xx[1]) if non_2xx else 0)
        + (sum(map(int, re.findall(r"\d+", socket_errors[1]))) if socket_errors else 0),
    }


def _latency_ms(output, percentile):
    match = re.search(rf"^\s+{percentile}\s+([\d.]+)(us|ms|s)\b", output, re.M)
    value, unit = match.groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def worker_rss_mb(server):
    """The resident memory of the largest worker, in MB."""
    sizes = []
    for pid in server.worker_pids():
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+) kB", status)[1]) / 1024)
    return max(sizes)


def bench_mode(mode, paths, seconds, workdir):
    """Load every page with one cache setting; print its table; True if all pass.

    The pages take turns in ROUNDS short runs, so that the machine's drifts in
    speed (a shared VM's are large) fall on the minimal view and the pages
    alike; each ratio is the median of the rounds' ratios.
    """
    cache_env, min_share, max_p99 = MODES[mode]
    env = {"DJANGO_BENCH": "true", **cache_env}
    with (
        open(workdir / f"access-{mode.replace(' ', '-')}.log", "w") as log,
        gunicorn_server(env, log=log) as server,
    ):
        print(f"\n== {mode}: {len(server.worker_pids())} gunicorn workers ==")
        served, passed = [], True
        for name, path in paths:
            status = status_of(server.url + path)
            if status == 200:
                served.append((name, path))
                run_wrk(server.url + path, WARM_UP_SECONDS)  # fills the caches
            else:
                print(f"{name:14} {path[:28]:28} answers {status}: FAIL")
                passed = False
        runs = {path: [] for _name, path in served}
        run_seconds = max(1, round(seconds / ROUNDS))
        for _round in range(ROUNDS):
            for _name, path in served:
                runs[path].append(run_wrk(server.url + path, run_seconds))
        print(
            f"{'page':14} {'path':28} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} "
            f"{'errors':>6} {'ratio':>6}  targets"
        )
        for name, path in served:
            result = _summary(runs[path], runs[MINIMAL])
            verdicts = _verdicts(result, min_share, max_p99, path in REFERENCES)
            passed &= all(ok for _label, ok in verdicts)
            print(
                f"{name:14} {path[:28]:28} {result['rps']:8.0f} {result['p50']:7.1f} "
                f"{result['p99']:7.1f} {result['errors']:6d} {result['ratio']:6.0%}  "
                + ", ".join(
                    f"{label} {'PASS' if ok else 'FAIL'}" for label, ok in verdicts
                )
            )
        rss = worker_rss_mb(server)
    rss_ok = rss < WORKER_RSS_TARGET_MB
    print(
        f"worker RSS after the run: {rss:.0f} MB  "
        f"< {WORKER_RSS_TARGET_MB} MB {'PASS' if rss_ok else 'FAIL'}"
    )
    return passed and rss_ok


def _summary(runs, ceiling_runs):
    """One page's rounds: median req/s, p50 and ratio; worst p99; all errors."""
    return {
        "rps": median(run["rps"] for run in runs),
        "p50": median(run["p50"] for run in runs),
        "p99": max(run["p99"] for run in runs),
        "errors": sum(run["errors"] for run in runs),
        "ratio": median(
            run["rps"] / ceiling["rps"]
            for run, ceiling in zip(runs, ceiling_runs, strict=True)
        ),
    }


def _verdicts(result, min_share, max_p99, is_reference):
    verdicts = [("0 errors", result["errors"] == 0)]
    if max_p99 is not None:
        verdicts.append((f"p99<{max_p99:.0f}ms", result["p99"] < max_p99))
    if min_share is not None and not is_reference:
        verdicts.append((f"≥{min_share:.0%}", result["ratio"] >= min_share))
    return verdicts


def setup_django(workdir):
    """Point this process and the servers (they inherit it) at a fresh database
    and cache."""
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}"
    )
    os.environ["DJANGO_CACHE_DIR"] = str(workdir / "cache")  # without REDIS_URL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blogcms.settings")
    os.chdir(ROOT)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=10, help="per page and mode")
    parser.add_argument(
        "--mode",
        choices=MODES,
        action="append",
        help=f"these modes (default: {', '.join(DEFAULT_MODES)})",
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is required: apt-get install wrk (or your system's package).")
    workdir = Path(tempfile.mkdtemp(prefix="blogcms-serve-bench-"))
    setup_django(workdir)
    values = build_site(args.posts)
    paths = [(name, path.format(**values)) for name, path in PAGES]
    cache = "Redis" if os.environ.get("REDIS_URL") else "memory, version in files"
    print(
        f"{args.posts} posts, {os.cpu_count()} CPUs, wrk {CONNECTIONS} connections, "
        f"{args.seconds} s per page; cache: {cache}; logs in {workdir}"
    )
    modes = args.mode or DEFAULT_MODES
    passed = [bench_mode(mode, paths, args.seconds, workdir) for mode in modes]
    return 0 if all(passed) else 1


if __name__ == "__main__":
    sys.exit(main())
