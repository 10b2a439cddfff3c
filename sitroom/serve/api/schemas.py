"""The API's response models: the OpenAPI document's schemas (``tests/test_api.py`` validates real responses
against them). Every model forbids extra fields, so a shaping function that sends a field the schema does not
declare fails loudly.
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from sitroom.serve.api.limits import MAX_ARTICLE_CHARS


class PlaceKind(str, Enum):
    """What /api/control and /api/changes can narrow places to (capital status comes from the gazetteer)."""

    provincial_capital = "provincial-capital"
    national_capital = "national-capital"
    capital = "capital"
    city = "city"
    district = "district"
    province = "province"
    country = "country"
    facility = "facility"


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorBody(_Out):
    status: int = Field(description="HTTP status code")
    code: str = Field(description="stable machine-readable code, e.g. not-found, invalid-parameter, internal")
    title: str = Field(description="short human-readable summary")
    detail: str = Field(description="what was wrong with which input")


class ErrorResponse(_Out):
    error: ErrorBody


class Health(_Out):
    status: str
    version: str
    counts: dict[str, int]


# the fields every fact's model ends with (after its ``evidence``): one definition, used as types
Corrected = Annotated[bool, Field(description="an analyst corrected this fact (see /api/facts/{id}/history)")]
Correction = Annotated[str | None, Field(description="the latest correction in force: action, author and note")]


class _Fact(_Out):
    """The fields every fact's model starts with (its own fields, ``evidence`` and the correction marks follow)."""

    id: str
    article_id: str | None = None


class Evidence(_Out):
    """The sentence a fact was read from, with its offsets in the article text when known."""

    article_id: str | None = None
    sentence: str | None = None
    start: int | None = None
    end: int | None = None
    outlet: str | None = Field(None, description="the outlet that published the article")
    source: str | None = Field(None, description="who the outlet says said it")
    relayed_by: str | None = Field(None, description="news agency that relayed the report (DPA, AFP)")
    certainty: str | None = None


class EventOut(_Fact):
    event_type: str
    sub_event_type: str | None = None
    actor1: str | None = None
    actor1_name: str | None = None
    actor2: str | None = None
    actor2_name: str | None = None
    date: str | None = None
    place: str | None = None
    place_kind: str | None = None
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    certainty: str
    background: bool = False
    heading: bool = Field(False, description="read from a heading or a headline, not a body sentence")
    advance: bool = Field(False, description="an armed actor reaching or surrounding the place (no takeover told)")
    targets: list[str] = Field(default_factory=list)
    summary: str | None = None
    fatalities: int | None = None
    evidence: Evidence
    corrected: Corrected = False
    correction: Correction = None


class Page(_Out):
    limit: int
    offset: int
    count: int = Field(description="number of items in this page")
    total: int | None = Field(
        None,
        description="number of items the query matches across all pages (null for a "
        "filtered event query matching more than 100,000)",
    )
    next_offset: int | None = Field(None, description="offset of the next page, null on the last page")


class EventPage(Page):
    items: list[EventOut]
    next_after: str | None = Field(
        None,
        description="keyset cursor: pass as `after` for the next page (cheaper than "
        "a deep offset); null on the last page",
    )


class ArticleSummary(_Out):
    id: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    dateline: str | None = None


class ArticlePage(Page):
    items: list[ArticleSummary]


class ControlStatement(_Fact):
    controller: str
    controller_name: str | None = None
    place: str | None = None
    facility: str | None = None
    status: str | None = None
    since: str | None = None
    quantity: int | None = None
    evidence: Evidence
    corrected: Corrected = False
    correction: Correction = None


class Source(Evidence):
    """One report of a fact: its evidence plus the article's publication day, title and address."""

    published: str | None = None
    title: str | None = None
    url: str | None = None
    uid: str | None = Field(None, description="the reported fact's id (an event id for an event)")


class Pocket(_Out):
    actor: str
    actor_name: str | None = None
    facility: str | None = None
    since: str | None = None
    learned: str | None = Field(None, description="publication day of the first report of it")
    evidence: Evidence


class Alternative(_Out):
    """One version of a disputed value, with the reports that give it."""

    value: str | float | int | bool | None = None
    kind: str | None = None
    status: str | None = None
    reports: list[str | None] = Field(default_factory=list, description="ids of the reports that give this value")
    outlets: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list, description="attributed sources giving this value")


