"""`import_seeds`: faithful first import, and re-imports that never lose edits."""

import json
import re
import threading
import time
import unicodedata
from datetime import datetime
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import reversion
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from reversion.models import Version

from posts.editing import merge_tags
from posts.importing.service import ImportPlanner
from posts.models import (
    DeletedImport,
    ImportOutcome,
    ImportRun,
    Post,
    Tag,
    TaggedPost,
)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
LONDON = ZoneInfo("Europe/London")

pytestmark = pytest.mark.django_db


def run_import(*paths, **options):
    out, err = StringIO(), StringIO()
    call_command("import_seeds", *map(str, paths), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def blog_day(day, title, body):
    return f"{day}\n\n{title}\n\n{body}\n\n"


@pytest.fixture
def archive(tmp_path):
    """A small dated archive whose text a test can rewrite."""
    path = tmp_path / "blog.txt"
    path.write_text(
        blog_day("Saturday 25 March 2017", "First post", "Its body.")
        + blog_day("Friday 24 March 2017", "Second post", "Another body.")
    )
    return path


def table_sizes():
    models = (Post, Tag, TaggedPost, ImportRun, ImportOutcome, Version)
    return {model.__name__: model.objects.count() for model in models}


def test_seed_import_creates_every_post_with_dates_tags_and_status():
    out, err = run_import(SEEDS)

    assert "created 29, updated 0, unchanged 0" in out
    assert "003_fba27c2907f99be3.txt:3 is the same post as" in out
    assert "002_d292aa6e705d237e.txt:4: post has no title" in err
    assert Post.objects.count() == 29
    first = Post.objects.get(title="No good options?")
    assert first.published_at == datetime(2017, 3, 25, tzinfo=LONDON)
    assert first.status == Post.Status.PUBLISHED
    assert first.source == "seeds/000_3ed14622b0657191.txt:3"
    assert first.slug == "no-good-options"
    untitled = Post.objects.get(needs_review=True)
    assert (untitled.status, untitled.title) == (
        Post.Status.DRAFT,
        "I’m not really surprised to hear, as reported…",
    )
    wordpress = Post.objects.get(title="Baby P effect sustained")
    assert wordpress.published_at is None
    assert set(wordpress.tags.names()) == {
        "children's social work",
        "Social care funding",
    }


def test_curly_and_straight_apostrophe_tags_are_one_tag():
    run_import(SEEDS)

    assert list(Tag.objects.filter(name__icontains="children").values_list("name")) == [
        ("children's social work",)
    ]
    assert Post.objects.filter(tags__name="children's social work").count() == 7


def test_reimport_of_unchanged_seeds_changes_nothing():
    run_import(SEEDS)
    before = table_sizes()
    updated_at = dict(Post.objects.values_list("pk", "updated_at"))

    out, _err = run_import(SEEDS)

    assert "created 0, updated 0, unchanged 29" in out
    assert table_sizes() == before
    assert dict(Post.objects.values_list("pk", "updated_at")) == updated_at


def test_reimport_updates_an_unedited_post_whose_source_changed(archive):
    run_import(archive)
    archive.write_text(archive.read_text().replace("Its body.", "Its new body."))

    out, _err = run_import(archive)

    assert "created 0, updated 1, unchanged 1" in out
    assert Post.objects.get(title="First post").body == "Its new body."


def test_reimport_keeps_editor_title(archive):
    run_import(archive)
    post = Post.objects.get(title="First post")
    post.title = "The editor's title"
    post.edited_since_import = True
    post.save()

    out, _err = run_import(archive)

    assert "kept because edited 1 (0 conflicts)" in out
    assert Post.objects.get(pk=post.pk).title == "The editor's title"


def test_reimport_keeps_a_change_made_outside_the_admin(archive):
    """Even without the admin's flag, a changed fingerprint protects the edit."""
    run_import(archive)
    post = Post.objects.get(title="First post")
    Post.objects.filter(pk=post.pk).update(body="Rewritten by hand.")
    post.tags.add("hand-picked")
    archive.write_text(archive.read_text().replace("Its body.", "Changed at source."))

    out, _err = run_import(archive)

    post.refresh_from_db()
    assert (post.body, list(post.tags.names())) == (
        "Rewritten by hand.",
        ["hand-picked"],
    )
    assert post.edited_since_import
    assert "Conflict: 'First post' (" in out


def test_reimport_keeps_a_publication_time_set_outside_the_admin(archive):
    """An import dates a post at the start of its day: another time of day was
    set by someone, and a changed source must not reset it to midnight."""
    run_import(archive)
    post = Post.objects.get(title="First post")
    nine_thirty = post.published_at.replace(hour=9, minute=30)
    Post.objects.filter(pk=post.pk).update(published_at=nine_thirty)
    archive.write_text(archive.read_text().replace("Its body.", "Changed at source."))

    out, _err = run_import(archive)

    post.refresh_from_db()
    assert (post.published_at, post.body) == (nine_thirty, "Its body.")
    assert "Conflict: 'First post' (" in out


@pytest.fixture
def first_write_paused(monkeypatch):
    """Make an import's first write wait half a second once it has planned,
    long enough for whatever the test starts meanwhile to be under way.
    Call it to get the Event set as that import has planned."""

    def pause():
        planned = threading.Event()
        write = ImportPlanner.write

        def write_after_a_pause(planner, *args):
            if not planned.is_set():  # the first run only
                planned.set()
                time.sleep(0.5)
            return write(planner, *args)

        monkeypatch.setattr(ImportPlanner, "write", write_after_a_pause)
        return planned

    return pause


@pytest.mark.skipif(
    not connection.features.has_select_for_update,
    reason="row locks need PostgreSQL (DATABASE_URL)",
)
@pytest.mark.django_db(transaction=True)
def test_editor_save_during_a_reimport_waits_for_it_and_is_kept(
    archive, first_write_paused
):
    run_import(archive)
    archive.write_text(archive.read_text().replace("Its body.", "Changed at source."))
    planned = first_write_paused()

    def reimport():
        try:
            run_import(archive)
        finally:
            connection.close()

    importing = threading.Thread(target=reimport)
    importing.start()
    assert planned.wait(timeout=10)
    post = Post.objects.get(title="First post")
    post.body, post.edited_since_import = "The editor's body.", True
    post.save()
    importing.join()

    post.refresh_from_db()
    assert post.body == "The editor's body."
    assert ImportOutcome.objects.get(post=post, result="updated")


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite lets one transaction write at a time (transaction_mode)",
)
@pytest.mark.django_db(transaction=True)
def test_second_import_run_at_once_waits_for_the_first_and_finds_it_done(
    archive, first_write_paused
):
    planned = first_write_paused()
    outputs, failures = [], []

    def first_import():
        try:
            outputs.append(run_import(archive)[0])
        except Exception as error:  # reported by the assertion below
            failures.append(error)
        finally:
            connection.close()

    importing = threading.Thread(target=first_import)
    importing.start()
    assert planned.wait(timeout=10)
    out, _err = run_import(archive)
    importing.join()

    assert failures == []
    assert "created 2, updated 0, unchanged 0" in outputs[0]
    assert "created 0, updated 0, unchanged 2" in out
    assert Post.objects.count() == 2


