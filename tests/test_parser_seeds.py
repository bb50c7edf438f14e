"""The parser reads every post of the real seed archives faithfully."""

from datetime import date
from pathlib import Path

import pytest

from posts.importing.parser import read_archives

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
CSW = ["children's social work"]

# (file prefix, title line, date, title, body starts, body ends, last body line, tags)
SEED_POSTS = [
    ("000", 3, date(2017, 3, 25), "No good options?",
     "Although it contains few", "authority, compliance and blame.", 31, []),
    ("000", 33, date(2017, 3, 25),
     "Administrative Support for Child Protection Social Work",
     "In the 1970s and 1980s", "Programme Evaluation Report no. 23", 57, []),
    ("000", 61, date(2017, 3, 18), "Corbyn on Mandatory Reporting of Child Abuse",
     "I was sorry to hear", "when things go wrong some easy targets.", 78, []),
    ("000", 80, date(2017, 3, 18), "Pay - how to dissatisfy child protection workers",
     "Pay is what Herzberg called", "it's not rocket science.", 95, []),
    ("000", 99, date(2017, 3, 17), "Stop blaming, start learning",
     "You don’t need to go much further", "stop blaming, start learning.", 113, []),
    ("000", 117, date(2017, 3, 9), "Mandatory Reporting in New South Wales",
     "I am currently in Australia.", "would be a reckless step.", 128, []),
    ("000", 132, date(2017, 3, 6), "Ending the blame game",
     "I liked the post on the Association", "rewarded for doing so.", 141, []),
    ("000", 145, date(2017, 3, 4), "OK, so more needs saying …",
     "I was so relieved that the Government", "or unnecessary practices.", 159, []),
    ("000", 163, date(2017, 3, 2), "Say no more ….",
     "There’s no need for extended comment", "It’s simply very good news.", 167, []),
    ("000", 169, date(2017, 3, 2),
     "The Government’s proposals for children’s social worker accreditation – "
     "a good idea, but horribly flawed in the making",
     "The Government is consulting", "seems to be currently ignoring.", 209, []),
    ("001", 3, date(2016, 12, 23), "Bye, Bye Sir Michael, Bye, Bye!",
     "I found it striking", "should be left far behind.", 9, []),
    ("001", 13, date(2016, 12, 20), "Need, not innovation, should be the focus",
     "The list of local authorities", "needs, not to pet projects.", 19, []),
    ("001", 23, date(2016, 12, 17), "Bottom Up",
     "While I agree with the report", "it needs to be bottom-up.", 37, []),
    ("001", 41, date(2016, 12, 12),
     "The Health and Care Professions Council – have we lost our senses?",
     "A recent decision of the Health", "in difficult circumstances.", 53, []),
    ("001", 57, date(2016, 12, 7),
     "The Innovation Clause: bad news, rumours of its death are an exaggeration!",
     "I spoke to soon.", "quick out-sourcing merchants.", 65, []),
    ("002", 4, date(2014, 4, 17), "I’m not really surprised to hear, as reported…",
     "I’m not really surprised to hear", "how to deliver and improve services.",
     11, []),
    ("002", 15, date(2014, 4, 15), "Mandatory Reporting - the wrong approach",
     "I am sorry to see that those", "defensive practice, not safer children.",
     23, []),
    ("002", 25, date(2014, 4, 15), "Stepping up but not staying in?",
     "I was interested to see", "King’s College, London", 39, []),
    ("002", 43, date(2014, 4, 9), "Learning Organisations",
     "There’s an account of an excellent", "Manufactures and Commerce", 59, []),
    ("002", 63, date(2014, 4, 8),
     "Is it any wonder that child protection social work in England is not a "
     "developing profession?",
     "Professionals usually undertake", "will be the ultimate losers.", 84, []),
    ("002", 86, date(2014, 4, 8), "Ofsted – and the TIWPIR problem",
     "I’m becoming an Ofsted bore.", "“This Is Wrong, Put It Right!”", 110, []),
    ("002", 114, date(2014, 4, 2), "Pressure of Work",
     "The NSPCC’s report on twenty", "more likely to make mistakes.", 128, []),
    ("004", 3, None, "Yet another review of child protection coming",
     "Child protection still isn’t working", "anything be put in its place?", 25, CSW),
    ("004", 31, None, "Gaps in coalition plans for children and families",
     "The coalition government has outlined", "will be successful or not.", 51,
     [*CSW, "social care"]),
    ("004", 57, None, "Baby P effect sustained",
     "For about a year now", "or can, is another matter.", 79,
     [*CSW, "Social care funding"]),
    ("004", 85, None, "Recruitment drive paying off for social services",
     "This will be music to the ears", "sector in the next few years.", 101, CSW),
    ("004", 107, None, "Children’s social services: impressive despite circumstances",
     "It’s official: Council-run", "in the vast majority of cases.", 127, CSW),
    ("004", 133, None, "Big week for social care",
     "For those of us involved", "the reaction to it elsewhere.", 147,
     [*CSW, "adult social care", "social work training"]),
    ("004", 153, None, "Social workers leave due to ‘Baby P effect’",
     "In possibly one of the least surprising", "can – gradually – be restored.", 171,
     CSW),
]  # fmt: skip


