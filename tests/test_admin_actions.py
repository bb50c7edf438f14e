"""Bulk actions on the post list: each changes only what needs it, says how
many posts it changed, marks imported posts edited and records a revision."""

from datetime import UTC, datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from posts import editing
from posts.models import Post, Tag, TaggedPost

CHANGELIST = reverse("admin:posts_post_changelist")
DAY = datetime(2017, 3, 25, tzinfo=UTC)
# Times in the site's time zone (Europe/London), far enough ahead to stay so.
LATER = timezone.make_aware(datetime(2099, 3, 3, 10, 0))
LATER_STILL = timezone.make_aware(datetime(2099, 4, 5, 9, 30))


def run_action(client, action, posts, **extra):
    response = client.post(
        CHANGELIST,
        {
            "action": action,
            ACTION_CHECKBOX_NAME: [post.pk for post in posts],
            "index": 0,
            **extra,
        },
        follow=True,
    )
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_publish_changes_only_drafts_and_says_how_many(editor_client, make_post):
    drafts = [make_post(f"Draft {n}", status=Post.Status.DRAFT) for n in range(2)]
    published = make_post("Already out")

    messages = run_action(editor_client, "publish", [*drafts, published])

    assert messages == ["Published 2 posts."]
    assert set(Post.objects.values_list("status", flat=True)) == {"published"}


def test_publishing_future_draft_says_scheduled(editor_client, make_post):
    draft = make_post("Later", status=Post.Status.DRAFT, published_at=LATER)

    messages = run_action(editor_client, "publish", [draft])

    assert messages == ["1 post scheduled for 3 March 2099, 10:00."]
    draft.refresh_from_db()
    assert draft.status == Post.Status.PUBLISHED
    assert not draft.is_published


def test_publishing_drafts_some_dated_later_says_how_many_of_each(
    editor_client, make_post
):
    drafts = [
        make_post("Undated", status=Post.Status.DRAFT),
        make_post("Dated", status=Post.Status.DRAFT, published_at=DAY),
        make_post("Later", status=Post.Status.DRAFT, published_at=LATER),
    ]

    messages = run_action(editor_client, "publish", drafts)

    assert messages == ["2 posts published, 1 scheduled for 3 March 2099, 10:00."]


def test_publishing_drafts_scheduled_at_different_times_says_the_first_and_last(
    editor_client, make_post
):
    drafts = [
        make_post(title, status=Post.Status.DRAFT, published_at=moment)
        for title, moment in [("A", LATER_STILL), ("B", LATER), ("C", LATER_STILL)]
    ]

    messages = run_action(editor_client, "publish", drafts)

    assert messages == [
        "3 posts scheduled between 3 March 2099, 10:00 and 5 April 2099, 09:30."
    ]


def test_publishing_records_scheduled_posts_as_scheduled_in_their_history(
    editor, make_post
):
    now = make_post("Now", status=Post.Status.DRAFT)
    later = make_post("Later", status=Post.Status.DRAFT, published_at=LATER)

    editing.publish(Post.objects.all(), editor)

    comments = {
        post.title: Version.objects.get_for_object(post).get().revision.get_comment()
        for post in (now, later)
    }
    assert comments == {"Now": "Published", "Later": "Scheduled for publication"}


def test_publish_dates_the_undated_drafts_only(editor_client, make_post):
    dated = make_post("Dated", status=Post.Status.DRAFT, published_at=DAY)
    undated = make_post("Undated", status=Post.Status.DRAFT)
    before = timezone.now().replace(microsecond=0)  # as the date is stored

    run_action(editor_client, "publish", [dated, undated])

    dated.refresh_from_db()
    undated.refresh_from_db()
    assert dated.published_at == DAY
    assert undated.published_at >= before


def test_unpublish_says_how_many_it_changed(editor_client, make_post):
    posts = [make_post("Out"), make_post("Draft", status=Post.Status.DRAFT)]

    messages = run_action(editor_client, "unpublish", posts)

    assert messages == ["Unpublished 1 post."]
    assert not Post.objects.published().exists()


def test_add_tag_gives_each_post_one_copy(editor_client, make_post):
    """Typed in any case, the tag is the existing one; no post gets it twice."""
    tagged = make_post("Tagged", tags=["Social work"])
    untagged = make_post("Untagged")

    messages = run_action(
        editor_client, "add_tag", [tagged, untagged], tag="social WORK"
    )

    assert messages == ["Added the tag “Social work” to 1 post."]
    for post in (tagged, untagged):
        assert [tag.name for tag in post.tags.all()] == ["Social work"]


def test_add_tag_typed_in_another_non_ascii_case_is_the_existing_tag(
    editor_client, make_post
):
    """Tag identity is posts.tagging.tag_key's on every database (SQLite's
    case-insensitive match folds ASCII letters only)."""
    post = make_post("A post", tags=["Café"])

    messages = run_action(editor_client, "add_tag", [post], tag="CAFÉ")

    assert messages == ["Added the tag “Café” to 0 posts."]
    assert list(Tag.objects.values_list("name", flat=True)) == ["Café"]


