"""The post list: its columns and filters, at a fixed cost per page."""

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from posts.models import Post

CHANGELIST = reverse("admin:posts_post_changelist")


def listed(client, **params):
    response = client.get(CHANGELIST, params)
    return [post.title for post in response.context["cl"].result_list]


def make_posts(make_post, count, start=0):
    for number in range(start, start + count):
        make_post(
            f"Post {number}",
            tags=[f"tag {number}", "shared"],
            published_at=timezone.now() - timedelta(days=number),
            import_key=f"key {number}",
            source_file=f"{number % 3:03}.txt",
            source_line=number,
        )


def test_changelist_costs_the_same_queries_for_10_or_100_posts(
    editor_client, make_post
):
    make_posts(make_post, 10)
    editor_client.get(CHANGELIST)  # warm the session and content types
    with CaptureQueriesContext(connection) as ten:
        editor_client.get(CHANGELIST)
    make_posts(make_post, 90, start=10)

    with CaptureQueriesContext(connection) as hundred:
        response = editor_client.get(CHANGELIST)

    assert len(response.context["cl"].result_list) == 50  # a full page
    assert len(hundred) == len(ten)


def test_changelist_shows_status_date_tags_source_and_edit_state(
    editor_client, make_post
):
    make_post(
        "Imported",
        tags=["care", "law"],
        import_key="k",
        source_file="000.txt",
        source_line=7,
        edited_since_import=True,
        needs_review=True,
    )
    make_post(
        "Later",
        published_at=timezone.now() + timedelta(days=1),
    )

    page = editor_client.get(CHANGELIST).text

    for text in ("care, law", "000.txt:7", "Scheduled", "Published"):
        assert text in page


@pytest.mark.parametrize(
    ("params", "titles"),
    [
        ({"status__exact": "draft"}, ["Draft"]),
        ({"tag": "law"}, ["Imported"]),
        ({"year": "2016"}, ["Old"]),
        ({"needs_review__exact": "1"}, ["Draft"]),
        ({"source_file": "000.txt"}, ["Imported"]),
        ({"edited_since_import__exact": "1"}, ["Imported"]),
        ({"q": "needle"}, ["Old"]),
        ({"q": "Imported"}, ["Imported"]),
    ],
)
def test_changelist_filters_and_search(editor_client, make_post, params, titles):
    make_post("Draft", status=Post.Status.DRAFT, needs_review=True)
    make_post(
        "Imported",
        tags=["law"],
        import_key="k",
        source_file="000.txt",
        source_line=1,
        edited_since_import=True,
    )
    make_post(
        "Old",
        body="A needle in the body.",
        published_at=timezone.make_aware(timezone.datetime(2016, 5, 1)),
    )

    assert listed(editor_client, **params) == titles


def test_status_filter_lists_scheduled_posts_apart_from_published(
    editor_client, make_post
):
    """As the status column shows them: readers don't see a scheduled post yet."""
    make_post("Draft", status=Post.Status.DRAFT)
    make_post("Out", published_at=timezone.now() - timedelta(days=1))
    make_post("Undated", published_at=None)
    make_post("Later", published_at=timezone.now() + timedelta(days=1))

    page = editor_client.get(CHANGELIST).text

    assert '<a href="?status=scheduled">Scheduled</a>' in page
    assert listed(editor_client, status="scheduled") == ["Later"]
    assert listed(editor_client, status="published") == ["Out", "Undated"]
    assert listed(editor_client, status="draft") == ["Draft"]
    assert listed(editor_client, status="nonesuch") == []


@pytest.mark.parametrize("year", ["abc", "99999", "0", "1", "9999"])
def test_a_year_no_post_can_have_lists_no_posts(editor_client, make_post, year):
    make_post("Old", published_at=timezone.make_aware(timezone.datetime(2016, 5, 1)))

    response = editor_client.get(CHANGELIST, {"year": year})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []


@pytest.mark.parametrize(
    ("time_zone", "year"), [("Asia/Tokyo", "1"), ("America/New_York", "9999")]
)
def test_a_year_at_the_calendar_end_lists_no_posts_in_any_time_zone(
    editor_client, make_post, settings, time_zone, year
):
    # Its start (east of UTC) or end (west) is outside the years 1 to 9999 in UTC.
    settings.TIME_ZONE = time_zone
    make_post("Old", published_at=timezone.make_aware(timezone.datetime(2016, 5, 1)))

    response = editor_client.get(CHANGELIST, {"year": year})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []


