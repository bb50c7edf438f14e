"""Date lines: the ways blogs write a day, and reading one into a date.

A dated archive starts each day with a date line written the way its first one
is (see date_form); a tag archive's theme may print a post's date under its
title (see date_under_title). Names are English, whatever the machine's
locale.
"""

import re
from datetime import date

from posts.importing.archive_text import Paragraph, ParseError

# English names, whatever the machine's locale.
MONTHS = {
    name: number
    for number, name in enumerate(
        "january february march april may june july august september october "
        "november december".split(),
        start=1,
    )
}
WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
# Blogger's date headers also abbreviate: "Sat 4 Mar 2017", "Tues", "Sept".
WEEKDAY_ABBREVIATIONS = "mon tue tues wed thu thur thurs fri sat sun".split()
MONTH_ABBREVIATIONS = [name[:3] for name in MONTHS] + ["sept"]
# What a date line may start with, for a cheap test before the patterns.
DATE_LINE_STARTS = frozenset(name[:3] for name in [*WEEKDAYS, *MONTHS])


def _names(full, abbreviated):
    """A regex alternation of names, full or abbreviated (with an optional
    full stop), longest first so that "Tues" is not read as "Tue"."""
    names = sorted({*full, *abbreviated}, key=len, reverse=True)
    return "(?:" + "|".join(names) + r")\.?"


_WEEKDAY = rf"(?:(?P<weekday>{_names(WEEKDAYS, WEEKDAY_ABBREVIATIONS)}),?\s+)?"
_MONTH = rf"(?P<month>{_names(MONTHS, MONTH_ABBREVIATIONS)})"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
# "Saturday 25 March 2017", "Friday, 23 December 2016", "Monday, March 6, 2017",
# and the same without a weekday or with abbreviated names: "4 March 2017",
# "Sat 4 March 2017", "Saturday, 4 Mar 2017", "March 4, 2017".
# "Wednesday, 27th September 2017" with room to spare (and to be indented).
DATE_LINE_MAX_CHARS = 80
DATE_LINES = [
    re.compile(rf"^{_WEEKDAY}{_DAY}\s+{_MONTH},?\s+(?P<year>\d{{4}})$", re.I),
    re.compile(rf"^{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+(?P<year>\d{{4}})$", re.I),
]

# A time of day as blogs print it: "10:15", "10.15", "10:15:00", "10:15 am".
TIME_OF_DAY = r"\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?"

# Themes print a post's date under its title, often with more around it:
# "Posted on March 4, 2010 by Ray Jones", "March 4, 2010 at 10:15 am". A
# line ending like a sentence is text ("… by the council.").
DATE_UNDER_TITLE = re.compile(
    rf"^(?:Posted on\s+)?(?P<date>[^|]+?)(?:\s+at\s+{TIME_OF_DAY})?"
    r"(?:\s+by\s+\S.{0,60}?)?(?<![.!?;:,])$",
    re.I,
)
DATE_UNDER_TITLE_MAX_CHARS = 160


def date_match(paragraph):
    """The match of a one-line paragraph that is a date, or None."""
    lines = paragraph.lines
    if len(lines) != 1 or len(lines[0]) > DATE_LINE_MAX_CHARS:  # no call for most
        return None
    return date_line_match(lines[0])


def date_line_match(line):
    # Cheap tests first: this runs for every paragraph of an archive. The line
    # may be indented, so its start is looked at without the spaces.
    if len(line) > DATE_LINE_MAX_CHARS:
        return None
    start = line.lstrip()[:3].lower()
    if not (start[:1].isdigit() or start in DATE_LINE_STARTS):
        return None
    text = " ".join(line.split())
    return next(filter(None, (p.match(text) for p in DATE_LINES)), None)


def full_name(abbreviation, names):
    """The name that `abbreviation` ("Sat", "Sept.", "saturday") shortens."""
    prefix = abbreviation.rstrip(".").lower()
    return next(name for name in names if name.startswith(prefix))


def date_form(match):
    """How a date line is written, whatever its names' length: with or without
    a weekday, and the day or the month first."""
    return match["weekday"] is not None, match.re


def parse_date_line(paragraph, form, source, warnings):
    """The date a one-line paragraph names, or None when it is not a date line
    written in `form` (see date_form)."""
    match = date_match(paragraph)
    if not match or date_form(match) != form:
        return None
    month = MONTHS[full_name(match["month"], MONTHS)]
    day = int(match["day"])
    try:
        parsed = date(int(match["year"]), month, day)
    except ValueError as error:
        raise ParseError(source, paragraph.line, f"impossible date: {error}") from error
    actual = WEEKDAYS[parsed.weekday()]
    if match["weekday"] and full_name(match["weekday"], WEEKDAYS) != actual:
        warnings.append(
            f"{source}:{paragraph.line}: {paragraph.text!r} is a "
            f"{actual.title()}; the date is kept as written"
        )
    return parsed


def any_date_line(paragraph, source, warnings):
    """The date a one-line paragraph names, written in any of the forms a
    dated archive's day lines take, or None (see parse_date_line)."""
    match = date_match(paragraph)
    return match and parse_date_line(paragraph, date_form(match), source, warnings)


def date_under_title(paragraph, source, warnings):
    """The date a theme prints under a post's title: a date line in any form
    (see any_date_line), maybe as `Posted on <date>` and with the time or the
    author after it (`… at 10:15 am`, `… by Ray Jones`); or None."""
    line = paragraph.lines[0]
    if len(paragraph.lines) != 1 or len(line) > DATE_UNDER_TITLE_MAX_CHARS:
        return None
    match = DATE_UNDER_TITLE.match(" ".join(line.split()))
    date_line = match and Paragraph(paragraph.line, [match["date"]])
    return date_line and any_date_line(date_line, source, warnings)
