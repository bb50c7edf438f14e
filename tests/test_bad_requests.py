"""Addresses no link of the site makes are refused with a 400, never a 500."""

import pytest
from django.urls import reverse

TAG_AUTOCOMPLETE = {"app_label": "posts", "model_name": "post", "field_name": "tags"}

# PostgreSQL refuses to compare text with a NUL character: each of these was a
# 500 there.
NUL_QUERIES = [
    ("admin:posts_post_changelist", {"status": "\x00"}),
    ("admin:posts_post_changelist", {"tag": "\x00"}),
    ("admin:posts_post_changelist", {"source_file": "\x00"}),
    ("admin:posts_importoutcome_changelist", {"result": "\x00"}),
    ("admin:autocomplete", {"term": "\x00", **TAG_AUTOCOMPLETE}),
    ("posts:list", {"tag": "\x00"}),
    ("posts:list", {"q\x00": "care"}),
]


@pytest.mark.parametrize(("name", "query"), NUL_QUERIES)
def test_a_nul_character_in_the_query_is_a_bad_request(
    editor_client, make_post, name, query
):
    make_post("Care", tags=["care"], source_file="000.txt", source_line=1)

    response = editor_client.get(reverse(name), query)

    assert response.status_code == 400
    assert "<h1>Bad request</h1>" in response.text


@pytest.mark.parametrize(
    "path",
    [
        "/admin/posts/post/%00/history/",
        "/admin/posts/post/1%00/history/1/",
        "/posts/care%00/",
    ],
)
def test_a_nul_character_in_the_path_is_a_bad_request(editor_client, make_post, path):
    # The post's history looked its versions up by the id in the path.
    make_post("Care", tags=["care"])

    response = editor_client.get(path)

    assert response.status_code == 400
    assert "<h1>Bad request</h1>" in response.text


def test_a_query_without_nul_still_reaches_the_view(editor_client, make_post):
    make_post("Care", tags=["care"])

    response = editor_client.get(
        reverse("admin:autocomplete"), {"term": "car", **TAG_AUTOCOMPLETE}
    )

    assert [result["text"] for result in response.json()["results"]] == ["care"]


@pytest.mark.parametrize(
    "path",
    ["/feed/rss/", "/feed/atom/", "/tags/care/feed/atom/", "/sitemap.xml", "/healthz"],
)
@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_a_page_only_read_refuses_other_methods(client, make_post, path, method):
    # As the site's other pages (its generic views) do: these answered 200.
    make_post("Care", tags=["care"])

    response = getattr(client, method)(path)

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert client.head(path).status_code == 200