def test_conflict_is_reported_naming_the_post_and_editor_version_stays(archive):
    run_import(archive)
    Post.objects.filter(title="Second post").update(
        title="Retitled", edited_since_import=True
    )
    archive.write_text(archive.read_text().replace("Another body.", "Fixed typo."))

    out, _err = run_import(archive)

    assert f"Conflict: 'Retitled' ({archive}:9) changed in the source" in out
    assert Post.objects.get(title="Retitled").body == "Another body."
    outcome = ImportRun.objects.latest().outcomes.get(
        result=ImportOutcome.Result.CONFLICT
    )
    assert outcome.post.title == "Retitled"


def test_post_keeps_its_identity_after_editor_renames_and_reslugs(archive):
    run_import(archive)
    post = Post.objects.get(title="First post")
    Post.objects.filter(pk=post.pk).update(
        title="Renamed", slug="renamed", edited_since_import=True
    )

    run_import(archive)

    assert Post.objects.count() == 2
    assert Post.objects.get(pk=post.pk).slug == "renamed"


def test_post_missing_from_source_is_reported_not_deleted(archive):
    run_import(archive)
    archive.write_text(blog_day("Saturday 25 March 2017", "First post", "Its body."))

    out, _err = run_import(archive)

    assert "Missing from source: 'Second post'" in out
    assert "missing from source 1" in out
    assert Post.objects.filter(title="Second post").exists()


def test_posts_of_an_emptied_file_are_reported_missing(archive):
    run_import(archive)
    archive.write_text("\n")

    out, _err = run_import(archive)

    assert "missing from source 2" in out


def test_post_still_in_a_file_the_run_did_not_read_is_not_missing(tmp_path):
    (tmp_path / "a.txt").write_text(tag_archive("housing"))
    (tmp_path / "b.txt").write_text(tag_archive("health"))
    run_import(tmp_path)
    (tmp_path / "a.txt").write_text(tag_archive("housing").replace("Housing", "Other"))

    out, _err = run_import(tmp_path / "a.txt")

    assert "missing from source 0" in out


def test_archive_saved_again_with_accents_decomposed_is_the_same_posts(tmp_path):
    """NFD, as macOS tools may write it, is the same text as NFC."""
    text = blog_day("Saturday 25 March 2017", "Café culture", "Un café crème.")
    archive = tmp_path / "blog.txt"
    archive.write_text(text, encoding="utf-8")
    run_import(archive)
    archive.write_text(unicodedata.normalize("NFD", text), encoding="utf-8")

    out, _err = run_import(archive)

    assert "created 0, updated 0, unchanged 1" in out
    assert list(Post.objects.values_list("title", "body")) == [
        ("Café culture", "Un café crème.")
    ]


