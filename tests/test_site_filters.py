"""The one FilterSet behind the lists: tags, year, month, words and order."""

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from posts.models import Post


def titles(response):
    return [post.title for post in response.context["post_list"]]


@pytest.fixture
def posts(make_post, local_day):
    make_post("Care costs", tags=["Funding"], published_at=local_day(2017, 3, 25))
    make_post(
        "Budget cuts", tags=["Funding", "Policy"], published_at=local_day(2017, 1, 9)
    )
    make_post("Reform", tags=["Policy"], published_at=local_day(2016, 3, 2))
    make_post("Undated note", tags=["Policy"], body="Social workers at work.")
    make_post("Hidden", tags=["Funding"], status=Post.Status.DRAFT)


def test_filter_by_one_tag(client, posts):
    response = client.get("/?tag=funding")

    assert titles(response) == ["Care costs", "Budget cuts"]


def test_filter_by_several_tags_finds_posts_with_any_of_them(client, posts):
    response = client.get("/?tag=funding&tag=policy")

    assert titles(response) == ["Care costs", "Budget cuts", "Reform", "Undated note"]


def test_filter_by_year_and_by_month(client, posts):
    assert titles(client.get("/?year=2017")) == ["Care costs", "Budget cuts"]
    assert titles(client.get("/?month=3")) == ["Care costs", "Reform"]
    assert titles(client.get("/?year=2017&month=3")) == ["Care costs"]


def test_filter_by_words_in_title_or_body(client, posts):
    assert titles(client.get("/?q=budget")) == ["Budget cuts"]
    assert titles(client.get("/?q=workers")) == ["Undated note"]


@pytest.mark.parametrize(
    "order, expected",
    [
        ("newest", ["Care costs", "Budget cuts", "Reform", "Undated note"]),
        ("oldest", ["Reform", "Budget cuts", "Care costs", "Undated note"]),
        ("title", ["Budget cuts", "Care costs", "Reform", "Undated note"]),
    ],
)
def test_order(client, posts, order, expected):
    assert titles(client.get(f"/?order={order}")) == expected


def test_filters_combine(client, posts):
    response = client.get("/?tag=policy&year=2017&order=oldest")

    assert titles(response) == ["Budget cuts"]


# What a list holds, as its heading and title say it (the form's cleaned values).
HEADINGS = {
    "nothing": ("/", "Latest posts"),
    "empty values": ("/?year=&q=+&order=", "Latest posts"),
    "order alone": ("/?order=oldest", "All posts, oldest first"),
    # Several tags find posts with any of them; named A to Z, as the form
    # lists them, whatever the address's order.
    "tags": (
        "/?tag=policy&tag=funding&year=2017&month=3",
        "Posts tagged “Funding” or “Policy” from March 2017",
    ),
    "tag, year, order": (
        "/?tag=funding&year=2017&order=title",
        "Posts tagged “Funding” from 2017, A to Z",
    ),
    "month of any year": ("/?month=3", "Posts from March of any year"),
    "words": ("/?q=+social+workers+", "Posts with the words “social workers”"),
    "words and more": (
        "/?q=cuts&tag=policy&order=newest",
        "Posts tagged “Policy” with the words “cuts”, newest first",
    ),
    "tag page": ("/tags/policy/?year=2017", "Posts tagged “Policy” from 2017"),
    # The address fixes the tag: another in the query string is not used.
    "tag page, other tag": ("/tags/policy/?tag=funding", "Posts tagged “Policy”"),
    "year page": ("/archive/2017/?tag=funding", "Posts tagged “Funding” from 2017"),
    "year page and month": ("/archive/2017/?month=3", "Posts from March 2017"),
    "month page": (
        "/archive/2017/03/?order=oldest",
        "Posts from March 2017, oldest first",
    ),
    "search": (
        "/search/?q=cuts&tag=policy&year=2017",
        "Search results for “cuts” in posts tagged “Policy” from 2017",
    ),
    "search, ordered": (
        "/search/?q=cuts&order=title",
        "Search results for “cuts”, A to Z",
    ),
    "search, no words": ("/search/?year=2016", "Search in posts from 2016"),
}


