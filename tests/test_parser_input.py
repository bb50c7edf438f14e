"""The parser reads any archive of the two kinds, and refuses what it cannot read."""

from datetime import date

import pytest

from posts.importing.archive_text import ParseError, decode_archive
from posts.importing.parser import merge_duplicates, parse_archive, read_archives

DATED = """\
Monday, 6 March 2017

A first title

First paragraph of the first post.
A line that follows without a blank line.

Second paragraph.

Another title on the same day!

Its only paragraph.

Sunday 5 March 2017

The last post

  • one bullet
  • another bullet

[1] A footnote.
"""

TAGGED = """\
Tag Archives: Fostering

Carers wanted

We need more foster carers.

3 Comments

Filed under Children’s Social Work, recruitment

A second post

Its body.

Leave a comment

Filed under fostering
"""


def titles(text, source="archive.txt"):
    return [post.title for post in parse_archive(text, source).posts]


def test_dated_archive_splits_days_into_titled_posts():
    posts = parse_archive(DATED, "a.txt").posts

    assert [(p.title, p.published, p.line) for p in posts] == [
        ("A first title", date(2017, 3, 6), 3),
        ("Another title on the same day!", date(2017, 3, 6), 10),
        ("The last post", date(2017, 3, 5), 16),
    ]
    assert posts[0].paragraphs[0].lines == [
        "First paragraph of the first post.",
        "A line that follows without a blank line.",
    ]


def test_tag_archive_posts_carry_archive_tag_and_filed_under_tags():
    posts = parse_archive(TAGGED, "t.txt").posts

    assert [(p.title, p.tags) for p in posts] == [
        ("Carers wanted", ["Fostering", "Children's Social Work", "recruitment"]),
        ("A second post", ["Fostering"]),
    ]
    assert [p.published for p in posts] == [None, None]
    assert [[par.text for par in p.paragraphs] for p in posts] == [
        ["We need more foster carers."],
        ["Its body."],
    ]


def test_line_endings_and_bom_do_not_change_the_parse():
    expected = parse_archive(DATED, "a.txt").posts
    for variant in (
        DATED.replace("\n", "\r\n").encode(),
        DATED.replace("\n", "\r").encode(),
        b"\xef\xbb\xbf" + DATED.encode(),
    ):
        posts = parse_archive(decode_archive(variant, "a.txt"), "a.txt").posts
        assert [(p.title, p.body, p.line) for p in posts] == [
            (p.title, p.body, p.line) for p in expected
        ]


@pytest.mark.parametrize(
    ("date_line", "day", "actually"),
    [
        ("Tuesday, March 6, 2017", date(2017, 3, 6), "Monday"),
        ("Sun 4 Mar 2017", date(2017, 3, 4), "Saturday"),
    ],
)
def test_weekday_that_does_not_match_the_date_is_a_warning(date_line, day, actually):
    result = parse_archive(f"{date_line}\n\nTitle\n\nBody.\n", "a.txt")

    assert result.posts[0].published == day
    assert result.warnings == [
        f"a.txt:1: {date_line!r} is a {actually}; the date is kept as written"
    ]


@pytest.mark.parametrize(
    "title", ["We failed her", "Moving on", "Plan A", "Doctor Who", "Imagine that"]
)
def test_title_ending_in_a_word_a_title_can_end_in_starts_its_own_post(title):
    posts = parse_archive(
        "Saturday 25 March 2017\n\nA first post\n\nIts body.\n\n"
        f"{title}\n\nThe review found that every agency knew.\n",
        "blog.txt",
    ).posts

    assert [post.title for post in posts] == ["A first post", title]
    assert posts[0].body == "Its body."


@pytest.mark.parametrize("line", ["Answers please to", "It was all down to the"])
def test_line_breaking_off_mid_sentence_stays_in_the_body(line):
    posts = parse_archive(
        f"Saturday 25 March 2017\n\nA first post\n\nIts body.\n\n{line}\n\n"
        "the next paragraph.\n",
        "blog.txt",
    ).posts

    assert [post.title for post in posts] == ["A first post"]


def test_title_needs_a_body_so_a_last_short_line_stays_in_the_body():
    text = "Monday 6 March 2017\n\nTitle\n\nBody.\n\nSigned off\n"

    assert titles(text) == ["Title"]


def test_paragraph_before_footnotes_is_not_a_title():
    text = "Monday 6 March 2017\n\nTitle\n\nBody [1].\n\nNotes\n\n[1] A source.\n"

    assert titles(text) == ["Title"]


def test_day_starting_with_a_sentence_is_an_untitled_post():
    text = "Monday 6 March 2017\n\nThis opens without a title. It goes on.\n"

    post = parse_archive(text, "u.txt").posts[0]

    assert post.title_generated
    assert post.title == "This opens without a title. It goes on."
    assert post.key == "2017-03-06/untitled-1"


def test_title_in_a_script_without_capitals_starts_a_post():
    text = (
        "Saturday 25 March 2017\n\nFirst title\n\nBody one.\n\n"
        "児童福祉の未来\n\nこれは二つ目の記事の本文です。\n"
    )

    assert titles(text) == ["First title", "児童福祉の未来"]


def test_sentence_ending_in_a_full_width_stop_is_not_a_title():
    text = (
        "Saturday 25 March 2017\n\n児童福祉の未来\n\n"
        "これは記事の本文です。\n\n二つ目の段落です。\n\n「三つ目です。」\n\n終わり\n"
    )

    [post] = parse_archive(text, "a.txt").posts

    assert (post.title, len(post.paragraphs)) == ("児童福祉の未来", 4)


def test_line_with_no_letter_or_digit_is_not_a_title():
    text = "Monday 6 March 2017\n\nTitle\n\nBody.\n\n* * *\n\nMore body.\n"

    assert titles(text) == ["Title"]


@pytest.mark.parametrize(
    "line",
    [
        "Full report: https://www.gov.uk/government/publications/report",
        "See www.gov.uk/report",
        "HTTP://EXAMPLE.ORG/REPORT",
    ],
)
def test_one_line_paragraph_holding_a_web_address_is_not_a_title(line):
    text = (
        "Saturday 25 March 2017\n\nFirst title\n\n"
        f"The report is published today.\n\n{line}\n\nIt makes grim reading.\n"
    )

    [post] = parse_archive(text, "a.txt").posts

    assert (post.title, [p.text for p in post.paragraphs]) == (
        "First title",
        ["The report is published today.", line, "It makes grim reading."],
    )


@pytest.mark.parametrize(
    "line",
    ["2 comments", "No comments", "One Comment", "Leave a comment", "2 comments:"],
)
def test_comment_count_line_in_dated_archive_does_not_start_a_post(line):
    text = (
        "Saturday 25 March 2017\n\n"
        "First post title\n\nBody of the first post.\n\n"
        f"{line}\n\n"
        "Second post title\n\nBody of the second post.\n\n"
        f"{line}\n\nFriday 24 March 2017\n\nThird\n\nBody three.\n\n{line}\n"
    )

    posts = parse_archive(text, "a.txt").posts

    assert [(p.title, p.body) for p in posts] == [
        ("First post title", "Body of the first post."),
        ("Second post title", "Body of the second post."),
        ("Third", "Body three."),
    ]


def test_short_last_line_before_a_comment_line_ends_the_post_above():
    text = (
        "Saturday 25 March 2017\n\nTitle\n\nBody.\n\nSigned off\n\n"
        "2 comments\n\nNext\n\nIts body.\n"
    )

    posts = parse_archive(text, "a.txt").posts

    assert [(p.title, [q.text for q in p.paragraphs]) for p in posts] == [
        ("Title", ["Body.", "Signed off"]),
        ("Next", ["Its body."]),
    ]


def test_comment_line_followed_by_more_body_in_a_dated_archive_is_text():
    text = (
        "Saturday 25 March 2017\n\nThe minister replies\n\nWhat readers said:\n\n"
        "No Comments\n\nThat says it all, really.\n\nNo comment\n"
    )

    [post] = parse_archive(text, "a.txt").posts

    assert [p.text for p in post.paragraphs] == [
        "What readers said:",
        "No Comments",
        "That says it all, really.",
        "No comment",
    ]


def test_blogger_footer_lines_do_not_start_a_post():
    # Blogger prints "Posted by … at …" and "Labels: …" under each post.
    text = (
        "Saturday 25 March 2017\n\nFirst title\n\nBody one.\n\n"
        "Posted by Ray Jones at 10:15\n\n"
        "Labels: child protection, Ofsted\n\n"
        "Second title\n\nBody two.\n\n"
        "Posted by Ray Jones at 3/25/2017 09:40:00 PM\n\n2 comments\n"
    )

    posts = parse_archive(text, "a.txt").posts

    assert [(p.title, p.body) for p in posts] == [
        ("First title", "Body one."),
        ("Second title", "Body two."),
    ]