def test_bad_file_aborts_the_whole_import_naming_the_file(archive):
    broken = archive.parent / "broken.txt"
    broken.write_bytes(b"Saturday 25 March 2017\n\n\xff\xfe bad bytes\n")

    with pytest.raises(CommandError, match="nothing was imported"):
        run_import(archive.parent)

    assert Post.objects.count() == 0
    assert ImportRun.objects.count() == 0


def test_dry_run_of_a_bad_file_says_only_that_nothing_would_be_imported(archive):
    archive.write_bytes(b"Saturday 25 March 2017\n\n\xff\xfe bad bytes\n")
    out, err = StringIO(), StringIO()

    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_seeds", str(archive), dry_run=True, stdout=out, stderr=err)

    assert "Would have" not in out.getvalue()
    assert "Error: " in err.getvalue()


def test_bad_file_error_names_file_and_line(archive):
    broken = archive.parent / "broken.txt"
    broken.write_bytes(b"Saturday 25 March 2017\n\n\xff\xfe bad bytes\n")
    err = StringIO()

    with pytest.raises(CommandError):
        call_command("import_seeds", str(broken), stdout=StringIO(), stderr=err)

    assert f"Error: {broken}:3: is not valid UTF-8" in err.getvalue()


def test_empty_file_is_a_warning_and_imports_nothing(tmp_path):
    (tmp_path / "empty.txt").write_text("")

    out, err = run_import(tmp_path)

    assert "empty file, no posts" in err
    assert "created 0" in out
    assert table_sizes()["ImportRun"] == 0


def test_directory_without_archives_is_a_warning_naming_it(tmp_path):
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "blog.TXT.bak").write_text("not read")

    out, err = run_import(tmp_path / "exports")

    assert f"Warning: {tmp_path / 'exports'}: no *.txt files in it" in err
    assert "created 0" in out


def test_dry_run_reports_and_writes_nothing():
    out, _err = run_import(SEEDS, dry_run=True)

    assert "Dry run, nothing written. Would have: created 29" in out
    assert all(count == 0 for count in table_sizes().values())


def test_json_output_describes_each_post():
    out, _err = run_import(SEEDS, dry_run=True, json=True)

    document = json.loads(out)
    assert document["errors"] == []
    assert len(document["posts"]) == 29
    first = document["posts"][0]
    assert first == {
        "title": "No good options?",
        "slug": "no-good-options",
        "published": "2017-03-25",
        "tags": [],
        "body": first["body"],
        "source": "seeds/000_3ed14622b0657191.txt:3",
        "duplicates": ["seeds/003_fba27c2907f99be3.txt:3"],
        "needs_review": False,
        "outcome": "created",
    }
    assert first["body"].startswith("Although it contains few surprises")
    assert sum(post["needs_review"] for post in document["posts"]) == 1


def test_json_output_lists_errors_and_exits_non_zero(tmp_path):
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02")
    out = StringIO()

    with pytest.raises(CommandError):
        call_command(
            "import_seeds", str(tmp_path), json=True, stdout=out, stderr=StringIO()
        )

    document = json.loads(out.getvalue())
    assert document["posts"] == []
    assert document["errors"] == [
        f"{tmp_path / 'bin.txt'}: looks like a binary file, not a text archive"
    ]


def test_each_writing_run_is_recorded_with_every_post_outcome(archive):
    run_import(archive)
    archive.write_text(archive.read_text().replace("Its body.", "Its new body."))
    run_import(archive)

    latest = ImportRun.objects.latest()
    assert (latest.created, latest.updated, latest.unchanged) == (0, 1, 1)
    assert latest.paths == [str(archive)]
    assert sorted(latest.outcomes.values_list("result", "post__title")) == [
        ("unchanged", "Second post"),
        ("updated", "First post"),
    ]


def test_import_changes_are_recorded_as_revisions(archive):
    run_import(archive)
    post = Post.objects.get(title="First post")
    archive.write_text(archive.read_text().replace("Its body.", "Its new body."))
    run_import(archive)

    versions = Version.objects.get_for_object(post)
    assert [v.field_dict["body"] for v in versions] == ["Its new body.", "Its body."]
    assert versions[0].revision.comment == "Imported by import_seeds"


def test_import_queries_grow_by_batches_not_by_posts(tmp_path):
    """Bulk writes: ten times the posts costs a few more batches, not 180 queries."""

    def queries_to_import(count, folder):
        folder.mkdir()
        (folder / "a.txt").write_text(
            "Tag Archives: bulk\n\n"
            + "".join(
                f"Post {n}\n\nBody {n}.\n\nFiled under t{n % 7}, shared\n\n"
                for n in range(count)
            )
        )
        Post.objects.all().delete()
        DeletedImport.objects.all().delete()  # let the import create them again
        with CaptureQueriesContext(connection) as queries:
            run_import(folder)
        assert Post.objects.count() == count
        return len(queries)

    small = queries_to_import(20, tmp_path / "small")
    large = queries_to_import(200, tmp_path / "large")

    assert large - small <= 10


