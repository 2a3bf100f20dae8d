"""Who may change what on a shared project: one rule for the database's grants, the core's
check before storing and the window's greyed-out actions.

The roles nest: a coder may do what a reader may, an editor what a coder may, an owner all.
- reader: reads and exports;
- coder: passages, their notes, themes and credibility grades, rejected suggestions;
- editor: also articles (import, metadata, reliability grades) and the codebook;
- owner: also the briefing settings and who the members are.
"""

from __future__ import annotations

from enum import StrEnum

from briefing.core.edit import Kind


class Role(StrEnum):
    READER = "reader"
    CODER = "coder"
    EDITOR = "editor"
    OWNER = "owner"

    @property
    def rank(self) -> int:
        return _RANKS[self]  # not listing the roles on each call (twice per change stored)

    def includes(self, other: Role) -> bool:
        return self.rank >= other.rank

    def may_change(self, kind: Kind) -> bool:
        return self.includes(ROLE_FOR[kind])


_RANKS = {role: rank for rank, role in enumerate(Role)}

# The least role that may change records of each kind.
ROLE_FOR: dict[Kind, Role] = {
    Kind.PASSAGE: Role.CODER,
    Kind.REJECTION: Role.CODER,
    Kind.ARTICLE: Role.EDITOR,
    Kind.THEME: Role.EDITOR,
    Kind.SETTINGS: Role.OWNER,
}

# What each kind is, for messages: "a coder cannot change the codebook".
WHAT: dict[Kind, str] = {
    Kind.PASSAGE: "passages",
    Kind.REJECTION: "suggestions",
    Kind.ARTICLE: "articles",
    Kind.THEME: "the codebook",
    Kind.SETTINGS: "the briefing settings",
}