def test_blogger_footer_as_blogger_prints_it_is_metadata():
    text = (
        "Saturday, 25 March 2017\n\nFirst title\n\nBody one.\n\nSigned off\n\n"
        "Posted by Ray Jones at 10:15 AM\n\nNo comments:\n\n"
        "Labels: child protection, Ofsted\n\n"
        "Second title\n\nBody two.\n\nPosted by Ray Jones at 09:00\n\n"
        "2 comments:\n"
    )

    posts = parse_archive(text, "a.txt").posts

    assert [(p.title, [q.text for q in p.paragraphs], p.tags) for p in posts] == [
        ("First title", ["Body one.", "Signed off"], ["child protection", "Ofsted"]),
        ("Second title", ["Body two."], []),
    ]


def test_blogger_reactions_line_is_metadata():
    text = (
        "Saturday, 25 March 2017\n\nFirst title\n\nBody one.\n\n"
        "Posted by Ray Jones at 10:15 AM\n\n"
        "Reactions: funny (0) interesting (1) cool (0)\n\n"
        "Labels: Ofsted\n\nSecond title\n\nBody two.\n"
    )

    posts = parse_archive(text, "a.txt").posts

    assert [(p.title, p.body, p.tags) for p in posts] == [
        ("First title", "Body one.", ["Ofsted"]),
        ("Second title", "Body two.", []),
    ]


def test_blogger_labels_line_tags_its_post():
    text = (
        "Saturday 25 March 2017\n\nFirst title\n\nBody one.\n\n"
        "Labels: child protection, Ofsted\n\n"
        "Posted by Ray Jones at 10:15 AM\n\n"
        "Second title\n\nBody two.\n"
    )

    first, second = parse_archive(text, "a.txt").posts

    assert (first.tags, first.tag_locations) == (
        ["child protection", "Ofsted"],
        {"child protection": "a.txt:7", "ofsted": "a.txt:7"},
    )
    assert second.tags == []


@pytest.mark.parametrize(
    "line",
    [
        "Labels: we stick them on children and their families.",
        "Labels: child protection",
        "Posted by Ray Jones at 10:15",
    ],
)
def test_footer_line_followed_by_more_body_is_text(line):
    text = (
        f"Saturday 25 March 2017\n\nTitle\n\nBody.\n\n{line}\n\nAnd the body goes on.\n"
    )

    [post] = parse_archive(text, "a.txt").posts

    assert ([p.text for p in post.paragraphs], post.tags) == (
        ["Body.", line, "And the body goes on."],
        [],
    )


def test_empty_file_is_a_warning_and_no_posts():
    result = parse_archive("\n  \n", "empty.txt")

    assert result.posts == []
    assert result.warnings == ["empty.txt: empty file, no posts"]


def test_binary_file_is_refused_naming_the_file():
    with pytest.raises(ParseError, match=r"^photo\.jpg: looks like a binary file"):
        decode_archive(b"\xff\xd8\xff\x00\x10JFIF", "photo.jpg")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_or_utf32_file_is_refused_saying_so(encoding):
    data = "\ufeffSaturday 25 March 2017\n\nA title\n\nIts body.\n".encode(encoding)

    with pytest.raises(ParseError) as refused:
        decode_archive(data, "notepad.txt")

    assert str(refused.value) == (
        f"notepad.txt: is {encoding[:6].upper()} text, not UTF-8: save it as UTF-8"
    )


def test_undecodable_file_is_refused_naming_file_and_line():
    with pytest.raises(ParseError, match=r"^latin\.txt:3: is not valid UTF-8"):
        decode_archive(
            "Monday 6 March 2017\n\nCaf\xe9\n".encode("latin-1"), "latin.txt"
        )


def test_text_of_neither_kind_is_refused_naming_file_and_line():
    with pytest.raises(ParseError, match=r"^notes\.txt:2: not a recognised archive"):
        parse_archive("\nShopping list\n", "notes.txt")


def test_impossible_date_is_refused():
    with pytest.raises(ParseError, match=r"^d\.txt:1: impossible date"):
        parse_archive("Monday 31 February 2017\n\nTitle\n\nBody.\n", "d.txt")


def test_directories_are_searched_for_txt_files(tmp_path):
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "b.txt").write_text(TAGGED)
    (tmp_path / "a.txt").write_text(DATED)
    (tmp_path / "readme.md").write_text("not an archive")

    result = read_archives([tmp_path])

    assert result.errors == []
    assert len(result.posts) == 5


def test_file_named_twice_is_not_its_own_duplicate(tmp_path):
    archive = tmp_path / "a.txt"
    archive.write_text("Saturday 25 March 2017\n\nTitle\n\nBody.\n", encoding="utf-8")

    result = read_archives([tmp_path, archive, tmp_path / "." / "a.txt"])

    assert result.files == [str(archive)]
    assert [post.duplicates for post in result.posts] == [[]]


def test_every_bad_file_is_reported_and_no_posts_come_back_partially(tmp_path):
    (tmp_path / "good.txt").write_text(DATED)
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01")

    result = read_archives([tmp_path, tmp_path / "missing.txt"])

    assert len(result.errors) == 2
    assert "bad.txt: looks like a binary file" in result.errors[0]
    assert "missing.txt: cannot be read" in result.errors[1]


def test_duplicates_ignore_trailing_spaces_and_merge_archive_tags(tmp_path):
    (tmp_path / "a.txt").write_text(TAGGED)
    copy = TAGGED.replace("Fostering", "Adoption").replace("carers.", "carers.   ")
    (tmp_path / "b.txt").write_bytes(copy.replace("\n", "\r\n").encode())

    result = read_archives([tmp_path])

    assert [p.title for p in result.posts] == ["Carers wanted", "A second post"]
    first = result.posts[0]
    assert first.duplicates == [f"{tmp_path / 'b.txt'}:3"]
    assert first.tags == [
        "Fostering",
        "Children's Social Work",
        "recruitment",
        "Adoption",
    ]
    assert not any("different text" in w for w in result.warnings)


def test_same_title_and_date_with_different_text_is_another_post_to_review():
    text = "Monday 6 March 2017\n\nTitle\n\nOne body.\n"
    other = "Monday 6 March 2017\n\nTitle\n\nAnother body.\n"

    posts = merge_duplicates(
        parse_archive(text, "a.txt").posts
        + parse_archive(other, "b.txt").posts
        + parse_archive(text, "c.txt").posts
        + parse_archive(other, "d.txt").posts
    )

    assert [(p.key, p.body, p.duplicates, p.needs_review) for p in posts] == [
        ("2017-03-06/title", "One body.", ["c.txt:3"], False),
        (f"2017-03-06/title~{posts[1].text_hash}", "Another body.", ["d.txt:3"], True),
    ]
    assert posts[1].warnings == [
        "b.txt:3: same date and title as a.txt:3 but different text; "
        "imported as another post, a draft to review"
    ]


def test_undated_posts_with_one_title_and_different_text_stay_apart():
    archive = "Tag Archives: {tag}\n\nNews\n\n{body}\n\nFiled under y\n"
    first = parse_archive(archive.format(tag="a", body="One."), "a.txt").posts
    second = parse_archive(archive.format(tag="b", body="Two."), "b.txt").posts

    posts = merge_duplicates(first + second)

    assert [(p.key, p.tags) for p in posts] == [
        ("undated/news", ["a", "y"]),
        (f"undated/news~{posts[1].text_hash}", ["b", "y"]),
    ]


@pytest.mark.parametrize("tag_archive_first", [False, True])
def test_post_in_a_dated_and_a_tag_archive_is_one_dated_post(tag_archive_first):
    dated = parse_archive("Monday 6 March 2017\n\nNews\n\nOne.\n", "a.txt").posts
    tagged = parse_archive(
        "Tag Archives: care\n\nNews\n\nOne.  \n\nLeave a comment\n\nFiled under y\n",
        "b.txt",
    ).posts

    posts = merge_duplicates(tagged + dated if tag_archive_first else dated + tagged)

    assert [(p.key, p.published, p.tags, p.duplicates) for p in posts] == [
        ("2017-03-06/news", date(2017, 3, 6), ["care", "y"], ["b.txt:3"])
    ]


@pytest.mark.parametrize(
    "date_line", ["March 4, 2010", "Thursday, 4 March 2010", "Thu 4 Mar 2010"]
)
def test_date_line_under_a_tag_archive_title_dates_the_post(date_line):
    text = f"Tag Archives: Ofsted\n\nTitle one\n\n{date_line}\n\nBody one.\n"

    [post] = parse_archive(text, "a.txt").posts

    assert (post.published, [p.text for p in post.paragraphs]) == (
        date(2010, 3, 4),
        ["Body one."],
    )
    assert post.key == "2010-03-04/title-one"


@pytest.mark.parametrize(
    "date_line",
    [
        "Posted on March 4, 2010 by Ray Jones",
        "Posted on 4 March 2010",
        "March 4, 2010 at 10:15 am",
        "Posted on Thursday, 4 March 2010 at 10:15 by admin",
    ],
)
def test_theme_date_line_under_a_tag_archive_title_dates_the_post(date_line):
    text = f"Tag Archives: x\n\nTitle\n\n{date_line}\n\nBody.\n\nFiled under y\n"

    [post] = parse_archive(text, "a.txt").posts

    assert (post.published, post.body) == (date(2010, 3, 4), "Body.")