def test_import_revision_matches_reversions_own_and_restores_the_post(archive):
    run_import(archive)
    post = Post.objects.get(title="First post")
    with reversion.create_revision():
        reversion.add_to_revision(post)
    own, imported = Version.objects.get_for_object(post)[:2]
    assert imported.revision.comment == "Imported by import_seeds"
    assert imported.field_dict == own.field_dict

    Post.objects.filter(pk=post.pk).update(title="Changed")
    post.tags.add("added later")
    imported.revision.revert(delete=True)

    post.refresh_from_db()
    assert (post.title, list(post.tags.names())) == ("First post", [])


def test_summary_names_the_import_run_it_recorded(archive):
    out, _err = run_import(archive)

    assert f"Recorded as import run {ImportRun.objects.get().pk}." in out


def test_long_title_gets_a_slug_cut_after_a_whole_word(tmp_path):
    title = "Reflections on the independent review of children's social care " * 2
    (tmp_path / "a.txt").write_text(blog_day("Saturday 25 March 2017", title, "B."))

    run_import(tmp_path / "a.txt")

    assert Post.objects.get().slug == (
        "reflections-on-the-independent-review-of-childrens-social-care-reflections-on"
    )


def test_new_tag_whose_slug_is_taken_is_numbered_as_taggit_numbers_it(tmp_path):
    Tag.objects.create(name="care")
    (tmp_path / "t.txt").write_text("Tag Archives: care!\n\nTitle\n\nBody.\n")

    run_import(tmp_path)

    assert Tag.objects.get(name="care!").slug == "care_1"


def test_different_post_with_the_same_date_and_title_is_imported_as_a_draft(
    tmp_path,
):
    (tmp_path / "a.txt").write_text(blog_day("Saturday 25 March 2017", "News", "One."))
    (tmp_path / "b.txt").write_text(blog_day("Saturday 25 March 2017", "News", "Two."))

    _out, err = run_import(tmp_path)
    run_import(tmp_path)

    first, second = Post.objects.order_by("import_key")
    assert (first.import_key, first.body, first.status, first.slug) == (
        "2017-03-25/news",
        "One.",
        Post.Status.PUBLISHED,
        "news",
    )
    # A key of its own, from a hash of its text.
    assert re.fullmatch(r"2017-03-25/news~[0-9a-f]{8}", second.import_key)
    assert (second.body, second.status, second.needs_review, second.slug) == (
        "Two.",
        Post.Status.DRAFT,
        True,
        "news-2",
    )
    assert (
        f"{tmp_path / 'b.txt'}:3: same date and title as {tmp_path / 'a.txt'}:3 "
        "but different text; imported as another post, a draft to review"
    ) in err


def test_source_is_relative_to_the_project_whatever_the_working_directory(
    tmp_path, monkeypatch
):
    run_import(SEEDS)
    monkeypatch.chdir(tmp_path)

    out, _err = run_import(SEEDS)

    assert "created 0, updated 0, unchanged 29" in out
    assert "missing from source 0" in out
    assert Post.objects.get(title="No good options?").source == (
        "seeds/000_3ed14622b0657191.txt:3"
    )
    assert ImportRun.objects.count() == 1


def test_file_outside_the_project_is_named_by_its_absolute_path(archive, monkeypatch):
    monkeypatch.chdir(archive.parent)

    run_import("blog.txt")

    assert Post.objects.get(title="First post").source == f"{archive.resolve()}:3"


def refused_import(*paths):
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_seeds", *map(str, paths), stdout=StringIO(), stderr=err)
    return err.getvalue()


def test_overlong_tag_archive_title_is_refused_naming_file_and_line(tmp_path):
    title = "A" + " very long title" * 20  # 321 characters
    (tmp_path / "t.txt").write_text(f"Tag Archives: x\n\n{title}\n\nBody.\n")

    err = refused_import(tmp_path / "t.txt")

    assert (
        f"Error: {tmp_path / 't.txt'}:3: title is 321 characters long; "
        "a post title has at most 255"
    ) in err
    assert all(count == 0 for count in table_sizes().values())


def test_overlong_filed_under_tag_is_refused_naming_its_line(tmp_path):
    tag = "t" * 101
    (tmp_path / "t.txt").write_text(
        f"Tag Archives: x\n\nTitle\n\nBody.\n\nFiled under short, {tag}\n"
    )

    err = refused_import(tmp_path / "t.txt")

    assert (
        f"Error: {tmp_path / 't.txt'}:7: tag '{'t' * 39}…' is 101 characters "
        "long; a tag name has at most 100"
    ) in err
    assert all(count == 0 for count in table_sizes().values())