@pytest.mark.parametrize(
    "dates",
    [
        {"published_at__year": "9999"},
        {"published_at__year": "9999", "published_at__month": "12"},
        {
            "published_at__year": "9999",
            "published_at__month": "12",
            "published_at__day": "31",
        },
        {"published_at__year": "0"},
        {"published_at__year": "2016", "published_at__month": "13"},
    ],
)
def test_a_date_at_or_past_the_calendar_end_is_refused_as_a_bad_filter(
    editor_client, dates
):
    response = editor_client.get(CHANGELIST, dates)

    # The admin's answer to any filter value it cannot use.
    assert response.status_code == 302
    assert response.url == f"{CHANGELIST}?e=1"


def test_date_hierarchy_lists_the_year_1_east_of_utc(
    editor_client, make_post, settings
):
    # 1 January of the year 1 in Tokyo is still the year 0 in UTC.
    settings.TIME_ZONE = "Asia/Tokyo"
    make_post("Year one", published_at=timezone.make_aware(datetime(1, 6, 1)))

    assert listed(editor_client, published_at__year="1") == ["Year one"]
    assert listed(editor_client, published_at__year="1", published_at__month="1") == []


def test_import_runs_refuse_a_year_at_the_calendar_end(editor_client):
    runs = reverse("admin:posts_importrun_changelist")

    response = editor_client.get(runs, {"started_at__year": "9999"})

    assert (response.status_code, response.url) == (302, f"{runs}?e=1")


@pytest.mark.parametrize(
    ("model", "params"),
    [
        ("post", {"title__regex": "("}),
        ("post", {"published_at__regex": "("}),
        ("post", {"body__contains": "x" * 60_000}),  # past SQLite's LIKE limit
        # An id past the 64 bits SQLite holds.
        ("post", {"pk__in": "9" * 30}),
        ("tag", {"name__regex": "("}),
        ("importoutcome", {"run__id__in": "9" * 30}),
    ],
)
def test_a_lookup_no_filter_offers_is_a_bad_request(editor_client, model, params):
    """Django applies any lookup on the model's own fields that the address
    names; each of these was a database error, a 500."""
    response = editor_client.get(reverse(f"admin:posts_{model}_changelist"), params)

    assert response.status_code == 400
    assert "<h1>Bad request</h1>" in response.text


def test_the_filters_and_date_hierarchy_offered_still_filter(editor_client, make_post):
    make_post("Care", tags=["care"], published_at=timezone.now(), needs_review=True)
    make_post("Law", tags=["law"], published_at=timezone.now())
    year = str(timezone.localtime().year)

    assert listed(
        editor_client,
        status="published",
        tag="care",
        year=year,
        needs_review__exact="1",
        published_at__year=year,
    ) == ["Care"]


@pytest.mark.parametrize("words", [" ".join(["care"] * 1000), "é" * 30_000])
@pytest.mark.parametrize("model", ["post", "tag", "importoutcome"])
def test_a_search_too_long_is_a_form_error(editor_client, make_post, model, words):
    """On SQLite, a thousand words went past its expression depth and a long
    word past its LIKE pattern's length: each was a 500."""
    make_post("Care", tags=["care"])

    response = editor_client.get(
        reverse(f"admin:posts_{model}_changelist"), {"q": words}
    )

    assert response.status_code == 200
    assert [str(message) for message in response.context["messages"]] == [
        f"Ensure this value has at most 1000 characters (it has {len(words)})."
    ]


@pytest.mark.parametrize("words", [" ".join(["care"] * 1000), "é" * 30_000])
def test_a_tag_autocomplete_term_too_long_finds_no_tag(editor_client, make_post, words):
    make_post("Care", tags=["care"])

    response = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "posts",
            "model_name": "post",
            "field_name": "tags",
            "term": words,
        },
    )

    assert response.status_code == 200
    assert response.json()["results"] == []


def test_changelist_has_no_nav_sidebar_and_a_short_edited_column(
    editor_client, make_post
):
    # The sidebar took 300 pixels of a 1280-pixel window and the heading
    # "edited since import" another 80: the last columns were cut off
    # (tests/browser/test_admin_layout.py measures it).
    make_post("Imported", import_key="k", edited_since_import=True)

    page = editor_client.get(CHANGELIST).text

    assert 'id="nav-sidebar"' not in page
    assert '<th scope="col" class="sortable column-edited">' in page
    assert "Edited since import</a>" not in page
    assert '<td class="field-edited"><img src="/static/admin/img/icon-yes' in page


def test_changelist_links_the_admin_styles_and_keeps_recover_deleted_posts(
    editor_client,
):
    page = editor_client.get(CHANGELIST).text

    assert '<link rel="stylesheet" href="/static/css/admin.css">' in page
    assert f'href="{reverse("admin:posts_post_recoverlist")}"' in page