def test_body_sentence_starting_like_a_theme_date_line_is_text():
    sentence = "Posted on March 4, 2010 by the council."
    text = f"Tag Archives: x\n\nTitle\n\n{sentence}\n\nMore.\n\nFiled under y\n"

    [post] = parse_archive(text, "a.txt").posts

    assert (post.published, post.body) == (None, f"{sentence}\n\nMore.")


def test_date_line_under_a_tag_archive_title_with_the_wrong_weekday_is_a_warning():
    text = "Tag Archives: x\n\nTitle\n\nFriday 4 March 2010\n\nBody.\n"

    [post] = parse_archive(text, "a.txt").posts

    assert post.published == date(2010, 3, 4)
    assert "a.txt:5: 'Friday 4 March 2010' is a Thursday" in post.warnings[0]


@pytest.mark.parametrize("tag_archive_first", [False, True])
def test_dated_tag_archive_post_and_its_dated_archive_copy_are_one_post(
    tag_archive_first,
):
    dated = parse_archive("Thursday 4 March 2010\n\nNews\n\nBody.\n", "d.txt")
    tagged = parse_archive(
        "Tag Archives: x\n\nNews\n\nMarch 4, 2010\n\nBody.\n\nFiled under y\n",
        "t.txt",
    )
    undated = parse_archive("Tag Archives: z\n\nNews\n\nBody.\n", "u.txt")
    posts = [*undated.posts, *tagged.posts, *dated.posts]
    if tag_archive_first:
        posts.reverse()

    [post] = merge_duplicates(posts)

    assert (post.published, post.key) == (date(2010, 3, 4), "2010-03-04/news")
    assert sorted(post.tags) == ["x", "y", "z"]
    assert len(post.duplicates) == 2


def test_undated_post_with_another_text_stays_apart_from_the_dated_one():
    dated = parse_archive("Monday 6 March 2017\n\nNews\n\nOne.\n", "a.txt").posts
    tagged = parse_archive(
        "Tag Archives: care\n\nNews\n\nTwo.\n\nFiled under y\n", "b.txt"
    ).posts

    posts = merge_duplicates(dated + tagged)

    assert [(p.key, p.body, p.duplicates) for p in posts] == [
        ("2017-03-06/news", "One.", []),
        ("undated/news", "Two.", []),
    ]


def test_a_text_keeps_its_key_whatever_order_it_is_found_in():
    archive = "Tag Archives: {tag}\n\nNews\n\n{body}\n\nFiled under y\n"
    texts = [
        parse_archive(archive.format(tag=tag, body=body), f"{tag}.txt").posts
        for tag, body in (("a", "One."), ("b", "Two."), ("c", "Three."))
    ]

    one_way = merge_duplicates(texts[0] + texts[1] + texts[2])
    other_way = merge_duplicates(texts[0] + texts[2] + texts[1])

    assert {p.key: p.body for p in one_way} == {p.key: p.body for p in other_way}


def test_post_without_filed_under_line_keeps_the_archive_tag_with_a_warning():
    result = parse_archive("Tag Archives: x\n\nTitle\n\nBody.\n", "t.txt")

    assert result.posts[0].tags == ["x"]
    assert "no 'Filed under' line" in result.posts[0].warnings[0]


def test_indented_date_line_starts_a_day():
    text = (
        "Friday 3 March 2017\n\nA title\n\nBody.\n\n"
        "   Saturday 4 March 2017\n\nNext\n\nMore.\n"
    )

    posts = parse_archive(text, "a.txt").posts

    assert [(p.title, p.published) for p in posts] == [
        ("A title", date(2017, 3, 3)),
        ("Next", date(2017, 3, 4)),
    ]


def test_date_line_directly_followed_by_title_starts_a_day():
    text = (
        "Saturday 25 March 2017\n\nFirst title\n\nBody one.\n\n"
        "Friday 24 March 2017\nSecond title\n\nBody two.\n"
    )

    posts = parse_archive(text, "a.txt").posts

    assert [(p.title, p.published, p.line, p.body) for p in posts] == [
        ("First title", date(2017, 3, 25), 3, "Body one."),
        ("Second title", date(2017, 3, 24), 8, "Body two."),
    ]


def test_archive_whose_first_date_line_is_directly_followed_by_a_title_is_read():
    posts = parse_archive("4 March 2017\nTitle\n\nBody.\n", "a.txt").posts

    assert [(p.title, p.published, p.line) for p in posts] == [
        ("Title", date(2017, 3, 4), 2)
    ]


def test_paragraph_opening_with_a_date_written_another_way_stays_body_text():
    text = (
        "Saturday 25 March 2017\n\nA letter\n\nBody.\n\n"
        "4 March 2017\nDear Minister,\n\nYours sincerely.\n"
    )

    [post] = parse_archive(text, "a.txt").posts

    assert [p.lines for p in post.paragraphs] == [
        ["Body."],
        ["4 March 2017", "Dear Minister,"],
        ["Yours sincerely."],
    ]


def test_indented_first_date_line_is_a_dated_archive():
    posts = parse_archive("  Saturday 4 March 2017\n\nTitle\n\nBody.\n", "a.txt").posts

    assert [(p.title, p.published) for p in posts] == [("Title", date(2017, 3, 4))]


@pytest.mark.parametrize(
    "line",
    [
        "4 March 2017",
        "Sat 4 March 2017",
        "Saturday, 4 Mar 2017",
        "March 4, 2017",
        "Sat. 4 Sept. 2017",
        "4 Sept 2017",
        "Mar 4, 2017",
    ],
)
def test_blogger_date_headers_without_weekday_or_abbreviated_start_a_day(line):
    result = parse_archive(f"{line}\n\nTitle\n\nBody.\n", "a.txt")

    [post] = result.posts
    assert post.title == "Title"
    assert post.published.day == 4
    assert post.published.month in (3, 9)


@pytest.mark.parametrize(
    ("day_line", "body_line"),
    [
        ("Saturday 25 March 2017", "4 March 2017"),
        ("Saturday, 25 March 2017", "Saturday, March 4, 2017"),
        ("Sat 25 Mar 2017", "Mar 4, 2017"),
        ("25 March 2017", "Saturday 4 March 2017"),
        ("March 25, 2017", "4 March 2017"),
    ],
)
def test_date_written_unlike_the_archives_day_lines_is_body_text(day_line, body_line):
    text = f"{day_line}\n\nMeeting date\n\n{body_line}\n\nWe met and talked.\n"

    posts = parse_archive(text, "a.txt").posts

    assert [(p.title, p.published, [q.text for q in p.paragraphs]) for p in posts] == [
        ("Meeting date", date(2017, 3, 25), [body_line, "We met and talked."])
    ]


@pytest.mark.parametrize("line", ["4 March 2017", "Friday, March 24, 2017"])
def test_date_written_another_way_after_a_body_paragraph_is_not_a_title(line):
    text = (
        "Saturday 25 March 2017\n\nFirst title\n\n"
        "The minister announced the review, quite clearly, on:\n\n"
        f"{line}\n\nAnd nothing has happened since.\n"
    )

    posts = parse_archive(text, "a.txt").posts

    assert [(p.title, p.published, [q.text for q in p.paragraphs]) for p in posts] == [
        (
            "First title",
            date(2017, 3, 25),
            [
                "The minister announced the review, quite clearly, on:",
                line,
                "And nothing has happened since.",
            ],
        )
    ]


def test_day_lines_written_like_the_first_start_days_with_names_full_or_short():
    text = (
        "4 March 2017\n\nTitle\n\nBody.\n\n"
        "3 Mar. 2017\n\nNext\n\nFriday 3 March 2017\n\nMore.\n\n"
        "2 March 2017\n\nLast\n\nEnd.\n"
    )

    posts = parse_archive(text, "a.txt").posts

    assert [(p.title, p.published, [q.text for q in p.paragraphs]) for p in posts] == [
        ("Title", date(2017, 3, 4), ["Body."]),
        ("Next", date(2017, 3, 3), ["Friday 3 March 2017", "More."]),
        ("Last", date(2017, 3, 2), ["End."]),
    ]


def test_form_feed_and_vertical_tab_are_line_breaks():
    data = (
        b"Monday 6 March 2017\n\nTitle\n\nFirst line.\x0cSecond line.\x0b\x0c\nMore.\n"
    )

    text = decode_archive(data, "a.txt")
    post = parse_archive(text, "a.txt").posts[0]

    assert text == (
        "Monday 6 March 2017\n\nTitle\n\nFirst line.\nSecond line.\n\n\nMore.\n"
    )
    assert [(p.line, p.lines) for p in post.paragraphs] == [
        (5, ["First line.", "Second line."]),
        (9, ["More."]),
    ]