def test_overlong_blogger_label_is_refused_naming_its_line(tmp_path):
    tag = "t" * 101
    (tmp_path / "b.txt").write_text(
        blog_day("Saturday 25 March 2017", "Title", "Body.") + f"Labels: {tag}\n"
    )

    err = refused_import(tmp_path / "b.txt")

    assert (
        f"Error: {tmp_path / 'b.txt'}:7: tag '{'t' * 39}…' is 101 characters "
        "long; a tag name has at most 100"
    ) in err
    assert all(count == 0 for count in table_sizes().values())


def test_overlong_source_path_is_refused_naming_the_file(tmp_path):
    folder = tmp_path / ("d" * 120) / ("e" * 120)
    folder.mkdir(parents=True)
    path = folder / "blog.txt"
    path.write_text(blog_day("Saturday 25 March 2017", "Title", "Body."))

    err = refused_import(path)

    assert (
        f"Error: {path}:3: the file's name is {len(str(path))} characters long; "
        "a post's source file has at most 255"
    ) in err
    assert all(count == 0 for count in table_sizes().values())


def test_one_refused_run_names_every_bad_file(tmp_path):
    """A file that does not parse does not hide another's too-long title."""
    (tmp_path / "a.txt").write_text(blog_day("Saturday 30 February 2017", "T", "B."))
    title = "A" + " very long title" * 20
    (tmp_path / "b.txt").write_text(f"Tag Archives: x\n\n{title}\n\nBody.\n")

    err = refused_import(tmp_path)

    assert f"Error: {tmp_path / 'a.txt'}:1: " in err
    assert f"Error: {tmp_path / 'b.txt'}:3: title is 321 characters long" in err


def test_longest_tag_whose_slug_is_taken_gets_a_numbered_slug_that_fits(tmp_path):
    name = "t" * 100
    Tag.objects.create(name="other", slug="t" * 90)
    (tmp_path / "t.txt").write_text(f"Tag Archives: {name}\n\nTitle\n\nBody.\n")

    run_import(tmp_path)

    assert Tag.objects.get(name=name).slug == f"{'t' * 90}_1"


def test_post_an_editor_deleted_is_not_created_again(archive):
    run_import(archive)
    Post.objects.get(title="First post").delete()

    out, _err = run_import(archive)

    assert not Post.objects.filter(title="First post").exists()
    assert f"Deleted by an editor: 'First post' ({archive}:3); not re-created." in out
    assert "missing from source 0, deleted by an editor 1." in out
    assert ImportRun.objects.count() == 1  # nothing else changed: no run recorded


def test_deleted_post_is_reported_in_json_and_in_a_recorded_run(archive):
    run_import(archive)
    Post.objects.get(title="First post").delete()
    archive.write_text(archive.read_text().replace("Another body.", "New body."))

    out, _err = run_import(archive, json=True)

    posts = json.loads(out)["posts"]
    assert [(p["title"], p["slug"], p["outcome"]) for p in posts] == [
        ("First post", None, "deleted"),
        ("Second post", "second-post", "updated"),
    ]
    run = ImportRun.objects.latest()
    assert (run.updated, run.deleted) == (1, 1)
    assert run.outcomes.get(result="deleted").source == f"{archive}:3"


def test_deleting_the_deletion_record_lets_the_next_import_create_the_post(archive):
    run_import(archive)
    Post.objects.get(title="First post").delete()
    DeletedImport.objects.get(import_key="2017-03-25/first-post").delete()

    out, _err = run_import(archive)

    assert "created 1, updated 0, unchanged 1" in out
    assert Post.objects.get(title="First post").status == Post.Status.PUBLISHED


def test_post_restored_from_its_history_is_imported_as_usual_again(archive):
    run_import(archive)
    post = Post.objects.get(title="First post")
    version = Version.objects.get_for_object(post).first()
    post.delete()

    version.revision.revert()

    assert not DeletedImport.objects.exists()
    out, _err = run_import(archive)
    assert "created 0, updated 0, unchanged 2" in out


def tag_archive(tag, body="Rents keep rising."):
    return f"Tag Archives: {tag}\n\nHousing costs\n\n{body}\n\nFiled under news\n"


def test_importing_some_files_keeps_tags_that_came_from_the_others(tmp_path):
    (tmp_path / "a.txt").write_text(tag_archive("housing"))
    (tmp_path / "b.txt").write_text(tag_archive("health"))
    run_import(tmp_path)

    out, _err = run_import(tmp_path / "a.txt")

    post = Post.objects.get()
    assert sorted(post.tags.names()) == ["health", "housing", "news"]
    assert "created 0, updated 0, unchanged 1" in out


