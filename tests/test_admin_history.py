"""Nothing an editor does is lost: history, comparison and restore."""

from io import StringIO

import pytest
from django.contrib.messages import get_messages
from django.contrib.sites.models import Site
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from reversion.models import Version

from posts import editing
from posts.models import DeletedImport, Post, Tag, TaggedPost


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


def test_restore_over_a_save_made_since_its_page_was_opened_is_refused(
    editor_client, change_form_data, make_post
):
    post = make_post("First title", body="v1")
    save_through_admin(editor_client, change_form_data, post)
    first = Version.objects.get_for_object(post).get()
    save_through_admin(editor_client, change_form_data, post, body="v2")
    restore_page = change_form_data(editor_client, revert_url(post, first))
    save_through_admin(editor_client, change_form_data, post, title="Fixed title")

    response = editor_client.post(revert_url(post, first), restore_page)

    assert response.status_code == 200
    errors = list(response.context["adminform"].form.non_field_errors())
    assert "Someone else saved this post while you were editing it" in errors[0]
    assert errors[1:] == ["Title: now “Fixed title”"]
    post.refresh_from_db()
    assert (post.title, post.body) == ("Fixed title", "v2")


def test_version_with_a_since_merged_tag_restores_the_tag_it_was_merged_into(
    editor, editor_client, change_form_data, make_post
):
    """The old tag no longer exists: its posts were given the kept one."""
    post = make_post("A post", tags=["Care"])
    save_through_admin(editor_client, change_form_data, post)
    before_merge = Version.objects.get_for_object(post).get()
    editing.merge_tags(
        Tag.objects.create(name="care work"), list(Tag.objects.all()), editor
    )
    save_through_admin(editor_client, change_form_data, post, tags=[])

    restore(editor_client, change_form_data, post, before_merge)

    assert [tag.name for tag in Post.objects.get().tags.all()] == ["care work"]


def test_version_from_before_a_tag_merge_can_be_compared(
    editor, editor_client, change_form_data, make_post
):
    post = make_post("A post", tags=["Care"], body="The original wording.")
    save_through_admin(editor_client, change_form_data, post)
    original = Version.objects.get_for_object(post).get()
    save_through_admin(editor_client, change_form_data, post, body="A rewrite.")
    editing.merge_tags(
        Tag.objects.create(name="care work"), list(Tag.objects.all()), editor
    )

    page = editor_client.get(revert_url(post, original))

    assert page.status_code == 200
    assert [(d.label, d.before, d.after) for d in page.context["differences"]] == [
        ("Body", "A rewrite.", "The original wording.")
    ]


def test_version_with_a_since_deleted_tag_is_compared_but_not_restored(
    editor_client, change_form_data, make_post
):
    """Restoring it would lose the tag: the editor copies from it instead."""
    post = make_post("A post", tags=["care", "law"])
    save_through_admin(editor_client, change_form_data, post)
    version = Version.objects.get_for_object(post).get()
    save_through_admin(editor_client, change_form_data, post, title="Renamed")
    Tag.objects.filter(name="law").delete()  # by an administrator
    url = revert_url(post, version)
    message = (
        "This version uses tags that have since been deleted, so it can't be "
        "restored. Copy what you need from it instead."
    )

    page = editor_client.get(url)
    response = editor_client.post(url, change_form_data(editor_client, url))

    assert page.status_code == 200
    assert escape(message) in page.text
    assert response.url == reverse("admin:posts_post_history", args=[post.pk])
    assert message in [str(m) for m in get_messages(response.wsgi_request)]
    assert Post.objects.get().title == "Renamed"


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


# Restoring one post from a revision that recorded many (an import, a bulk
# action, a tag merge): only that post and its own tag links change.

TWO_POSTS = (
    "Tag Archives: care\n\n"
    "First title\n\nFirst body.\n\nFiled under law\n\n"
    "Second title\n\nSecond body.\n\nFiled under courts\n"
)


def import_two_posts(tmp_path):
    """Import two posts in one run (one revision); return them, oldest first."""
    archive = tmp_path / "archive.txt"
    archive.write_text(TWO_POSTS, encoding="utf-8")
    call_command("import_seeds", str(archive), stdout=StringIO(), stderr=StringIO())
    return Post.objects.get(title="First title"), Post.objects.get(title="Second title")


def restore(client, change_form_data, post, version):
    """Restore the version as an editor does: open its page, then save it."""
    data = change_form_data(client, revert_url(post, version))
    response = client.post(revert_url(post, version), data)
    assert response.status_code == 302
    post.refresh_from_db()


