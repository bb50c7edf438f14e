"""Which key each post of a run is imported under.

A post's key (`Post.import_key`, see ParsedPost.key) is its identity across
imports: its date and title, and for another post with that date and title a
hash of its text. A post an earlier import wrote keeps its key here even when
its text changed at source or a same-titled text turned up beside it, so that
the planner (posts.importing.service) compares each post with its own row.
"""

from collections import defaultdict
from difflib import SequenceMatcher

from posts.importing.parsed_post import (
    UNDATED,
    import_key,
    key_date_and_name,
    split_key,
)
from posts.models import Post


class PostKeys:
    """Gives the parsed posts of a run the keys earlier imports gave them.

    `existing` and `deleted` are the rows of imported posts and of deleted
    imported posts, by key; `files` the run's SourceFiles.
    """

    def __init__(self, parsed_posts, existing, deleted, files):
        self.parsed_posts = parsed_posts
        self.existing = existing
        self.deleted = deleted
        self.files = files
        self.rekeyed = set()  # keys rows take in this run: the rows' new keys

    def choose(self):
        self._date_undated_copies()
        self._keep_earlier_keys()
        self._date_undated_rows()

    def _date_undated_copies(self):
        """A tag archive's undated post that an earlier import found to be a
        dated archive's post (the parser lists such a copy on the dated post)
        is still that post while the dated archive goes unread: it takes the
        post's date, and so its key."""
        new_undated = [
            parsed
            for parsed in self.parsed_posts
            if parsed.published is None and parsed.key not in self.existing
        ]
        if not new_undated:  # an unchanged re-import: no row need be looked at
            return
        dated = defaultdict(list)  # title part of the key: (date, row)
        for key, row in self.existing.items():
            day, name = key_date_and_name(key)
            if day is not None:
                dated[name].append((day, row))
        for parsed in new_undated:
            for day, row in dated[parsed.key_name]:
                if self._read_without_its_other_files(parsed, row):
                    parsed.date_as(day)
                    break

    def _read_without_its_other_files(self, parsed, row):
        """Whether `row` was last found in the file of `parsed` and in others
        that this run did not read."""
        files = self.files.last_found_in(row)
        return parsed.source in files and bool(self.files.unread(row))

    def _date_undated_rows(self):
        """A post an earlier import found in a tag archive alone, undated, now
        found in a dated archive as well (the parser lists its undated copy on
        the dated post), is that post: its row takes the dated key, as if the
        dated archive had been read first, rather than being reported missing
        beside a new post. The row of that text (its key's hash), else the
        plain one, last found in the file the copy is in now."""
        taken = {parsed.key for parsed in self.parsed_posts}
        for parsed in self.parsed_posts:
            if not parsed.undated_copy_files or parsed.key in self.existing:
                continue
            undated = f"{UNDATED}/{parsed.key_name}"
            for key in (import_key(undated, parsed.text_hash), undated):
                row = self.existing.get(key)
                if (
                    row is not None
                    and key not in taken
                    and set(self.files.last_found_in(row)).intersection(
                        parsed.undated_copy_files
                    )
                ):
                    del self.existing[key]
                    self.existing[parsed.key] = row._replace(import_key=parsed.key)
                    self.rekeyed.add(parsed.key)
                    break

    def _keep_earlier_keys(self):
        """Keep each post under the key an earlier import gave it.

        The parser gives posts that share a date and title keys in the order it
        finds them: the plain key to the first, and each other text a key of
        its own from a hash of it. Here a post an earlier import wrote keeps its
        key: matched by its text, else as a text changed at source (found in
        one of that post's files, or with all of them read), never by a text
        from elsewhere while an unread file may still hold the post's own. A
        text of a post an editor deleted keeps that post's key, so it stays
        deleted.
        """
        rows, deleted = defaultdict(list), defaultdict(list)
        for key, row in self.existing.items():
            rows[split_key(key)[0]].append(row)
        for key, record in self.deleted.items():
            deleted[split_key(key)[0]].append(record)
        found = defaultdict(list)
        for parsed in self.parsed_posts:
            if parsed.base_key in rows or parsed.base_key in deleted:
                found[parsed.base_key].append(parsed)
        for base, posts in found.items():
            if not _the_same_post_unchanged(posts, rows[base]):
                self._match_group(posts, rows[base], deleted[base])

    def _match_group(self, posts, rows, deleted):
        rows, deleted = list(rows), list(deleted)
        suffixes = {}  # id(parsed): the suffix of the key it keeps

        def match(candidates, same):
            for parsed in posts:
                if id(parsed) in suffixes:
                    continue
                found = next((c for c in candidates if same(parsed, c)), None)
                if found is not None:
                    candidates.remove(found)
                    suffixes[id(parsed)] = _variant(found)

        match(rows, lambda parsed, row: parsed.fingerprint == row.source_fingerprint)
        match(rows, lambda parsed, row: _variant(row) == parsed.text_hash)
        # Before changed texts are paired: a deleted post's text, still in its
        # archive, would otherwise be taken for a change of a surviving one.
        match(deleted, _was_deleted)
        changed = [parsed for parsed in posts if id(parsed) not in suffixes]
        for parsed, row in self._changed_texts(changed, rows):
            rows.remove(row)
            suffixes[id(parsed)] = _variant(row)
        # The others are new: the first takes the plain key if it is free.
        plain_free = all(row.import_key != posts[0].base_key for row in rows) and (
            "" not in suffixes.values()
        )
        for parsed in posts:
            if id(parsed) in suffixes:
                parsed.variant = suffixes[id(parsed)]
            elif plain_free:
                parsed.variant, plain_free = "", False
            else:
                parsed.variant = parsed.text_hash

    def _changed_texts(self, posts, rows):
        """(parsed, row) pairs of a post and its text changed at source: of the
        pairs _may_be allows, the most alike first. Neither the order rows come
        in nor a new same-titled text then decides which post gets which text.
        """
        allowed = [(p, row) for p in posts for row in rows if self._may_be(p, row)]
        if not allowed:
            return []
        ids = {row.id for _, row in allowed}
        bodies = dict(Post.objects.filter(pk__in=ids).values_list("pk", "body"))
        parsed_bodies = {id(parsed): parsed.body for parsed, _ in allowed}

        def most_alike_first(pair):
            parsed, row = pair
            matcher = SequenceMatcher(None, bodies[row.id], parsed_bodies[id(parsed)])
            # Ties: in the order of the archive, then of the keys.
            return -matcher.ratio(), parsed.source, parsed.line, row.import_key

        pairs = []
        for parsed, row in sorted(allowed, key=most_alike_first):
            if all(parsed is not p and row is not r for p, r in pairs):
                pairs.append((parsed, row))
        return pairs

    def _may_be(self, parsed, row):
        """Whether `parsed` may be the post of `row` with its text changed."""
        return bool(
            set(parsed.files) & set(self.files.last_found_in(row))
            or not self.files.unread(row)
        )


def _variant(row):
    return split_key(row.import_key)[1]


def _was_deleted(parsed, record):
    """Whether `parsed` is the text of the post an editor deleted: the text it
    was last imported from, or the one its key was made from."""
    return parsed.fingerprint == record.source_fingerprint or (
        record.import_key == import_key(parsed.base_key, parsed.text_hash)
    )


def _the_same_post_unchanged(posts, rows):
    """The usual case, which needs no matching: one post found, one in the
    database, under the same key and with the same text."""
    return (
        len(posts) == len(rows) == 1
        and posts[0].key == rows[0].import_key
        and posts[0].fingerprint == rows[0].source_fingerprint
    )
