"""Tags in the admin: counts, rename and merge, old tag URLs kept alive."""

import re

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.core import serializers
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from posts.models import Post, Tag, TaggedPost

CHANGELIST = reverse("admin:posts_tag_changelist")


def change_url(tag):
    return reverse("admin:posts_tag_change", args=[tag.pk])


def merge(client, tags, keep=None):
    data = {"action": "merge", ACTION_CHECKBOX_NAME: [tag.pk for tag in tags]}
    if keep:
        data["merge_into"] = keep.pk
    return client.post(CHANGELIST, data, follow=True)


def test_tag_list_shows_usage_counts_in_a_fixed_number_of_queries(
    editor_client, make_post
):
    make_post("One", tags=["care", "law"])
    make_post("Two", tags=["care"])
    editor_client.get(CHANGELIST)  # warm the session and content types
    with CaptureQueriesContext(connection) as few:
        editor_client.get(CHANGELIST)
    for number in range(20):
        make_post(f"More {number}", tags=[f"tag {number}", "care"])

    with CaptureQueriesContext(connection) as many:
        response = editor_client.get(CHANGELIST)

    counts = {tag.name: tag.post_count for tag in response.context["cl"].result_list}
    assert (counts["care"], counts["law"], counts["tag 1"]) == (22, 1, 1)
    assert len(many) == len(few)


def test_tag_search(editor_client, make_post):
    make_post("One", tags=["social care", "law"])

    response = editor_client.get(CHANGELIST, {"q": "soc"})

    assert [tag.name for tag in response.context["cl"].result_list] == ["social care"]


def test_merge_asks_which_tag_to_keep(editor_client, make_post):
    make_post("One", tags=["care", "Care work"])

    response = merge(editor_client, Tag.objects.all())

    assert response.status_code == 200
    assert "Keep this tag" in response.text
    assert Tag.objects.count() == 2


def test_merge_counts_one_tag_and_one_post_in_the_singular(editor_client, make_post):
    make_post("One", tags=["care", "carers"])
    keep = Tag.objects.get(name="care")

    asked = merge(editor_client, Tag.objects.all())
    merged = merge(editor_client, Tag.objects.all(), keep=keep)

    assert "care (1 post)" in asked.text
    assert [str(m) for m in get_messages(merged.wsgi_request)] == [
        "Merged 1 tag into “care”; 1 post changed."
    ]


def test_merge_leaves_every_post_with_exactly_one_copy(editor_client, make_post):
    both = make_post("Both", tags=["care", "carers", "care work"])
    one = make_post("One", tags=["carers"], import_key="2017-03-25|one")
    neither = make_post("Neither", tags=["law"])
    keep = Tag.objects.get(name="care")

    response = merge(editor_client, Tag.objects.exclude(name="law"), keep=keep)

    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Merged 2 tags into “care”; 2 posts changed."
    ]
    assert [tag.name for tag in both.tags.all()] == ["care"]
    assert [tag.name for tag in one.tags.all()] == ["care"]
    assert [tag.name for tag in neither.tags.all()] == ["law"]
    assert set(Tag.objects.values_list("name", flat=True)) == {"care", "law"}
    assert list(Post.objects.filter(edited_since_import=True)) == [one]


def test_merge_costs_the_same_queries_for_3_or_30_posts(
    editor_client, make_post, same_queries_for_3_or_30
):
    def merge_request(count):
        Tag.objects.all().delete()
        for n in range(count):
            make_post(f"Post {n}", tags=["care", "carers", f"tag {n}"])
        tags = Tag.objects.filter(name__in=["care", "carers"])
        return lambda: merge(editor_client, tags, keep=tags.get(name="care"))

    response = same_queries_for_3_or_30(merge_request)

    [message] = get_messages(response.wsgi_request)
    assert str(message) == "Merged 1 tag into “care”; 30 posts changed."


