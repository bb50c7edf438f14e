"""The Markdown the importer writes renders exactly the archive's text."""

from html.parser import HTMLParser
from pathlib import Path

from hypothesis import given
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