def test_importing_some_files_adds_tags_and_updates_text(tmp_path):
    (tmp_path / "a.txt").write_text(tag_archive("housing"))
    (tmp_path / "b.txt").write_text(tag_archive("health"))
    run_import(tmp_path)
    (tmp_path / "a.txt").write_text(
        tag_archive("housing", "Rents rose again.").replace("news", "news, rent")
    )

    out, _err = run_import(tmp_path / "a.txt")

    post = Post.objects.get()
    assert sorted(post.tags.names()) == ["health", "housing", "news", "rent"]
    assert post.body == "Rents rose again."
    assert post.source_files == [f"{tmp_path / 'a.txt'}", f"{tmp_path / 'b.txt'}"]
    assert "updated 1" in out


def test_importing_every_file_the_post_was_in_removes_a_dropped_tag(tmp_path):
    (tmp_path / "a.txt").write_text(tag_archive("housing"))
    (tmp_path / "b.txt").write_text(tag_archive("health"))
    run_import(tmp_path)
    (tmp_path / "b.txt").write_text(tag_archive("health", "Another post."))

    _out, _err = run_import(tmp_path)

    housing = Post.objects.get(import_key="undated/housing-costs")
    assert sorted(housing.tags.names()) == ["housing", "news"]
    assert housing.source_files == [f"{tmp_path / 'a.txt'}"]


def write_tag_archive(path, tag, *titles):
    path.write_text(
        f"Tag Archives: {tag}\n\n"
        + "".join(
            f"{title}\n\nBody of {title}.\n\nFiled under news\n\n" for title in titles
        )
    )


def tag_names(title):
    return sorted(Post.objects.get(title=title).tags.names())


def test_import_files_posts_under_a_renamed_tag_by_its_old_name(tmp_path):
    archive = tmp_path / "care.txt"
    write_tag_archive(archive, "social care", "First")
    run_import(archive)
    renamed = Tag.objects.get(name="social care")
    renamed.name = "Care work"
    renamed.save()

    write_tag_archive(archive, "Social Care", "First", "Second")
    run_import(archive)

    assert tag_names("Second") == ["Care work", "news"]
    assert not Tag.objects.filter(name__iexact="social care").exists()


def test_import_files_posts_under_the_tag_a_tag_was_merged_into(tmp_path, editor):
    archive = tmp_path / "care.txt"
    write_tag_archive(archive, "social care", "First")
    run_import(archive)
    renamed = Tag.objects.get(name="social care")
    renamed.name = "care"
    renamed.save()
    merge_tags(Tag.objects.get(name="news"), [Tag.objects.get(name="care")], editor)

    write_tag_archive(archive, "social care", "First", "Second")
    run_import(archive)

    assert tag_names("Second") == ["news"]
    assert sorted(Tag.objects.values_list("name", flat=True)) == ["news"]


def test_a_tag_named_like_an_old_name_takes_the_name_back(tmp_path):
    archive = tmp_path / "care.txt"
    write_tag_archive(archive, "social care", "First")
    run_import(archive)
    Tag.objects.filter(name="social care").update(name="Care work")
    Tag.objects.create(name="social care")

    write_tag_archive(archive, "social care", "First", "Second")
    run_import(archive)

    assert tag_names("Second") == ["news", "social care"]


def same_title_in_two_files(folder):
    (folder / "a.txt").write_text(tag_archive("alpha", "Text from A."))
    (folder / "b.txt").write_text(tag_archive("beta", "Text from B."))
    return folder / "a.txt", folder / "b.txt"


def bodies_by_key():
    return dict(Post.objects.values_list("import_key", "body"))


def test_same_titled_posts_keep_their_keys_whatever_order_files_come_in(tmp_path):
    a, b = same_title_in_two_files(tmp_path)
    run_import(a, b)
    first = bodies_by_key()

    out, _err = run_import(b, a)

    assert bodies_by_key() == first
    assert "created 0, updated 0, unchanged 2" in out


def test_importing_one_of_two_same_titled_posts_updates_only_its_own(tmp_path):
    a, b = same_title_in_two_files(tmp_path)
    run_import(a, b)
    b.write_text(tag_archive("beta", "B, corrected."))

    keys = set(bodies_by_key())

    out, _err = run_import(b)

    assert set(bodies_by_key()) == keys
    assert sorted(bodies_by_key().values()) == ["B, corrected.", "Text from A."]
    assert bodies_by_key()["undated/housing-costs"] == "Text from A."
    assert "created 0, updated 1, unchanged 0" in out


def test_renaming_a_tag_is_no_edit_of_its_posts(tmp_path):
    archive = tmp_path / "care.txt"
    write_tag_archive(archive, "social care", "First")
    run_import(archive)
    Tag.objects.filter(name="news").update(name="News and views")
    archive.write_text(archive.read_text().replace("Body of First.", "Corrected."))

    out, _err = run_import(archive)

    assert "updated 1" in out and "Conflict" not in out
    assert Post.objects.get().body == "Corrected."


