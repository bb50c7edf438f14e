"""The Markdown the importer writes renders exactly the archive's text."""

from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from posts.importing.markdown import BULLET, to_markdown
from posts.importing.parser import read_archives
from posts.rendering import render_markdown

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
BLOCKS = {"p", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "pre"}


class TextExtractor(HTMLParser):
    """The visible text of rendered HTML, one line per block or <br>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag == "br" or tag in BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)

    def lines(self):
        text = "".join(self.parts)
        return [line.strip() for line in text.split("\n") if line.strip()]


def rendered_lines(markdown):
    extractor = TextExtractor()
    extractor.feed(str(render_markdown(markdown)))
    return extractor.lines()


def source_lines(paragraphs):
    return [
        BULLET.sub("", line).strip()
        for lines in paragraphs
        for line in lines
        if line.strip()
    ]


def test_every_seed_post_renders_its_source_text_exactly():
    for post in read_archives([SEEDS]).posts:
        paragraphs = [p.lines for p in post.paragraphs]
        assert rendered_lines(post.body) == source_lines(paragraphs), post.title


def test_bullets_become_a_list_and_footnotes_stay_paragraphs():
    html = str(
        render_markdown(
            to_markdown([["Features:", "  • one", "  • two"], ["[1] A source."]])
        )
    )

    assert html == (
        "<p>Features:</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"
        "<p>[1] A source.</p>\n"
    )


MARKUP_HEAVY = st.text(
    alphabet=st.sampled_from(list("#>*_-+=~`<>[]()!:&;\\|.1)0 ab\t’“…é")),
    min_size=1,
    max_size=40,
).filter(lambda line: line.strip() and not BULLET.match(line))


@given(st.lists(st.lists(MARKUP_HEAVY, min_size=1, max_size=4), min_size=1))
def test_any_text_renders_as_written(paragraphs):
    assert rendered_lines(to_markdown(paragraphs)) == source_lines(paragraphs)


class LinkExtractor(HTMLParser):
    """(href, text) of each link in rendered HTML."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []
        self.open_link = None

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.open_link = [dict(attrs)["href"], ""]

    def handle_data(self, data):
        if self.open_link:
            self.open_link[1] += data

    def handle_endtag(self, tag):
        if tag == "a":
            self.links.append(tuple(self.open_link))
            self.open_link = None


def rendered_links(paragraphs):
    extractor = LinkExtractor()
    extractor.feed(str(render_markdown(to_markdown(paragraphs))))
    return extractor.links


@pytest.mark.parametrize(
    ("line", "address"),
    [
        (
            "See https://en.wikipedia.org/wiki/Munro_Review_of_Child_Protection now.",
            "https://en.wikipedia.org/wiki/Munro_Review_of_Child_Protection",
        ),
        (
            "Archived at https://web.archive.org/web/2017*/example.org today.",
            "https://web.archive.org/web/2017*/example.org",
        ),
        ("At www.gov.uk/a_b_c.", "www.gov.uk/a_b_c"),
        ("Write to jo_smith@example.org.", "jo_smith@example.org"),
        ("See https://example.org/caf%C3%A9_%aa.", "https://example.org/caf%C3%A9_%aa"),
        ("See https://xn--caf-dma.example/a_b.", "https://xn--caf-dma.example/a_b"),
    ],
)
def test_web_address_links_to_exactly_that_address(line, address):
    [(href, text)] = rendered_links([[line]])

    assert text == address
    assert href.removeprefix("http://").removeprefix("mailto:") == address
    assert rendered_lines(to_markdown([[line]])) == [line]


def test_web_address_ending_a_line_keeps_the_line_break_out_of_the_link():
    paragraph = ["Sources:", "http://example.org/report", "https://gov.uk/x", "End."]

    assert rendered_links([paragraph]) == [
        ("http://example.org/report", "http://example.org/report"),
        ("https://gov.uk/x", "https://gov.uk/x"),
    ]
    assert rendered_lines(to_markdown([paragraph])) == paragraph


ADDRESS_PART = st.text(
    alphabet=st.sampled_from(list("ab_*\\-~()[]&#%.")), min_size=1, max_size=12
)  # `%` and the letters make percent escapes too (`%aa`)
TEXT_AROUND = st.text(
    alphabet=st.sampled_from(list("#>*_-+=~`<>[]()!:&;\\ ab1.’")), max_size=12
)


ADDRESS_START = st.sampled_from(
    ["https://example.org/", "www.gov.uk/", "http://a.b.co/", "jo_s@x.org ", "a.com/"]
)


@given(TEXT_AROUND, st.sampled_from(["", " ", "("]), ADDRESS_START, ADDRESS_PART)
@example("", "", "https://example.org/", "([)%")  # a bracket ended the link
@example("!", "", "www.gov.uk/", "a")  # `![…](…)` is an image
@example("~", "", "https://example.org/", ".")  # the line break's `\` joined it
def test_text_around_a_web_address_renders_as_written(before, gap, start, path):
    line = f"{before}{gap}{start}{path}".strip()
    assume(not BULLET.match(line))

    lines = rendered_lines(to_markdown([[line, "The next line."]]))

    assert lines == [line, "The next line."]
