"""An editor's change made in the admin survives the next import."""

import json
from io import StringIO

from django.core.management import call_command
from django.urls import reverse
from reversion.models import Version

from posts.models import ImportOutcome, ImportRun, Post

ARCHIVE = "Saturday 25 March 2017\n\nA title\n\n{body}\n"


def import_archive(path, body):
    """Write the archive, import it, and return each post's outcome."""
    path.write_text(ARCHIVE.format(body=body), encoding="utf-8")
    out = StringIO()
    call_command("import_seeds", str(path), "--json", stdout=out, stderr=StringIO())
    return [post["outcome"] for post in json.loads(out.getvalue())["posts"]]


def test_reimport_keeps_the_editors_title_and_reports_a_conflict(
    tmp_path, editor_client, change_form_data
):
    archive = tmp_path / "archive.txt"
    import_archive(archive, "Body text.")
    post = Post.objects.get()
    url = reverse("admin:posts_post_change", args=[post.pk])
    data = change_form_data(editor_client, url)
    editor_client.post(url, {**data, "title": "The editor's title"})

    outcomes = import_archive(archive, "Body text, corrected at the source.")

    post.refresh_from_db()
    assert post.title == "The editor's title"
    assert post.body == "Body text."
    assert outcomes == [ImportOutcome.Result.CONFLICT]


def test_import_run_page_links_each_result_to_its_outcomes(tmp_path, editor_client):
    import_archive(tmp_path / "archive.txt", "Body text.")
    run = ImportRun.objects.get()

    detail = editor_client.get(reverse("admin:posts_importrun_change", args=[run.pk]))
    outcomes = editor_client.get(
        reverse("admin:posts_importoutcome_changelist"),
        {"run__id__exact": run.pk, "result__exact": "created"},
    )

    assert "Created: 1" in detail.text
    assert "A title" in outcomes.text


def test_reimport_keeps_a_restored_version(tmp_path, editor_client, change_form_data):
    archive = tmp_path / "archive.txt"
    import_archive(archive, "Body text.")
    post = Post.objects.get()
    first_import = Version.objects.get_for_object(post).get()
    import_archive(archive, "Body text, corrected at the source.")
    url = reverse("admin:posts_post_revision", args=[post.pk, first_import.pk])
    editor_client.post(url, change_form_data(editor_client, url))

    outcomes = import_archive(archive, "Body text, corrected at the source.")

    post.refresh_from_db()
    assert post.edited_since_import
    assert post.body == "Body text."
    assert outcomes == [ImportOutcome.Result.KEPT]


def test_restoring_a_version_with_the_same_content_is_no_edit(
    tmp_path, editor_client, change_form_data
):
    archive = tmp_path / "archive.txt"
    import_archive(archive, "Body text.")
    post = Post.objects.get()
    url = reverse(
        "admin:posts_post_revision",
        args=[post.pk, Version.objects.get_for_object(post).get().pk],
    )
    editor_client.post(url, change_form_data(editor_client, url))

    post.refresh_from_db()
    assert not post.edited_since_import


def test_changing_only_the_slug_in_a_browser_leaves_a_multi_line_post_to_the_import(
    tmp_path, editor_client, change_form_data
):
    """Browsers send a textarea's line breaks as CRLF: that is no change."""
    archive = tmp_path / "archive.txt"
    import_archive(archive, "First line\nsecond line.\n\nAnother paragraph.")
    post = Post.objects.get()
    url = reverse("admin:posts_post_change", args=[post.pk])
    data = change_form_data(editor_client, url)
    as_a_browser_sends_it = data["body"].replace("\n", "\r\n")
    editor_client.post(
        url, {**data, "body": as_a_browser_sends_it, "slug": "a-better-slug"}
    )

    outcomes = import_archive(archive, "First line\nsecond line.\n\nCorrected.")

    post.refresh_from_db()
    assert (post.slug, post.edited_since_import) == ("a-better-slug", False)
    assert post.body == "First line\\\nsecond line.\n\nCorrected."
    assert outcomes == [ImportOutcome.Result.UPDATED]


def test_import_run_and_outcome_pages_list_paths_warnings_and_duplicates_as_lines(
    editor_client,
):
    run = ImportRun.objects.create(
        paths=["seeds/a.txt", "seeds/b.txt"],
        warnings=["seeds/a.txt:4: post has no title", "seeds/b.txt:9: <odd> date"],
    )
    outcome = ImportOutcome.objects.create(
        run=run,
        result=ImportOutcome.Result.CREATED,
        source="seeds/a.txt:4",
        duplicates=["seeds/b.txt:3"],
    )

    run_page = editor_client.get(
        reverse("admin:posts_importrun_change", args=[run.pk])
    ).text
    outcome_page = editor_client.get(
        reverse("admin:posts_importoutcome_change", args=[outcome.pk])
    ).text

    assert '<div class="readonly">seeds/a.txt<br>seeds/b.txt</div>' in run_page
    assert (
        '<div class="readonly">seeds/a.txt:4: post has no title<br>'
        "seeds/b.txt:9: &lt;odd&gt; date</div>"
    ) in run_page
    assert '<div class="readonly">seeds/b.txt:3</div>' in outcome_page
    assert '<div class="readonly">-</div>' in outcome_page  # no warnings
    assert "[&quot;" not in run_page + outcome_page
    assert '["' not in run_page + outcome_page


def test_post_form_links_to_what_each_import_did_with_the_post(
    tmp_path, editor_client, make_post
):
    archive = tmp_path / "archive.txt"
    import_archive(archive, "Body text.")
    import_archive(archive, "Body text, corrected at the source.")
    post = Post.objects.get()
    written_here = make_post("Written here")

    page = editor_client.get(reverse("admin:posts_post_change", args=[post.pk])).text
    outcomes = editor_client.get(
        reverse("admin:posts_importoutcome_changelist"), {"post__id__exact": post.pk}
    )
    other = editor_client.get(
        reverse("admin:posts_post_change", args=[written_here.pk])
    )

    link = reverse("admin:posts_importoutcome_changelist")
    assert f'<a href="{link}?post__id__exact={post.pk}">' in page
    assert "What 2 import runs did with it</a>" in page
    assert [o.result for o in outcomes.context["cl"].result_list] == [
        ImportOutcome.Result.UPDATED,  # the latest run first
        ImportOutcome.Result.CREATED,
    ]
    assert "did with it" not in other.text