def test_other_control_character_is_refused_naming_file_and_line():
    data = b"Monday 6 March 2017\r\n\r\nTitle\x0c\r\nA bell\x07 rings.\r\n"

    with pytest.raises(
        ParseError,
        match=r"^c\.txt:5: control character U\+0007 is not allowed in an archive$",
    ):
        decode_archive(data, "c.txt")


@pytest.mark.parametrize("character", ["\x7f", "\x80", "\x84", "\x86", "\x9f"])
def test_delete_and_c1_control_characters_are_refused_naming_file_and_line(character):
    data = f"Monday 6 March 2017\n\nTitle\n\nA{character}b.\n".encode()

    with pytest.raises(
        ParseError,
        match=rf"^c\.txt:5: control character U\+{ord(character):04X} is not allowed",
    ):
        decode_archive(data, "c.txt")


@pytest.mark.parametrize(
    "line_break",
    [
        "\x85",  # NEL
        "\u2028",  # LINE SEPARATOR
        "\u2029",  # PARAGRAPH SEPARATOR
    ],
)
def test_unicode_line_breaks_are_line_breaks(line_break):
    body = f"First.{line_break}Second.{line_break * 2}More.\n"
    data = f"Monday 6 March 2017\n\nTitle\n\n{body}"

    text = decode_archive(data.encode(), "a.txt")
    post = parse_archive(text, "a.txt").posts[0]

    assert text == "Monday 6 March 2017\n\nTitle\n\nFirst.\nSecond.\n\nMore.\n"
    assert [(p.line, p.lines) for p in post.paragraphs] == [
        (5, ["First.", "Second."]),
        (8, ["More."]),
    ]


def test_tab_is_kept_as_text():
    assert decode_archive(b"Monday 6 March 2017\n\nA\ttab\n", "a.txt").endswith(
        "A\ttab\n"
    )


def test_comment_line_without_filed_under_line_ends_the_post():
    text = (
        "Tag Archives: x\n\nFirst\n\nIts body.\n\nLeave a comment\n\n"
        "Second\n\nIts own body.\n\n3 Responses\n\nFiled under y\n"
    )

    result = parse_archive(text, "t.txt")

    assert [
        (p.title, p.tags, [q.text for q in p.paragraphs]) for p in result.posts
    ] == [
        ("First", ["x"], ["Its body."]),
        ("Second", ["x", "y"], ["Its own body."]),
    ]
    assert result.posts[0].warnings == [
        "t.txt:3: post has no 'Filed under' line; tagged 'x' only"
    ]


def test_comment_line_followed_by_a_sentence_is_body_text():
    text = (
        "Tag Archives: Politics\n\nThe minister replies\n\nWhat readers said:\n\n"
        "No Comments\n\nThat says it all, really.\n\nFiled under Ministers\n"
    )

    posts = parse_archive(text, "t.txt").posts

    assert [(p.title, p.tags, [q.text for q in p.paragraphs]) for p in posts] == [
        (
            "The minister replies",
            ["Politics", "Ministers"],
            ["What readers said:", "No Comments", "That says it all, really."],
        )
    ]


@pytest.mark.parametrize(
    "following",
    [
        "We asked again and heard nothing back.",
        "He walked out of the studio and",
        "Two lines\nof text",
    ],
)
def test_comment_line_followed_by_what_cannot_be_a_title_stays_in_the_body(
    following,
):
    text = f"Tag Archives: x\n\nTitle\n\nBody.\n\nNo Comments\n\n{following}\n"

    posts = parse_archive(text, "t.txt").posts

    assert [(p.title, [q.lines for q in p.paragraphs]) for p in posts] == [
        ("Title", [["Body."], ["No Comments"], following.split("\n")])
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Leave a comment",
        "2 Comments",
        "One Comment",
        "3 Responses",
        "One Response",
        "1 Reply",
        "3 Replies",
        "No Comments »",
        "Leave a comment »",
        "Comments (2)",
    ],
)
def test_comment_count_lines_are_metadata_not_body(line):
    text = f"Tag Archives: x\n\nTitle\n\nBody.\n\n{line}\n\nFiled under y\n"

    [post] = parse_archive(text, "t.txt").posts

    assert ([p.text for p in post.paragraphs], post.tags) == (["Body."], ["x", "y"])


def test_tag_archive_post_titled_no_comment_keeps_its_title():
    text = (
        "Tag Archives: x\n\nFirst\n\nBody one.\n\nLeave a comment\n\n"
        "Filed under y\n\nNo comment\n\nThe minister declined to answer.\n\n"
        "Leave a comment\n\nFiled under z\n"
    )

    posts = parse_archive(text, "t.txt").posts

    assert [(p.title, p.body) for p in posts] == [
        ("First", "Body one."),
        ("No comment", "The minister declined to answer."),
    ]


def test_several_comment_lines_before_filed_under_are_all_metadata():
    text = (
        "Tag Archives: x\n\nTitle\n\nBody.\n\n2 Comments\n\nLeave a reply\n\n"
        "Filed under y\n\nNext\n\nIts body.\n\nFiled under z\n"
    )

    posts = parse_archive(text, "t.txt").posts

    assert [(p.title, p.tags, [q.text for q in p.paragraphs]) for p in posts] == [
        ("Title", ["x", "y"], ["Body."]),
        ("Next", ["x", "z"], ["Its body."]),
    ]
    assert [p.warnings for p in posts] == [[], []]


def test_tagged_line_after_filed_under_is_not_the_next_posts_title():
    text = (
        "Tag Archives: Ofsted\n\n"
        "Title one\n\nBody one.\n\nFiled under Ofsted\n\n"
        "Leave a comment\n\nTagged: inspection, children.\n\n"
        "Title two\n\nBody two.\n\nFiled under Policy\n\nTagged reform\n"
    )

    posts = parse_archive(text, "t.txt").posts

    assert [(p.title, p.tags, p.body) for p in posts] == [
        ("Title one", ["Ofsted", "inspection", "children"], "Body one."),
        ("Title two", ["Ofsted", "Policy", "reform"], "Body two."),
    ]
    assert posts[0].tag_locations["children"] == "t.txt:11"


def test_title_starting_with_tagged_after_filed_under_is_a_title():
    text = (
        "Tag Archives: x\n\nFirst\n\nBody one.\n\nFiled under y\n\n"
        "Tagged as a troublemaker\n\nThe council's letter came today.\n\n"
        "Filed under z\n"
    )

    posts = parse_archive(text, "t.txt").posts

    assert [(p.title, p.tags) for p in posts] == [
        ("First", ["x", "y"]),
        ("Tagged as a troublemaker", ["x", "z"]),
    ]


def test_filed_under_sentence_in_the_body_is_body_text():
    sentence = 'Filed under "x" for years, this report was ignored.'
    text = f"Tag Archives: x\n\nTitle\n\n{sentence}\n\nMore.\n\nFiled under y\n"

    [post] = parse_archive(text, "t.txt").posts

    assert [p.text for p in post.paragraphs] == [sentence, "More."]
    assert post.tags == ["x", "y"]


@pytest.mark.parametrize(
    ("line", "tags"),
    [
        ("Filed under Ebola, WHO", ["x", "Ebola", "WHO"]),
        ("Filed under Plan A", ["x", "Plan A"]),
        ("Filed under Brexit, U.K.", ["x", "Brexit", "U.K."]),
        ("Filed under a", ["x", "a"]),
    ],
)
def test_filed_under_line_whose_last_tag_ends_like_a_sentence_still_ends_the_post(
    line, tags
):
    text = f"Tag Archives: x\n\nFirst\n\nBody.\n\n{line}\n\nSecond\n\nMore.\n"

    posts = parse_archive(text, "t.txt").posts

    assert [(p.title, p.tags, [q.text for q in p.paragraphs]) for p in posts] == [
        ("First", tags, ["Body."]),
        ("Second", ["x"], ["More."]),
    ]


@pytest.mark.parametrize(
    ("line", "tags"),
    [
        ("Filed under Ofsted, inspection.", ["x", "Ofsted", "inspection"]),
        ("Filed under Plan A.", ["x", "Plan A"]),
        ("Filed under Brexit, U.K.", ["x", "Brexit", "U.K."]),
        ("Filed under Ofsted, St. Helens.", ["x", "Ofsted", "St. Helens"]),
        ("Filed under PhD, Ph.D.", ["x", "PhD", "Ph.D."]),
        ("Filed under miscellany...", ["x", "miscellany..."]),
    ],
)
def test_filed_under_final_full_stop_is_not_part_of_the_tag(line, tags):
    text = f"Tag Archives: x\n\nTitle\n\nBody.\n\n{line}\n"

    [post] = parse_archive(text, "t.txt").posts

    assert post.tags == tags


