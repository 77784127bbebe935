"""The cycle collector's policy for servers (quiz/web/collector.py)."""

from __future__ import annotations

import gc
import weakref

import pytest

from quiz.web import collector


class Node:
    """An object that can be part of a reference cycle and be watched through a weakref."""

    def __init__(self) -> None:
        self.other: Node | None = None


@pytest.fixture
def enabled(monkeypatch):
    """The policy on, as in `quiz serve`; everything handed back to the collector afterwards."""
    monkeypatch.setattr(collector, "_enabled", False)
    yield collector.enable
    monkeypatch.setattr(collector, "_enabled", False)
    gc.unfreeze()
    gc.collect()


def test_off_by_default_so_that_freeze_does_nothing(monkeypatch):
    monkeypatch.setattr(collector, "_enabled", False)
    before = gc.get_freeze_count()
    keep = [Node() for _ in range(100)]
    collector.freeze()
    assert gc.get_freeze_count() == before
    assert keep


def test_a_frozen_cycle_is_left_alone_until_the_thaw(enabled):
    enabled()
    a, b = Node(), Node()
    a.other, b.other = b, a
    watched = weakref.ref(a)
    collector.freeze()  # as when a question opens: the cycle is alive
    del a, b  # ... and dropped during the question (a phone's socket that closed)
    gc.collect()
    assert watched() is not None, "a frozen object is never walked by a collection"
    collector.thaw()  # the game ended
    assert watched() is None


def test_the_thaw_freezes_what_survived_again(enabled):
    enabled()
    kept = [Node() for _ in range(1000)]
    collector.thaw()
    assert gc.get_freeze_count() >= len(kept)
