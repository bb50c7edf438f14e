"""Turn the plain text of an archived post into Markdown that renders it exactly.

Each source paragraph becomes a Markdown paragraph; lines that followed each
other without a blank line keep their line break (a CommonMark hard break);
lines starting with a bullet (•, ◦, ▪) become list items. Every character that
CommonMark would read as markup is escaped, so what a reader sees is the text
of the archive, never a stray heading, list, link or HTML tag.
"""

import re

from linkify_it import LinkifyIt

# The bullets of lists typed as text (the parser reads them too).
BULLETS = "•◦▪‣"
BULLET = re.compile(rf"^\s*[{BULLETS}]\s*")
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
# Web addresses are found as the renderer's linkify-it finds them. What it
# could match holds `://`, `@` or a host name's dot and letters: looking for
# those first is fast (a pattern that starts with the dot is searched for
# ten times faster than one that starts with the letter before it).
HOST_DOT = re.compile(r"\.(?<=\w\.)[^\W\d_]{2}")
_addresses = LinkifyIt()
# An address that starts with a scheme can be a CommonMark autolink as it is.
AUTOLINK_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]{1,31}:")
NOT_SHOWN_AS_WRITTEN = re.compile(r"%|xn--", re.I)
# CommonMark lets any of these be escaped: a link's text escapes them all, so
# that no bracket in it can end it early.
ASCII_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def escape_line(line):
    """Escape one line of text so that CommonMark renders it as written, and
    make each web address in it a link to exactly that address.

    Escaping the address itself would break it: linkify takes the escapes
    (`Munro\\_Review`) or a hard break's backslash into the link.
    """
    text = line.strip()
    might_hold_address = "://" in text or "@" in text or HOST_DOT.search(text)
    links = might_hold_address and _addresses.match(text)
    if not links:
        return _escape_text(text)
    parts, position = [], 0
    for link in links:
        before = _escape_text(text[position : link.index], line_start=not position)
        if before.endswith("!"):
            before = before[:-1] + "\\!"  # `![…](…)` would be an image
        parts += [before, _markdown_link(link)]
        position = link.last_index
    parts.append(_escape_text(text[position:], line_start=False))
    return "".join(parts)


def _markdown_link(link):
    """An autolink (`<https://…>`) where the address is its own text, else a
    link whose text is escaped and whose destination is the address.

    An autolink's text is shown decoded (`%C3%A9` as `é`, `xn--` host names
    in Unicode), so an address holding either gets the escaped text instead.
    """
    if (
        link.text == link.url
        and AUTOLINK_SCHEME.match(link.url)
        and not NOT_SHOWN_AS_WRITTEN.search(link.url)
    ):
        return f"<{link.url}>"
    destination = re.sub(r"([\\<>])", r"\\\1", link.url)
    label = ASCII_PUNCTUATION.sub(r"\\\1", link.text)
    return f"[{label}](<{destination}>)"


def _escape_text(text, line_start=True):
    if not MIGHT_NEED_ESCAPING.search(text):
        return text
    text = INLINE_MARKUP.sub(r"\\\1", text)
    text = LINK_CLOSER.sub(r"\\]", text)
    text = ENTITY.sub(r"\\&", text)
    match = line_start and LINE_START_MARKUP.match(text)
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