@pytest.mark.parametrize(
    "sentence",
    [
        "Filed under nothing at all, was it ever read?",
        "Filed under \u201cmiscellaneous\u201d for years, this report was lost!",
    ],
)
def test_filed_under_paragraph_ending_in_a_sentence_of_several_words_is_body_text(
    sentence,
):
    text = f"Tag Archives: x\n\nTitle\n\n{sentence}\n\nMore.\n\nFiled under y\n"

    [post] = parse_archive(text, "t.txt").posts

    assert [p.text for p in post.paragraphs] == [sentence, "More."]
    assert post.tags == ["x", "y"]


def test_filed_under_paragraph_of_several_lines_is_body_text():
    text = "Tag Archives: x\n\nTitle\n\nFiled under pressure,\nwe gave up.\n"

    [post] = parse_archive(text, "t.txt").posts

    assert [p.lines for p in post.paragraphs] == [
        ["Filed under pressure,", "we gave up."]
    ]
    assert post.tags == ["x"]


def test_title_made_from_long_first_words_is_cut_to_a_title_length():
    address = "https://example.org/" + "a" * 300
    text = f"Monday 6 March 2017\n\nSee {address} for the report.\n"

    post = parse_archive(text, "u.txt").posts[0]

    assert len(post.title) == 150
    assert post.title.startswith("See https://example.org/aaa")
    assert post.title.endswith("a…")


def test_byte_order_marks_of_joined_archives_are_dropped():
    data = "Saturday 25 March 2017\n\nFirst title\n\nBody one.\n\n".encode(
        "utf-8-sig"
    ) + "Friday 24 March 2017\n\nSecond title\n\nBody two.\n".encode("utf-8-sig")

    posts = parse_archive(decode_archive(data, "all.txt"), "all.txt").posts

    assert [(p.title, p.published, p.line) for p in posts] == [
        ("First title", date(2017, 3, 25), 3),
        ("Second title", date(2017, 3, 24), 9),
    ]


def test_repeated_tag_archive_header_starts_a_new_run_of_posts():
    text = (
        "Tag Archives: News\n\nFirst post\n\nSome text.\n\nFiled under a\n\n"
        "Tag Archives: Views\n\nSecond post\n\nBody.\n\nFiled under b\n"
    )

    posts = parse_archive(text, "t.txt").posts

    assert [(p.title, p.tags, p.body) for p in posts] == [
        ("First post", ["News", "a"], "Some text."),
        ("Second post", ["Views", "b"], "Body."),
    ]


def test_repeated_header_ends_a_post_with_no_filed_under_line():
    text = (
        "Tag Archives: x\n\nFirst\n\nIts body.\n\nTag Archives: x\n\nSecond\n\nMore.\n"
    )

    posts = parse_archive(text, "t.txt").posts

    assert [(p.title, p.body) for p in posts] == [
        ("First", "Its body."),
        ("Second", "More."),
    ]
    assert posts[0].warnings == [
        "t.txt:3: post has no 'Filed under' line; tagged 'x' only"
    ]


@pytest.mark.parametrize("tag_line", ["Tagged carers", "Tags: carers"])
@pytest.mark.parametrize("description", ["", "\nPosts about fostering."])
def test_tag_line_above_a_repeated_header_tags_the_post_above(tag_line, description):
    # Found by tests/test_parser_roundtrip.py: the next page's header, with its
    # description lines, could not start a post, so the `Tagged` line above it
    # was read as a post's title.
    text = (
        "Tag Archives: News\n\nFirst post\n\nSome text.\n\nFiled under a\n\n"
        f"{tag_line}\n\nTag Archives: Views{description}\n\n"
        "Second post\n\nBody.\n\nFiled under b\n"
    )

    posts = parse_archive(text, "t.txt").posts

    assert [(p.title, p.tags, p.body) for p in posts] == [
        ("First post", ["News", "a", "carers"], "Some text."),
        ("Second post", ["Views", "b"], "Body."),
    ]


def test_tag_archive_description_under_the_header_is_not_part_of_the_tag():
    text = (
        "Tag Archives: Fostering\nPosts about fostering and adoption.\n\n"
        "Carers wanted\n\nWe need carers.\n\nFiled under recruitment\n"
    )

    [post] = parse_archive(text, "t.txt").posts

    assert (post.title, post.tags) == ("Carers wanted", ["Fostering", "recruitment"])


@pytest.mark.parametrize(
    ("description", "second_line"),
    [
        ("Posts about the inspectorate.", 13),
        ("Posts about the inspectorate\nand its reports", 14),
    ],
)
def test_tag_archive_description_after_a_blank_line_is_not_a_post(
    description, second_line
):
    text = (
        f"Tag Archives: Ofsted\n\n{description}\n\n"
        "Title one\n\nBody one.\n\nFiled under inspection\n\n"
        f"Tag Archives: Ofsted\n\n{description}\n\n"
        "Title two\n\nBody two.\n\nFiled under inspection\n"
    )

    result = parse_archive(text, "t.txt")

    assert [(p.title, p.body) for p in result.posts] == [
        ("Title one", "Body one."),
        ("Title two", "Body two."),
    ]
    assert result.warnings == [
        f"t.txt:{line}: read as the description of tag archive 'Ofsted', not as a post"
        for line in (3, second_line)
    ]


@pytest.mark.parametrize(
    "body", ["The inspectors left.", "Body of\ntwo lines", "Leave a comment"]
)
def test_tag_archive_title_ending_in_a_full_stop_is_a_title(body):
    text = f"Tag Archives: x\n\nEnough is enough.\n\n{body}\n\nFiled under y\n"

    [post] = parse_archive(text, "t.txt").posts

    assert post.title == "Enough is enough."


def test_body_paragraph_naming_an_archive_in_a_sentence_stays_text():
    sentence = "Category archives: the council kept them in a basement for years."
    text = f"Tag Archives: x\n\nTitle\n\n{sentence}\n\nFiled under y\n"

    [post] = parse_archive(text, "t.txt").posts

    assert post.body == sentence


@pytest.mark.parametrize(
    "navigation",
    [
        "Newer Post Older Post Home\n\nSubscribe to: Posts (Atom)",
        "Older Posts Home",
        "Newer Posts\nOlder Posts\nHome",
    ],
)
def test_blogger_page_navigation_is_not_a_post(navigation):
    text = (
        "Saturday, 25 March 2017\n\nTitle\n\nBody.\n\n"
        f"Posted by Ray Jones at 10:15 AM\n\n{navigation}\n\n"
        "Friday, 24 March 2017\n\nNext\n\nIts body.\n\n"
        f"Labels: x\n\n{navigation}\n"
    )

    posts = parse_archive(text, "a.txt").posts

    assert [(p.title, [q.text for q in p.paragraphs]) for p in posts] == [
        ("Title", ["Body."]),
        ("Next", ["Its body."]),
    ]


@pytest.mark.parametrize(
    "navigation",
    ["Older posts", "← Older posts", "« Older Entries\n\nNewer Entries »"],
)
def test_tag_archive_page_navigation_is_not_a_post(navigation):
    text = (
        "Tag Archives: x\n\nTitle\n\nBody.\n\nFiled under y\n\n"
        f"{navigation}\n\nTag Archives: x\n\nNext\n\nIts body.\n\n"
        f"Filed under z\n\n{navigation}\n"
    )

    result = parse_archive(text, "t.txt")

    assert [(p.title, p.tags, p.body) for p in result.posts] == [
        ("Title", ["x", "y"], "Body."),
        ("Next", ["x", "z"], "Its body."),
    ]
    assert [p.warnings for p in result.posts] == [[], []]


@pytest.mark.parametrize(
    "buttons",
    [
        "Share this:\nTwitter\nFacebook\n\nLike this:\nLike Loading...",
        "Share this:\n\n  * Click to share on Twitter (Opens in new window)\n"
        "  * Click to share on Facebook (Opens in new window)",
        "Like this:\n\nLike Loading...",
    ],
)
def test_wordpress_share_and_like_buttons_are_not_body_text(buttons):
    text = (
        f"Tag Archives: x\n\nTitle\n\nBody.\n\n{buttons}\n\nFiled under y\n\n"
        f"Next\n\nIts body.\n\n{buttons}\n\nLeave a comment\n"
    )

    result = parse_archive(text, "t.txt")

    assert [(p.title, p.tags, p.body) for p in result.posts] == [
        ("Title", ["x", "y"], "Body."),
        ("Next", ["x"], "Its body."),
    ]


BLOGGER_SHARE_BUTTONS = [
    "Email This\nBlogThis!\nShare to Twitter\nShare to Facebook\nShare to Pinterest",
    "Email ThisBlogThis!Share to TwitterShare to FacebookShare to Pinterest",
]
BLOGGER_ONE_LINE_FOOTERS = [
    "Posted by Ray Jones at 10:15 AM 2 comments:",
    "Posted by Ray Jones at 10:15 AM No comments: "
    "Email ThisBlogThis!Share to TwitterShare to FacebookShare to Pinterest",
    "Posted by Ray Jones at 10:15 1 comment:",
]


