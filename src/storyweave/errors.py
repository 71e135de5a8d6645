"""The one exception tree of storyweave.

Usage errors (bad paths, bad options, unknown ids) raise a subclass of
``StoryweaveError``; the CLI turns any of them into one line on stderr and
exit code 2. Bad *data* is never an exception: it becomes a
``records.Dropped`` value.

    StoryweaveError
    ├── UsageError            wrong option or argument value
    │   ├── InputNotFound     a path given on the command line does not exist
    │   └── UnknownId         no story/article with that id in the store
    ├── ConfigError           storyweave.toml or STORYWEAVE_* is malformed
    ├── StoreError            the database cannot be opened or upgraded
    └── NothingReadError      no input at all could be used
"""

from __future__ import annotations


class StoryweaveError(Exception):
    """Base of every error storyweave raises on purpose."""

    exit_code = 2


class UsageError(StoryweaveError):
    pass


class InputNotFound(UsageError):
    def __init__(self, path: str) -> None:
        super().__init__(f"input not found: {path} (give an existing file, directory or '-' for stdin)")
        self.path = path


class UnknownId(UsageError):
    def __init__(self, what: str, ident: str) -> None:
        listing = {"story": "stories", "article": "articles"}.get(what, what + "s")
        super().__init__(f"no {what} with id {ident!r} in the store (list them with 'storyweave {listing}')")
        self.what = what
        self.ident = ident


class ConfigError(StoryweaveError):
    pass


class StoreError(StoryweaveError):
    pass


class NothingReadError(StoryweaveError):
    exit_code = 1

    def __init__(self, dropped: int) -> None:
        super().__init__(
            f"nothing could be read: all {dropped} input document(s) were dropped "
            "(see 'storyweave dropped' or the report's dropped list)"
        )
        self.dropped = dropped
