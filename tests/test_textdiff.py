"""The word-level redline: rebuilds both texts, works on whole words, and is deterministic."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from kzrights.textdiff import Op, Segment, anchors, redline, tokenize

any_text = st.text(max_size=200)
wordy_text = st.lists(
    st.sampled_from(["ten", "days", "5", "permit", "notice", " ", ", ", ".", "\n", "akimat"]), max_size=40
).map("".join)


def rebuild(segments: tuple[Segment, ...], keep: Op) -> str:
    return "".join(s.text for s in segments if s.op in (Op.EQUAL, keep))


@given(any_text, any_text)
def test_redline_rebuilds_both_sides_exactly(old: str, new: str) -> None:
    segments = redline(old, new)
    assert rebuild(segments, Op.DELETE) == old
    assert rebuild(segments, Op.INSERT) == new


@given(wordy_text, wordy_text)
def test_redline_on_word_soup_rebuilds_and_never_repeats_an_operation(old: str, new: str) -> None:
    segments = redline(old, new)
    assert rebuild(segments, Op.DELETE) == old
    assert rebuild(segments, Op.INSERT) == new
    assert all(a.op is not b.op for a, b in itertools.pairwise(segments))
    assert all(s.text for s in segments)


@given(any_text)
def test_text_against_itself_is_one_equal_segment(text: str) -> None:
    assert redline(text, text) == ((Segment(Op.EQUAL, text),) if text else ())


@given(any_text)
def test_tokens_join_back_into_the_text(text: str) -> None:
    assert "".join(tokenize(text)) == text


def test_changes_are_whole_words_not_characters() -> None:
    """`10` → `15` is one word replaced, never `1` kept and `0` → `5`."""
    segments = redline("up to 10 days of arrest", "up to 15 days of arrest")
    assert segments == (
        Segment(Op.EQUAL, "up to "),
        Segment(Op.DELETE, "10"),
        Segment(Op.INSERT, "15"),
        Segment(Op.EQUAL, " days of arrest"),
    )


def test_private_use_characters_in_the_text_do_not_confuse_the_encoding() -> None:
    old, new = "a \ue000 b", "a \ue001 b"
    segments = redline(old, new)
    assert rebuild(segments, Op.DELETE) == old
    assert rebuild(segments, Op.INSERT) == new


def test_same_inputs_same_output() -> None:
    old = " ".join(f"word{i}" for i in range(3000))
    new = " ".join(f"word{i}" for i in range(0, 3000, 2))
    assert redline(old, new) == redline(old, new)


def test_a_replaced_word_keeps_its_space_outside_the_markers() -> None:
    segments = redline("the Law on National Security defines", "the law defines")
    assert rebuild(segments, Op.DELETE) == "the Law on National Security defines"
    assert segments[1:] == (
        Segment(Op.DELETE, "Law on National Security"),
        Segment(Op.INSERT, "law"),
        Segment(Op.EQUAL, " defines"),
    )


@given(st.lists(st.sampled_from(["ten", "days", "permit", "akimat", " ", ", ", "."]), min_size=150, max_size=400))
def test_long_rewrites_rebuild_both_sides_too(pieces: list[str]) -> None:
    """Stretches too long to re-diff word by word take the cheaper path; both sides must still come back whole."""
    old, new = "".join(pieces), "".join(reversed(pieces))
    segments = redline(old, new)
    assert rebuild(segments, Op.DELETE) == old
    assert rebuild(segments, Op.INSERT) == new
    assert all(s.text for s in segments)


def test_a_long_rewrite_still_leaves_the_words_it_starts_with_unmarked() -> None:
    old = "migration police (" + " ".join(f"old{i}" for i in range(80)) + ")."
    new = "migration police, " + " ".join(f"new{i}" for i in range(80)) + "."
    segments = redline(old, new)
    assert segments[0] == Segment(Op.EQUAL, "migration police")
    assert segments[-1] == Segment(Op.EQUAL, ".")


letters = st.text(alphabet="abcdefgh", max_size=12)


@given(letters, letters, st.sets(st.sampled_from("abcdefgh")))
def test_anchors_are_the_longest_same_order_run_of_candidates_found_once_on_each_side(
    old: str, new: str, candidates: set[str]
) -> None:
    found = anchors(old, new, candidates)
    assert all(old[i] == new[j] and old[i] in candidates for i, j in found)
    assert all(old.count(old[i]) == new.count(old[i]) == 1 for i, _ in found)
    assert all(i1 < i2 and j1 < j2 for (i1, j1), (i2, j2) in itertools.pairwise(found))
    # Brute force: no longer run exists among the unique shared candidates.
    shared = [c for c in old if c in candidates and old.count(c) == new.count(c) == 1]
    longest = max(
        (n for n in range(len(shared) + 1) for run in itertools.combinations(shared, n) if _in_order(run, new)),
        default=0,
    )
    assert len(found) == longest


def _in_order(run: tuple[str, ...], text: str) -> bool:
    positions = [text.index(c) for c in run]
    return positions == sorted(positions)