@pytest.mark.parametrize(
    ("first_footer", "second_footer"),
    [
        # Share buttons, a button a line or run together, and Post a Comment.
        *(
            (
                f"Posted by Ray Jones at 10:15 AM\n\n{buttons}",
                f"{buttons}\n\nPost a Comment",
            )
            for buttons in BLOGGER_SHARE_BUTTONS
        ),
        # The footer's first row as a browser copies it, on one line.
        *((footer, footer) for footer in BLOGGER_ONE_LINE_FOOTERS),
    ],
)
def test_blogger_footer_lines_are_metadata(first_footer, second_footer):
    text = (
        "Saturday, 25 March 2017\n\nTitle\n\nBody.\n\n"
        f"{first_footer}\n\nLabels: y\n\nNext\n\nIts body.\n\n{second_footer}\n"
    )

    posts = parse_archive(text, "a.txt").posts

    assert [(p.title, p.tags, p.body) for p in posts] == [
        ("Title", ["y"], "Body."),
        ("Next", [], "Its body."),
    ]


@pytest.mark.parametrize(
    "paragraph",
    [
        # Shaped like share buttons or a theme's footer sentence up to the
        # last word: the patterns could split such text a great many ways,
        # and once took minutes to find it is neither.
        "Like this:\n" + "Like Loading... Like Email Print " * 200 + "and so on?",
        "This entry was posted in" + " a and tagged b on 2017 by x" * 200,
        "Tags: " + "a, b " * 1000 + "and so it ends here.",
        "Categories: a\nTags: " + "Tags: a, " * 600 + "and that is all I can say.",
        "Tags: a\n" + "Posted in a | Tagged b | " * 200 + "the end.",
        "This entry was posted on March 4, 2017 at 10:15 and is filed under "
        + "a. You can follow any responses to this entry through the RSS 2.0 feed" * 70
        + " ok.",
    ],
)
def test_long_paragraph_that_starts_like_metadata_is_text(paragraph):
    text = f"Tag Archives: x\n\nTitle\n\n{paragraph}\n\nFiled under y\n"

    [post] = parse_archive(text, "t.txt").posts

    assert [p.lines for p in post.paragraphs] == [paragraph.split("\n")]


@pytest.mark.parametrize(
    "link",
    [
        "Read more »",
        "Continue reading →",
        "Continue reading “Title”",
        "Read the rest of this entry »",
    ],
)
def test_link_to_the_rest_of_a_post_is_not_body_text(link):
    tagged = f"Tag Archives: x\n\nTitle\n\nBody.\n\n{link}\n\nFiled under y\n"
    dated = (
        f"Saturday, 25 March 2017\n\nTitle\n\nBody.\n\n{link}\n\n"
        "Posted by Ray Jones at 10:15 AM\n\nLabels: y\n"
    )

    for text in (tagged, dated):
        [post] = parse_archive(text, "a.txt").posts
        assert (post.title, post.body, post.tags[-1]) == ("Title", "Body.", "y")


def test_read_more_followed_by_more_body_is_text():
    text = (
        "Tag Archives: x\n\nTitle\n\nBody.\n\nRead more\n\n"
        "about it in the council's minutes.\n\nFiled under y\n"
    )

    [post] = parse_archive(text, "t.txt").posts

    assert post.body == "Body.\n\nRead more\n\nabout it in the council's minutes."


def test_share_heading_followed_by_more_body_is_text():
    text = (
        "Tag Archives: x\n\nTitle\n\nBody.\n\nLike this:\n\n"
        "a paragraph that goes on, as a body does.\n\nFiled under y\n"
    )

    [post] = parse_archive(text, "t.txt").posts

    assert [p.text for p in post.paragraphs] == [
        "Body.",
        "Like this:",
        "a paragraph that goes on, as a body does.",
    ]


@pytest.mark.parametrize(
    "footer, tags",
    [
        ("Posted in Fostering | Leave a comment", ["x", "Fostering"]),
        # Kubrick, WordPress's old default theme, ends its comment link in »:
        ("Posted in Fostering | Edit | No Comments »", ["x", "Fostering"]),
        ("Posted in Fostering | 2 Comments »", ["x", "Fostering"]),
        # and prints the post's tags above that row:
        (
            "Tags: carers, recruitment\nPosted in Fostering | Edit | No Comments »",
            ["x", "carers", "recruitment", "Fostering"],
        ),
        (
            "Tags: carers, recruitment\n\nPosted in Fostering | Edit | 2 Comments »",
            ["x", "carers", "recruitment", "Fostering"],
        ),
        (
            "Posted in Fostering, Adoption | Tagged carers, recruitment | 2 Comments",
            ["x", "Fostering", "Adoption", "carers", "recruitment"],
        ),
        (
            "This entry was posted in Fostering and tagged carers, recruitment. "
            "Bookmark the permalink.",
            ["x", "Fostering", "carers", "recruitment"],
        ),
        (
            "This entry was posted in Health and Safety. Bookmark the permalink.",
            ["x", "Health and Safety"],
        ),
        (
            "This entry was posted in Fostering and tagged carers "
            "on March 25, 2017 by Ray Jones.",
            ["x", "Fostering", "carers"],
        ),
    ],
)
def test_wordpress_theme_footer_lines_end_the_post_and_tag_it(footer, tags):
    text = (
        f"Tag Archives: x\n\nTitle\n\nBody.\n\n{footer}\n\n"
        f"Next\n\nIts body.\n\n{footer}\n"
    )

    result = parse_archive(text, "t.txt")

    assert [(p.title, p.tags, p.body) for p in result.posts] == [
        ("Title", tags, "Body."),
        ("Next", tags, "Its body."),
    ]
    assert [p.warnings for p in result.posts] == [[], []]


@pytest.mark.parametrize(
    ("footer", "tags"),
    [
        (
            "Categories: Social work, Policy\n\nTags: carers",
            {"Social work", "Policy", "carers"},
        ),
        (
            "Categories: Social work, Policy\nTags: carers",
            {"Social work", "Policy", "carers"},
        ),
        (
            "Tags: carers\n\nCategories: Social work, Policy",
            {"Social work", "Policy", "carers"},
        ),
        (
            "Categories: Social work, Policy\n\nLeave a comment\n\nTags: carers.",
            {"Social work", "Policy", "carers"},
        ),
        ("Categories: Social work, Policy", {"Social work", "Policy"}),
        ("Tags: carers", {"carers"}),
    ],
)
def test_categories_and_tags_lines_end_the_post_and_tag_it(footer, tags):
    text = (
        f"Tag Archives: x\n\nTitle\n\nBody.\n\n{footer}\n\n"
        f"Next\n\nIts body.\n\n2 Comments\n\n{footer}\n"
    )

    result = parse_archive(text, "t.txt")

    tags = {"x", *tags}
    assert [(p.title, set(p.tags), p.body) for p in result.posts] == [
        ("Title", tags, "Body."),
        ("Next", tags, "Its body."),
    ]
    assert [p.warnings for p in result.posts] == [[], []]


def test_title_shaped_like_a_tags_line_is_a_title_when_a_body_follows():
    text = (
        "Tag Archives: x\n\nFirst\n\nBody one.\n\nCategories: y\n\n"
        "Tags: a history\n\nThe first tags were paper.\n\nCategories: z\n"
    )

    first, second = parse_archive(text, "t.txt").posts

    assert (first.title, first.tags, first.body) == ("First", ["x", "y"], "Body one.")
    assert (second.title, second.tags) == ("Tags: a history", ["x", "z"])
    assert second.body == "The first tags were paper."


@pytest.mark.parametrize(
    ("paragraph", "following"),
    [
        # Followed by more of the body:
        ("Tags: none needed", "They never are."),
        # An item longer than a tag:
        ("Tags: a short history of electronic monitoring", "Notes"),
        # The end of a sentence:
        ("Categories: children, families and the people who care.", "Notes"),
    ],
)
def test_body_paragraph_shaped_like_a_tags_line_is_text(paragraph, following):
    text = (
        f"Tag Archives: x\n\nTitle\n\nBody.\n\n{paragraph}\n\n"
        f"{following}\n\nFiled under y\n"
    )

    [post] = parse_archive(text, "t.txt").posts

    assert (post.tags, [p.text for p in post.paragraphs]) == (
        ["x", "y"],
        ["Body.", paragraph, following],
    )


KUBRICK_ENTRY = (
    "This entry was posted on Saturday, March 25th, 2017 at 10:15 am and is "
    "filed under Social work, Policy. You can follow any responses to this "
    "entry through the RSS 2.0 feed. "
)


