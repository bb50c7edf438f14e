"""An editor's day in the admin, and an outsider kept out, in a real browser."""

import re

from django.contrib.auth.models import Group, User
from django.core.management import call_command
from playwright.sync_api import expect

from posts.models import Post, Tag

PASSWORD = "a-long-editor-password"


def log_in_as_editor(page, site):
    call_command("setup_editors", verbosity=0)
    editor = User.objects.create_user("edna", password=PASSWORD, is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    page.goto(f"{site}/admin/")
    page.get_by_label("Username").fill("edna")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Posts, tags and imports")).to_be_visible()


def open_post(page, site, title):
    page.goto(f"{site}/admin/posts/post/")
    page.locator("#searchbar").fill(title)
    page.locator("#searchbar").press("Enter")
    page.get_by_role("link", name=title, exact=True).click()


def save(page):
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()


def test_editor_edits_publishes_merges_restores_and_reimport_keeps_the_edit(
    page, site, screenshot
):
    log_in_as_editor(page, site)

    # Find a post, retitle it and add an existing tag with the tag widget.
    open_post(page, site, "Bottom Up")
    screenshot(page, "admin-edit-form")
    page.locator("#id_title").fill("Bottom Up, revisited")
    page.locator(".field-tags .select2-selection").click()
    page.locator(".select2-search__field").fill("social care")
    page.get_by_role("option", name="social care", exact=True).click()
    save(page)
    screenshot(page, "admin-list")
    post = Post.objects.get(title="Bottom Up, revisited")
    assert "social care" in post.tags.names()

    # Readers see the change at once.
    page.goto(f"{site}{post.get_absolute_url()}")
    expect(page.locator("h1")).to_have_text("Bottom Up, revisited")

    # A second edit, then restore the first one from the history.
    open_post(page, site, "Bottom Up, revisited")
    page.locator("#id_title").fill("A title to undo")
    save(page)
    page.goto(f"{site}/admin/posts/post/{post.pk}/history/")
    page.locator("#change-history tbody tr").nth(1).get_by_role("link").click()
    expect(page.locator("#id_title")).to_have_value("Bottom Up, revisited")
    save(page)
    assert Post.objects.get(pk=post.pk).title == "Bottom Up, revisited"

    # Bulk-publish the draft the importer left for review.
    page.goto(f"{site}/admin/posts/post/?status__exact=draft")
    page.locator("input.action-select").first.check()
    page.locator("select[name=action]").select_option("publish")
    page.locator("button[name=index]").click()
    expect(page.locator(".messagelist")).to_contain_text("Published 1 post")
    assert not Post.objects.filter(status=Post.Status.DRAFT).exists()

    # Merge two tags into one.
    page.goto(f"{site}/admin/posts/tag/")
    for name in ("social care", "adult social care"):
        row = page.locator(
            "#result_list tbody tr", has=page.get_by_role("link", name=name, exact=True)
        )
        row.locator("input.action-select").check()
    page.locator("select[name=action]").select_option("merge")
    page.locator("button[name=index]").click()
    page.get_by_role("radio", name=re.compile(r"^social care")).check()
    page.get_by_role("button", name="Merge tags").click()
    expect(page.locator(".messagelist")).to_contain_text("Merged 1 tag into")
    assert not Tag.objects.filter(name="adult social care").exists()

    # A later import keeps the editor's title.
    call_command("import_seeds", verbosity=0)
    page.goto(f"{site}{post.get_absolute_url()}")
    expect(page.locator("h1")).to_have_text("Bottom Up, revisited")


def test_outsider_is_sent_to_login_and_cannot_see_drafts(page, site):
    page.goto(f"{site}/admin/posts/post/")
    expect(page).to_have_url(re.compile(r"/admin/login/\?next=/admin/posts/post/$"))

    draft = Post.objects.get(status=Post.Status.DRAFT)
    response = page.request.get(f"{site}{draft.get_absolute_url()}")
    assert response.status == 404
