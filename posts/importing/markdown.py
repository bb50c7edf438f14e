"""Turn the plain text of an archived post into Markdown that renders it exactly.

Each source paragraph becomes a Markdown paragraph; lines that followed each
other without a blank line keep their line break (a CommonMark hard break);
lines starting with a bullet (•, ◦, ▪) become list items. Every character that
CommonMark would read as markup is escaped, so what a reader sees is the text
of the archive, never a stray heading, list, link or HTML tag.
"""

import re

BULLET = re.compile(r"^\s*[•◦▪‣]\s*")
# Inline characters that can start emphasis, code, HTML or an autolink.
INLINE_MARKUP = re.compile(r"([\\`*_<])")
# `]` directly followed by `(`, `[` or `:` would close a link or a definition.
LINK_CLOSER = re.compile(r"\](?=[(\[:])")
ENTITY = re.compile(r"&(?=#?\w+;)")
# Block markup recognised at the start of a line: ATX headings, block quotes,
# list markers, code fences, thematic breaks and setext underlines.
LINE_START_MARKUP = re.compile(r"^(#|>|~|[-+=]|\d+(?=[.)]))")
# Most lines need no escaping at all: one search rules that out quickly.
MIGHT_NEED_ESCAPING = re.compile(r"[\\`*_<\]&]|^[#>~\-+=\d]")


def escape_line(line):
    """Escape one line of text so that CommonMark renders it as written."""
    text = line.strip()
    if not MIGHT_NEED_ESCAPING.search(text):
        return text
    text = INLINE_MARKUP.sub(r"\\\1", text)
    text = LINK_CLOSER.sub(r"\\]", text)
    text = ENTITY.sub(r"\\&", text)
    match = LINE_START_MARKUP.match(text)
    if match and match.group(1)[0].isdigit():
        # "2014. A year" would start an ordered list: escape the delimiter.
        digits = match.group(1)
        return digits + "\\" + text[len(digits) :]
    if match:
        return "\\" + text
    return text


def paragraph_to_markdown(lines):
    """One source paragraph: plain lines with hard breaks, bullets as a list."""
    chunks = []
    text_lines = []
    for line in lines:
        bullet = BULLET.match(line)
        if bullet:
            if text_lines:
                chunks.append("\\\n".join(text_lines))
                text_lines = []
            chunks.append("- " + escape_line(line[bullet.end() :]))
        else:
            text_lines.append(escape_line(line))
    if text_lines:
        chunks.append("\\\n".join(text_lines))
    return _join_chunks(chunks)


def _join_chunks(chunks):
    """Consecutive list items stay one list; anything else is its own block."""
    out = []
    for chunk in chunks:
        if out and not (chunk.startswith("- ") and out[-1].startswith("- ")):
            out.append("\n")
        out.append(chunk + "\n")
    return "".join(out).rstrip("\n")


def to_markdown(paragraphs):
    """The Markdown body for a post made of paragraphs (lists of lines)."""
    return "\n\n".join(paragraph_to_markdown(lines) for lines in paragraphs)