@pytest.mark.skipif(
    not connection.features.has_select_for_update,
    reason="concurrent writers need PostgreSQL (DATABASE_URL)",
)
@pytest.mark.parametrize("meanwhile", ["change form", "shell"])
@pytest.mark.django_db(transaction=True)
def test_merge_counts_a_post_given_the_kept_tag_meanwhile_once(
    editor_client, make_post, written_meanwhile, meanwhile
):
    post = make_post("One", tags=["carers"])
    keep = Tag.objects.create(name="care")

    def add_the_kept_tag():  # the change form locks the post; the shell need not
        posts = Post.objects
        if meanwhile == "change form":
            posts = posts.select_for_update()
        posts.get(pk=post.pk).tags.add(keep)

    with written_meanwhile(add_the_kept_tag):
        response = merge(editor_client, Tag.objects.all(), keep=keep)

    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Merged 1 tag into “care”; 1 post changed."
    ]
    assert list(post.tags.names()) == ["care"]


def test_merged_tag_url_redirects_to_the_kept_tag(editor_client, make_post):
    make_post("One", tags=["care", "carers"])
    keep, gone = Tag.objects.get(name="care"), Tag.objects.get(name="carers")

    merge(editor_client, [keep, gone], keep=keep)
    editor_client.logout()  # now a reader
    response = editor_client.get(f"/tags/{gone.slug}/")

    assert response.status_code == 301
    assert response["Location"] == f"/tags/{keep.slug}/"


def test_renamed_tag_moves_to_its_new_slug_and_old_url_redirects(
    editor_client, make_post
):
    make_post("One", tags=["carers"])
    tag = Tag.objects.get()
    url = change_url(tag)

    editor_client.post(url, {"name": "Care givers", "slug": tag.slug})

    tag.refresh_from_db()
    assert (tag.name, tag.slug) == ("Care givers", "care-givers")
    for old, new in [
        ("/tags/carers/", "/tags/care-givers/"),
        ("/tags/carers/feed/rss/", "/tags/care-givers/feed/rss/"),
        ("/tags/carers/feed/atom/", "/tags/care-givers/feed/atom/"),
    ]:
        response = Client().get(old)  # a reader's
        assert (response.status_code, response["Location"]) == (301, new)
    # Briefly: the name may change back, and a kept 301 would then loop.
    assert response["Cache-Control"] == "max-age=60"


def test_tag_renamed_with_accents_moves_to_an_ascii_slug(editor_client, make_post):
    make_post("One", tags=["doctors"])
    tag = Tag.objects.get()

    editor_client.post(
        change_url(tag),
        {"name": "Ärzte", "slug": tag.slug},
    )

    tag.refresh_from_db()
    assert (tag.name, tag.slug) == ("Ärzte", "arzte")
    response = editor_client.get("/tags/doctors/")
    assert (response.status_code, response["Location"]) == (301, "/tags/arzte/")


def test_tag_page_lists_the_old_names_imports_still_use(editor_client, make_post):
    make_post("One", tags=["carers"])
    tag = Tag.objects.get()
    url = change_url(tag)

    editor_client.post(url, {"name": "Care givers", "slug": tag.slug})
    editor_client.post(url, {"name": "Caregivers", "slug": "care-givers"})
    editor_client.post(url, {"name": "Carers", "slug": "caregivers"})

    html = editor_client.get(url).text
    assert re.search(
        r"Old names:</label>\s*<div class=\"readonly\">Care givers, Caregivers<", html
    )


@pytest.mark.parametrize(("existing", "typed"), [("care", "CARE"), ("Café", "CAFÉ")])
def test_rename_onto_an_existing_tag_in_any_case_is_refused(
    editor_client, make_post, existing, typed
):
    """Non-ASCII letters too, which SQLite's case-insensitive match misses."""
    make_post("One", tags=[existing, "law"])
    law = Tag.objects.get(name="law")

    response = editor_client.post(
        change_url(law),
        {"name": typed, "slug": law.slug},
    )

    assert response.context["adminform"].form.errors["name"] == [
        f"The tag “{existing}” already exists: merge the two tags instead "
        "(select both in the tag list)."
    ]


def test_view_on_site_only_for_a_tag_readers_can_see(editor_client, make_post):
    make_post("Public", tags=["care"])
    make_post("Draft", tags=["law"], status=Post.Status.DRAFT)

    def change_form(name):
        tag = Tag.objects.get(name=name)
        return editor_client.get(change_url(tag))

    assert 'href="/tags/care/" class="viewsitelink"' in change_form("care").text
    assert "View on site" not in change_form("law").text


