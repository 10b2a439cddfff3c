"""The gate first (issue 14, "speed through the gate"): a sentence that may hold an event, or that another stage reads
the parse for, is parsed in full; one that asks for nothing keeps its place among the sentences but no parse.
Sentences written for the tests; not timed (speed is bench/throughput.py's)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from sitroom.extract import gate
from sitroom.extract.bounded import CHUNK_CHARS
from sitroom.extract.nlp import parsed
from sitroom.ingest import article_from_text
from sitroom.pipeline import State

EVENT = "Rebel fighters attacked an army checkpoint near Kidal on Sunday, killing five soldiers."
PLAIN = "The choir rehearsed new songs for the autumn concert."
OWN = "I think that is right."
REPORTED = "The mayor said the bakery would open late."

pytestmark = pytest.mark.skipif(not gate.enabled(), reason="the relevance gate is not trained in this checkout")


@pytest.fixture(autouse=True)
def _triage_on(monkeypatch):
    """On by default; set here so that a SITROOM_TRIAGE=off in the environment does not change these tests."""
    monkeypatch.setenv("SITROOM_TRIAGE", "on")


def test_triage_is_on_by_default_and_can_be_turned_off(monkeypatch):
    from sitroom.extract import triage

    monkeypatch.delenv("SITROOM_TRIAGE", raising=False)
    assert triage.enabled()
    monkeypatch.setenv("SITROOM_TRIAGE", "off")
    assert not triage.enabled()


# tokenizer special cases (a TeX quote split in two tokens, contractions, abbreviations, emoticons) in sentences the
# parser is not given: their tokens come from the tokenizer's cache with whatever tree fields they held
SPECIAL = (
    "On Monday the regional assembly passed a ``reconciliation law'' drafted by Amina Okafor's alliance. "
    "``We can't wait,'' said Dr. Mensah of the U.S. mission, who'd arrived at 9 o'clock :) . "
    "``No,'' she said, ``it isn't.''"
)

# walks every token's tree in a child process: the fault this guards against was a segmentation fault, which would
# take the test run down with it
_WALK = """
import sys
from sitroom.extract import bounded
from sitroom.extract.nlp import load_nlp, parsed

nlp = load_nlp()
text, mode = sys.stdin.read(), sys.argv[1]
def decide(base, spans):
    return [mode == "mixed" and "attacked" in text[base + s : base + e] for s, e in spans]
doc, _ = bounded.parse(nlp, text, max_sentences=10**6, max_sentence_tokens=200, triage=decide)
walked = unparsed = 0
for sent in doc.sents:
    bare = not parsed(sent)
    for t in sent:
        walked += 1
        kids = [list(t.lefts), list(t.rights), list(t.children)]
        sub = list(t.subtree)
        assert t.left_edge.i <= t.i <= t.right_edge.i, (t.i, t.text)
        assert all(sent.start <= k.i < sent.end for k in sub), (t.i, t.text)
        if bare:
            unparsed += 1
            assert t.head.i == t.i and not any(kids) and sub == [t], (t.i, t.text)
            assert t.left_edge.i == t.right_edge.i == t.i, (t.i, t.text)
