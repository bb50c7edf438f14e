"""Two editors on one post: a save from a stale form never silently wins."""

import threading
import time

import pytest
from django.db import connection, transaction
from django.urls import reverse

from posts import editing
from posts.models import Post


def change_url(post):
    return reverse("admin:posts_post_change", args=[post.pk])


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
    editing.add_tag(
        Post.objects.filter(pk=post.pk), editing.tag_named("x", True), editor
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
    theirs_locked = threading.Event()

    def their_save():
        # Another app server's save of the same post, in flight meanwhile.
        try:
            with transaction.atomic():
                theirs = Post.objects.select_for_update().get(pk=post.pk)
                theirs_locked.set()
                time.sleep(0.5)  # long enough for my save to reach the check
                theirs.title = "Their title"
                theirs.save()
        finally:
            connection.close()

    other = threading.Thread(target=their_save)
    other.start()
    assert theirs_locked.wait(timeout=10)
    response = editor_client.post(change_url(post), {**mine, "title": "My title"})
    other.join()

    assert response.status_code == 200  # the form again, with the conflict
    post.refresh_from_db()
    assert post.title == "Their title"