def test_add_tag_box_takes_several_tags_separated_by_commas(editor_client, make_post):
    """As taggit reads a tags field: a comma between tags, whatever spaces."""
    tagged = make_post("Tagged", tags=["Social work"])
    untagged = make_post("Untagged")

    messages = run_action(
        editor_client, "add_tag", [tagged, untagged], tag="social WORK,care ,  law"
    )

    assert messages == [
        "Added the tags “care” to 2 posts, “law” to 2 posts and “Social work” "
        "to 1 post."
    ]
    for post in (tagged, untagged):
        assert list(post.tags.names()) == ["care", "law", "Social work"]


@pytest.mark.parametrize(
    ("typed", "names"),
    [
        ("adult social care", ["adult social care"]),
        ('"Smith, Jane", care', ["care", "Smith, Jane"]),
        ("care, care,", ["care"]),
    ],
)
def test_add_tag_box_reads_names_as_taggit_does_but_keeps_words_together(
    editor_client, make_post, typed, names
):
    """Double quotes keep a comma in a name. taggit would split a text without
    commas at spaces; most tags here are several words, so the box does not."""
    post = make_post("A post")

    run_action(editor_client, "add_tag", [post], tag=typed)

    assert list(post.tags.names()) == names


def test_adding_several_tags_is_one_revision(editor, editor_client, make_post):
    post = make_post("A post")

    run_action(editor_client, "add_tag", [post], tag="care, law")

    revision = Version.objects.get_for_object(post).get().revision
    assert revision.get_comment() == "Added tags “care”, “law”"


def test_add_tag_box_with_one_name_too_long_adds_no_tag(editor_client, make_post):
    post = make_post("A post")

    messages = run_action(editor_client, "add_tag", [post], tag=f"care, {'x' * 101}")

    assert messages == ["A tag's name has at most 100 characters; nothing was changed."]
    assert not Tag.objects.exists()


def test_add_tag_with_a_name_too_long_for_a_tag_changes_nothing(
    editor_client, make_post
):
    """Not a database error (PostgreSQL) nor an over-long tag (SQLite)."""
    post = make_post("A post", tags=["care"])

    messages = run_action(editor_client, "add_tag", [post], tag="x" * 101)

    assert messages == ["A tag's name has at most 100 characters; nothing was changed."]
    assert list(Tag.objects.values_list("name", flat=True)) == ["care"]


on_postgresql = pytest.mark.skipif(
    not connection.features.has_select_for_update,
    reason="concurrent writers need PostgreSQL (DATABASE_URL)",
)


@on_postgresql
@pytest.mark.parametrize("meanwhile", ["change form", "merge"])
@pytest.mark.django_db(transaction=True)
def test_add_tag_counts_a_post_another_editor_tags_meanwhile_as_tagged(
    editor, editor_client, make_post, written_meanwhile, meanwhile
):
    one, two = make_post("One", tags=["carers"]), make_post("Two")
    care = Tag.objects.create(name="care")

    def tag_the_first_post():
        if meanwhile == "merge":
            editing.merge_tags(care, list(Tag.objects.all()), editor)
        else:  # as the change form saves it: the post locked
            Post.objects.select_for_update().get(pk=one.pk).tags.add(care)

    with written_meanwhile(tag_the_first_post):
        messages = run_action(editor_client, "add_tag", [one, two], tag="care")

    assert messages == ["Added the tag “care” to 1 post."]
    assert TaggedPost.objects.filter(tag=care).count() == 2


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_add_tag_keeps_a_link_added_meanwhile_without_a_lock(
    editor_client, make_post, written_meanwhile
):
    post = make_post("One")
    care = Tag.objects.create(name="care")

    def add_the_link():  # as in the shell
        TaggedPost.objects.create(content_object=post, tag=care)

    with written_meanwhile(add_the_link):
        run_action(editor_client, "add_tag", [post], tag="care")

    assert list(post.tags.names()) == ["care"]


def test_remove_tag_says_how_many_posts_had_it(editor_client, make_post):
    posts = [make_post("One", tags=["care", "law"]), make_post("Two", tags=["law"])]

    messages = run_action(editor_client, "remove_tag", posts, tag="care")

    assert messages == ["Removed the tag “care” from 1 post."]
    assert [tag.name for tag in posts[0].tags.all()] == ["law"]