def test_tags_from_a_file_that_is_gone_can_be_removed(tmp_path):
    (tmp_path / "a.txt").write_text(tag_archive("housing"))
    (tmp_path / "b.txt").write_text(tag_archive("health"))
    run_import(tmp_path)
    (tmp_path / "a.txt").rename(tmp_path / "c.txt")
    (tmp_path / "b.txt").write_text(tag_archive("health").replace("news", "rent"))

    run_import(tmp_path)

    post = Post.objects.get()
    assert sorted(post.tags.names()) == ["health", "housing", "news", "rent"]
    (tmp_path / "c.txt").write_text(tag_archive("housing").replace("news", "rent"))
    run_import(tmp_path)
    assert sorted(Post.objects.get().tags.names()) == ["health", "housing", "rent"]


def test_new_post_does_not_take_the_old_address_of_a_renamed_post(archive):
    run_import(archive)
    renamed = Post.objects.get(title="First post")
    renamed.slug = "renamed"
    renamed.save()  # its old address now redirects here
    archive.write_text(
        blog_day("Monday 27 March 2017", "First post", "New.") + archive.read_text()
    )

    run_import(archive)

    new = Post.objects.get(title="First post", published_at__day=27)
    assert new.slug == "first-post-2"


def test_posts_of_a_file_removed_from_the_directory_are_reported_missing(tmp_path):
    folder = tmp_path / "archives"
    folder.mkdir()
    (folder / "a.txt").write_text(blog_day("Saturday 25 March 2017", "First", "A."))
    (folder / "b.txt").write_text(blog_day("Saturday 25 March 2017", "Second", "B."))
    run_import(folder)
    (folder / "b.txt").unlink()

    out, _err = run_import(folder)

    assert "missing from source 1" in out
    assert "Missing from source: 'Second'" in out
    assert Post.objects.filter(title="Second").exists()


def test_a_removed_file_outside_the_paths_read_reports_nothing_missing(tmp_path):
    (tmp_path / "a.txt").write_text(blog_day("Saturday 25 March 2017", "First", "A."))
    (tmp_path / "b.txt").write_text(blog_day("Saturday 25 March 2017", "Second", "B."))
    run_import(tmp_path)
    (tmp_path / "b.txt").unlink()

    out, _err = run_import(tmp_path / "a.txt")

    assert "missing from source 0" in out


def news_archive(path, tag, *bodies):
    """A tag archive of posts all titled "News", with these bodies."""
    path.write_text(
        f"Tag Archives: {tag}\n\n"
        + "".join(f"News\n\n{body}\n\nFiled under {tag} news\n\n" for body in bodies)
    )


def dated_and_tagged_copies(tmp_path):
    """The same post in a dated archive and, undated, in a tag archive."""
    (tmp_path / "a.txt").write_text(blog_day("Monday 6 March 2017", "News", "Text."))
    news_archive(tmp_path / "b.txt", "alpha", "Text.")
    return tmp_path / "a.txt", tmp_path / "b.txt"


def imported_posts():
    return [
        (post.import_key, post.published_at.date(), sorted(post.tags.names()))
        for post in Post.objects.all()
    ]


def test_post_in_a_dated_and_a_tag_archive_is_imported_once_with_its_date(tmp_path):
    dated, tagged = dated_and_tagged_copies(tmp_path)

    out, _err = run_import(tagged, dated)

    assert imported_posts() == [
        ("2017-03-06/news", datetime(2017, 3, 6).date(), ["alpha", "alpha news"])
    ]
    assert Post.objects.get().source_files == [str(dated), str(tagged)]
    assert f"{tagged}:3" in out


def test_tag_archive_post_found_later_in_a_dated_archive_is_still_one_post(tmp_path):
    dated, tagged = dated_and_tagged_copies(tmp_path)
    dated.rename(tmp_path / "later.txt")
    run_import(tagged)
    post = Post.objects.get()
    Post.objects.filter(pk=post.pk).update(slug="the-editors-slug")
    (tmp_path / "later.txt").rename(dated)

    out, _err = run_import(tmp_path)

    assert "created 0, updated 1, unchanged 0" in out
    assert "missing from source 0" in out
    assert imported_posts() == [
        ("2017-03-06/news", datetime(2017, 3, 6).date(), ["alpha", "alpha news"])
    ]
    assert Post.objects.get().slug == "the-editors-slug"
    assert "created 0, updated 0, unchanged 1" in run_import(tagged)[0]
    assert "created 0, updated 0, unchanged 1" in run_import(tmp_path)[0]


def test_edited_tag_archive_post_found_later_in_a_dated_archive_is_kept(tmp_path):
    dated, tagged = dated_and_tagged_copies(tmp_path)
    dated.rename(tmp_path / "later.txt")
    run_import(tagged)
    Post.objects.update(title="The editor's title", edited_since_import=True)
    (tmp_path / "later.txt").rename(dated)

    out, _err = run_import(tmp_path)

    assert "created 0, updated 0, unchanged 0, kept because edited 1" in out
    post = Post.objects.get()
    assert (post.import_key, post.title, post.published_at) == (
        "2017-03-06/news",
        "The editor's title",
        None,
    )


