"""The input layer: an archive's bytes to text, and its text to paragraphs.

Every reader works on paragraphs (runs of non-blank lines, each knowing the
1-based line, in the file as written, of its first line), so this is where
input the importer cannot read is refused (ParseError: a binary file, text
that is not UTF-8, control characters) and where every line break becomes one
LF. computed_once is here because Paragraph is its first user; posts use it
too.
"""

import codecs
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property


class computed_once(cached_property):
    """functools.cached_property without the lock that Python 3.11 takes on
    every first access (3.12 dropped it): an import computes tens of thousands
    of these, in one thread."""

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = instance.__dict__[self.attrname] = self.func(instance)
        return value


class ParseError(Exception):
    """Input the importer refuses: names the file and, where known, the line."""

    def __init__(self, source, line, message):
        self.source, self.line, self.message = source, line, message
        location = f"{source}:{line}" if line else str(source)
        super().__init__(f"{location}: {message}")


@dataclass
class Paragraph:
    line: int
    lines: list

    @computed_once
    def text(self):
        """The paragraph on one line, white space (also no-break) collapsed."""
        return " ".join(" ".join(self.lines).split())


# Form feeds and vertical tabs separate lines (pages) in old text dumps; left
# in a body they would reach the XML feeds, where they are not allowed. NEL
# (U+0085, from EBCDIC or Latin-1 conversions) and the line and paragraph
# separators (U+2028, U+2029, from word processors) end a line for Python's
# splitlines and split(), so they are one here too, not text inside a line.
LINE_BREAKS = "\r\x0b\x0c\x85\u2028\u2029"
# A byte order mark past the start of a file, where it says nothing.
ZERO_WIDTH_NO_BREAK_SPACE = "\ufeff"
# Any other C0 control character but tab, DEL and any other C1 control
# character have no place in an archive's text: they are invisible, and C1
# ones mostly come from Windows-1252 text (curly quotes, dashes) converted as
# if it were Latin-1, which an editor should fix at the source.
CONTROL_CHARACTER = re.compile(r"[\x01-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
# The same in the UTF-8 bytes, for a quick look before that search (an archive
# is tens of megabytes): C0 and DEL are bytes of their own, C1 two bytes.
CONTROL_BYTES = bytes([*range(0x01, 0x09), *range(0x0E, 0x20), 0x7F])
C1_CONTROL_BYTES = re.compile(rb"\xc2[\x80-\x84\x86-\x9f]")


# The byte order marks of the encodings an editor may save in instead
# (Notepad's "Unicode"), UTF-32's first: they start like UTF-16's. No UTF-8
# text starts with either byte.
OTHER_UNICODE_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


def decode_archive(data, source):
    """Bytes to text: UTF-8 with or without a BOM, any line ending, in
    Unicode's composed form (NFC)."""
    for bom, encoding in OTHER_UNICODE_BOMS:
        if data.startswith(bom):
            raise ParseError(
                source, None, f"is {encoding} text, not UTF-8: save it as UTF-8"
            )
    if b"\x00" in data:
        raise ParseError(source, None, "looks like a binary file, not a text archive")
    try:
        text = normalize_line_breaks(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        before = normalize_line_breaks(data[: error.start].decode("utf-8-sig"))
        raise ParseError(
            source, before.count("\n") + 1, f"is not valid UTF-8 (byte {error.start})"
        ) from error
    if ZERO_WIDTH_NO_BREAK_SPACE in text:
        # Archives joined with `cat` keep each one's byte order mark.
        text = text.replace(ZERO_WIDTH_NO_BREAK_SPACE, "")
    if not unicodedata.is_normalized("NFC", text):
        # Accents written as a letter and a combining mark (NFD, as macOS
        # tools may save text) are the same text as accented letters: read in
        # one form, a file saved again either way keeps its posts' keys,
        # fingerprints and duplicates.
        text = unicodedata.normalize("NFC", text)
    has_control = len(data.translate(None, CONTROL_BYTES)) != len(data)
    control = (has_control or C1_CONTROL_BYTES.search(data)) and (
        CONTROL_CHARACTER.search(text)
    )
    if control:
        raise ParseError(
            source,
            text.count("\n", 0, control.start()) + 1,
            f"control character U+{ord(control[0]):04X} is not allowed in an archive",
        )
    return text


def normalize_line_breaks(text):
    """Every line break as LF; a form feed, vertical tab or NEL is a line break
    too (and counts as one in line numbers)."""
    if "\r" in text:  # a quick scan, as below: replace() takes longer to find none
        text = text.replace("\r\n", "\n")
    for line_break in LINE_BREAKS:
        if line_break in text:  # a quick scan: most archives have none
            text = text.replace(line_break, "\n")
    return text


def split_paragraphs(text):
    paragraphs, current = [], None
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            current = None
        elif current is None:
            current = Paragraph(number, [line.rstrip()])
            paragraphs.append(current)
        else:
            current.lines.append(line.rstrip())
    return paragraphs