@pytest.mark.parametrize(
    "responses",
    [
        "You can leave a response, or trackback from your own site.",
        "Responses are currently closed, but you can trackback from your own site.",
        "You can skip to the end and leave a response. Pinging is currently not "
        "allowed.",
        "Both comments and pings are currently closed. Edit this entry.",
    ],
)
def test_kubrick_entry_sentence_ends_the_post_dates_and_tags_it(responses):
    text = (
        f"Tag Archives: x\n\nTitle\n\nBody.\n\n{KUBRICK_ENTRY}{responses}\n\n"
        f"Next\n\nIts body.\n\nTags: carers\n{KUBRICK_ENTRY}{responses}\n"
    )

    result = parse_archive(text, "t.txt")

    day = date(2017, 3, 25)
    assert [(p.title, p.published, p.tags, p.body) for p in result.posts] == [
        ("Title", day, ["x", "Social work", "Policy"], "Body."),
        ("Next", day, ["x", "carers", "Social work", "Policy"], "Its body."),
    ]
    assert [p.warnings for p in result.posts] == [[], []]


def test_date_under_the_title_is_kept_over_kubricks_entry_sentence():
    text = (
        "Tag Archives: x\n\nTitle\n\nMarch 4, 2017\n\nBody.\n\n"
        f"{KUBRICK_ENTRY}You can leave a response, or trackback from your own site.\n"
    )

    [post] = parse_archive(text, "t.txt").posts

    assert (post.published, post.body) == (date(2017, 3, 4), "Body.")


def test_kubrick_entry_sentence_going_on_as_prose_is_text():
    paragraph = f"{KUBRICK_ENTRY}Then I changed my mind."
    text = f"Tag Archives: x\n\nTitle\n\nBody.\n\n{paragraph}\n\nFiled under y\n"

    [post] = parse_archive(text, "t.txt").posts

    assert post.published is None
    assert [p.text for p in post.paragraphs] == ["Body.", paragraph]


def test_posted_on_line_above_the_title_dates_the_post():
    text = (
        "Tag Archives: x\n\nPosted on March 4, 2017 by Ray Jones\n\nTitle\n\n"
        "Body.\n\nFiled under y\n\nPosted on a Friday\n\nIts body.\n"
    )

    first, second = parse_archive(text, "t.txt").posts

    assert (first.title, first.published, first.body) == (
        "Title",
        date(2017, 3, 4),
        "Body.",
    )
    assert (second.title, second.published) == ("Posted on a Friday", None)


def test_body_paragraph_saying_posted_in_is_text():
    text = (
        "Tag Archives: x\n\nTitle\n\n"
        "This entry was posted in haste and will be revised soon, I hope.\n\n"
        "Posted in 2010 | the report went unread for years.\n\nFiled under y\n"
    )

    [post] = parse_archive(text, "t.txt").posts

    assert [p.text for p in post.paragraphs] == [
        "This entry was posted in haste and will be revised soon, I hope.",
        "Posted in 2010 | the report went unread for years.",
    ]


@pytest.mark.parametrize(
    "glued",
    [
        # The blank line above the day line lost, or the ones around it.
        "Body one.\nFriday 24 March 2017\n\nSecond title\n\nBody two.\n",
        "Body one.\nFriday 24 March 2017\nSecond title\n\nBody two.\n",
    ],
)
def test_day_line_glued_to_the_paragraph_above_starts_a_day(glued):
    text = f"Saturday 25 March 2017\n\nFirst title\n\n{glued}"

    posts = parse_archive(text, "a.txt").posts

    assert [(p.title, p.published, p.body) for p in posts] == [
        ("First title", date(2017, 3, 25), "Body one."),
        ("Second title", date(2017, 3, 24), "Body two."),
    ]


def test_date_ending_a_paragraph_with_no_title_after_it_is_body_text():
    # A letter quoted in a post, signed and dated.
    text = (
        "Saturday 25 March 2017\n\nA letter\n\nDear Sir, we write to you.\n"
        "Yours, the council\nMonday 6 March 2017\n\nWe never replied.\n"
    )

    [post] = parse_archive(text, "a.txt").posts

    assert (post.title, post.published) == ("A letter", date(2017, 3, 25))
    assert [p.lines for p in post.paragraphs] == [
        ["Dear Sir, we write to you.", "Yours, the council", "Monday 6 March 2017"],
        ["We never replied."],
    ]


BLOGGER_SIDEBARS = [
    # The archive tree as a browser copies it, a line each, an open month
    # listing its posts' titles; the profile gadget; the page's last line.
    "Blog Archive\n\n► 2018 (3)\n▼ 2017 (12)\n▼ March (4)\nTitle\n► February (8)\n\n"
    "About Me\n\nRay Jones\n\nProfessor of social work.\n\nView my complete profile\n\n"
    "Simple theme. Powered by Blogger.\n",
    # As w3m indents it, with a flat list of months and a gadget of links.
    "Followers\n\nBlog Archive\n   March 2017 (4)\n   February 2017 (8)\n\n"
    "Links\n\nBASW\n\nCommunity Care\n",
    # The profile gadget first, its heading, name and words a line each.
    "About Me\nRay Jones\nView my complete profile\n\nBlog Archive\n\n  ► 2017 (12)\n",
    # No sidebar, only the page's footer.
    "© Ray Jones 2017\n\nPowered by Blogger.\n",
]


@pytest.mark.parametrize("sidebar", BLOGGER_SIDEBARS)
def test_blogger_sidebar_below_the_last_post_is_not_a_post(sidebar):
    text = (
        "Saturday 25 March 2017\n\nTitle\n\nBody.\n\n"
        "Posted by Ray Jones at 10:15 AM\n\nLabels: y\n\n"
        f"Newer Post Older Post Home\n\n{sidebar}"
    )

    result = parse_archive(text, "a.txt")

    [post] = result.posts
    assert (post.title, post.tags, post.body) == ("Title", ["y"], "Body.")
    [warning] = [w for w in result.warnings if "sidebar" in w]
    assert warning.startswith("a.txt:13: ")
    assert warning.endswith(
        "from here to the next day line read as the blog's sidebar or page "
        "footer, not imported"
    )


def test_blog_header_of_the_next_saved_page_is_page_furniture():
    # Pages saved one below the other: the sidebar of the first, then the
    # blog's name and description above the second page's first day.
    text = (
        "Saturday 25 March 2017\n\nTitle\n\nBody.\n\n"
        "Posted by Ray Jones at 10:15 AM\n\n"
        f"{BLOGGER_SIDEBARS[0]}\n"
        "Ray Jones's blog\n\nThoughts on social work\n\n"
        "Friday 24 March 2017\n\nNext\n\nIts body.\n"
    )

    posts = parse_archive(text, "a.txt").posts

    assert [(p.title, p.published, p.body) for p in posts] == [
        ("Title", date(2017, 3, 25), "Body."),
        ("Next", date(2017, 3, 24), "Its body."),
    ]


@pytest.mark.parametrize(
    "paragraph",
    [
        "Our new site is powered by Blogger.",
        "Since 2009 this blog has been Powered by Blogger.",
        "► 2017 (12) was the year the council's budget fell.",
        "► " + "2017 (12) " * 500 + "and so on.",
        "Blog Archive\n" + "March 2017 (4) " * 300 + "and more.",
    ],
)
def test_text_that_reads_like_blogger_sidebar_is_text(paragraph):
    text = (
        "Saturday 25 March 2017\n\nTitle\n\nBody.\n\n"
        f"{paragraph}\n\nThe body goes on.\n"
    )

    [post] = parse_archive(text, "a.txt").posts

    assert [p.lines for p in post.paragraphs] == [
        ["Body."],
        paragraph.split("\n"),
        ["The body goes on."],
    ]


@pytest.mark.parametrize(
    "byline",
    [
        "Posted by Ray Jones",
        "Posted by Ray Jones\nat 10:15 AM",
        "Posted by\nRay Jones\nat 10:15 AM",
        "Posted by Ray Jones\n\nat 10:15 AM",
    ],
)
@pytest.mark.parametrize("after", ["", "2 comments:\n\nLabels: y\n\n"])
def test_blogger_byline_without_its_time_or_with_it_apart_ends_its_post(byline, after):
    text = (
        f"Saturday 25 March 2017\n\nTitle\n\nBody.\n\n{byline}\n\n{after}"
        f"Next\n\nIts body.\n\n{byline}\n"
    )

    first, second = parse_archive(text, "a.txt").posts

    # The Labels line below the byline is read as the footer's, too.
    tags = ["y"] if after else []
    assert (first.title, first.body, first.tags) == ("Title", "Body.", tags)
    assert (second.title, second.body) == ("Next", "Its body.")


def test_title_shaped_like_a_byline_without_a_time_is_a_title():
    text = (
        "Saturday 25 March 2017\n\nTitle\n\nBody.\n\n"
        "Posted by mistake\n\nI sent the letter to the wrong council.\n"
    )

    first, second = parse_archive(text, "a.txt").posts

    assert first.body == "Body."
    assert (second.title, second.line, second.body) == (
        "Posted by mistake",
        7,
        "I sent the letter to the wrong council.",
    )


@pytest.mark.parametrize(
    "paragraph",
    [
        "Posted by Ray Jones\n" + "at 10:15 and at " * 300 + "noon, again.",
        "Posted by\n" + "Ray Jones at 10:15 " * 300 + "and more.",
    ],
)
def test_long_paragraph_that_starts_like_a_blogger_byline_is_text(paragraph):
    text = f"Saturday 25 March 2017\n\nTitle\n\nBody.\n\n{paragraph}\n"

    [post] = parse_archive(text, "a.txt").posts

    assert [p.lines for p in post.paragraphs] == [["Body."], paragraph.split("\n")]


