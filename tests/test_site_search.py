"""Search: the same URL and template on both databases; on PostgreSQL, ranked
full-text search with highlighted snippets, kept current by a trigger."""

import re

import pytest
from django.db import connection

from posts import search
from posts.models import Post

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search needs PostgreSQL"
)
on_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the substring fallback is for SQLite"
)


def titles(response):
    return [post.title for post in response.context["post_list"]]


@pytest.fixture
def posts(make_post):
    make_post("Adoption figures", body="Numbers of children adopted fell again.")
    make_post("Court delays", body="Care proceedings take longer in adoption cases.")
    make_post("Unrelated", body="Nothing to see here.")
    make_post("Draft adoption", body="Adoption.", status=Post.Status.DRAFT)


def test_search_finds_words_in_titles_and_bodies(client, posts):
    response = client.get("/search/?q=adoption")

    assert response.status_code == 200
    assert set(titles(response)) == {"Adoption figures", "Court delays"}
    assert "<h1>Search results for “adoption”</h1>" in response.text
    assert '<form method="get" action="/search/">' in response.text


def test_search_needs_every_word(client, posts):
    assert titles(client.get("/search/?q=adoption+proceedings")) == ["Court delays"]


def test_search_without_a_match_says_so(client, posts):
    response = client.get("/search/?q=zebra")

    assert titles(response) == []
    assert "No posts match. Try other words or fewer filters" in response.text
    assert '<a href="/search/">start again</a>' in response.text


def test_search_box_in_the_header_keeps_the_words_searched_for(client, posts):
    results = client.get("/search/", {"q": 'care "<b>'})
    elsewhere = client.get("/", {"q": "care"})

    assert 'name="q" maxlength="200" value="care &quot;&lt;b&gt;">' in results.text
    assert 'name="q" maxlength="200">' in elsewhere.text


def test_search_page_without_words_lists_posts(client, posts):
    response = client.get("/search/")

    assert "<h1>Search</h1>" in response.text
    assert len(titles(response)) == 3


@on_postgresql
def test_title_matches_rank_above_body_matches(client, posts):
    assert titles(client.get("/search/?q=adoption")) == [
        "Adoption figures",
        "Court delays",
    ]


@on_postgresql
def test_search_matches_word_forms(client, posts):
    assert titles(client.get("/search/?q=delay")) == ["Court delays"]


@on_postgresql
def test_search_understands_web_search_syntax(client, posts):
    response = client.get("/search/?q=adoption+-court")

    assert titles(response) == ["Adoption figures"]


@on_postgresql
def test_results_show_a_highlighted_escaped_snippet(client, make_post):
    make_post("Snippet", body="Fish & chips < 3 \\*word\\* adoption <b>after</b>.")

    html = client.get("/search/?q=adoption").text

    # PostgreSQL drops the tag-like <b>; the rest is escaped, Markdown unescaped.
    assert "Fish &amp; chips &lt; 3 *word* <mark>adoption</mark>  after ." in html


@on_postgresql
def test_search_snippet_shows_the_text_not_its_markdown(client, make_post):
    # The seeds' hard line breaks end in a backslash ("March 2017\"), and
    # editors write links and emphasis: a result's snippet showed them raw,
    # where every other excerpt shows the rendered text.
    make_post(
        "Snippet",
        body="Evaluation Report, March 2017\\\nDepartment for Education "
        "[the evaluation](https://example.org/r) was **evaluated** again.",
    )

    html = client.get("/search/?q=evaluation").text
    snippet = re.search(r'class="post-card__excerpt">(.*?)</p>', html, re.S).group(1)

    assert "\\" not in snippet
    assert "](" not in snippet
    assert "**" not in snippet
    # Marked as the search found them: by their stem.
    assert "<mark>Evaluation</mark> Report" in snippet
    assert "the <mark>evaluation</mark> was <mark>evaluated</mark> again." in snippet


@on_postgresql
def test_snippet_cut_from_the_middle_of_a_post_says_so_with_ellipses(client, make_post):
    # ts_headline cuts about 40 words around the match, with no sign of the cut:
    # a snippet from mid-sentence read as the start, or the whole, of the post.
    opening = " ".join(f"opening{n}" for n in range(60))
    closing = " ".join(f"closing{n}" for n in range(60))
    make_post("Long", body=f"{opening} about adoption here. {closing}")
    make_post("Short", body="Adoption, briefly.")

    html = client.get("/search/?q=adoption").text
    snippets = dict(
        re.findall(
            r'<a href="/posts/[^"]+/">(\w+)</a></h2>.*?'
            r'class="post-card__excerpt">(.*?)</p>',
            html,
            re.S,
        )
    )

    assert snippets["Long"].startswith("…")
    assert snippets["Long"].endswith("…")
    assert "<mark>adoption</mark> here. closing0" in snippets["Long"]
    assert snippets["Short"] == "<mark>Adoption</mark>, briefly."


def test_snippet_ellipses_mark_only_the_ends_that_were_cut():
    text = "One two three.\nFour five six."
    start, stop = search.HIGHLIGHT_START, search.HIGHLIGHT_STOP

    assert search.elided(f"One {start}two{stop} three.", text) == (
        f"One {start}two{stop} three.…"
    )
    assert search.elided("three. Four five", text) == "…three. Four five…"
    assert search.elided("Four five six.", text) == "…Four five six."
    assert search.elided("One two three.\nFour five six.", text) == text


@on_postgresql
def test_search_vector_follows_every_kind_of_write(client, make_post):
    post = make_post("Plain", body="Nothing yet.")
    post.body = "Now about fostering."
    post.save()
    Post.objects.filter(pk=post.pk).update(title="Renamed")
    created = Post.objects.bulk_create(
        [Post(title="Bulk", slug="bulk", body="Kinship care.", status="published")]
    )
    created[0].body = "Kinship care and fostering."
    Post.objects.bulk_update(created, ["body"])

    assert titles(client.get("/search/?q=fostering")) == ["Bulk", "Renamed"]
    assert titles(client.get("/search/?q=renamed")) == ["Renamed"]


@on_sqlite
def test_sqlite_search_is_a_case_insensitive_substring_match(client, posts):
    assert titles(client.get("/search/?q=ADOPT")) == [
        "Court delays",
        "Adoption figures",
    ]


@pytest.mark.parametrize(
    ("typed", "written"),
    [("children's", "children’s"), ("children’s", "children's")],
)
def test_either_apostrophe_finds_the_other(client, make_post, typed, written):
    make_post("Reform", body=f"The {written} social care review.")
    make_post("Other", body="The social care review.")

    html = client.get("/search/", {"q": typed}).content.decode()

    assert "Reform" in html and "Other" not in html


def test_search_for_a_quoted_phrase_finds_the_posts_with_it(client, make_post):
    # Readers quote phrases out of habit; PostgreSQL's web search reads the
    # quotes, SQLite's substring search looked for the quote marks themselves.
    make_post("Workforce", body="Pay in children's social work fell again.")
    make_post("Elsewhere", body="Nothing about it here.")

    response = client.get("/search/", {"q": '"social work"'})

    assert titles(response) == ["Workforce"]


@on_sqlite
@pytest.mark.parametrize("query", ['"social work" pay', "“social  work” pay"])
def test_sqlite_search_matches_a_quoted_phrase_whole(client, make_post, query):
    make_post("Phrase", body="Pay in children's social work fell again.")
    make_post("Apart", body="Social care pay: work is scarce.")
    make_post("News", body="Social work in the news.")

    assert titles(client.get("/search/", {"q": query})) == ["Phrase"]