print(walked, unparsed, sum(1 for s in doc.sents if parsed(s)))
"""


@pytest.mark.parametrize("mode", ["none", "mixed", "chunks"])
def test_unparsed_tokens_have_a_tree_safe_to_walk(mode):
    """Every token of a triaged Doc can be walked (lefts, rights, children, subtree, edges), whether no sentence of a
    chunk is parsed, some are, or the chunks are joined; the unparsed tokens stand alone. Before the fix a sentence
    left unparsed holding a TeX quote made ``Token.lefts`` read out of bounds (spaCy 3.8 died with a segmentation
    fault in ``sitroom eval plover``) and ``Token.left_edge`` raise IndexError."""
    text = f"{SPECIAL}\n\n{EVENT}\n\n{SPECIAL}"
    if mode == "chunks":
        text = "\n\n".join([SPECIAL] * (CHUNK_CHARS // len(SPECIAL) + 3) + [EVENT, SPECIAL])
    out = subprocess.run(
        [sys.executable, "-c", _WALK, "mixed" if mode != "none" else "none"],
        input=text,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 0, (out.returncode, out.stderr[-2000:])
    walked, unparsed, full = (int(x) for x in out.stdout.split())
    assert (full > 0) == (mode != "none")
    assert unparsed > 0 and (walked == unparsed) == (mode == "none")


def test_tex_quotes_in_an_unparsed_sentence_survive_the_pipeline(pipeline):
    """The pipeline reads a text whose unparsed sentences hold TeX quotes (what ``sitroom eval plover`` died on)."""
    a, doc = _run(pipeline, f"{SPECIAL}\n\n{EVENT}")
    assert not parsed(next(iter(doc.sents)))
    assert [e.sub_event_type for e in a.events] == ["Armed clash"]


def _run(pipeline, text: str):
    a = article_from_text(text, published="2021-08-08")
    st = State()
    for c in pipeline.components:
        c.func(pipeline, a, st)
    return a, st.doc


def _sent(doc, text: str):
    return next(s for s in doc.sents if s.text.strip() == text)


def test_event_sentence_parsed_plain_sentence_not(pipeline):
    text = f"{PLAIN}\n\n{EVENT}\n\n{OWN} {PLAIN}"
    a, doc = _run(pipeline, text)
    assert parsed(_sent(doc, EVENT))
    root = [t for t in _sent(doc, EVENT) if t.dep_ == "ROOT"]
    assert len(root) == 1 and root[0].lemma_ == "attack"
    assert not parsed(_sent(doc, PLAIN))  # no tags, lemmas or arcs: the parser never saw it
    assert all(not t.pos_ and not t.lemma_ for t in _sent(doc, PLAIN))
    assert not parsed(_sent(doc, OWN))  # a reporting verb in the speaker's own voice names no source
    # every sentence is still a sentence of the article, at its own offsets
    assert [text[s.start : s.end] for s in a.sentences] == [PLAIN, EVENT, OWN, PLAIN]
    assert [e.sub_event_type for e in a.events] == ["Armed clash"]
    assert text[a.events[0].evidence[0].start : a.events[0].evidence[0].end].strip() == EVENT


def test_reporting_sentence_parsed_for_attribution(pipeline):
    a, doc = _run(pipeline, f"{PLAIN} {REPORTED}")
    assert parsed(_sent(doc, REPORTED)) and not parsed(_sent(doc, PLAIN))
    assert [(q.speaker, q.text.text, q.mode) for q in a.quotes] == [
        ("The mayor", "the bakery would open late", "indirect")
    ]


def test_gate_off_parses_every_sentence(pipeline, monkeypatch):
    monkeypatch.setenv("SITROOM_GATE", "off")
    _, doc = _run(pipeline, f"{PLAIN}\n\n{EVENT}\n\n{OWN}")
    assert all(parsed(s) for s in doc.sents if s.text.strip())


def test_sentences_kept_across_chunks(pipeline):
    """A text longer than one chunk: the unparsed sentences keep their own starts when the chunks are joined."""
    n = CHUNK_CHARS // len(PLAIN) + 20
    text = "\n\n".join([PLAIN] * n + [EVENT] + [PLAIN] * 5)
    a, doc = _run(pipeline, text)
    assert len(a.sentences) == n + 6
    assert all(text[s.start : s.end] in (PLAIN, EVENT) for s in a.sentences)
    assert parsed(_sent(doc, EVENT))
    assert sum(1 for s in doc.sents if parsed(s)) == 1


@pytest.mark.parametrize("place", ["Ébolowa", "Ödemiş"])
def test_a_change_beside_a_place_name_of_any_script_is_parsed(pipeline, place):
    """A place name whose first letter is not ASCII is still a place name to the triage: a change of control beside
    it asks for the parse (the relevance gate rejects this sentence)."""
    told = f"The choir sang in {place} after it fell."
    _, doc = _run(pipeline, f"{PLAIN}\n\n{told}")
    assert parsed(_sent(doc, told)) and not parsed(_sent(doc, PLAIN))


@pytest.mark.parametrize(
    "told, asks",
    [
        ("The school choir went over its songs in Paris with a piano teacher.", False),  # "over" of "hand over"
        ("The school choir pulled back from Paris to rehearse songs.", True),  # "pull back" beside a place name
        ("The school choir continued to sing songs with a piano teacher.", False),  # only a quotation reads it
        ("The school choir asked for more songs.", False),
        ("The school choir noted that the songs were long.", True),
    ],
)
def test_cues_no_stage_reads_alone_ask_for_no_parse(pipeline, told, asks):
    """A word of a phrasal cue ("hand over", "pull back") asks for the parse only with the rest of its phrase, which
    the frame needs (frames.match_verb); a reporting verb whose only roles are read on the surface ("continue" and
    "ask" introduce a quotation, and a quotation is parsed anyway) asks for nothing. The relevance gate rejects these
    sentences."""
    assert not any(gate.passes([told]))
    _, doc = _run(pipeline, f"{PLAIN}\n\n{told}")
    assert parsed(_sent(doc, told)) == asks and not parsed(_sent(doc, PLAIN))


def test_cue_words():
    from sitroom.extract import triage

    changes, reporting, _ = triage.cue_lemmas()
    assert "back" not in changes and "over" not in changes and "deal" not in changes  # "backed by", "deal with"
    assert {"pull", "back"} in triage.cue_phrases() and {"peace", "deal"} in triage.cue_phrases()
    assert "pull" in changes and "ceasefire" in changes
    assert not {"continue", "ask", "asked"} & reporting
    assert {"say", "said", "note", "according"} <= reporting


def test_words_of_any_script():
    from sitroom.extract import triage
    from sitroom.pipeline import _WORD

    assert triage._WORD.findall("Ségou, Bïr Lahlou and Ödemiş's mayor") == [
        "Ségou",
        "Bïr",
        "Lahlou",
        "and",
        "Ödemiş's",
        "mayor",
    ]
    assert _WORD.findall("Ségou, Bïr Lahlou and Ödemiş") == ["Ségou", "Bïr", "Lahlou", "and", "Ödemiş"]


def test_a_transcript_marker_is_no_part_of_a_place_name(pipeline):
    """A "Q" set off from its turn by non-breaking spaces is not the first word of a name ("Q And" matched a place
    in Afghanistan when the sentence was left unparsed and the parser did not split the marker off)."""
    text = (
        "MS. PSAKI:\u00a0 Go ahead.\n\n"
        "Q\u00a0\u00a0\u00a0 And then, just on the budget, how many people will the new office hire?\n\n"
        "MS. PSAKI:\u00a0 We will have more to say next week."
    )
    a, _ = _run(pipeline, text)
    assert not [p for p in a.places if text[p.mention.start : p.mention.end].startswith("Q")]


def test_countries_acting_in_unparsed_sentences_are_actors(pipeline):
    """A country acted with or acting in a sentence the triage leaves unparsed is still its state's actor (read from
    the words around it: "to X", a list's members, a clause's subject); one named as a place is not."""
    shipped = "The health agency will send vaccine doses to Paraguay, Bhutan and Moldova."
    subject = "And finally, Uruguay is one of the countries on the list."
    a, doc = _run(pipeline, f"{shipped}\n\n{subject}")
    assert not any(parsed(s) for s in doc.sents)
    assert {"state-py", "state-bt", "state-md", "state-uy"} <= {x.id for x in a.actors}


@pytest.mark.parametrize(
    "text, name, acts",
    [
        ("The choir sang in Nepal last summer.", "Nepal", False),
        ("The President of Belarus has shut the border to Ukraine.", "Belarus", False),
        ("The President of Belarus has shut the border to Ukraine.", "Ukraine", True),
        ("Talks between the United States and Germany resume.", "Germany", True),
        ("Doses went to Guatemala, Uruguay, and Vietnam.", "Vietnam", True),
        ("MS. PSAKI:  Germany is against the waiver.", "Germany", True),
        ("Germany's position is known.", "Germany", False),
        ("We discussed the Germany visit.", "Germany", False),
    ],
)
def test_surface_roles_of_a_country(text, name, acts):
    from sitroom.extract.surface_roles import surface_acts

    s = text.index(name)
    assert surface_acts(text, 0, s, s + len(name)) is acts


def test_a_sentence_that_names_no_one_skips_the_recogniser(pipeline):
    """A sentence left unparsed with no capital past its first word (but "I") is not read by the entity recogniser;
    the others still are, and their names are found (a sentence with "I" and a name too)."""
    nameless = "After that, three more meetings were held over two quiet weeks and I was there."
    named = "I visited the old market in Paraguay and Uruguay with friends."
    _, doc = _run(pipeline, f"{PLAIN}\n\n{nameless}\n\n{named}")
    assert not any(parsed(s) for s in doc.sents)
    assert all(t.ent_iob_ == "O" for t in _sent(doc, nameless))
    assert {"Paraguay", "Uruguay"} <= {e.text for e in doc.ents}
    assert all(e.sent.text.strip() != nameless for e in doc.ents)


def test_a_parsed_sentence_that_names_no_one_skips_the_recogniser(pipeline):
    """A sentence parsed for its reporting verb but naming no one is not read by the entity recogniser either (no
    stage reads a number or a time the recogniser would find there; times and claims have their own patterns); the
    attribution stage still reads it, and a parsed sentence with a name is still recognised."""
    reported = "The mayor said three more meetings were held over two quiet weeks."
    named = "The mayor of Asuncion said the bakery would open late."
    a, doc = _run(pipeline, f"{PLAIN}\n\n{reported}\n\n{named}")
    assert parsed(_sent(doc, reported)) and parsed(_sent(doc, named))
    assert all(t.ent_iob_ == "O" for t in _sent(doc, reported))
    assert "Asuncion" in {e.text for e in doc.ents}
    assert "three more meetings were held over two quiet weeks" in {q.text.text for q in a.quotes}


def test_a_speaker_role_told_in_an_unparsed_sentence_is_kept(pipeline):
    """A transcript speaker introduced with a title in a sentence left unparsed ("our special guest, NEC Director
    X, joining us") keeps that role on the turns they speak (read from the capitalised words before the name)."""
    intro = "We have our special guest, NEC Director Amina Okafor, joining us."
    text = (
        f"MS. PSAKI:\u00a0 Hi, everyone.\u00a0 {intro}\n\n"
        "MS. OKAFOR:\u00a0 Thank you.\u00a0 The figures came out this morning and they are good.\n\n"
        "Q\u00a0\u00a0\u00a0 Thanks.\n\n"
        "MS. PSAKI:\u00a0 Go ahead."
    )
    a, doc = _run(pipeline, text)
    assert not parsed(next(s for s in doc.sents if "special guest" in s.text))
    roles = {q.role for q in a.quotes if q.speaker == "Amina Okafor"}
    assert roles == {"NEC Director"}


def test_a_name_that_opens_an_unparsed_sentence_is_still_recognised(extract):
    """A sentence whose only name is its first word ("Hemedti was not present") still goes through the entity
    recogniser: the person is the one a later "He said" refers to."""
    a = extract(
        "Sudan's army chief met mediators in Jeddah on Monday. Hemedti was not present at the talks. "
        "He said the war would end soon.",
        published="2024-05-01",
    )
    assert [(q.speaker, q.text.text) for q in a.quotes] == [("Hemedti", "the war would end soon")]


def test_the_recogniser_reads_the_words_near_names_and_numbers_only(pipeline):
    """In a sentence the recogniser reads, a run of lower-case words farther than NER_MARGIN tokens from any
    capitalised word or number is left out of it (outside every entity); the names at both ends of a long sentence,
    and a number in the middle of it, are still found."""
    from sitroom.extract.bounded import NER_MARGIN, near_names

    words = "Kidal and the quiet town on the far side of the long dry valley where the old road ends near Gao".split()
    near = near_names(words, NER_MARGIN)
    assert near[0] and near[-1] and not near[len(words) // 2]
    assert near_names(["the", "12", "men"], 1).all() and not near_names(["a", "b", "c", "d"], 1).any()
    # a sentence shorter than the window: one flag per word
    assert near_names(["x", "Kidal", "y", "z"], NER_MARGIN).tolist() == [True] * 4
    assert near_names(["x", "Kidal", "y", "z", "w"], 2).tolist() == [True, True, True, True, False]
    assert len(near_names([], NER_MARGIN)) == 0
    long = (
        "The mayor of Asuncion visited the quiet town on the far side of the long dry valley where the old road "
        "ends and where the farmers who stayed through the hard years still sell their goats every week with 40 "
        "others beside the bridge that the engineers from Paraguay built."
    )
    _, doc = _run(pipeline, f"{PLAIN}\n\n{long}")
    assert {"Asuncion", "Paraguay"} <= {e.text for e in doc.ents}
    assert "40" in {t.text for t in doc if t.ent_type_}
    middle = next(t for t in doc if t.text == "farmers")
    assert middle.ent_iob_ == "O"
