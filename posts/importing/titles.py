"""What a title looks like: a short line that does not end like a sentence.

Both kinds of archive tell titles from text by these rules (is_title in
posts.importing.dated_archive, title_shaped in posts.importing.tag_archive),
no metadata line is longer than a title, and a post without a title gets one
made of its first words (untitled_title).
"""

# A title is a short line that does not read like part of a sentence.
TITLE_MAX_CHARS = 150
TITLE_MAX_WORDS = 30
ELLIPSES = ("…", "...", "….")
# With the full-width stops and commas of Chinese and Japanese text, whose
# titles have no capitals to tell them from a sentence.
SENTENCE_ENDINGS = (".", ",", ":", ";", "。", "．", "，", "、", "：", "；")
CLOSING_MARKS = "\"'”’»)]」』）"
# A line ending in one of these words, written in lower case, breaks off
# mid-sentence ("Answers please to"), which no title does. Words a title can
# end in are left out: "Moving on", "We failed her", "Doctor Who", "Imagine
# that"; and a title's capital ("Plan A") is no dangling word.
DANGLING_WORDS = frozenset(
    "a an the and or but nor to of at for from with into onto than "
    "whose my your our their its".split()
)

UNTITLED_WORDS = 8


def ends_like_sentence(text):
    """Whether `text` ends as a sentence or a clause does: a full stop, comma,
    colon or semicolon (but not an ellipsis), or a dangling "to"/"and"…"""
    ending = text.rstrip(CLOSING_MARKS)
    if ending.endswith(SENTENCE_ENDINGS) and not ending.endswith(ELLIPSES):
        return True
    # Only the last word counts: a long line is not split whole.
    words = text.rsplit(maxsplit=1)
    return bool(words) and words[-1].strip(CLOSING_MARKS) in DANGLING_WORDS


def untitled_title(body):
    """The first words of the body, at most as long as a title may be (a word
    may be a long web address)."""
    words = body[0].text.split() if body else []
    title = " ".join(words[:UNTITLED_WORDS])
    if len(words) <= UNTITLED_WORDS and len(title) <= TITLE_MAX_CHARS:
        return title or "Untitled"
    return title[: TITLE_MAX_CHARS - 1].rstrip(".,:;–- ") + "…"