class Change(_Out):
    date: str | None = None
    holder: str
    holder_name: str | None = None
    previous: str | None = Field(None, description="holder before this change, as the store knew it")
    previous_name: str | None = None
    event_id: str | None = None
    kind: str = Field(description="event sub-type, or 'statement' for a control statement")
    status: str | None = Field(
        None, description="held | claimed | unconfirmed (a claim no report confirmed for 7 days) | contested"
    )
    learned: str | None = Field(None, description="publication day of the first report of the change")
    evidence: Evidence
    sources: list[Source] = Field(default_factory=list, description="every report of the change")
    alternatives: dict[str, list[Alternative]] = Field(
        default_factory=dict, description="reports that disagree about the change"
    )


class PlaceControl(_Out):
    place: str
    gazetteer_id: str | None = None
    kind: str | None = None
    country: str | None = None
    admin1: str | None = Field(None, description="the province (admin-1 unit) the place lies in")
    lat: float | None = None
    lon: float | None = None
    approximate: bool = Field(
        False, description="the point is that of the unit the text places it in: the gazetteer lacks the place"
    )
    capital: str | None = Field(None, description="provincial | national | null (from the gazetteer)")
    capital_of: str | None = None
    holder: str | None = None
    holder_name: str | None = None
    since: str | None = None
    learned: str | None = None
    status: str = Field(description="held | claimed | unconfirmed (a claim no report confirmed for 7 days) | contested")
    pockets: list[Pocket] = Field(default_factory=list)
    history: list[Change] = Field(default_factory=list, description="changes of hands up to the day, oldest first")
    evidence: list[Evidence] = Field(default_factory=list)
    alternatives: dict[str, list[Alternative]] = Field(default_factory=dict)


class ControlOut(_Out):
    at: str | None
    first: str | None = Field(None, description="earliest day with a dated change in the store")
    last: str | None = Field(None, description="latest day with a dated change in the store")
    places: list[PlaceControl]
    statements: list[ControlStatement]


class ChangeOut(Change):
    place: str
    gazetteer_id: str | None = None
    place_kind: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    approximate: bool = Field(
        False, description="the point is that of the unit the text places it in: the gazetteer lacks the place"
    )
    capital: str | None = None
    capital_of: str | None = None
    valid_from: str | None = None


class ChangesOut(_Out):
    since: str
    until: str
    changes: list[ChangeOut]


class SituationOut(_Out):
    """The happening an event report belongs to: every report of it across articles, and what they disagree on."""

    id: str
    event_id: str = Field(description="the event report asked about")
    event_type: str
    sub_event_type: str | None = None
    actor1: str | None = None
    actor1_name: str | None = None
    actor2: str | None = None
    actor2_name: str | None = None
    place: str | None = None
    date: str | None = None
    first_reported: str | None = None
    certainty: str
    corroboration: int = Field(description="independent reports (stories; a reprint counts once)")
    carriers: int = Field(description="copies seen, reprints included")
    outlets: list[str]
    reports: list[Source] = Field(description="every report of the happening, the one asked about included")
    alternatives: dict[str, list[Alternative]] = Field(
        default_factory=dict,
        description="fields the reports disagree on (date, actor2, certainty, counts.*): "
        "each version with the reports that give it",
    )


class Carrier(_Out):
    article_id: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    title: str | None = None
    relation: str | None = Field(None, description="original | exact | near")
    similarity: float | None = None


class StoryOut(_Out):
    id: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    carriers: list[Carrier]


class StoryPage(Page):
    items: list[StoryOut]


class ClaimOut(_Fact):
    kind: str | None = None
    what: str | None = None
    value: float | None = None
    unit: str | None = None
    comparator: str | None = None
    subject: str | None = None
    actor: str | None = None
    actor_name: str | None = None
    also_stated: str | None = None
    verdict: str | None = Field(
        None, description="consistent | inconsistent | cannot tell: checked against the store and the gazetteer"
    )
    reasoning: list[str] = Field(default_factory=list, description="the steps behind the verdict")
    evidence: Evidence
    corrected: Corrected = False
    correction: Correction = None


