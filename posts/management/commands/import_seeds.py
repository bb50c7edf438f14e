"""Import the plain-text blog archives (seeds/ by default) into posts.

Safe to run again at any time: editors' changes are kept, nothing is deleted,
and a run that finds bad input writes nothing at all. The rules are in
posts/importing/service.py and in README.md, "Importing archives".
"""

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from posts.importing.service import Result, import_archives, no_cyclic_gc

PROGRESS_MIN_POSTS = 1000
PROGRESS_WIDTH = 30


class Command(BaseCommand):
    help = "Import blog archive dumps (files, or directories of *.txt) into posts."

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="*", help="Archive files or directories (default: seeds/)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Parse and report; write nothing."
        )
        parser.add_argument(
            "--json",
            action="store_true",
            help="Print one JSON document describing the posts on stdout.",
        )

    def handle(self, *args, **options):
        # The report holds every post read: it is let go (when _import returns)
        # before the cyclic collector is back on, which would scan it all once.
        with no_cyclic_gc():
            self._import(**options)

    def _import(self, paths, dry_run, **options):
        paths = paths or [settings.BASE_DIR / "seeds"]
        as_json = options["json"]
        progress = None if as_json else self._progress_bar()
        report = import_archives(paths, dry_run=dry_run, progress=progress)
        if options["verbosity"] > 0:
            for warning in report.warnings:
                self.stderr.write(f"Warning: {warning}", self.style.WARNING)
        if as_json:
            self.stdout.write(
                json.dumps(_as_json(report), ensure_ascii=False, indent=2)
            )
        elif options["verbosity"] > 0 and not report.errors:
            # With errors nothing is planned: they say all there is to say.
            self._print_summary(report, dry_run)
        if report.errors:
            for error in report.errors:
                self.stderr.write(f"Error: {error}", self.style.ERROR)
            raise CommandError(
                f"{len(report.errors)} input problem(s); nothing was imported."
            )

    def _print_summary(self, report, dry_run):
        for outcome in report.outcomes:
            duplicates = outcome.parsed.duplicates if outcome.parsed else ()
            for duplicate in duplicates:
                self.stdout.write(
                    f"Duplicate: {duplicate} is the same post as {outcome.source}"
                )
            if outcome.result == Result.CONFLICT:
                self.stdout.write(
                    f"Conflict: {outcome.post.title!r} ({outcome.source}) changed "
                    "in the source and was edited by an editor; the editor's "
                    "version is kept.",
                    self.style.WARNING,
                )
            elif outcome.result == Result.MISSING:
                self.stdout.write(
                    f"Missing from source: {outcome.post.title!r} "
                    f"(was {outcome.source}); kept, not deleted."
                )
            elif outcome.result == Result.DELETED:
                self.stdout.write(
                    f"Deleted by an editor: {outcome.parsed.title!r} "
                    f"({outcome.source}); not re-created."
                )
        counts = report.counts
        summary = (
            f"created {counts[Result.CREATED]}, updated {counts[Result.UPDATED]}, "
            f"unchanged {counts[Result.UNCHANGED]}, "
            f"kept because edited {report.kept} "
            f"({counts[Result.CONFLICT]} conflicts), "
            f"missing from source {counts[Result.MISSING]}, "
            f"deleted by an editor {counts[Result.DELETED]}"
        )
        if dry_run:
            self.stdout.write(f"Dry run, nothing written. Would have: {summary}.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Import finished: {summary}."))
            if report.run:
                self.stdout.write(f"Recorded as import run {report.run.pk}.")

    def _progress_bar(self):
        """A one-line bar on stderr, only when a person is watching a terminal."""
        if not self.stderr.isatty():
            return None

        def show(done, total):
            if total < PROGRESS_MIN_POSTS:
                return
            filled = PROGRESS_WIDTH * done // total
            bar = "#" * filled + "." * (PROGRESS_WIDTH - filled)
            self.stderr.write(f"\rWriting posts [{bar}] {done}/{total}", ending="")
            if done == total:
                self.stderr.write("")

        return show


def _as_json(report):
    posts = [
        {
            "title": outcome.parsed.title,
            "slug": (outcome.post and outcome.post.slug) or None,
            "published": (
                outcome.parsed.published.isoformat()
                if outcome.parsed.published
                else None
            ),
            "tags": outcome.parsed.tags,
            "body": outcome.parsed.body,
            "source": outcome.source,
            "duplicates": outcome.parsed.duplicates,
            "needs_review": (
                outcome.post.needs_review
                if outcome.post
                else outcome.parsed.needs_review
            ),
            "outcome": outcome.result,
        }
        for outcome in report.outcomes
        if outcome.parsed
    ]
    return {"posts": posts, "errors": report.errors}
