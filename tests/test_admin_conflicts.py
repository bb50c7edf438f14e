"""Two editors on one post: a save from a stale form never silently wins."""

import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.urls import reverse

from posts import editing
from posts.models import Post, Tag

ROOT = Path(__file__).resolve().parent.parent


def change_url(post):
    return reverse("admin:posts_post_change", args=[post.pk])


def save_during_theirs(client, post, data):
    """Post my change form of `post` while another app server's save of it is
    in flight: theirs has read the post (locked, on PostgreSQL) and writes a
    new title half a second later. Returns my response."""
    theirs_read = threading.Event()

    def their_save():
        try:
            with transaction.atomic():
                theirs = Post.objects.select_for_update().get(pk=post.pk)
                theirs_read.set()
                time.sleep(0.5)  # long enough for my save to reach the check
                theirs.title = "Their title"
                theirs.save()
        finally:
            connection.close()

    other = threading.Thread(target=their_save)
    other.start()
    assert theirs_read.wait(timeout=10)
    response = client.post(change_url(post), data)
    other.join()
    return response


def test_second_save_of_a_stale_form_is_refused_showing_what_changed(
    editor_client, change_form_data, make_post
):
    post = make_post("Original title", body="Original body.")
    first = change_form_data(editor_client, change_url(post))
    second = change_form_data(editor_client, change_url(post))

    editor_client.post(change_url(post), {**first, "title": "First editor's title"})
    response = editor_client.post(
        change_url(post), {**second, "body": "Second editor's body."}
    )

    assert response.status_code == 200
    errors = list(response.context["adminform"].form.non_field_errors())
    assert "Someone else saved this post while you were editing it" in errors[0]
    assert errors[1:] == ["Title: now “First editor's title”"]
    post.refresh_from_db()
    assert (post.title, post.body) == ("First editor's title", "Original body.")


def test_saving_again_after_the_refusal_keeps_the_second_version(
    editor_client, change_form_data, make_post
):
    """The refusal shows the conflict once; saving again is a deliberate choice."""
    post = make_post("Original title")
    first = change_form_data(editor_client, change_url(post))
    second = change_form_data(editor_client, change_url(post))
    editor_client.post(change_url(post), {**first, "title": "First"})
    refused = editor_client.post(change_url(post), {**second, "title": "Second"})

    resubmitted = {**second, "title": "Second"}
    resubmitted["edit_token"] = refused.context["adminform"].form["edit_token"].value()
    response = editor_client.post(change_url(post), resubmitted)

    assert response.status_code == 302
    post.refresh_from_db()
    assert post.title == "Second"


def test_bulk_change_meanwhile_also_refuses_a_stale_form(
    editor, editor_client, change_form_data, make_post
):
    post = make_post("A post", tags=["care"])
    stale = change_form_data(editor_client, change_url(post))

    editing.unpublish(Post.objects.filter(pk=post.pk), editor)
    editing.add_tags(
        Post.objects.filter(pk=post.pk), [editing.tag_named("x", True)], editor
    )
    response = editor_client.post(change_url(post), stale)

    errors = list(response.context["adminform"].form.non_field_errors())
    assert errors[1:] == ["Status: now “Draft”", "Tags: now “care, x”"]
    post.refresh_from_db()
    assert post.status == Post.Status.DRAFT


def test_saves_one_after_another_are_not_conflicts(
    editor_client, change_form_data, make_post
):
    post = make_post("A post")
    for title in ("One", "Two"):
        data = change_form_data(editor_client, change_url(post))
        response = editor_client.post(change_url(post), {**data, "title": title})
        assert response.status_code == 302

    post.refresh_from_db()
    assert post.title == "Two"


@pytest.mark.parametrize("publish", ["action", "form"])
def test_unchanged_save_after_publishing_does_not_refuse_the_next_editor(
    editor, editor_client, change_form_data, make_post, publish
):
    """Publishing dates an undated post now; a date finer than the form's
    boxes show would change on the unchanged save, a change no one can see."""
    post = make_post("A draft", status=Post.Status.DRAFT, published_at=None)
    if publish == "action":
        editing.publish(Post.objects.filter(pk=post.pk), editor)
    else:
        data = change_form_data(editor_client, change_url(post))
        editor_client.post(change_url(post), {**data, "status": "published"})
    first = change_form_data(editor_client, change_url(post))
    second = change_form_data(editor_client, change_url(post))

    editor_client.post(change_url(post), first)
    response = editor_client.post(change_url(post), {**second, "body": "Second."})

    assert response.status_code == 302
    post.refresh_from_db()
    assert post.body == "Second."


@pytest.mark.skipif(
    not connection.features.has_select_for_update,
    reason="row locks need PostgreSQL (DATABASE_URL)",
)
@pytest.mark.django_db(transaction=True)
def test_save_during_a_concurrent_save_waits_for_it_then_is_refused(
    editor_client, change_form_data, make_post
):
    post = make_post("Original title")
    mine = change_form_data(editor_client, change_url(post))

    response = save_during_theirs(editor_client, post, {**mine, "title": "My title"})

    assert response.status_code == 200  # the form again, with the conflict
    post.refresh_from_db()
    assert post.title == "Their title"


