"""Child process for the crash test: makes edits forever, reporting each one after it commits."""

from __future__ import annotations

import random
import sys
from pathlib import Path

from briefing.store import open_project


def main(path: str, seed: int) -> None:
    rng = random.Random(seed)
    project = open_project(Path(path)).project
    text = project.article(1).text
    counter = int(sys.argv[3])
    while True:
        counter += 1
        choice = rng.random()
        if choice < 0.4 or not project.passages():
            start = rng.randrange(0, len(text) - 20)
            edit = project.tag(1, start, start + rng.randrange(1, 20), [rng.randrange(1, 5)])
            print(f"tag {edit.changes[0].id}", flush=True)
        elif choice < 0.8:
            passage = rng.choice(project.passages())
            project.set_note(passage.id, f"n{counter}")
            print(f"note {passage.id} {counter}", flush=True)
        else:
            project.rename_theme(1, f"missiles {counter}")
            print(f"theme 1 {counter}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