def test_tag_archive_read_alone_leaves_its_copy_on_the_dated_post(tmp_path):
    _dated, tagged = dated_and_tagged_copies(tmp_path)
    run_import(tmp_path)
    before = imported_posts()

    out, _err = run_import(tagged)

    assert "created 0, updated 0, unchanged 1" in out
    assert imported_posts() == before


def test_a_same_titled_post_in_a_new_file_read_alone_is_another_post(tmp_path):
    news_archive(tmp_path / "a.txt", "alpha", "First text.")
    run_import(tmp_path)
    news_archive(tmp_path / "n.txt", "beta", "Second text.")

    out, _err = run_import(tmp_path / "n.txt")

    assert "created 1, updated 0" in out
    assert bodies_by_key()["undated/news"] == "First text."


def test_reading_one_file_again_leaves_same_titled_posts_where_they_were(tmp_path):
    news_archive(tmp_path / "a.txt", "alpha", "First text.", "Second text.")
    news_archive(tmp_path / "b.txt", "beta", "Second text.", "First text.")
    run_import(tmp_path)
    before = bodies_by_key()

    out, _err = run_import(tmp_path / "b.txt")

    assert "created 0, updated 0, unchanged 2" in out
    assert bodies_by_key() == before


def test_deleted_post_among_same_titled_ones_stays_deleted(tmp_path):
    news_archive(tmp_path / "a.txt", "alpha", "First text.", "Second text.")
    run_import(tmp_path)
    Post.objects.get(import_key="undated/news").delete()

    out, _err = run_import(tmp_path)

    assert "created 0, updated 0, unchanged 1" in out
    assert "deleted by an editor 1" in out
    assert list(bodies_by_key().values()) == ["Second text."]


def test_a_post_whose_text_left_its_file_is_not_copied_into_another(tmp_path):
    news_archive(tmp_path / "a.txt", "alpha", "First text.", "Second text.")
    run_import(tmp_path)
    Post.objects.get(import_key="undated/news").delete()
    DeletedImport.objects.all().delete()
    news_archive(tmp_path / "a.txt", "alpha", "Second text.")

    out, _err = run_import(tmp_path)

    assert "created 0, updated 0, unchanged 1" in out
    assert list(bodies_by_key().values()) == ["Second text."]


def test_deleted_post_text_is_not_written_into_its_same_titled_sibling(tmp_path):
    news_archive(tmp_path / "a.txt", "alpha", "First text.", "Second text.")
    run_import(tmp_path)
    Post.objects.get(import_key="undated/news").delete()
    news_archive(tmp_path / "a.txt", "alpha", "First text.", "Second, corrected.")

    out, _err = run_import(tmp_path)

    assert "created 0, updated 1" in out
    assert "deleted by an editor 1" in out
    assert list(bodies_by_key().values()) == ["Second, corrected."]


def test_deleted_post_recorded_without_its_text_stays_deleted(tmp_path):
    """A record written before deleted posts kept their source fingerprint."""
    news_archive(tmp_path / "a.txt", "alpha", "First text.", "Second text.")
    run_import(tmp_path)
    Post.objects.get(import_key="undated/news").delete()
    DeletedImport.objects.update(source_fingerprint=None)

    out, _err = run_import(tmp_path)

    assert "created 0, updated 0, unchanged 1" in out
    assert "deleted by an editor 1" in out
    assert list(bodies_by_key().values()) == ["Second text."]


def test_same_titled_posts_keep_their_own_text_when_several_are_corrected(tmp_path):
    """Rows come in no set order (PostgreSQL returns an updated one last): each
    corrected text still goes to the post it is most like."""
    path = tmp_path / "a.txt"
    news_archive(path, "alpha", "One.", "Two.", "Three.")
    run_import(path)
    ids = {body: pk for pk, body in Post.objects.values_list("pk", "body")}
    news_archive(path, "alpha", "One.", "Two, fixed.", "Three.")
    run_import(path)
    news_archive(path, "alpha", "One.", "Two, fixed again.", "Three, fixed.")

    run_import(path)

    bodies = dict(Post.objects.values_list("pk", "body"))
    assert bodies[ids["Two."]] == "Two, fixed again."
    assert bodies[ids["Three."]] == "Three, fixed."


def test_new_same_titled_post_does_not_take_over_a_corrected_one(tmp_path):
    """A newer "News" post appears at the top of the archive (newest first)
    while the existing one is corrected."""
    path = tmp_path / "a.txt"
    news_archive(path, "alpha", "Old text.")
    run_import(path)
    old = Post.objects.get()
    news_archive(path, "alpha", "Brand new text.", "Old text, corrected.")

    out, _err = run_import(path)

    old.refresh_from_db()
    assert old.body == "Old text, corrected."
    assert "created 1, updated 1" in out
