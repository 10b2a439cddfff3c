"""The document and its facts: the only types that cross stage boundaries.

An :class:`Article` enters at ingest with text and metadata, the extract stage
fills its fact lists, resolve merges facts within the article, store persists it
and serve reads it back. Every fact carries:

* ``evidence`` -- the sentence it was read from (character offsets into
  ``Article.text``),
* ``attribution`` -- who the outlet says said it (a named or anonymous source,
  and the outlet that carried it, e.g. "local officials" via "DPA"),
* ``certainty`` -- its epistemic status (:class:`Certainty`).

All types are pydantic models so that ``--json`` output, the store and the
documented JSON schema (docs/schema.json) come from one definition.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date
from enum import Enum

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

SCHEMA_VERSION = 8


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class Certainty(str, Enum):
    """Epistemic status of a fact, as the text presents it."""

    REPORTED = "reported"  # stated as fact by the outlet or its sources
    CLAIMED = "claimed"  # asserted by a party with a stake ("the Taliban say ...")
    HEDGED = "hedged"  # softened: "said to be", "reportedly", "apparently"
    UNVERIFIED = "unverified"  # explicitly not verified: "purporting", "could not be verified"
    DENIED = "denied"  # denied by a party


class Span(_Model):
    """A stretch of ``Article.text``: ``text == article.text[start:end]``."""

    start: int
    end: int
    text: str


class Attribution(_Model):
    """Who the outlet says said it.

    ``source`` is the speaker as the text names it ("local officials",
    "a source", "US defence officials"); ``anonymous`` is true for unnamed
    sources; ``outlet`` is the news agency or broadcaster that relayed it
    ("DPA"), which is never an event actor; ``cue`` is the reporting verb or
    phrase that signalled the attribution ("told", "according to"); ``quote``
    is the id of the attribution record (a :class:`Quote` of the article) whose
    content holds the fact, when there is one.
    """

    source: str | None = None
    anonymous: bool = False
    outlet: str | None = None
    cue: str | None = None
    quote: str | None = None


class TimeValue(_Model):
    """A normalised time expression (TIMEX3-style ``value``).

    ``value`` follows TIMEX3: ``2021-08-12``, ``2021-07``, ``2021-W32``,
    ``P30D`` (durations), ``PAST_REF``. ``earliest``/``latest`` bound the
    instant or range the expression denotes (equal for an exact day);
    ``approximate`` marks "around", "a few months ago" and the like.
    """

    text: str
    value: str
    type: str = "DATE"  # DATE | TIME | DURATION | SET
    earliest: date | None = None
    latest: date | None = None
    approximate: bool = False
    span: Span | None = None
    anchor: date | None = None  # the date it was resolved against

    @property
    def point(self) -> date | None:
        """Best single day for the expression (middle of its range)."""
        if self.earliest is None:
            return None
        if self.latest is None or self.latest == self.earliest:
            return self.earliest
        return date.fromordinal((self.earliest.toordinal() + self.latest.toordinal()) // 2)


class Place(_Model):
    """A toponym in the text, resolved against the gazetteer (or not)."""

    id: str  # unique within the article: "p1", "p2", ...
    mention: Span
    name: str  # canonical gazetteer name, or the mention text when unresolved
    kind: str | None = None  # country | province | district | city | region | facility
    country: str | None = None  # ISO 3166-1 alpha-2
    lat: float | None = None
    lon: float | None = None
    gazetteer_id: str | None = None
    geonameid: int | None = None
    admin: list[str] = Field(default_factory=list)  # names from country down to the parent
    role: str = "mention"  # mention | dateline | demonym
    confidence: float = 0.0
    reason: str | None = None  # why this candidate won ("country focus +2.4, stated unit +5.0 over ...")


class ActorMention(_Model):
    span: Span
    form: str  # how the text refers to it: name | alias | descriptor | pronoun


class Actor(_Model):
    """A canonical actor with its mentions in this article."""

    id: str  # slug from the actor dictionary: "taliban", "afg-gov", ...
    name: str
    kind: str  # state | government | state-forces | non-state-armed | intl-org | civilians | other
    country: str | None = None
    mentions: list[ActorMention] = Field(default_factory=list)


class Source(_Model):
    """A news organisation cited in the text as carrying a report (DPA, AFP, DW)."""

    name: str
    mentions: list[Span] = Field(default_factory=list)


class Fact(_Model):
    """Fields every fact shares."""

    id: str
    evidence: list[Span] = Field(default_factory=list)  # sentences it was read from, first = main
    attribution: Attribution = Field(default_factory=Attribution)
    certainty: Certainty = Certainty.REPORTED


class Event(Fact):
    """A happening, typed in ACLED's taxonomy plus displacement and negotiation."""

    event_type: str  # ACLED event_type, or "Displacement" / "Negotiation"
    sub_event_type: str | None = None
    actor1: str | None = None  # actor ids
    actor2: str | None = None
    mediator: str | None = None
    place: str | None = None  # place id within the article
    origin: str | None = None  # for displacement: where people fled from (place id or text)
    date: TimeValue | None = None
    targets: list[str] = Field(default_factory=list)  # facilities seized or hit
    counts: dict[str, str] = Field(default_factory=dict)  # "killed": "at least 5"
    background: bool = False  # told as context, not news of the reporting period
    heading: bool = False  # read from a heading or a headline glued before the dateline, not a body sentence
    advance: bool = False  # an armed actor reaching or surrounding a place (Strategic developments / Other)
    summary: str = ""