@pytest.fixture(scope="module")
def seed_posts():
    result = read_archives([SEEDS])
    assert result.errors == []
    return {(Path(p.source).name[:3], p.line): p for p in result.posts}


def test_seed_archives_hold_29_distinct_posts(seed_posts):
    assert len(seed_posts) == 29
    assert sorted(seed_posts) == sorted((row[0], row[1]) for row in SEED_POSTS)


@pytest.mark.parametrize(
    ("prefix", "line", "published", "title", "starts", "ends", "last_line", "tags"),
    SEED_POSTS,
    ids=[row[3][:40] for row in SEED_POSTS],
)
def test_seed_post_is_read_with_its_title_date_tags_and_body(
    seed_posts, prefix, line, published, title, starts, ends, last_line, tags
):
    post = seed_posts[prefix, line]

    assert post.title == title
    assert post.published == published
    assert post.tags == tags
    assert post.paragraphs[0].text.startswith(starts)
    assert post.paragraphs[-1].text.endswith(ends)
    last = post.paragraphs[-1]
    assert last.line + len(last.lines) - 1 == last_line


def test_post_repeated_in_another_file_is_one_post_listing_the_copy(seed_posts):
    post = seed_posts["000", 3]

    assert [Path(d).name for d in post.duplicates] == ["003_fba27c2907f99be3.txt:3"]


def test_untitled_post_gets_a_title_from_its_first_words(seed_posts):
    post = seed_posts["002", 4]

    assert post.title_generated
    assert any("no title" in warning for warning in post.warnings)
    assert not any(
        p.title_generated for key, p in seed_posts.items() if key != ("002", 4)
    )


@pytest.mark.parametrize(
    "line_text",
    [
        "Notes",
        "Dear Mr Mills,",
        "Answers please to",
        "There’s no need for extended comment on the Government’s reported",
        "It’s simply very good news.",
        "If you want to see the whole Freedom of Information Act response go to:",
        "[2] Royal Society for the Encouragement of Arts, Manufactures and Commerce",
    ],
)
def test_short_body_lines_stay_in_the_body(seed_posts, line_text):
    holders = [
        post
        for post in seed_posts.values()
        if any(p.text.startswith(line_text) for p in post.paragraphs)
    ]

    assert len(holders) == 1
    assert not any(post.title.startswith(line_text) for post in seed_posts.values())


def test_tag_archive_metadata_lines_are_not_body(seed_posts):
    for (prefix, _line), post in seed_posts.items():
        if prefix != "004":
            continue
        texts = [p.text for p in post.paragraphs]
        assert not any(t.startswith("Filed under") for t in texts), post.title
        assert not any(t in ("Leave a comment", "2 Comments") for t in texts)