def test_blogger_home_link_of_its_own_below_the_page_links_is_not_body():
    page_links = [
        "Older Posts\n\nHome",
        "Newer Post\n\nOlder Post\n\nHome\n\nSubscribe to: Posts (Atom)",
    ]
    for links in page_links:
        # The word alone, with no page link above it, is text.
        text = f"Saturday 25 March 2017\n\nTitle\n\nBody.\n\nHome\n\n{links}\n"
        [post] = parse_archive(text, "a.txt").posts
        assert (post.title, post.body) == ("Title", "Body.\n\nHome")


# Jetpack's "Share this:" heading as a browser copies it: the buttons in a
# paragraph of their own below it, a name a line or run together on one.
JETPACK_SHARE_NAMES = [
    "Share this:\n\nTwitter\nFacebook",
    "Share this:\n\nTwitter Facebook Email Print",
    "Share this:\n\nTwitter\n\nFacebook\n\nMore",
    "Share this:\n\n  * Twitter\n  * Facebook\n  * LinkedIn",
    "Share this:\n\nClick to share on Twitter (Opens in new window)\n"
    "Click to share on Facebook (Opens in new window)",
    "Share this:\n\nTwitter\nFacebook\n\nLike this:\n\nLike Loading...",
]


@pytest.mark.parametrize("buttons", JETPACK_SHARE_NAMES)
def test_share_buttons_below_their_heading_are_not_body_text(buttons):
    text = (
        f"Tag Archives: x\n\nTitle\n\nBody.\n\n{buttons}\n\nFiled under y\n\n"
        f"Next\n\nIts body.\n\n{buttons}\n\nLeave a comment\n\nFiled under z\n\n"
        f"Last\n\nIts own body.\n\n{buttons}\n\nLeave a comment\n"
    )

    result = parse_archive(text, "t.txt")

    assert [(p.title, p.tags, p.body) for p in result.posts] == [
        ("Title", ["x", "y"], "Body."),
        ("Next", ["x", "z"], "Its body."),
        ("Last", ["x"], "Its own body."),
    ]


@pytest.mark.parametrize("buttons", JETPACK_SHARE_NAMES)
def test_share_buttons_after_a_post_footer_start_no_post(buttons):
    # Some themes print Jetpack's blocks below the `Filed under` line.
    text = (
        "Tag Archives: x\n\nTitle\n\nBody.\n\nFiled under y\n\n"
        f"{buttons}\n\nNext\n\nIts body.\n\nFiled under z\n"
    )

    posts = parse_archive(text, "t.txt").posts

    assert [(p.title, p.tags, p.body) for p in posts] == [
        ("Title", ["x", "y"], "Body."),
        ("Next", ["x", "z"], "Its body."),
    ]


@pytest.mark.parametrize(
    "paragraphs",
    [
        # Button names followed by more of the body are text, as the heading is.
        ["Share this:", "Twitter\nFacebook", "were where the minister answered."],
        ["Like this:", "Twitter Facebook Email Print", "and so on, as a body goes."],
        # Names with no share heading above them are text, also right before
        # the footer; so is a paragraph that merely mentions them.
        ["Twitter\nFacebook"],
        ["Body.", "Twitter Facebook Email Print"],
        ["Share this:", "Twitter and Facebook both refused to comment."],
        ["Twitter", "Facebook"],
    ],
)
def test_share_button_names_that_can_be_text_stay_text(paragraphs):
    body = "\n\n".join(paragraphs)
    text = f"Tag Archives: x\n\nTitle\n\n{body}\n\nFiled under y\n"

    [post] = parse_archive(text, "t.txt").posts

    assert (post.title, post.tags) == ("Title", ["x", "y"])
    assert [p.lines for p in post.paragraphs] == [p.split("\n") for p in paragraphs]


def test_long_paragraph_of_share_button_names_is_text():
    # Shaped like button names up to its last word, 100,000 characters long.
    names = "Twitter Facebook Email Print More " * 3000
    text = (
        f"Tag Archives: x\n\nTitle\n\nShare this:\n\n{names}and so on.\n\n"
        "Filed under y\n"
    )

    [post] = parse_archive(text, "t.txt").posts

    assert [p.text for p in post.paragraphs] == ["Share this:", f"{names}and so on."]


# Jetpack's "Related" block as a browser copies it: the heading, then up to
# three posts, each its title, maybe its date and its context ("In …",
# "Similar post", "With 2 comments"), a paragraph each or a line each.
JETPACK_RELATED = [
    'Related\n\nTitle of another post\nMarch 4, 2010\nIn "children\'s social work"',
    "Related\n\nOne post\nMarch 4, 2010\nIn “fostering”\n\n"
    "Another post\nApril 1, 2011\nSimilar post\n\n"
    "A third post\n4 May 2012\nWith 2 comments",
    "Related\nOne post\nIn “fostering”\nAnother post\nSimilar post",
    "Related\n\nOne post\n\nMarch 4, 2010\n\nIn “fostering”",
    "Related\n\nOne post\nMarch 4, 2010\n\nAnother post\nApril 1, 2011",
]
JETPACK_BLOCKS = "Share this:\n\nTwitter\nFacebook\n\nLike this:\n\nLike Loading...\n\n"


@pytest.mark.parametrize("related", JETPACK_RELATED)
@pytest.mark.parametrize("above", ["", JETPACK_BLOCKS])
def test_jetpack_related_posts_before_a_post_footer_are_not_body_text(above, related):
    text = (
        f"Tag Archives: x\n\nTitle\n\nBody.\n\n{above}{related}\n\n"
        f"Leave a comment\n\nFiled under y\n\n"
        f"Next\n\nIts body.\n\n{above}{related}\n\nFiled under z\n\n"
        f"Last\n\nIts own body.\n\n{above}{related}\n\n2 Comments\n"
    )

    result = parse_archive(text, "t.txt")

    assert [(p.title, p.tags, p.body) for p in result.posts] == [
        ("Title", ["x", "y"], "Body."),
        ("Next", ["x", "z"], "Its body."),
        ("Last", ["x"], "Its own body."),
    ]


@pytest.mark.parametrize("related", [*JETPACK_RELATED, "Related"])
def test_jetpack_related_posts_below_share_buttons_are_not_body_text(related):
    # Right below the share and like buttons, also with no footer after it
    # (the next post's title), and the heading alone (its posts not loaded).
    text = (
        f"Tag Archives: x\n\nTitle\n\nBody.\n\n{JETPACK_BLOCKS}{related}\n\n"
        f"Filed under y\n\nNext\n\nIts body.\n\n{JETPACK_BLOCKS}{related}\n\n"
        "Last\n\nIts own body.\n\nFiled under z\n"
    )

    result = parse_archive(text, "t.txt")

    assert [(p.title, p.tags, p.body) for p in result.posts] == [
        ("Title", ["x", "y"], "Body."),
        ("Next", ["x"], "Its body."),
        ("Last", ["x", "z"], "Its own body."),
    ]


@pytest.mark.parametrize(
    "paragraphs",
    [
        # A "Related" heading in prose, followed by more of the body.
        ["Related", "Two reports came out this week.", "Both say the same."],
        ["Related\nThe first report\nMarch 4, 2010", "and what followed it."],
        # Shaped like the block, followed by more of the body.
        [JETPACK_RELATED[0], "The minister did not answer."],
        # Right before the footer, a heading alone or with lines that are no
        # posts of the block (no date or context under a title) is text.
        ["Body.", "Related"],
        ["Body.", "Related\nA matter we come back to"],
        ["Body.", "Related\n\nOne post\nIn the news this week"],
        # Four posts are more than the block shows.
        ["Body.", "Related\n" + "A post\nSimilar post\n" * 4],
    ],
)
def test_related_shaped_text_that_can_be_body_stays_text(paragraphs):
    body = "\n\n".join(paragraphs)
    text = f"Tag Archives: x\n\nTitle\n\n{body}\n\nFiled under y\n"

    [post] = parse_archive(text, "t.txt").posts

    assert (post.title, post.tags) == ("Title", ["x", "y"])
    assert [p.lines for p in post.paragraphs] == [
        p.strip("\n").split("\n") for p in body.split("\n\n")
    ]


def test_long_paragraph_under_a_related_heading_is_text():
    # Shaped like related posts up to its last line, 100,000 characters long.
    entries = "A post\nMarch 4, 2010\nIn “fostering”\n" * 2800
    text = (
        f"Tag Archives: x\n\nTitle\n\nBody.\n\nRelated\n{entries}and so on.\n\n"
        "Filed under y\n"
    )

    [post] = parse_archive(text, "t.txt").posts

    assert post.body.startswith("Body.\n\nRelated\\\nA post\\\n")