class ClaimPage(Page):
    items: list[ClaimOut]


class Outcome(_Out):
    """The event that resolved a forecast."""

    event_id: str | None = None
    date: str | None = None
    sub_event_type: str | None = None
    place: str | None = None
    actor: str | None = None
    actor_inferred: str | None = Field(
        None,
        description="when the reports name no actor: the side the ledger "
        "infers from that side's recent takeovers (see reasoning)",
    )
    first_reported: str | None = None
    learned_on: str | None = Field(None, description="the first publication day of a report of the outcome")
    date_earliest: str | None = None
    date_latest: str | None = None
    corroboration: int | None = None
    sources: list[Source] = Field(default_factory=list)
    dated_by: list[Source] = Field(default_factory=list, description="the reports whose own words give the date")
    reasoning: list[str] = Field(default_factory=list, description="why this event resolves the forecast")


class ForecastOut(_Fact):
    by: str | None = None
    actor: str | None = None
    actor_name: str | None = None
    what: str | None = None
    target: str | None = None
    modality: str | None = None
    horizon_days: int | None = None
    deadline: str | None = None
    made_on: str | None = None
    status: str | None = Field(None, description="hit | miss | open, judged on the store's later events")
    unresolvable: str | None = Field(None, description="why the forecast cannot be resolved, if it cannot")
    lead_days: int | None = Field(None, description="days between the outcome and the deadline (hits)")
    days_to_outcome: int | None = None
    outcome: Outcome | None = None
    evidence: Evidence
    corrected: Corrected = False
    correction: Correction = None


class ForecastPage(Page):
    items: list[ForecastOut]


class QuoteFact(_Out):
    """A fact read inside an attribution's content (its certainty and source follow from the attribution)."""

    id: str = Field(description="the fact's id, as /api/events, /api/claims, ... give it")
    kind: str = Field(description="events | control | claims | forecasts")
    place: str | None = Field(None, description="a control fact's place (its name)")
    side: str | None = Field(None, description="a control fact's side: the name of the actor holding the place")
    facility: str | None = Field(None, description="a control fact's facility, when it is part of the place")
    status: str | None = Field(None, description="a control fact's status: held | contested | claimed")


class QuoteOut(_Fact):
    speaker: str | None = None
    speaker_type: str | None = Field(None, description="person | organisation | anonymous")
    speaker_id: str | None = Field(
        None, description="the resolved speaker's actor id when a known actor (as the events' actor ids), else null"
    )
    role: str | None = None
    outlet: str | None = None
    text: str | None = Field(None, description="the content: what the source said, believes or documented")
    mode: str | None = Field(
        None, description="direct (in quotation marks) | mixed (partly quoted) | indirect (a paraphrase: no quotation)"
    )
    source: str | None = Field(None, description="the source as the text names it (a name, a description, a pronoun)")
    source_start: int | None = None
    source_end: int | None = None
    cue: str | None = None  # the cue as written ("said", "told VOA", "according to", a transcript's colon)
    cue_start: int | None = None
    cue_end: int | None = None
    facts: list[QuoteFact] = Field(default_factory=list, description="facts read inside the content")
    evidence: Evidence
    corrected: Corrected = False
    correction: Correction = None


class QuotePage(Page):
    items: list[QuoteOut]


class ArticleIn(_Out):
    """One article to ingest (POST /api/articles)."""

    text: str = Field(min_length=1, max_length=MAX_ARTICLE_CHARS, description="the article body, plain text")
    title: str | None = Field(None, max_length=1000)
    url: str | None = Field(None, max_length=2000)
    outlet: str | None = Field(None, max_length=300)
    published: date | None = Field(None, description="publication day (YYYY-MM-DD)")


class ArticleCreated(_Out):
    id: str
    stored: bool = Field(description="false when the article (or a near-duplicate of it) was already stored")
    duplicate: str | None = Field(None, description="exact | near when it was a copy of a stored story")
    counts: dict[str, int] = Field(default_factory=dict, description="facts extracted, by kind")


class ArticleDetail(ArticleSummary):
    text: str
    events: list[EventOut]
    control: list[ControlStatement]
    claims: list[ClaimOut]
    forecasts: list[ForecastOut]
    quotes: list[QuoteOut]