def test_tags_with_long_names_alike_get_numbered_slugs_that_fit(db):
    names = ["x" * 99 + end for end in "!?#"]

    tags = [Tag.objects.create(name=name) for name in names]

    assert [tag.slug for tag in tags] == ["x" * 90, "x" * 90 + "_1", "x" * 90 + "_2"]


def test_tag_links_round_trip_through_fixtures_by_tag_name(make_post):
    make_post("One", tags=["care"])
    data = serializers.serialize(
        "json", TaggedPost.objects.all(), use_natural_foreign_keys=True
    )

    [link] = serializers.deserialize("json", data)

    assert link.object.tag == Tag.objects.get(name="care")


def test_slug_cut_short_does_not_end_in_a_hyphen(db):
    tag = Tag.objects.create(name="a" * 89 + " bcd")

    assert tag.slug == "a" * 89


def test_tag_named_with_a_control_character_keeps_its_feeds(editor_client, make_post):
    make_post("One", tags=["carers"])
    tag = Tag.objects.get()

    editor_client.post(
        change_url(tag),
        {"name": "carers\x08 and friends", "slug": tag.slug},
    )

    assert Tag.objects.get().name == "carers and friends"
    feed = Client().get("/tags/carers-and-friends/feed/rss/")
    assert feed.status_code == 200


# In an address, each of these letters takes 6 characters: /tags/<slug>/feed/atom/
# is longer than django.contrib.redirects keeps.
GREEK_SLUG = "κοινωνική-εργασία-με-παιδιά-και-οικογένειες"


def test_slug_whose_addresses_could_not_be_redirected_is_refused(editor_client):
    response = editor_client.post(
        reverse("admin:posts_tag_add"), {"name": "Social work", "slug": GREEK_SLUG}
    )

    assert response.context["adminform"].form.errors["slug"] == [
        "Too long for the tag's addresses to be redirected if it changes later: "
        "shorten it. In an address, a letter outside a–z takes 6 or 9 characters "
        "(“é” is “%C3%A9”)."
    ]
    assert not Tag.objects.exists()


def test_typed_greek_slug_that_fits_redirects_once_the_tag_is_renamed(
    editor_client, make_post
):
    editor_client.post(
        reverse("admin:posts_tag_add"),
        {"name": "Social work", "slug": "κοινωνική-εργασία"},
    )
    tag = Tag.objects.get()
    make_post("One").tags.add(tag)
    old_feed = reverse("posts:tag-feed-atom", kwargs={"slug": tag.slug})

    editor_client.post(change_url(tag), {"name": "Care work", "slug": tag.slug})

    response = Client().get(old_feed)
    assert (response.status_code, response["Location"]) == (
        301,
        "/tags/care-work/feed/atom/",
    )


@pytest.mark.parametrize("change", ["rename", "merge"])
def test_tag_whose_slug_predates_the_limit_can_still_be_renamed_or_merged(
    editor_client, make_post, change
):
    """Its old addresses can't be kept; the rest of the change must be."""
    tag = Tag.objects.create(name="Social work", slug=GREEK_SLUG)
    make_post("One").tags.add(tag)

    if change == "rename":
        response = editor_client.post(
            change_url(tag), {"name": "Care work", "slug": GREEK_SLUG}
        )
        assert response.status_code == 302
    else:
        keep = Tag.objects.create(name="Care work")
        merge(editor_client, [tag, keep], keep=keep)

    assert list(Post.objects.get().tags.names()) == ["Care work"]
    assert Client().get(f"/tags/{GREEK_SLUG}/").status_code == 404


def test_a_tag_merge_selecting_no_tag_id_is_refused_with_a_warning(
    editor_client, make_post
):
    make_post("One", tags=["care", "carers"])
    care = Tag.objects.get(name="care")

    response = editor_client.post(
        reverse("admin:posts_tag_changelist"),
        {"action": "merge", ACTION_CHECKBOX_NAME: [care.pk, "carers"], "index": 0},
    )

    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "“carers” is not the id of a tag: no tags were changed."
    ]
    assert Tag.objects.count() == 2