def test_restoring_an_imported_version_leaves_the_other_imported_posts_alone(
    tmp_path, editor_client, change_form_data
):
    first, second = import_two_posts(tmp_path)
    imported = Version.objects.get_for_object(first).get()
    save_through_admin(editor_client, change_form_data, first, title="First, edited")
    save_through_admin(editor_client, change_form_data, second, title="Second, edited")

    restore(editor_client, change_form_data, first, imported)

    second.refresh_from_db()
    assert first.title == "First title"
    assert (second.title, second.edited_since_import) == ("Second, edited", True)


def test_restoring_an_imported_version_does_not_bring_back_a_deleted_post(
    tmp_path, editor_client, change_form_data, admin_client
):
    first, second = import_two_posts(tmp_path)
    imported = Version.objects.get_for_object(first).get()
    delete_url = reverse("admin:posts_post_delete", args=[second.pk])
    admin_client.post(delete_url, {"post": "yes"})

    restore(editor_client, change_form_data, first, imported)

    assert list(Post.objects.values_list("title", flat=True)) == ["First title"]


def test_restoring_a_bulk_action_version_leaves_the_other_posts_changes(
    editor, editor_client, change_form_data, make_post
):
    one, two = (make_post(title, status=Post.Status.DRAFT) for title in "AB")
    editing.publish(Post.objects.all(), editor)
    published = Version.objects.get_for_object(one).get()
    editing.add_tags(Post.objects.all(), [Tag.objects.create(name="care")], editor)

    restore(editor_client, change_form_data, one, published)

    assert [tag.name for tag in one.tags.all()] == []
    assert [tag.name for tag in two.tags.all()] == ["care"]


def test_restoring_a_version_puts_back_exactly_its_tags(
    editor, editor_client, change_form_data, make_post
):
    post = make_post("A post", tags=["care", "law"])
    save_through_admin(editor_client, change_form_data, post)
    version = Version.objects.get_for_object(post).get()
    care, law = Tag.objects.order_by("name")
    # "care" is removed and added back (a new link), "law" removed, "new" added.
    editing.remove_tags(Post.objects.all(), [care], editor)
    editing.add_tags(Post.objects.all(), [care], editor)
    editing.remove_tags(Post.objects.all(), [law], editor)
    editing.add_tags(Post.objects.all(), [Tag.objects.create(name="new")], editor)

    restore(editor_client, change_form_data, post, version)

    assert [tag.name for tag in post.tags.all()] == ["care", "law"]


def test_restoring_an_imported_version_after_another_posts_tag_was_merged(
    tmp_path, editor, editor_client, change_form_data
):
    """The import's revision links the second post to "courts", merged since:
    restoring the first post must not touch that link (it once failed on a
    foreign key)."""
    first, second = import_two_posts(tmp_path)
    imported = Version.objects.get_for_object(first).get()
    save_through_admin(editor_client, change_form_data, first, title="Edited")
    courts = Tag.objects.get(name="courts")
    editing.merge_tags(Tag.objects.create(name="justice"), [courts], editor)

    restore(editor_client, change_form_data, first, imported)

    assert first.title == "First title"
    assert [tag.name for tag in first.tags.all()] == ["care", "law"]
    assert [tag.name for tag in second.tags.all()] == ["care", "justice"]


def test_restoring_an_imported_version_gives_a_since_merged_tag_the_kept_one(
    tmp_path, editor, editor_client, change_form_data
):
    first, _second = import_two_posts(tmp_path)
    imported = Version.objects.get_for_object(first).get()
    law = Tag.objects.get(name="law")
    editing.merge_tags(Tag.objects.create(name="justice"), [law], editor)
    save_through_admin(editor_client, change_form_data, first, tags=[])

    restore(editor_client, change_form_data, first, imported)

    assert sorted(first.tags.names()) == ["care", "justice"]


@pytest.fixture
def restore_from_bulk_revision(editor, editor_client, change_form_data, make_post):
    """`make(count, method)`: a request opening ("get") or saving ("post") the
    restore of one post's version from a bulk action on `count` tagged posts."""

    def make(count, method):
        Post.objects.all().delete()
        posts = [
            make_post(f"Post {n}", tags=["care", f"tag {n}"], status=Post.Status.DRAFT)
            for n in range(count)
        ]
        editing.publish(Post.objects.all(), editor)
        url = revert_url(posts[0], Version.objects.get_for_object(posts[0]).get())
        data = change_form_data(editor_client, url)  # also warms the session
        Site.objects.get_current()  # cached from the first request on
        if method == "get":
            return lambda: editor_client.get(url)
        return lambda: editor_client.post(url, data)

    return make


