"""Editing one post in the admin: the form, its links, slugs and redirects."""

from datetime import UTC, datetime

import pytest
from django.contrib.messages import get_messages
from django.contrib.redirects.models import Redirect
from django.core import serializers
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from posts.admin.forms import local_time
from posts.models import Post, Tag


def change_url(post):
    return reverse("admin:posts_post_change", args=[post.pk])


def test_editor_saves_title_and_tags_from_the_change_form(
    editor_client, change_form_data, make_post
):
    """The tags field takes existing tags (as the autocomplete offers them)."""
    post = make_post("Old title", tags=["care"])
    policy = Tag.objects.create(name="policy")
    data = change_form_data(editor_client, change_url(post))

    data.update(title="New title", tags=[str(policy.pk)])
    response = editor_client.post(change_url(post), data)

    assert response.status_code == 302
    post.refresh_from_db()
    assert post.title == "New title"
    assert [tag.name for tag in post.tags.all()] == ["policy"]


def test_tag_autocomplete_offers_existing_tags(editor_client, make_post):
    make_post("Tagged", tags=["social care", "social work", "policy"])

    response = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "posts",
            "model_name": "post",
            "field_name": "tags",
            "term": "soc",
        },
    )

    assert [result["text"] for result in response.json()["results"]] == [
        "social care",
        "social work",
    ]


def test_change_form_shows_provenance_read_only(editor_client, make_post):
    post = make_post("Imported", import_key="k", source_file="000.txt", source_line=12)

    response = editor_client.get(change_url(post))

    assert "000.txt:12" in response.text
    assert "source_line" not in response.context["adminform"].form.fields
    assert "source_file" not in response.context["adminform"].form.fields


@pytest.mark.parametrize(
    ("changes", "edited"),
    [({"title": "Retitled"}, True), ({"needs_review": True}, False)],
)
def test_saving_content_marks_an_imported_post_as_edited(
    editor_client, change_form_data, make_post, changes, edited
):
    """So that a later import keeps the editor's version of the post."""
    post = make_post("Imported", import_key="2017-03-25|imported")
    data = change_form_data(editor_client, change_url(post))

    editor_client.post(change_url(post), {**data, **changes})

    post.refresh_from_db()
    assert post.edited_since_import is edited


def test_new_post_published_without_a_date_is_dated_now_and_shown_first(
    editor_client, make_post, settings
):
    """Undated, it would sort after every dated post: off the front page and
    the feeds."""
    settings.POSTS_PER_PAGE = settings.POSTS_PER_FEED = 2
    for day in (1, 2):
        make_post(f"Old {day}", published_at=datetime(2017, 3, day, tzinfo=UTC))

    editor_client.post(
        reverse("admin:posts_post_add"),
        {
            "title": "Brand new post",
            "slug": "brand-new-post",
            "body": "Hello.",
            "status": "published",
            "published_at_0": "",
            "published_at_1": "",
            "_save": "Save",
        },
    )

    assert Post.objects.get(slug="brand-new-post").published_at is not None
    reader = Client()
    assert "Brand new post" in reader.get("/").text
    assert "Brand new post" in reader.get("/feed/rss/").text


@pytest.mark.parametrize(
    ("status", "dated"), [(Post.Status.DRAFT, True), (Post.Status.PUBLISHED, False)]
)
def test_publishing_an_undated_post_dates_it_but_editing_one_does_not(
    editor_client, change_form_data, make_post, status, dated
):
    """Undated published posts come from the tag archive, which has no dates."""
    post = make_post("Undated", status=status, published_at=None)
    data = change_form_data(editor_client, change_url(post))

    editor_client.post(change_url(post), {**data, "status": "published"})

    post.refresh_from_db()
    assert (post.published_at is not None) is dated


