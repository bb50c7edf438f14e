"""Read plain-text blog archive dumps into posts. Text in, posts out; no ORM.

Two kinds of archive are understood (README.md, "Importing archives", says the same
in prose):

* a **dated archive** (Blogger style): a line such as `Saturday 25 March 2017`,
  `Friday, 23 December 2016` or `March 4, 2017` starts a day, if written like
  the archive's first date line and first in its paragraph; each post of that
  day starts with a one-line title paragraph followed by its body, and may
  end with Blogger's footer (`Posted by … at 10:15`, a comment-count line,
  `Labels: a, b`, its tags);
* a **tag archive** (WordPress style): a `Tag Archives: X` header, then posts
  made of a title, body paragraphs, an optional comment-count line and a
  `Filed under a, b` line. Every post carries tag X and its `Filed under` tags.

A paragraph is a run of non-blank lines; line numbers are 1-based and refer to
the file as written.

The reading is split by concern, each module plain Python:

* `archive_text`: an archive's bytes to text, and its text to paragraphs;
* `dates`: date lines; `titles`: what a title looks like;
* `metadata_lines`: the lines blogs print around posts that are not post text;
* `dated_archive` and `tag_archive`: reading each kind of archive into posts;
* `parsed_post`: a post as read, its import key and its fingerprint.

This module is the entry point: it finds the files, reads each archive and
merges the posts found more than once.
"""

from dataclasses import dataclass, field
from pathlib import Path

from posts.importing.archive_text import ParseError, decode_archive, split_paragraphs
from posts.importing.dated_archive import parse_dated_archive
from posts.importing.dates import date_line_match
from posts.importing.tag_archive import header_tag, parse_tag_archive


@dataclass
class ArchiveResult:
    posts: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    files: list = field(default_factory=list)  # every file read, as named
    directories: list = field(default_factory=list)  # every directory searched


def parse_archive(text, source):
    """Parse one archive's text. Raises ParseError for input it cannot read."""
    paragraphs = split_paragraphs(text)
    result = ArchiveResult()
    if not paragraphs:
        result.warnings.append(f"{source}: empty file, no posts")
        return result
    first = paragraphs[0]
    archive_tag = header_tag(first)
    if archive_tag:
        parse_tag_archive(paragraphs[1:], archive_tag, first.line, source, result)
    elif date_line_match(first.lines[0]):
        parse_dated_archive(paragraphs, source, result)
    else:
        raise ParseError(
            source,
            first.line,
            "not a recognised archive: expected a date line such as "
            "'Saturday 25 March 2017' or a 'Tag Archives: …' header",
        )
    return result


def archive_files(paths):
    """Files named directly, and the `*.txt` files below each directory, each
    once: a file named twice (directly, through its directory or another
    path to it) is one archive, not a copy of itself."""
    seen = set()
    for path in _listed_files(paths):
        resolved = path.resolve()
        if resolved not in seen:
            seen.add(resolved)
            yield path


def _listed_files(paths):
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(_archives_in(path))
        else:
            yield path


def _archives_in(directory):
    return (path for path in directory.rglob("*.txt") if path.is_file())


def display_path(path, base_dir=None):
    """How a file is named in posts and reports, wherever the import runs from:
    relative to `base_dir` (the project) when it is inside it, else absolute."""
    path = Path(path).resolve()
    base = Path(base_dir).resolve() if base_dir is not None else None
    if base is not None and path.is_relative_to(base):
        return str(path.relative_to(base))
    return str(path)


def read_archives(paths, base_dir=None):
    """Parse every archive under `paths` and merge duplicate posts. Files are
    named relative to `base_dir` when inside it (see display_path).

    Errors are collected rather than raised, so one run reports every bad file.
    """
    combined = ArchiveResult()
    directories = [path for path in map(Path, paths) if path.is_dir()]
    combined.directories = [display_path(path, base_dir) for path in directories]
    combined.warnings = [
        # Said, as an empty file is: a wrong or unmounted directory, say.
        f"{name}: no *.txt files in it, nothing read"
        for path, name in zip(directories, combined.directories, strict=True)
        if next(_archives_in(path), None) is None
    ]
    for path in archive_files(paths):
        source = display_path(path, base_dir)
        try:
            result = parse_archive(decode_archive(path.read_bytes(), source), source)
        except OSError as error:
            combined.errors.append(f"{source}: cannot be read ({error.strerror})")
            continue
        except ParseError as error:
            combined.errors.append(str(error))
            continue
        combined.files.append(source)
        combined.posts.extend(result.posts)
        combined.warnings.extend(result.warnings)
    combined.posts = merge_duplicates(combined.posts)
    for post in combined.posts:
        combined.warnings.extend(post.warnings)
    return combined


def merge_duplicates(posts):
    """One post per identity key; identical later copies are listed on the first.

    A copy carries the tags of its own archive, so these are added to the
    first copy's tags. A later post with the same date and title but other text
    is another post: it gets a key of its own (see ParsedPost.key) and a
    warning.
    """
    posts = _merge_undated_copies(posts)
    variants = {}  # key: the posts with that date and title, in order found
    for post in posts:
        found = variants.setdefault(post.key, [])
        same = next((first for first in found if _same_text(first, post)), None)
        if same is None:
            if found:
                post.variant = post.text_hash
                post.warnings.append(
                    f"{post.location}: same date and title as "
                    f"{found[0].location} but different text; imported as "
                    "another post, a draft to review"
                )
            found.append(post)
            continue
        _add_copy(same, post)
    return [post for found in variants.values() for post in found]


def _merge_undated_copies(posts):
    """A tag archive has no dates: an undated post with the title and text of a
    dated one is that post, found in another kind of archive. It is listed as a
    copy of the dated post, which keeps its date and key, whatever order the
    files came in."""
    undated_titles = {post.title for post in posts if post.published is None}
    dated = {}  # (title, text hash): the first dated post with them
    for post in posts:
        if post.published is not None and post.title in undated_titles:
            dated.setdefault((post.title, post.text_hash), post)
    dated_titles = {title for title, _hash in dated}
    kept = []
    for post in posts:
        # The title first: a text hash costs a pass over the whole text.
        same = (
            post.published is None
            and post.title in dated_titles
            and dated.get((post.title, post.text_hash))
        )
        if same and _same_text(same, post):
            _add_copy(same, post)
            same.undated_copy_files.append(post.source)
        else:
            kept.append(post)
    return kept


def _add_copy(first, copy):
    """List `copy` on `first`, which takes its tags too."""
    first.duplicates.append(copy.location)
    first.add_tags(copy.tags)
    first.tag_locations = copy.tag_locations | first.tag_locations


def _same_text(first, post):
    return post.title == first.title and post.body == first.body
