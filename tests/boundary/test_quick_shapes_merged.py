"""The shapes database compiled one alternation per kind reports the kinds its patterns do."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from mockmessenger.boundary.policy import Policy
from mockmessenger.boundary.quick.check import QuickCheck
from mockmessenger.boundary.quick.engine import (
    MAX_PATTERN,
    merged_shapes,
    shape_flags,
    shapes_database,
)
from mockmessenger.boundary.quick.patterns import Kind, shape_patterns

CORPUS = Path(__file__).parent.parent / "corpus"
sys.path.insert(0, str(CORPUS))
from labelled import load_corpus, to_record  # noqa: E402


def test_one_pattern_per_kind_and_base64_apart() -> None:
    """One alternation per kind, cut where it would grow longer than hyperscan takes (the
    context words: a kind then takes two), with every pattern of the kind in them."""
    merged = merged_shapes(shape_patterns())
    kinds = [kind for _, kind, _ in merged]
    assert set(kinds) == set(Kind)
    assert all(len(p) <= MAX_PATTERN or kind == Kind.BASE64 for p, kind, _ in merged)
    for kind in set(Kind) - {Kind.BASE64}:
        parts = [p for p, k, _ in shape_patterns() if k == kind]
        joined = "|".join(p for p, k, _ in merged if k == kind)
        assert all(part in joined for part in parts)
        if sum(len(part) + 8 for part in parts) < MAX_PATTERN:
            assert kinds.count(kind) == 1
    base64 = [(p, c) for p, kind, c in shape_patterns() if kind == Kind.BASE64]
    assert [(p, c) for p, kind, c in merged if kind == Kind.BASE64] == base64


def _kinds(database: object, meta: tuple[Kind, ...], data: bytes) -> set[Kind]:
    import hyperscan

    seen: set[Kind] = set()

    def on_match(ident: int, start: int, end: int, flags: int, context: object) -> bool:
        seen.add(meta[ident])
        return False

    database.scan(data, match_event_handler=on_match, scratch=hyperscan.Scratch(database))  # type: ignore[attr-defined]
    return seen


def test_merged_kinds_match_the_patterns_one_by_one() -> None:
    hyperscan = pytest.importorskip("hyperscan")
    patterns = shape_patterns()
    flags = shape_flags(hyperscan, patterns)
    from mockmessenger.boundary.decode import MIN_BASE64

    ext = [
        (hyperscan.HS_EXT_FLAG_MIN_LENGTH, 0, 0, MIN_BASE64, 0, 0)
        if kind == Kind.BASE64
        else (0, 0, 0, 0, 0, 0)
        for _, kind, _ in patterns
    ]
    apart = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    apart.compile(
        expressions=[p.encode() for p, _, _ in patterns],
        ids=list(range(len(patterns))),
        flags=flags,
        ext=ext,
    )
    merged, meta = shapes_database()
    quick = QuickCheck(Policy.default(), use_hyperscan=True)
    extra = [
        b"PASSWORD is x",
        b"B A L A N C E 12",
        b"card 4111 1111 1111 1111",
        b"SA03 8000 0000 6080 1016 7519",
        b"\\u0034 %41 &#52; 0x34 0x31 0x32 0x33",
        b"aGVsbG8gd29ybGQgMTIzNDU2Nzg5",
        b"**** 1234 ____ 99",
    ]
    differing = []
    items = load_corpus()
    for index, item in enumerate(items):
        record = to_record(item, index)
        data = quick.envelope(record, record.host) + record.body + b"\n"
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        extra.append(data)
    for data in extra:
        one_by_one = _kinds(apart, tuple(k for _, k, _ in patterns), data)
        if _kinds(merged, meta, data) != one_by_one:
            differing.append(data[:60])
    assert not differing


def test_the_presence_pattern_keeps_a_part_of_every_context_word() -> None:
    """Words holding another are left out of the shapes database's context-word patterns (cut
    in pieces hyperscan takes): every word of every group must still match one of them
    (through the word it holds)."""
    from mockmessenger.boundary.quick.patterns import presence_pattern, presence_patterns
    from mockmessenger.boundary.quick.rules import WORD_GROUPS

    patterns = presence_patterns(WORD_GROUPS)
    assert all(len(pattern) <= MAX_PATTERN // 2 for pattern in patterns)
    assert "|".join(patterns) == presence_pattern(WORD_GROUPS)
    hyperscan = pytest.importorskip("hyperscan")
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    flags = hyperscan.HS_FLAG_UTF8 | hyperscan.HS_FLAG_UCP | hyperscan.HS_FLAG_CASELESS
    database.compile(
        expressions=[pattern.encode() for pattern in patterns],
        ids=list(range(len(patterns))),
        flags=[flags | hyperscan.HS_FLAG_SINGLEMATCH] * len(patterns),
    )
    found: list[bytes] = []
    for group in WORD_GROUPS:
        for word in (*group.latin, *group.arabic):
            data = f" {word.upper()} ".encode()
            database.scan(data, match_event_handler=lambda *args, data=data: found.append(data))
            assert found and found[-1] == data, word


def test_the_patterns_are_built_once_and_handed_out_as_copies() -> None:
    """The pattern lists are built once a process (a guard is made per test, per thread):
    what a caller does to its list must not change the next caller's."""
    from mockmessenger.boundary.quick.patterns import place_patterns, window_database_patterns

    for build in (shape_patterns, place_patterns, window_database_patterns):
        first = build()
        expected = list(first)
        first.clear()
        assert build() == expected and expected


def test_prefilters_share_one_database_and_keep_their_own_scratch() -> None:
    pytest.importorskip("hyperscan")
    from mockmessenger.boundary.scanner import HyperscanPrefilter

    one, two = HyperscanPrefilter(), HyperscanPrefilter()
    assert one._db is two._db
    assert one._scratch is not two._scratch
    assert one.wanted("card 4111 1111 1111 1111") == two.wanted("card 4111 1111 1111 1111")