@pytest.mark.parametrize(
    ("published_at", "said_first"),
    [
        (
            datetime(2099, 3, 3, 10, 0),
            ["“Later” is scheduled: readers see it from 3 March 2099, 10:00."],
        ),
        (datetime(2017, 3, 3, 10, 0), []),
    ],
)
def test_publishing_future_draft_from_the_form_says_scheduled(
    editor_client, change_form_data, make_post, published_at, said_first
):
    """The form saves the status "Published": it says when readers will see a
    post dated later, which they don't yet."""
    post = make_post(
        "Later",
        status=Post.Status.DRAFT,
        published_at=timezone.make_aware(published_at),  # in the site's zone
    )
    data = change_form_data(editor_client, change_url(post))

    response = editor_client.post(
        change_url(post), {**data, "status": "published"}, follow=True
    )

    saved = (
        f'The post “<a href="{change_url(post)}">Later</a>” was changed successfully.'
    )
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert messages == [*said_first, saved]


def test_published_post_links_to_its_page_and_draft_to_a_preview(
    editor_client, make_post
):
    published = make_post("Out there")
    draft = make_post("Not yet", status=Post.Status.DRAFT)
    preview_url = reverse("admin:posts_post_preview", args=[draft.pk])

    published_page = editor_client.get(change_url(published)).text
    draft_page = editor_client.get(change_url(draft)).text

    assert f'href="{published.get_absolute_url()}"' in published_page
    assert "/preview/" not in published_page
    assert f'href="{preview_url}"' in draft_page
    assert draft.get_absolute_url() not in draft_page


def test_change_form_says_whether_readers_see_the_post(editor_client, make_post):
    published = make_post("Out there")
    scheduled = make_post("Later", published_at=datetime(2099, 3, 3, 10, tzinfo=UTC))
    draft = make_post("Not yet", status=Post.Status.DRAFT)

    def readers_see_it(post):
        page = editor_client.get(change_url(post)).text
        return page.split("field-readers_see_it")[1].split('<div class="readonly">')[1]

    url = published.get_absolute_url()
    assert readers_see_it(published).startswith(f'Yes, at <a href="{url}">{url}</a>')
    assert readers_see_it(scheduled).startswith(
        f"Not yet: scheduled for {local_time(scheduled.published_at)}"
    )
    assert readers_see_it(draft).startswith("No: a draft")


def test_editor_previews_a_draft_rendered_as_markdown(editor_client, make_post):
    draft = make_post("Draft", status=Post.Status.DRAFT, body="Some *emphasis*.")

    response = editor_client.get(reverse("admin:posts_post_preview", args=[draft.pk]))

    assert response.status_code == 200
    assert "<em>emphasis</em>" in response.text
    assert "Draft: readers can't see this post." in response.text


def test_changing_a_published_slug_redirects_the_old_url(
    editor_client, change_form_data, make_post
):
    post = make_post("A post", slug="old-slug")
    old_url = post.get_absolute_url()
    data = change_form_data(editor_client, change_url(post))

    editor_client.post(change_url(post), {**data, "slug": "new-slug"})
    editor_client.logout()  # now a reader
    response = editor_client.get(old_url)

    assert response.status_code == 301
    assert response["Location"] == "/posts/new-slug/"


def test_renaming_a_slug_twice_leaves_no_redirect_chain(make_post):
    post = make_post("A post", slug="first")
    for slug in ("second", "third"):
        post.slug = slug
        post.save()

    assert set(Redirect.objects.values_list("old_path", "new_path")) == {
        ("/posts/first/", "/posts/third/"),
        ("/posts/second/", "/posts/third/"),
    }


def test_going_back_to_an_old_slug_removes_its_redirect(make_post):
    post = make_post("A post", slug="first")
    post.slug = "second"
    post.save()
    post.slug = "first"
    post.save()

    assert list(Redirect.objects.values_list("old_path", "new_path")) == [
        ("/posts/second/", "/posts/first/")
    ]


def test_changing_a_draft_slug_makes_no_redirect(make_post):
    """Readers never saw a draft's URL."""
    post = make_post("A draft", slug="draft-1", status=Post.Status.DRAFT)
    post.slug = "draft-2"
    post.save()

    assert not Redirect.objects.exists()


def test_slug_changed_while_unpublished_still_redirects_the_url_readers_had(
    editor_client, change_form_data, make_post
):
    post = make_post("A post", slug="public-slug", status=Post.Status.DRAFT)
    steps = [
        {"status": Post.Status.PUBLISHED},
        {"status": Post.Status.DRAFT},
        {"slug": "renamed"},
        {"status": Post.Status.PUBLISHED},
    ]
    for change in steps:
        data = change_form_data(editor_client, change_url(post))
        editor_client.post(change_url(post), {**data, **change})

    editor_client.logout()  # now a reader
    response = editor_client.get("/posts/public-slug/")

    assert (response.status_code, response["Location"]) == (301, "/posts/renamed/")