@pytest.mark.parametrize(("url", "heading"), HEADINGS.values(), ids=HEADINGS)
def test_heading_and_title_say_what_the_filters_select(client, posts, url, heading):
    response = client.get(url)

    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in response.text
    assert f"<title>{heading} · blogcms</title>" in response.text
    assert f'<meta property="og:title" content="{heading}">' in response.text


def test_heading_names_a_few_tags_and_counts_the_rest(client, make_post):
    names = ["Adoption", "Care", "Courts", "Fostering", "Health", "Schools"]
    make_post("Everything", tags=names)
    query = "&".join(f"tag={name.lower()}" for name in names)

    html = client.get(f"/?{query}").text

    heading = "Posts tagged “Adoption”, “Care”, “Courts” or one of 3 other tags"
    assert f"<h1>{heading}</h1>" in html


def test_filtered_heading_keeps_the_page_number_in_the_title(client, posts, settings):
    settings.POSTS_PER_PAGE = 1

    html = client.get("/?tag=funding&tag=policy&order=title&page=2").text

    heading = "Posts tagged “Funding” or “Policy”, A to Z"
    assert f"<h1>{heading}</h1>" in html
    assert f"<title>{heading} · Page 2 · blogcms</title>" in html


def test_filter_form_is_on_the_page_with_labelled_fields(client, posts):
    html = client.get("/?tag=policy").text

    assert '<form method="get" action="/">' in html
    for field in ("q", "year", "month", "order"):
        assert f'<label for="id_{field}">' in html
    assert "<legend>Tagged with any of:</legend>" in html
    assert re.search(r'value="policy"[^>]*checked', html)
    assert "Funding (2)" in html  # counts published posts only
    assert '<details class="filters" open>' in html


def test_each_filter_field_keeps_its_label_errors_and_input_together(client, posts):
    # Loose in the form's grid, a label sat as far from its own input as from
    # the field above, with an error list between them.
    html = client.get("/?year=twenty").text
    form = re.search(r'<details class="filters".*?</form>', html, re.S).group(0)
    # What each field's group holds, up to the next group (or the button).
    groups = form.split('<div class="filters__field">')[1:]

    assert len(groups) == 5
    for field, group in zip(
        ("q", "tag", "year", "month", "order"), groups, strict=True
    ):
        assert f'id="id_{field}"' in group
        assert "id_" not in group.replace(f"id_{field}", "")
    year = groups[2]
    assert year.index('<label for="id_year">') < year.index('class="errorlist"')
    assert year.index('class="errorlist"') < year.index('name="year"')


@pytest.mark.parametrize(
    "query, message",
    [
        ("tag=no-such-tag", "Select a valid choice. no-such-tag is not one of"),
        ("year=twenty", "Enter a whole number."),
        ("year=99999", "less than or equal to 9999"),
        ("month=13", "Select a valid choice. 13 is not one of"),
        ("order=random", "Select a valid choice. random is not one of"),
        ("q=" + "x" * 201, "at most 200 characters"),
    ],
)
def test_invalid_filter_value_gets_a_clear_message(client, posts, query, message):
    response = client.get(f"/?{query}")

    assert response.status_code == 400
    assert '<div class="form-errors" role="alert"' in response.text
    assert message in response.text
    # Nothing was looked up: django-filter applies no filter while one is invalid.
    assert "No posts are listed until the filters above are corrected." in response.text


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/?tag=policy&year=twenty", "Latest posts"),
        ("/tags/policy/?month=13", "Posts tagged “Policy”"),
        ("/search/?q=reform&order=random", "Search results for “reform”"),
    ],
)
def test_invalid_filter_value_says_in_the_title_that_no_posts_are_listed(
    client, posts, url, heading
):
    # Not the list's title: no post is listed, not even by the valid filters.
    response = client.get(url)

    title = f"Some filters could not be used, no posts listed · {heading}"
    assert response.status_code == 400
    assert titles(response) == []
    assert f"<title>{title} · blogcms</title>" in response.text
    assert f'<meta property="og:title" content="{title}">' in response.text


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/?year=twenty&page=2", "Enter a whole number."),
        ("/tags/policy/?month=13&page=3", "Select a valid choice. 13 is not one of"),
        ("/search/?q=reform&order=random&page=many", "Select a valid choice."),
    ],
)
def test_invalid_filter_value_on_a_later_page_gets_the_form_errors(
    client, posts, settings, url, message
):
    """Not a 404 for a page past the end: with a value invalid, no post is
    listed, so the page is the first, whatever number the address asked for."""
    settings.POSTS_PER_PAGE = 1

    response = client.get(url)

    assert response.status_code == 400
    assert message in response.text
    assert "No posts are listed until the filters above are corrected." in response.text
    assert titles(response) == []
    assert "· Page " not in response.text


