"""Passages are created after the passages they corroborate; circles of links are cut."""

from __future__ import annotations

from briefing.store.qdpx_passages import Plan, targets_first


def plan(target: str | None = None) -> Plan:
    return Plan("selection", 1, 0, 1, [1], "", 6, "", "", target=target)


def test_each_passage_comes_after_the_one_it_corroborates() -> None:
    plans = {"a": plan("b"), "b": plan("c"), "c": plan(), "d": plan("b")}
    order, cut = targets_first(plans)
    assert order == ["c", "b", "a", "d"] and cut == []


def test_a_circle_of_links_is_cut_where_it_closes() -> None:
    plans = {"a": plan("b"), "b": plan("c"), "c": plan("a"), "d": plan("a")}
    order, cut = targets_first(plans)
    assert cut == ["c"] and plans["c"].target is None
    assert order == ["c", "b", "a", "d"]
    position = {guid: n for n, guid in enumerate(order)}
    for guid, item in plans.items():
        if item.target is not None:
            assert position[item.target] < position[guid]


def test_a_link_to_a_selection_that_is_not_planned_leaves_it_first() -> None:
    order, cut = targets_first({"a": plan("gone")})
    assert (order, cut) == (["a"], [])
