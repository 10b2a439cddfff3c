"""The per-article pipeline: the extract components, in order, on one ingested Article (storing is
:mod:`sitroom.engine.run`'s).

:class:`Pipeline` holds the loaded resources (spaCy, the gazetteer, the actor
lexicon) and runs the components in order on one :class:`~sitroom.model.Article`.
Each component declares which article fields it reads and writes; the
constructor checks that every field read is written by ingest or an earlier
component, so a misordered pipeline fails before it runs.
"""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from sitroom.config import Settings
from sitroom.errors import ConfigError, InputError, SitroomError
from sitroom.extract import gate, triage
from sitroom.extract.actor_registry import load_lexicon
from sitroom.extract.actors import find_actors
from sitroom.extract.attribution import find_attributions
from sitroom.extract.bounded import parse
from sitroom.extract.claims import PATTERNS as CLAIM_PATTERNS
from sitroom.extract.claims import find_claims
from sitroom.extract.events import find_events
from sitroom.extract.fact_links import link_facts, relink_events
from sitroom.extract.forecasts import find_forecasts
from sitroom.extract.lemmas import sitroom_lemmas  # noqa: F401 - importing it registers the sitroom_lemmas component
from sitroom.extract.nlp import load_nlp, span_text
from sitroom.extract.place_mentions import STOP_WORDS, TITLES
from sitroom.extract.places import find_places
from sitroom.extract.quotes import quote_spans
from sitroom.extract.segment import (  # importing it registers the sitroom_segmenter component
    LIST_ITEM_RE,
    find_headings,
    unwrap,
)
from sitroom.extract.timex import find_times, parse_date
from sitroom.extract.within import merge_events
from sitroom.gazetteer import Gazetteer
from sitroom.model import Article, Cut, TimeValue

INGEST_FIELDS = {"text", "published", "outlet", "url", "title", "origin"}


@dataclass
class Component:
    name: str
    func: Callable[["Pipeline", Article, "State"], None]
    reads: frozenset[str]
    writes: frozenset[str]


@dataclass
class State:
    """What components hand on within one article's run: the spaCy doc and the actor index."""

    doc: Any = None  # the spaCy Doc (set by parse)
    index: Any = None  # the actor index (set by actors)


def _parse(p: "Pipeline", a: Article, st: State) -> None:

    text = unwrap(a.text)  # same length as a.text: offsets stay valid
    st.doc, cut = parse(
        p.nlp,
        text,
        max_sentences=p.settings.max_sentences,  # memory bounded per article
        max_sentence_tokens=p.settings.max_sentence_tokens,
        triage=_triage(p, a, text) if gate.enabled() and triage.enabled() else None,  # who is parsed in full
    )
    a.cut = Cut(**cut) if cut else None
    if a.cut is not None:
        text = text[: a.cut.chars_read]
    a.headings = [a.span(s, e) for s, e in find_headings(text)]
    sents = []
    for s in st.doc.sents:
        text = span_text(s)
        lead = len(text) - len(text.lstrip())
        body = text.strip()
        if body:
            start = s.start_char + lead
            sents.append(a.span(start, start + len(body)))
    a.sentences = sents


def _triage(p: "Pipeline", a: Article, text: str):
    """Which sentences of ``text`` are parsed in full (:mod:`sitroom.extract.triage`): the ranges that ask for the
    parse whatever their words are (quotations, time expressions, headings, claim patterns, dated list items)."""
    marked = quote_spans(text) + find_headings(text)
    marked += [(t.span.start, t.span.end) for t in find_times(text, a.published) if t.span is not None and _ahead(t, a)]
    for rx in CLAIM_PATTERNS:
        marked += [m.span() for m in rx.finditer(text)]
    for m in LIST_ITEM_RE.finditer(text):  # a dated list item, to the end of its line (read under its heading)
        end = text.find("\n", m.end())
        marked.append((m.start(), len(text) if end < 0 else end))
    # capitalised words the gazetteer knows, but not a word the text also writes in lower case ("State", "the state")
    # nor a title or stop word of the place stage's lexicon
    words = set(_WORD.findall(text))
    lower = {w for w in words if w[0].islower()}
    names = {w for w in words if w[0].isupper() and w.lower() not in lower and w.lower() not in NOT_NAMES}
    return triage.deciding(p.nlp, text, marked, place_names=p.gazetteer.known(names))


# a word of two characters or more starting with a letter of any script ("Ségou", "Ömerli"): capitalised ones may
# name a place, lower-case ones show a capitalised word is a common one
_WORD = re.compile(r"\b[^\W\d_][\w'\u2019-]+")


NOT_NAMES = STOP_WORDS | TITLES


def _ahead(t: TimeValue, a: Article) -> bool:
    """A time a forecast may run to (a duration, or a time after publication): the forecast stage reads it."""
    return t.type == "DURATION" or a.published is None or bool(t.earliest and t.earliest > a.published)


def _places(p: "Pipeline", a: Article, st: State) -> None:
    a.places = find_places(a, st.doc, p.gazetteer)