class ControlStatus(Fact):
    """A standing state of control (not a change): who holds what, since when."""

    controller: str  # actor id
    place: str | None = None  # place id
    facility: str | None = None  # "intelligence headquarters", "two police districts"
    status: str = "held"  # held | contested | claimed
    since: TimeValue | None = None
    quantity: int | None = None


class Claim(Fact):
    """A checkable statement: a number, a count, a share, an assertion by an actor."""

    kind: str  # distance | count | ordinal | share | population | assertion
    what: str
    value: float | None = None
    unit: str | None = None
    comparator: str = "="  # = | > | < | >= | <= | ~
    subject: str | None = None  # place or actor id it is about
    related: str | None = None  # second place/actor (distance to ...)
    window: TimeValue | None = None
    actor: str | None = None  # for assertions by a party
    also_stated: str | None = None


class Forecast(Fact):
    """A statement about the future, kept so it can be scored later."""

    by: str  # the forecaster as named
    actor: str | None = None  # who is forecast to act
    what: str
    target: str | None = None  # place id
    modality: str = "likely"  # likely | possible | certain
    horizon_days: int | None = None
    deadline: date | None = None
    made_on: date | None = None


class Quote(Fact):
    """An attribution record: who the text says said (or believes) what, in quotation marks or not.

    ``text`` is the content span (what was said), ``source`` the speaker as the text names it ("he",
    "Colonel Detabali", "a senior security official"; none for "are thought to"), ``cue`` the cue ("said",
    "told VOA", "according to", a transcript's colon). ``speaker`` is the resolved speaker (a pronoun or a
    surname resolved to the person or organisation it stands for, an anonymous source's description),
    ``speaker_type`` person | organisation | anonymous, ``speaker_id`` the actor id when the speaker is a
    known actor; ``mode`` direct (in quotation marks) | mixed (partly quoted) | indirect (paraphrase).
    ``facts`` are the ids of the events, control, claims and forecasts read from inside the content.
    """

    speaker: str
    role: str | None = None
    outlet: str | None = None
    text: Span
    mode: str = "direct"  # direct | mixed | indirect
    source: Span | None = None
    cue: Span | None = None
    speaker_type: str = "person"  # person | organisation | anonymous
    speaker_id: str | None = None
    facts: list[str] = Field(default_factory=list)


class Cut(_Model):
    """What of a long article was not read for facts (the per-article caps of :mod:`sitroom.extract.bounded`)."""

    chars_read: int  # facts come from text[:chars_read]; the rest of the text is kept, not read
    chars: int
    sentences_read: int
    max_sentences: int | None = None  # the sentence cap, when it stopped the reading
    long_sentences_split: int = 0  # runs longer than max_sentence_tokens given a sentence start
    max_sentence_tokens: int | None = None


class Article(_Model):
    """One news report and everything read from it."""

    id: str = ""
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: date | None = None
    dateline: str | None = None
    origin: str | None = None  # where it was read from (file path, file:line)
    headings: list[Span] = Field(default_factory=list)
    sentences: list[Span] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    actors: list[Actor] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    times: list[TimeValue] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    control: list[ControlStatus] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    forecasts: list[Forecast] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    cut: Cut | None = None  # set when the article was longer than the per-article caps allow to read whole
    schema_version: int = SCHEMA_VERSION
    # where ``published`` was guessed from when the input carried no date ("the file name", "the dateline"); not stored
    _published_from: str | None = PrivateAttr(default=None)

    def model_post_init(self, _ctx: object) -> None:
        if not self.id:
            self.id = content_id(self.text)

    @property
    def published_from(self) -> str | None:
        """Where ``published`` was guessed from when the input carried no date (None: the input gave it)."""
        return self._published_from

    @published_from.setter
    def published_from(self, where: str | None) -> None:
        self._published_from = where

    def span(self, start: int, end: int) -> Span:
        return Span(start=start, end=end, text=self.text[start:end])

    def place(self, place_id: str | None) -> Place | None:
        for p in self.places:
            if p.id == place_id:
                return p
        return None

    def actor(self, actor_id: str | None) -> Actor | None:
        for a in self.actors:
            if a.id == actor_id:
                return a
        return None

    def sentence_of(self, offset: int) -> Span | None:
        for s in self.sentences:
            if s.start <= offset < s.end:
                return s
        return None


_WS = re.compile(r"\s+")
# curly quotes and dashes → ASCII; str.replace per character: str.translate with a dict costs ~15 ms on 20 KB
_STRAIGHTEN = (("\u2018", "'"), ("\u2019", "'"), ("\u201c", '"'), ("\u201d", '"'), ("\u2013", "-"), ("\u2014", "-"))


def normalise_text(text: str) -> str:
    """Normal form used for identity: NFKC, curly quotes straightened, whitespace collapsed, casefolded."""
    t = unicodedata.normalize("NFKC", text)
    if not t.isascii():
        for a, b in _STRAIGHTEN:
            t = t.replace(a, b)
    return " ".join(t.split()).casefold()  # str.split() splits on what \s matches, and strips; 3x faster than re.sub


def content_id(text: str) -> str:
    """Stable article id from normalised content (same text, same id, whatever the whitespace)."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()[:16]