def test_remove_tag_box_takes_several_tags_separated_by_commas(
    editor_client, make_post
):
    posts = [make_post("One", tags=["care", "law"]), make_post("Two", tags=["law"])]

    messages = run_action(editor_client, "remove_tag", posts, tag="LAW, care")

    assert messages == ["Removed the tags “care” from 1 post and “law” from 2 posts."]
    assert not TaggedPost.objects.exists()


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_remove_tag_counts_a_post_another_editor_untags_meanwhile_as_untagged(
    editor_client, make_post, written_meanwhile
):
    one, two = make_post("One", tags=["care"]), make_post("Two", tags=["care"])

    def untag_the_first_post():  # as the change form saves it: the post locked
        Post.objects.select_for_update().get(pk=one.pk).tags.remove("care")

    with written_meanwhile(untag_the_first_post):
        messages = run_action(editor_client, "remove_tag", [one, two], tag="care")

    assert messages == ["Removed the tag “care” from 1 post."]
    assert not TaggedPost.objects.exists()


@on_postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("action", "change_meanwhile", "message"),
    [
        ("publish", {"status": Post.Status.PUBLISHED}, "Published 1 post."),
        ("unpublish", {"status": Post.Status.DRAFT}, "Unpublished 1 post."),
        ("mark_reviewed", {"needs_review": False}, "Marked 1 post reviewed."),
    ],
)
def test_action_counts_a_post_another_editor_changes_meanwhile_as_done(
    editor_client, make_post, written_meanwhile, action, change_meanwhile, message
):
    status = Post.Status.DRAFT if action == "publish" else Post.Status.PUBLISHED
    one, two = (make_post(t, status=status, needs_review=True) for t in "AB")

    def change_the_first_post():  # as the change form saves it: the post locked
        Post.objects.select_for_update().filter(pk=one.pk).update(**change_meanwhile)

    with written_meanwhile(change_the_first_post):
        assert run_action(editor_client, action, [one, two]) == [message]


@pytest.mark.parametrize(
    ("tag", "message"),
    [
        ("", "Type the tag's name in the Tags box beside the action."),
        (" , ", "Type the tag's name in the Tags box beside the action."),
        ("nonesuch", "There is no tag “nonesuch”; nothing was changed."),
        ("care, nonesuch", "There is no tag “nonesuch”; nothing was changed."),
        ("care, no, nor", "There are no tags “no”, “nor”; nothing was changed."),
    ],
)
def test_remove_tag_without_a_known_tag_changes_nothing(
    editor_client, make_post, tag, message
):
    post = make_post("One", tags=["care"])

    assert run_action(editor_client, "remove_tag", [post], tag=tag) == [message]
    assert [tag.name for tag in post.tags.all()] == ["care"]


def test_mark_reviewed_clears_the_flag(editor_client, make_post):
    posts = [make_post("One", needs_review=True), make_post("Two")]

    messages = run_action(editor_client, "mark_reviewed", posts)

    assert messages == ["Marked 1 post reviewed."]
    assert not Post.objects.filter(needs_review=True).exists()


def test_bulk_change_marks_imported_posts_edited(editor_client, make_post):
    imported = make_post("Imported", import_key="k", status=Post.Status.DRAFT)
    written_here = make_post("Written here", status=Post.Status.DRAFT)

    run_action(editor_client, "publish", [imported, written_here])

    imported.refresh_from_db()
    written_here.refresh_from_db()
    assert imported.edited_since_import
    assert not written_here.edited_since_import


def test_bulk_change_is_a_revision_by_the_editor(editor, editor_client, make_post):
    post = make_post("Tagged later")

    run_action(editor_client, "add_tag", [post], tag="care")

    revision = Version.objects.get_for_object(post).get().revision
    assert revision.user == editor
    assert revision.get_comment() == "Added tag “care”"
    tag_versions = revision.version_set.get_for_model(TaggedPost)
    assert [v.field_dict["content_object_id"] for v in tag_versions] == [post.pk]


def test_bulk_action_costs_the_same_queries_for_3_or_30_tagged_posts(
    editor_client, make_post, same_queries_for_3_or_30
):
    """Each post's tag links go into the revision, labelled with their tags."""

    def unpublish(count):
        Post.objects.all().delete()
        posts = [
            make_post(f"Post {n}", tags=["care", f"tag {n}"]) for n in range(count)
        ]
        data = {"action": "unpublish", ACTION_CHECKBOX_NAME: [p.pk for p in posts]}
        return lambda: editor_client.post(CHANGELIST, {**data, "index": 0})

    assert same_queries_for_3_or_30(unpublish).status_code == 302


@pytest.mark.parametrize("value", ["care", "", "1.5", "9" * 30])
@pytest.mark.parametrize("action", ["publish", "add_tag"])
def test_a_selection_no_post_could_be_is_refused_with_a_warning(
    editor_client, make_post, value, action
):
    """Only a hand-made request selects these (the last is past the 64 bits
    SQLite holds): each was a 500."""
    draft = make_post("Draft", status=Post.Status.DRAFT)

    response = editor_client.post(
        CHANGELIST,
        {
            "action": action,
            ACTION_CHECKBOX_NAME: [draft.pk, value],
            "index": 0,
            "tag": "care",
        },
    )

    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"“{value}” is not the id of a post: no posts were changed."
    ]
    draft.refresh_from_db()
    assert draft.status == Post.Status.DRAFT
    assert not draft.tags.exists()