def _times(p: "Pipeline", a: Article, st: State) -> None:
    anchor: date | None = a.published
    if a.dateline:
        # "KABUL, Afghanistan (Jan. 25, 2013) — ...": the dateline date anchors relative times
        head = a.text[:120]
        paren = head[head.find("(") + 1 : head.find(")")] if "(" in head and ")" in head else ""
        d = parse_date(paren, anchor=a.published) if paren else None
        anchor = d or anchor
    a.times = find_times(a.text if a.cut is None else a.text[: a.cut.chars_read], anchor)


def _actors(p: "Pipeline", a: Article, st: State) -> None:
    st.index = find_actors(a, p.lexicon, st.doc)


def _events(p: "Pipeline", a: Article, st: State) -> None:
    a.events = find_events(a, st.doc, st.index, p.gazetteer)


def _quotes(p: "Pipeline", a: Article, st: State) -> None:
    a.quotes = find_attributions(a, st.doc, st.index)  # every attribution record (direct, mixed, indirect)
    link_facts(a)  # a fact read from inside an attribution's content is linked to it (and takes its speaker)


def _claims(p: "Pipeline", a: Article, st: State) -> None:
    a.claims, a.control = find_claims(a, st.doc, st.index)


def _forecasts(p: "Pipeline", a: Article, st: State) -> None:
    a.forecasts = find_forecasts(a, st.doc, st.index)


def _merge(p: "Pipeline", a: Article, st: State) -> None:
    merge_events(a)
    relink_events(a)  # the attribution records' links to the merged, renumbered events


def _c(name, func, reads, writes) -> Component:
    return Component(name, func, frozenset(reads), frozenset(writes))


COMPONENTS: list[Component] = [
    _c("parse", _parse, {"text"}, {"sentences", "headings", "cut"}),
    _c("places", _places, {"text", "sentences"}, {"places", "dateline"}),
    _c("times", _times, {"text", "published", "dateline", "cut"}, {"times"}),
    _c("actors", _actors, {"text", "places", "sentences"}, {"actors", "sources", "places"}),
    _c("events", _events, {"places", "times", "actors", "headings"}, {"events"}),
    _c("claims", _claims, {"places", "times", "actors"}, {"claims", "control"}),
    _c("forecasts", _forecasts, {"places", "times", "actors", "published"}, {"forecasts"}),
    _c(
        "quotes",
        _quotes,
        {"actors", "events", "claims", "control", "forecasts"},
        {"quotes", "events", "claims", "control", "forecasts"},
    ),
    _c("merge", _merge, {"events", "quotes"}, {"events", "quotes"}),
]


def check_order(components: list[Component]) -> None:
    """Raise ConfigError if a component reads a field no earlier component (or ingest) writes."""
    have = set(INGEST_FIELDS)
    for c in components:
        missing = c.reads - have
        if missing:
            raise ConfigError(
                f"pipeline component {c.name!r} reads {sorted(missing)} before anything writes it",
                hint="reorder the components",
            )
        have |= c.writes


_FROZEN: list[bool] = []  # set once the first Pipeline has frozen what it loaded


def _freeze_once() -> None:
    """The models, tables and lexicons the first Pipeline loaded (the spaCy model is loaded once per process and
    kept) moved out of the cyclic collector's reach: its full collections no longer walk them again and again while
    articles are read (about 3% of the pipeline's time, issue 14). Once per process, after a collection: a freeze
    pins every object alive at that moment, garbage cycles included, and ``default_pipeline()`` makes a Pipeline
    per call (the server, one per write) -- freezing at each would pin whatever the process held then, for ever."""
    if not _FROZEN:
        _FROZEN.append(True)
        gc.collect()
        gc.freeze()


class Pipeline:
    """Loaded resources plus the ordered components."""

    def __init__(self, settings: Settings | None = None, components: list[Component] | None = None) -> None:
        self.settings = settings or Settings()
        self.components = components or COMPONENTS
        check_order(self.components)
        self.nlp = load_nlp(self.settings.spacy_model)
        if "sitroom_segmenter" not in self.nlp.pipe_names:
            self.nlp.add_pipe("sitroom_segmenter", before="parser")
        if "sitroom_lemmas" not in self.nlp.pipe_names:
            self.nlp.add_pipe("sitroom_lemmas", after="lemmatizer")
        self.gazetteer = Gazetteer(self.settings.gazetteer)
        self.lexicon = load_lexicon(os.environ.get("SITROOM_ACTORS") or None)
        _freeze_once()

    def run(self, article: Article) -> Article:
        """Fill ``article``'s facts in place and return it."""
        st = State()
        for c in self.components:
            c.func(self, article, st)
        return article

    def pipe(self, articles: Iterable[Article | InputError]) -> Iterator[Article | SitroomError]:
        """Run over many articles; an error for one article is yielded in its place and the rest go on."""
        for a in articles:
            if isinstance(a, SitroomError):
                yield a
                continue
            try:
                with self.nlp.memory_zone():
                    yield self.run(a)
            except SitroomError as exc:
                yield InputError(a.origin or a.id, str(exc))
            except (
                ValueError,
                IndexError,
                KeyError,
                TypeError,
                AttributeError,
            ) as exc:  # a bug must not stop the batch
                yield InputError(
                    a.origin or a.id, f"extraction failed ({type(exc).__name__}: {exc}); please report this input"
                )


@lru_cache(maxsize=1)
def default_pipeline() -> Pipeline:
    return Pipeline()