def test_extreme_years_are_not_errors(client, posts):
    for year in (1, 9999):
        response = client.get(f"/?year={year}")
        assert response.status_code == 200
        assert titles(response) == []


@pytest.mark.parametrize("time_zone", ["Asia/Tokyo", "America/New_York"])
def test_years_at_the_ends_of_the_calendar_are_filtered_in_any_time_zone(
    client, make_post, settings, time_zone
):
    # East of UTC the year 1 starts, and west of it 9999 ends, at a moment
    # that UTC dates outside the years 1 to 9999.
    settings.TIME_ZONE = time_zone
    make_post("Year one", published_at=datetime(1, 6, 1, tzinfo=ZoneInfo(time_zone)))

    assert titles(client.get("/?year=1")) == ["Year one"]
    assert titles(client.get("/?year=1&month=6")) == ["Year one"]
    assert titles(client.get("/?year=9999")) == []
    assert titles(client.get("/?year=9999&month=12")) == []


def test_year_filter_takes_the_year_of_the_sites_time_zone(client, make_post, settings):
    settings.TIME_ZONE = "Asia/Tokyo"
    # 31 December 2016 in UTC, 1 January 2017 in Tokyo.
    make_post("New Year", published_at=datetime(2016, 12, 31, 20, tzinfo=UTC))

    assert titles(client.get("/?year=2017")) == ["New Year"]
    assert titles(client.get("/?year=2016")) == []


def test_pagination_keeps_the_filters_in_every_page_link(client, make_post, settings):
    settings.POSTS_PER_PAGE = 2
    for number in range(7):
        make_post(f"Tagged {number}", tags=["Policy"])
    make_post("Untagged")

    page_two = client.get("/?tag=policy&q=tagged&page=2")

    links = re.findall(r'<nav class="pagination".*?</nav>', page_two.text, re.S)[0]
    hrefs = re.findall(r'href="([^"]+)"', links)
    assert hrefs == [
        "?tag=policy&amp;q=tagged",
        "?tag=policy&amp;q=tagged&amp;page=1",
        "?tag=policy&amp;q=tagged&amp;page=3",
        "?tag=policy&amp;q=tagged&amp;page=4",
    ]
    last = client.get("/?tag=policy&q=tagged&page=4")
    assert titles(last) == ["Tagged 0"]


@pytest.mark.parametrize("order", ["oldest", "newest", "title"])
def test_pages_of_tied_posts_neither_repeat_nor_skip_one(
    client, make_post, settings, order
):
    # Undated posts written in the admin tie on every key but their id.
    settings.POSTS_PER_PAGE = 10
    for _ in range(45):
        make_post("Tied")

    seen = []
    for page in range(1, 6):
        html = client.get("/", {"order": order, "page": page}).content.decode()
        seen += re.findall(r'href="/posts/(tied[-\w]*)/"', html)

    assert len(seen) == len(set(seen)) == 45


def test_mistyped_year_is_shown_back_in_a_field_that_can_hold_it(client, posts):
    # A number input may not hold "twenty" (browsers blank it, and the page
    # fails HTML validation): the reader would see an error and an empty field.
    html = client.get("/?year=twenty").text

    assert '<input type="text" name="year" value="twenty" inputmode="numeric"' in html
    assert 'type="number"' not in html