def test_a_raw_save_of_a_new_slug_redirects_the_old_url(make_post):
    """As loading a fixture saves, or django-reversion reverting a version:
    the instance comes from serialized data, unaware the row exists."""
    post = make_post("A post", slug="first")
    (stored,) = serializers.deserialize("json", serializers.serialize("json", [post]))
    stored.object.slug = "second"

    stored.save()

    assert list(Redirect.objects.values_list("old_path", "new_path")) == [
        ("/posts/first/", "/posts/second/")
    ]


def test_slug_whose_old_address_could_not_be_redirected_is_refused(
    editor_client, change_form_data, make_post
):
    post = make_post("A post")
    data = change_form_data(editor_client, change_url(post))

    response = editor_client.post(change_url(post), {**data, "slug": "a" * 193})

    errors = response.context["adminform"].form.errors["slug"]
    assert errors == ["Ensure this value has at most 192 characters (it has 193)."]
    assert (
        editor_client.post(change_url(post), {**data, "slug": "a" * 192}).status_code
        == 302
    )


def test_new_post_can_not_take_the_old_address_of_a_renamed_post(
    editor_client, make_post
):
    """Readers' links to that address lead to the renamed post, as the
    importer keeps them too."""
    renamed = make_post("Budget", slug="budget")
    renamed.slug = "budget-2017"
    renamed.save()

    response = editor_client.post(
        reverse("admin:posts_post_add"),
        {
            "title": "Budget",
            "slug": "budget",
            "status": "draft",
            "published_at_0": "",
            "published_at_1": "",
            "_save": "Save",
        },
    )

    assert response.context["adminform"].form.errors["slug"] == [
        "“budget” is an old address of the post “Budget”, which readers' links "
        "to it lead to: choose another slug."
    ]
    assert Post.objects.get(slug="budget-2017") == renamed
    editor_client.logout()  # now a reader
    assert editor_client.get("/posts/budget/")["Location"] == "/posts/budget-2017/"


def test_a_post_can_take_back_its_own_old_address(
    editor_client, change_form_data, make_post
):
    post = make_post("A post", slug="first")
    post.slug = "second"
    post.save()
    data = change_form_data(editor_client, change_url(post))

    response = editor_client.post(change_url(post), {**data, "slug": "first"})

    assert response.status_code == 302
    post.refresh_from_db()
    assert post.slug == "first"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("care", "“care” is not a valid value."),
        ("1.5", "“1.5” is not a valid value."),
        # Past the 64 bits SQLite holds (an OverflowError there).
        ("9" * 30, f"“{'9' * 30}” is not a valid value."),
    ],
)
def test_a_tag_id_that_no_tag_could_have_is_a_form_error(
    editor_client, change_form_data, make_post, value, message
):
    post = make_post("Tagged", tags=["policy"])
    policy = Tag.objects.get(name="policy")
    data = change_form_data(editor_client, change_url(post))

    data["tags"] = [str(policy.pk), value]
    response = editor_client.post(change_url(post), data)

    assert response.status_code == 200
    assert message in response.context["adminform"].form.errors["tags"]
    # The box is shown again with the tag that exists, the value typed dropped.
    assert f'<option value="{policy.pk}" selected>policy</option>' in response.text
    assert [tag.name for tag in Post.objects.get(pk=post.pk).tags.all()] == ["policy"]


def test_change_form_has_room_for_a_whole_title_and_slug_and_the_body(
    editor_client, make_post
):
    post = make_post("A title longer than the twenty ems Django gives a text box")

    page = editor_client.get(change_url(post)).text

    assert 'class="vLargeTextField" maxlength="255" required id="id_title"' in page
    assert 'class="vLargeTextField" maxlength="192" required id="id_slug"' in page
    assert '<textarea name="body" cols="40" rows="25" class="vLargeTextField"' in page
    assert "Markdown (CommonMark)." in page