@pytest.mark.parametrize(("method", "status"), [("get", 200), ("post", 302)])
def test_restoring_costs_the_same_queries_for_a_revision_of_3_or_30_posts(
    restore_from_bulk_revision, django_assert_num_queries, method, status
):
    request = restore_from_bulk_revision(3, method)
    with CaptureQueriesContext(connection) as queries:
        assert request().status_code == status
    few = len(queries)  # now: the log is emptied as each request starts
    request = restore_from_bulk_revision(30, method)

    with django_assert_num_queries(few):
        response = request()

    assert response.status_code == status


def test_recovering_a_deleted_post_brings_back_that_post_only(
    editor, editor_client, change_form_data, admin_client, make_post
):
    one, two = (
        make_post(title, tags=["care"], needs_review=True) for title in ("One", "Two")
    )
    editing.mark_reviewed(Post.objects.all(), editor)  # both in one revision
    for post in (one, two):
        admin_client.post(
            reverse("admin:posts_post_delete", args=[post.pk]), {"post": "yes"}
        )
    version = Version.objects.get_deleted(Post).get(object_id=str(one.pk))
    url = reverse("admin:posts_post_recover", args=[version.pk])

    response = editor_client.post(url, change_form_data(editor_client, url))

    assert response.status_code == 302
    recovered = Post.objects.get()
    assert recovered.title == "One"
    assert [tag.name for tag in recovered.tags.all()] == ["care"]


def test_recovered_post_keeps_the_tags_that_still_exist(
    editor, editor_client, change_form_data, admin_client, make_post
):
    post = make_post("One", tags=["care", "law"], needs_review=True)
    editing.mark_reviewed(Post.objects.all(), editor)
    admin_client.post(
        reverse("admin:posts_post_delete", args=[post.pk]), {"post": "yes"}
    )
    Tag.objects.filter(name="law").delete()
    version = Version.objects.get_deleted(Post).get(object_id=str(post.pk))
    url = reverse("admin:posts_post_recover", args=[version.pk])

    response = editor_client.post(url, change_form_data(editor_client, url))

    assert response.status_code == 302
    assert list(Post.objects.get().tags.names()) == ["care"]


def test_version_whose_address_another_post_took_is_not_restored(
    editor_client, change_form_data, make_post
):
    post = make_post("A post", slug="first")
    save_through_admin(editor_client, change_form_data, post)
    first = Version.objects.get_for_object(post).get()
    save_through_admin(editor_client, change_form_data, post, slug="second")
    make_post("Another post", slug="first")

    response = editor_client.get(revert_url(post, first), follow=True)

    assert response.redirect_chain[-1][0].endswith(f"/{post.pk}/history/")
    message = str(list(get_messages(response.wsgi_request))[-1])
    assert message.startswith("Another post now has this version's address")
    assert Post.objects.get(pk=post.pk).slug == "second"


def test_deleted_post_imported_again_since_is_not_recovered(
    tmp_path, admin_client, editor_client
):
    first, _second = import_two_posts(tmp_path)
    admin_client.post(
        reverse("admin:posts_post_delete", args=[first.pk]), {"post": "yes"}
    )
    DeletedImport.objects.all().delete()
    import_two_posts(tmp_path)
    version = Version.objects.get_deleted(Post).get(object_id=str(first.pk))

    response = editor_client.get(
        reverse("admin:posts_post_recover", args=[version.pk]), follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("admin:posts_post_recoverlist")
    assert "imported again" in str(list(get_messages(response.wsgi_request))[-1])
    assert Post.objects.filter(title="First title").count() == 1


def test_restoring_an_older_slug_redirects_the_newer_url_to_it(
    editor_client, change_form_data, make_post, client
):
    post = make_post("A post", slug="first")
    save_through_admin(editor_client, change_form_data, post)
    first = Version.objects.get_for_object(post).get()
    save_through_admin(editor_client, change_form_data, post, slug="second")

    restore(editor_client, change_form_data, post, first)

    assert client.get("/posts/first/").status_code == 200
    response = client.get("/posts/second/")
    assert (response.status_code, response["Location"]) == (301, "/posts/first/")
