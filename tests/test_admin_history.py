"""Nothing an editor does is lost: history, comparison and restore."""

from django.contrib.messages import get_messages
from django.urls import reverse
from reversion.models import Version

from posts import editing
from posts.models import Post, Tag, TaggedPost


def change_url(post):
    return reverse("admin:posts_post_change", args=[post.pk])


def revert_url(post, version):
    return reverse("admin:posts_post_revision", args=[post.pk, version.pk])


def save_through_admin(client, change_form_data, post, **changes):
    data = change_form_data(client, change_url(post))
    response = client.post(change_url(post), {**data, **changes})
    assert response.status_code == 302


def test_every_admin_save_is_a_revision_naming_the_editor(
    editor, editor_client, change_form_data, make_post
):
    post = make_post("First title")

    save_through_admin(editor_client, change_form_data, post, title="Second title")

    version = Version.objects.get_for_object(post).get()
    assert version.revision.user == editor
    assert version.field_dict["title"] == "Second title"
    history = editor_client.get(reverse("admin:posts_post_history", args=[post.pk]))
    assert revert_url(post, version) in history.text


def test_revert_page_compares_the_version_with_the_current_post(
    editor_client, change_form_data, make_post
):
    post = make_post("First title", body="Line one.\nLine two.")
    save_through_admin(editor_client, change_form_data, post)
    first = Version.objects.get_for_object(post).get()
    save_through_admin(
        editor_client,
        change_form_data,
        post,
        title="Second title",
        body="Line one.\nLine 2.",
    )

    page = editor_client.get(revert_url(post, first))

    differences = page.context["differences"]
    assert [(d.label, d.before, d.after) for d in differences[:1]] == [
        ("Title", "Second title", "First title")
    ]
    assert differences[1].diff == [
        "@@ -1,2 +1,2 @@",
        " Line one.",
        "-Line 2.",
        "+Line two.",
    ]
    post.refresh_from_db()
    assert post.title == "Second title", "looking at a version changes nothing"


def test_editor_restores_an_earlier_version_through_the_history(
    editor_client, change_form_data, make_post
):
    post = make_post("First title", tags=["care"])
    save_through_admin(editor_client, change_form_data, post)
    first = Version.objects.get_for_object(post).get()
    law = Tag.objects.create(name="law")
    save_through_admin(
        editor_client, change_form_data, post, title="Second", tags=[str(law.pk)]
    )

    data = change_form_data(editor_client, revert_url(post, first))
    response = editor_client.post(revert_url(post, first), data)

    assert response.status_code == 302
    post.refresh_from_db()
    assert post.title == "First title"
    assert [tag.name for tag in post.tags.all()] == ["care"]
    latest = Version.objects.get_for_object(post).first()
    assert latest.revision.get_comment().startswith("Reverted to previous version")


def test_version_with_a_since_merged_tag_is_not_restored(
    editor, editor_client, change_form_data, make_post
):
    """Restoring it would point the post at a tag that no longer exists."""
    post = make_post("A post", tags=["Care"])
    save_through_admin(editor_client, change_form_data, post)
    before_merge = Version.objects.get_for_object(post).get()
    editing.merge_tags(
        Tag.objects.create(name="care work"), list(Tag.objects.all()), editor
    )

    response = editor_client.get(revert_url(post, before_merge), follow=True)

    assert response.redirect_chain[-1][0].endswith(f"/{post.pk}/history/")
    assert "can't be restored" in str(list(get_messages(response.wsgi_request))[-1])
    assert [tag.name for tag in Post.objects.get().tags.all()] == ["care work"]


def test_a_tag_link_version_is_not_a_version_of_the_post(
    editor_client, change_form_data, make_post
):
    post = make_post("A post", tags=["care"])
    save_through_admin(editor_client, change_form_data, post)
    link = Version.objects.get_for_model(TaggedPost).get()
    # The link's own id, as if it were the post's.
    Version.objects.filter(pk=link.pk).update(object_id=str(post.pk))

    response = editor_client.get(revert_url(post, link))

    assert response.status_code == 404


def test_a_version_of_another_post_is_not_found_under_this_one(
    editor_client, change_form_data, make_post
):
    post, other = make_post("A post"), make_post("Another")
    save_through_admin(editor_client, change_form_data, other)
    version = Version.objects.get_for_object(other).get()

    response = editor_client.get(revert_url(post, version))

    assert response.status_code == 404
