"""One analyst's process for the concurrency test: open, say so, wait for the go, tag words.

    python -m tests.store.server_writer URL ARTICLE FIRST COUNT

It prints "ready" once the project is open and starts when a line arrives on stdin, so every
writer starts at once. Each edit is one `tag` through the app's own path (an id block from
the server, one transaction with its change-log row): word FIRST+i of ARTICLE, as theme 1.
"""

from __future__ import annotations

import sys

from briefing.store.opening import open_location

WORD = 6  # characters per word of the test article: "w0001 "


def main(url: str, article: int, first: int, count: int) -> None:
    stored = open_location(url)
    print("ready", flush=True)
    sys.stdin.readline()
    for word in range(first, first + count):
        stored.project.tag(article, word * WORD, word * WORD + WORD - 1, [1])
    stored.close()


if __name__ == "__main__":
    main(sys.argv[1], *(int(a) for a in sys.argv[2:5]))