# The same on SQLite, which has no row locks: its transactions take the
# database's write lock as they begin, so my save waits for theirs to commit
# rather than failing ("database is locked") once both have read the post.
# Run in a process of its own, on a database file: the tests' in-memory
# database is shared between threads without waiting for locks.
CONCURRENT_SAVES_ON_SQLITE = """
from django.contrib.auth.models import User
from django.test import Client
from django.test.utils import setup_test_environment
from django.urls import reverse
from posts.models import Post
from posts.roles import sync_editors_group
from tests.test_admin_conflicts import save_during_theirs

setup_test_environment()
editor = User.objects.create_user("editor", is_staff=True)
editor.groups.add(sync_editors_group()[0])
post = Post.objects.create(title="Original title", slug="a-post")
url = reverse("admin:posts_post_change", args=[post.pk])
client = Client()
client.force_login(editor)
form = client.get(url).context["adminform"].form
mine = {
    "title": "My title", "slug": "a-post", "status": "draft",
    "published_at_0": "", "published_at_1": "",
    "edit_token": form["edit_token"].value(),
}
response = save_during_theirs(client, post, mine)
post.refresh_from_db()
print(response.status_code, post.title)
"""


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own locking")
@pytest.mark.usefixtures("collected_static")  # the admin's pages link to them
def test_on_sqlite_a_save_during_a_concurrent_save_waits_then_is_refused(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "DJANGO_CACHE_DIR": str(tmp_path / "cache"),
        "REDIS_URL": "",
    }
    for command in (
        ["migrate", "--noinput"],
        ["shell", "--no-imports", "-c", CONCURRENT_SAVES_ON_SQLITE],
    ):
        result = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )

    # The form again, with the conflict; their save stands.
    assert result.stdout == "200 Their title\n"


def test_a_tag_renamed_meanwhile_does_not_refuse_the_save(
    editor_client, change_form_data, make_post
):
    """Renaming a tag changes none of its posts: they keep the same tag."""
    post = make_post("A post", tags=["care"])
    data = change_form_data(editor_client, change_url(post))
    tag = Tag.objects.get(name="care")
    tag.name = "Care work"
    tag.save()

    response = editor_client.post(change_url(post), {**data, "title": "New title"})

    assert response.status_code == 302
    post.refresh_from_db()
    assert post.title == "New title"
    assert [tag.name for tag in post.tags.all()] == ["Care work"]


def tags_shown(response):
    """The tags the form's box shows selected, {id: name}: what a browser
    posts back (a choice the box can't show is not sent)."""
    box = re.search(r'<select name="tags".*?</select>', response.text, re.S)
    return dict(re.findall(r'<option value="(\d+)" selected>([^<]*)</option>', box[0]))


def test_a_tag_merged_meanwhile_is_shown_and_kept_as_the_tag_it_was_merged_into(
    editor, editor_client, change_form_data, make_post
):
    """A merge changed the post's tags: the stale save is refused as a
    conflict, with the merged-into tag in the box (not an empty box and a
    "Select a valid choice" error), so that saving again keeps it."""
    post = make_post("A post")
    carers, law = Tag.objects.create(name="carers"), Tag.objects.create(name="law")
    tagged = change_form_data(editor_client, change_url(post))
    editor_client.post(change_url(post), {**tagged, "tags": [carers.pk, law.pk]})
    stale = change_form_data(editor_client, change_url(post))
    care = Tag.objects.create(name="care")
    editing.merge_tags(care, [care, carers], editor)

    refused = editor_client.post(change_url(post), {**stale, "title": "New title"})

    form = refused.context["adminform"].form
    assert form.errors.keys() == {"__all__"}
    assert list(form.non_field_errors())[1:] == ["Tags: now “care, law”"]
    shown = tags_shown(refused)
    assert sorted(shown.values()) == ["care", "law"]
    again = {**stale, "title": "New title", "tags": list(shown)}
    again["edit_token"] = form["edit_token"].value()
    assert editor_client.post(change_url(post), again).status_code == 302
    post.refresh_from_db()
    assert (post.title, list(post.tags.names())) == ("New title", ["care", "law"])


def test_a_tag_chosen_then_deleted_meanwhile_is_said_to_be_gone(
    editor_client, change_form_data, make_post
):
    """Nothing in the post's history leads to another tag: the form says why
    the box lost it, rather than "Select a valid choice. 7 is not one of the
    available choices"."""
    post = make_post("A post", tags=["care"])
    policy = Tag.objects.create(name="policy")
    data = change_form_data(editor_client, change_url(post))
    chosen = [*data["tags"], policy.pk]
    policy.delete()

    response = editor_client.post(change_url(post), {**data, "tags": chosen})

    assert response.context["adminform"].form.errors["tags"] == [
        "A tag chosen here was deleted or merged into another since this page "
        "was opened: check the tags before saving again."
    ]
    assert list(tags_shown(response).values()) == ["care"]
