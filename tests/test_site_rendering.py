"""Post bodies: footnotes linked both ways, and nothing hostile gets through."""

from html.parser import HTMLParser

import pytest

from posts.rendering import render_markdown

HOSTILE_BODIES = [
    "<script>alert('body')</script>",
    "[click me](javascript:alert('link'))",
    "<a href=\"javascript:alert('raw link')\">click</a>",
    "<img src=x onerror=\"alert('event')\">",
    "![image](javascript:alert('image'))",
    "<div onmouseover=\"alert('hover')\">hover</div>",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[spaced](  JaVaScRiPt:alert('case') )",
]


class DangerFinder(HTMLParser):
    """Collects the elements and attributes of real markup that could run code."""

    def __init__(self):
        super().__init__()
        self.found = []
        self.ids = []

    def handle_starttag(self, tag, attrs):
        self.ids += [value for name, value in attrs if name == "id"]
        if tag in {"script", "iframe", "object", "embed", "style"}:
            self.found.append(tag)
        for name, value in attrs:
            url = (value or "").strip().lower()
            if name.startswith("on") or url.startswith(("javascript:", "data:")):
                self.found.append(f"{tag} {name}={value}")


def parse(html):
    finder = DangerFinder()
    finder.feed(html)
    return finder


def dangers(html):
    return parse(html).found


def test_references_link_to_their_notes_and_notes_link_back():
    html = render_markdown("Evidence [1] and more [1].\n\nNotes\n\n[1] A source.")

    assert (
        '<sup><a href="#fn-1" id="fnref-1" rel="nofollow noopener">[1]</a></sup>'
        in html
    )
    assert '<sup><a href="#fn-1" rel="nofollow noopener">[1]</a></sup>' in html
    assert (
        '<p id="fn-1"><a href="#fnref-1" title="Back to the text" '
        'rel="nofollow noopener">[1]</a> A source.</p>'
    ) in html


def test_note_written_as_a_list_item_is_still_the_references_target():
    html = render_markdown("Evidence [1].\n\n- [1] A source.\n- [2] Another.")

    assert parse(html).ids == ["fnref-1", "fn-1"]
    assert '<li><a href="#fnref-1" title="Back to the text" id="fn-1"' in html


def test_reference_inside_a_link_stays_part_of_the_link():
    html = render_markdown("[Report [1]](https://example.org/r)\n\n[1] A note.")

    assert html == (
        '<p><a href="https://example.org/r" rel="nofollow noopener">'
        "Report [1]</a></p>\n<p>[1] A note.</p>\n"
    )


def test_web_address_in_a_note_becomes_a_link():
    html = render_markdown("Paperwork [2].\n\n[2] See http://www.example.org/a-1 now.")

    assert (
        '<a href="http://www.example.org/a-1" rel="nofollow noopener">'
        "http://www.example.org/a-1</a> now.</p>"
    ) in html


def test_numbers_in_brackets_without_a_note_stay_text():
    html = render_markdown("A list [2] of things.\n\n[1] A note nobody cites.")

    assert html == "<p>A list [2] of things.</p>\n<p>[1] A note nobody cites.</p>\n"


@pytest.mark.parametrize("body", HOSTILE_BODIES)
def test_hostile_markdown_renders_harmless(body):
    html = render_markdown(body)

    assert dangers(html) == []
    assert "<img" not in html and "<div" not in html


@pytest.mark.parametrize("body", HOSTILE_BODIES)
def test_hostile_post_is_harmless_on_every_page_that_shows_it(client, make_post, body):
    post = make_post("Hostile", tags=["Danger"], body=body)

    for url in (
        post.get_absolute_url(),
        "/",
        "/search/?q=hostile",
        "/tags/danger/",
        "/feed/rss/",
    ):
        assert dangers(client.get(url).text) == [], url


def test_only_footnote_anchors_keep_an_id():
    html = render_markdown('See [1].\n\n[1] Note.\n\n[x](/y "t") <p id="evil">')

    assert parse(html).ids == ["fnref-1", "fn-1"]


def test_body_headings_sit_below_the_pages_title():
    html = render_markdown("# Background\n\n## Findings\n\n###### Aside")

    assert html == "<h2>Background</h2>\n<h3>Findings</h3>\n<h6>Aside</h6>\n"
