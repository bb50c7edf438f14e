"""Who may do what: editors, other staff, and anonymous visitors."""

from io import StringIO

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse

from posts.models import DeletedImport, ImportRun, Post, Tag


def permission_names(group):
    return set(group.permissions.values_list("codename", flat=True))


EDITOR_PERMISSIONS = {
    "add_post",
    "change_post",
    "view_post",
    "add_tag",
    "change_tag",
    "view_tag",
    "view_importrun",
    "view_importoutcome",
}


def test_setup_editors_gives_exactly_the_editor_permissions(db):
    out = StringIO()
    call_command("setup_editors", stdout=out)

    assert permission_names(Group.objects.get(name="Editors")) == EDITOR_PERMISSIONS
    assert "Created group “Editors”" in out.getvalue()


def test_setup_editors_is_safe_to_run_again_and_resets_the_group(db, settings):
    call_command("setup_editors", verbosity=0)
    group = Group.objects.get(name="Editors")
    group.permissions.clear()
    settings.EDITORS_CAN_DELETE_POSTS = True

    call_command("setup_editors", verbosity=0)

    assert Group.objects.count() == 1
    assert permission_names(group) == EDITOR_PERMISSIONS | {"delete_post"}


def test_editor_can_not_delete_posts(editor_client, make_post):
    post = make_post("Precious")

    response = editor_client.post(
        reverse("admin:posts_post_delete", args=[post.pk]), {"post": "yes"}
    )
    changelist = editor_client.get(reverse("admin:posts_post_changelist"))

    assert response.status_code == 403
    assert Post.objects.filter(pk=post.pk).exists()
    assert "delete_selected" not in changelist.text


@pytest.mark.parametrize(
    "url",
    [reverse("admin:auth_user_changelist"), reverse("admin:auth_group_changelist")],
)
def test_editor_can_not_manage_users(editor_client, url):
    assert editor_client.get(url).status_code == 403


def test_admin_is_named_after_the_site(editor_client, settings):
    response = editor_client.get("/admin/")

    title = f"<title>Posts, tags and imports | {settings.SITE_NAME} editors</title>"
    assert title in response.text
    assert "Django administration" not in response.text
    assert 'title="Models in the Blog application">Blog</a>' in response.text


def test_editor_reads_import_runs_but_can_not_change_them(editor_client):
    run = ImportRun.objects.create(created=1)

    assert (
        editor_client.get(reverse("admin:posts_importrun_changelist")).status_code
        == 200
    )
    detail = editor_client.get(reverse("admin:posts_importrun_change", args=[run.pk]))
    assert detail.status_code == 200
    assert not detail.context["has_change_permission"]
    assert (
        editor_client.post(
            reverse("admin:posts_importrun_delete", args=[run.pk]), {"post": "yes"}
        ).status_code
        == 403
    )


def test_staff_outside_the_editors_group_reaches_no_posts(
    client, django_user_model, make_post
):
    client.force_login(django_user_model.objects.create_user("staff", is_staff=True))

    assert client.get(reverse("admin:posts_post_changelist")).status_code == 403


def admin_pages(post):
    return [
        reverse("admin:index"),
        reverse("admin:posts_post_changelist"),
        reverse("admin:posts_post_change", args=[post.pk]),
        reverse("admin:posts_post_history", args=[post.pk]),
        reverse("admin:posts_post_preview", args=[post.pk]),
        reverse("admin:posts_tag_changelist"),
        reverse("admin:posts_importrun_changelist"),
    ]


@pytest.mark.parametrize("who", ["anonymous", "reader account"])
def test_outsiders_are_sent_to_the_login_page(
    client, django_user_model, make_post, who
):
    if who == "reader account":
        client.force_login(django_user_model.objects.create_user("reader"))
    draft = make_post("Secret draft", status=Post.Status.DRAFT)

    for url in admin_pages(draft):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login")), url


def test_anonymous_visitor_can_not_read_a_draft(client, make_post):
    draft = make_post("Secret draft", status=Post.Status.DRAFT)

    assert client.get(draft.get_absolute_url()).status_code == 404


def test_deleted_imports_are_read_only_and_only_superusers_delete_them(
    editor_client, admin_client, make_post
):
    make_post("Gone", import_key="2017-03-25/gone").delete()
    record = DeletedImport.objects.get()
    change_url = reverse("admin:posts_deletedimport_change", args=[record.pk])
    delete_url = reverse("admin:posts_deletedimport_delete", args=[record.pk])

    listed = admin_client.get(reverse("admin:posts_deletedimport_changelist"))
    change_page = admin_client.get(change_url)
    editor_delete = editor_client.post(delete_url, {"post": "yes"})
    assert DeletedImport.objects.exists()
    superuser_delete = admin_client.post(delete_url, {"post": "yes"})

    assert "2017-03-25/gone" in listed.text
    assert 'name="_save"' not in change_page.text
    assert editor_delete.status_code == 403
    assert superuser_delete.status_code == 302
    assert not DeletedImport.objects.exists()


def test_add_tag_action_creates_no_tag_for_staff_who_may_not_add_tags(
    client, django_user_model, make_post
):
    """Changing posts is not adding tags: the action then only uses existing
    ones, as the post form's tag box offers no "+" to such a user."""
    user = django_user_model.objects.create_user("tagger", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["view_post", "change_post"])
    )
    client.force_login(user)
    post = make_post("A post", tags=["care"])

    response = client.post(
        reverse("admin:posts_post_changelist"),
        {"action": "add_tag", ACTION_CHECKBOX_NAME: [post.pk], "tag": "brand new"},
        follow=True,
    )

    assert [str(message) for message in response.context["messages"]] == [
        "There is no tag “brand new”; nothing was changed."
    ]
    assert list(Tag.objects.values_list("name", flat=True)) == ["care"]
