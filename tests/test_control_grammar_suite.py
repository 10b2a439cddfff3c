"""The control-change grammar on a contrast suite (issue 13): invented wire sentences of many wars
(tests/control_grammar_cases.py), one case per construction -- verbs of taking in every tense and voice, entries by
movement ("swept into"), verbs that take ground only with "control" as object ("gained control of"), control told
as a state reached ("came under Russian control", "is now in rebel hands", "control of Y passed to X", flags
raised over a place), losses, expulsions, the loser "from X", nominals, subordinate clauses -- and distractors that
tell no change (attacks, sieges, threats, attempts, offensives "aimed at" a place, denials, idioms).

Each case must give its changes (place, the gainer's side, a part of the loser's name, news or background) and no
change of another place. The cases listed in ``OUT_OF_REACH`` fail today for a reason outside the grammar of the
change (a place the gazetteer or the recogniser misses, an actor the registry does not name, a date, the model's
parse); they are expected failures, counted in the aggregate gate below."""

from __future__ import annotations

import unicodedata

import pytest
from control_grammar_cases import CASES

TAKEOVER = ("Government regains territory", "Non-state actor overtakes territory", "Non-violent transfer of territory")
STATE = {"state", "state-forces", "government", "intl-forces", "intl-org"}

# case index -> why it fails today (not the grammar of the change)
OUT_OF_REACH = {
    33: "frame: 'have lost Lashio, a regional military command, to an alliance ...' (the appositive breaks 'to X')",
    51: "time: 'in the first week of the invasion' does not date the change as background",
    60: "place: 'Kajo Keji' is a person to the recogniser and unknown to the gazetteer",
    62: "parse: 'was overrun' without its agent is read as a noun (with 'by X', or active, the site at Monguno is read)",
    107: "actor: 'the alliance' (unnamed) is no armed party to gain 'Lashio was lost to the alliance'",
    185: "place: 'Mocoa' alone in a one-sentence text is not resolved ('the town of Mocoa ... in Colombia' is read)",
}


def _fold(s: str | None) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s or "") if not unicodedata.combining(c)).casefold()


def _changes(doc) -> list[tuple[str, str | None, str, bool]]:
    out = []
    for e in doc.events:
        if e.sub_event_type not in TAKEOVER or e.place is None or e.certainty.value == "denied":
            continue  # a party's denial of a change is no change (the situation layer: the claim contested)
        p, a, b = doc.place(e.place), doc.actor(e.actor1), doc.actor(e.actor2)
        side = None if a is None else ("state" if a.kind in STATE else "non-state")
        out.append((_fold(p.name + " | " + p.mention.text), side, _fold(b.name if b else ""), e.background))
    return out


def _score(got, want) -> tuple[int, int]:
    """(changes found as labelled, changes of a place not labelled)."""
    hits = sum(
        any(
            _fold(place) in g[0]
            and (side is None or g[1] == side)
            and (loser is None or _fold(loser) in g[2])
            and (bg is None or g[3] == bg)
            for g in got
        )
        for place, side, loser, bg in want
    )
    false = sum(not any(_fold(w[0]) in g[0] for w in want) for g in got)
    return hits, false


@pytest.fixture(scope="module")
def results(extract):
    return [_changes(extract(text, published=pub)) for _, text, pub, _, _ in CASES]


@pytest.mark.parametrize(
    "k",
    [
        pytest.param(k, marks=pytest.mark.xfail(reason=OUT_OF_REACH[k], strict=True)) if k in OUT_OF_REACH else k
        for k in range(len(CASES))
    ],
    ids=[f"{k}-{c[0]}" for k, c in enumerate(CASES)],
)
def test_case(results, k):
    shape, text, _, want, never = CASES[k]
    got = results[k]
    hits, false = _score(got, want)
    assert hits == len(want) and false == 0, (shape, text, want, got)
    assert not any(_fold(n) in g[0] for n in never for g in got), (never, got)


def test_suite_size_and_spread():
    """At least 120 sentences, many shapes, distractors among them."""
    assert len(CASES) >= 120
    assert len({c[0] for c in CASES}) >= 60
    assert sum(1 for c in CASES if not c[3]) >= 30


def test_aggregate_recall_and_no_false_change(results):
    """The whole suite, out-of-reach cases included: recall of the labelled changes (145/153 = 0.948 measured after
    round 2 session 7, 118/134 before it; 65 of the first 102 on main before this grammar) and no change of a place
    not labelled."""
    hits = false = total = 0
    for (_, _, _, want, _), got in zip(CASES, results, strict=True):
        h, f = _score(got, want)
        hits, false, total = hits + h, false + f, total + len(want)
    assert hits / total >= 0.91, (hits, total)
    assert false == 0
