"""``sitroom eval plover FILE``: agreement with the PLOVER gold standard records (a report, not a target).

FILE is the OEDA ``PLOVER_GSR_CAMEO.json`` (a JSON list of records: ``text``, ``event``, ``source`` and ``target``
lists of ``{actorText, code, sector}``, sometimes ``eventLoc`` ``{name, country code}``, ``date``) or a folder
holding one ``.json`` file. Each record's text goes through sitroom's real pipeline (the record's date as the
publication date); the first non-background event sitroom reads is compared with the gold event, field by field:

* event_type -- sitroom's ACLED-style type mapped to a PLOVER type by ``sitroom/data/event_coding.yaml``; an event
  whose type has no PLOVER counterpart, and a record where sitroom reads no event, count as disagreement
  (``coverage`` says how many of sitroom's events the table could express); ``event_type_any`` accepts any of the
  record's events;
* actor1 / actor2 -- sitroom's actor against the gold source / target actors: the same country (the actor's ISO2
  country as alpha-3 against the first three letters of the CAMEO code, for states, governments and their forces),
  or the actor's canonical name or a name/alias mention equal to or contained in the gold actor text (case,
  punctuation and a leading "the" ignored). Sectors ("GOV", "MIL") are not compared;
* location -- the event's place against the gold ``eventLoc`` name (same gazetteer entry, or the same name);
* country -- the event place's country against the gold country code, or the country of the gazetteer's first
  candidate for the gold name;
* date -- the event's date (else the publication date) against the record date.

Each field is scored over the records where the gold has it; counts are printed with the rates. The shared
helpers here also serve ``sitroom eval petrarch`` (:mod:`sitroom.eval.petrarch`).
"""

from __future__ import annotations

import json
import re
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

from sitroom.config import DATA_DIR
from sitroom.errors import EvalError
from sitroom.model import Actor, Article, Event, Place

CODING_FILE = DATA_DIR / "event_coding.yaml"
COUNTRY_KINDS = {"state", "government", "state-forces"}
NONE = "(no event)"
FIELDS = ("event_type", "event_type_any", "actor1", "actor2", "location", "country", "date", "no_event")


# --------------------------------------------------------------------------- gold records


@dataclass
class GoldActor:
    text: str
    code: str


@dataclass
class GoldEvent:
    type: str | None  # PLOVER type, or CAMEO root; None when the gold code is outside the scheme
    sources: list[GoldActor] = field(default_factory=list)
    targets: list[GoldActor] = field(default_factory=list)
    code: str = ""  # the gold's own code as written


@dataclass
class GoldRecord:
    id: str
    text: str
    date: date | None = None
    events: list[GoldEvent] = field(default_factory=list)
    location: str | None = None
    location_country: str | None = None  # ISO2
    no_event: bool = False  # the gold says: nothing to code here


@dataclass
class Coding:
    """The mapping table (``sitroom/data/event_coding.yaml``)."""

    events: dict[str, dict]
    plover_aliases: dict[str, str]
    country_aliases: dict[str, str]

    def code(self, e: Event, scheme: str) -> str | None:
        """The event's type in ``scheme`` ("plover" or "cameo"), or None where the table has none."""
        entry = self.events.get(type_key(e)) or {}
        return entry.get(scheme)


def type_key(e: Event) -> str:
    return f"{e.event_type}/{e.sub_event_type}" if e.sub_event_type else e.event_type


@lru_cache(maxsize=4)
def load_coding(path: str | None = None) -> Coding:
    p = Path(path) if path else CODING_FILE
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
        events = {str(k): dict(v or {}) for k, v in data["events"].items()}
    except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError) as exc:
        raise EvalError(
            f"cannot read the event coding table {p}: {exc}",
            hint="it needs an 'events' mapping of 'Type/Sub-type' to {plover, cameo}",
        ) from exc
    for k, v in events.items():
        if v.get("cameo") is not None:
            v["cameo"] = str(v["cameo"]).zfill(2)
    return Coding(
        events=events,
        plover_aliases=dict(data.get("plover_aliases") or {}),
        country_aliases=dict(data.get("cameo_country_aliases") or {}),
    )


def _actors(value) -> list[GoldActor]:
    if not isinstance(value, list):
        return []  # the records write "" or a stray word where there is no target
    out = []
    for a in value:
        if isinstance(a, dict) and (a.get("actorText") or a.get("code")):
            out.append(GoldActor(text=str(a.get("actorText") or ""), code=str(a.get("code") or "")))
    return out


def _gold_date(value, where: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise EvalError(f"{where}: date {value!r} is not YYYY-MM-DD") from exc


def single(path: Path, suffix: str, what: str) -> Path:
    if path.is_dir():
        files = sorted(path.glob(f"*{suffix}"))
        if len(files) != 1:
            raise EvalError(
                f"{path}: expected one {suffix} file in the folder, found {len(files)}",
                hint=f"pass the {what} file itself",
            )
        return files[0]
    return path


def load(path: str | Path, coding: Coding | None = None) -> tuple[list[GoldRecord], dict]:
    """PLOVER records with text, and counts of the records left out (and why)."""
    coding = coding or load_coding()
    p = single(Path(path), ".json", "PLOVER gold records (.json)")
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise EvalError(
            f"cannot read {p}: {exc}", hint="pass the PLOVER gold records JSON (a list of records)"
        ) from exc
    if not isinstance(data, list):
        raise EvalError(
            f"{p}: not a PLOVER record list (top level is {type(data).__name__})",
            hint="the file is a JSON list of records with text, event, source, target",
        )
    records, skipped = [], Counter()
    for n, r in enumerate(data):
        if not isinstance(r, dict) or "event" not in r:
            raise EvalError(f"{p}: record {n} has no 'event' field", hint="each record needs event and text")
        if not str(r.get("text") or "").strip():
            skipped["no text"] += 1  # the DOCUMENT record describes the file
            continue
        rid = str(r.get("id") or n)
        ev = str(r["event"]).strip().upper()
        ev = coding.plover_aliases.get(ev, ev)
        loc = r.get("eventLoc") if isinstance(r.get("eventLoc"), dict) else {}
        records.append(
            GoldRecord(
                id=rid,
                text=str(r["text"]),
                date=_gold_date(r.get("date"), f"{p}: {rid}"),
                events=[
                    GoldEvent(type=ev, sources=_actors(r.get("source")), targets=_actors(r.get("target")), code=ev)
                ],
                location=str(loc.get("name") or "").strip() or None,
                location_country=(str(loc.get("country code") or "").strip().upper() or None),
            )
        )
    return records, dict(skipped)


# --------------------------------------------------------------------------- matching


@lru_cache(maxsize=1)
def iso3_table() -> dict[str, str]:
    """ISO2 -> ISO3, from the shipped Natural Earth country table."""
    out = {}
    path = DATA_DIR / "gazetteer" / "naturalearth.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) > 2 and cols[0] == "country" and cols[1] and cols[2]:
            out.setdefault(cols[1].upper(), cols[2].upper())
    return out


def _words(text: str) -> tuple[str, ...]:
    t = unicodedata.normalize("NFKD", text.casefold())
    t = "".join(c for c in t if not unicodedata.combining(c))
    ws = re.findall(r"[a-z0-9]+", t)
    return tuple(ws[1:] if ws[:1] == ["the"] else ws)


def _contains(big: tuple[str, ...], small: tuple[str, ...]) -> bool:
    n = len(small)
    return n > 0 and any(big[i : i + n] == small for i in range(len(big) - n + 1))


def actor_names(actor: Actor) -> list[str]:
    """The canonical name and the name/alias mentions (descriptors and pronouns are not names)."""
    return [actor.name] + [m.span.text for m in actor.mentions if m.form in ("name", "alias")]


def actor_matches(actor: Actor | None, gold: GoldActor, coding: Coding) -> bool:
    if actor is None:
        return False
    root = gold.code.strip().upper()[:3]
    root = coding.country_aliases.get(root, root)
    if actor.country and actor.kind in COUNTRY_KINDS and root and iso3_table().get(actor.country.upper()) == root:
        return True
    g = _words(gold.text)
    if not g:
        return False
    for name in actor_names(actor):
        w = _words(name)
        if w and (w == g or _contains(g, w)):
            return True
    return False


_LOC_PREFIX = re.compile(
    r"^(?:(?:to|in|at|near|into)\s+)?(?:the\s+)?(?:(?:province|town|city|district|village|"
    r"region|enclave|capital)\s+of\s+)?",
    re.I,
)


def gold_place_name(name: str) -> str:
    return _LOC_PREFIX.sub("", name.strip()).strip() or name.strip()


def place_matches(place: Place | None, gold_name: str, gaz) -> bool:
    if place is None:
        return False
    name = gold_place_name(gold_name)
    g = _words(name)
    if g and (g == _words(place.name) or g == _words(place.mention.text)):
        return True
    if place.gazetteer_id and gaz is not None:
        return place.gazetteer_id in {e.id for e in gaz.lookup(name)}
    return False


def gold_country(rec: GoldRecord, gaz) -> str | None:
    if rec.location_country:
        return rec.location_country
    if rec.location and gaz is not None:
        hits = gaz.lookup(gold_place_name(rec.location))
        if hits:
            return hits[0].country
    return None


# --------------------------------------------------------------------------- prediction and scoring


@dataclass
class Predicted:
    """sitroom's reading of one record: its non-background events, in text order."""

    events: list[Event]
    article: Article

    @property
    def main(self) -> Event | None:
        return self.events[0] if self.events else None


def predict(pipe, rec: GoldRecord) -> Predicted:
    article = Article(text=rec.text, published=rec.date)
    with pipe.nlp.memory_zone():
        pipe.run(article)
    return Predicted(events=[e for e in article.events if not e.background], article=article)


def _label(e: Event | None, coding: Coding, scheme: str) -> str:
    if e is None:
        return NONE
    c = coding.code(e, scheme)
    return c if c else f"(no {scheme.upper() if scheme == 'cameo' else 'PLOVER'} type: {type_key(e)})"


def score(
    records: list[GoldRecord],
    preds: list[Predicted],
    *,
    scheme: str,
    coding: Coding | None = None,
    gaz=None,
    details: list | None = None,
) -> dict:
    """Per-field agreement counts of ``preds`` with ``records`` (same order), and the confusion of types.

    ``scheme`` is "plover" (gold types are PLOVER names) or "cameo" (gold types are CAMEO roots).
    """
    if len(records) != len(preds):
        raise EvalError(f"{len(records)} gold records but {len(preds)} predictions", hint="score them in pairs")
    coding = coding or load_coding()
    agree: Counter = Counter()
    total: Counter = Counter()
    agree_e: Counter = Counter()  # the same, over the records where sitroom read an event
    total_e: Counter = Counter()
    confusion: Counter = Counter()
    produced = mapped = 0
    detected = untyped = 0
    for rec, pr in zip(records, preds):
        main = pr.main
        for e in pr.events:
            produced += 1
            mapped += coding.code(e, scheme) is not None
        ok: dict[str, bool] = {}
        if rec.no_event:
            ok["no_event"] = not pr.events
        gold_types = [g.type for g in rec.events if g.type]
        untyped += bool(rec.events) and not gold_types
        if gold_types:
            ours = [coding.code(e, scheme) for e in pr.events]
            ok["event_type"] = main is not None and ours[0] in gold_types
            ok["event_type_any"] = any(c in gold_types for c in ours if c)
            detected += main is not None
            confusion[(gold_types[0], _label(main, coding, scheme))] += 1
        sources = [a for g in rec.events for a in g.sources]
        targets = [a for g in rec.events for a in g.targets]
        a1 = pr.article.actor(main.actor1) if main is not None else None
        a2 = pr.article.actor(main.actor2) if main is not None else None
        if sources:
            ok["actor1"] = any(actor_matches(a1, g, coding) for g in sources)
        if targets:
            ok["actor2"] = any(actor_matches(a2, g, coding) for g in targets)
        place = pr.article.place(main.place) if main is not None else None
        if rec.location:
            ok["location"] = place_matches(place, rec.location, gaz)
        gc = gold_country(rec, gaz)
        if gc:
            ok["country"] = place is not None and (place.country or "").upper() == gc
        if rec.date is not None and rec.events:
            d = main.date.point if main is not None and main.date is not None else None
            ok["date"] = main is not None and (d or pr.article.published) == rec.date
        for f, v in ok.items():
            total[f] += 1
            agree[f] += bool(v)
            if main is not None and f != "no_event":
                total_e[f] += 1
                agree_e[f] += bool(v)
        if details is not None:
            details.append(
                {
                    "id": rec.id,
                    "ok": ok,
                    "gold": [g.code for g in rec.events] or ([NONE] if rec.no_event else []),
                    "ours": [_label(e, coding, scheme) for e in pr.events],
                    "actor1": a1.name if a1 else None,
                    "actor2": a2.name if a2 else None,
                    "place": place.name if place else None,
                }
            )
    gold_counts = Counter()
    for (g, _o), n in confusion.items():
        gold_counts[g] += n
    conf_rows = []
    for g, n in gold_counts.most_common():
        ours = Counter({o: c for (gg, o), c in confusion.items() if gg == g})
        conf_rows.append(
            {
                "gold": g,
                "n": n,
                "agree": ours.get(g, 0),
                "ours": [[o, c] for o, c in sorted(ours.items(), key=lambda x: (-x[1], x[0]))],
            }
        )
    typed = total["event_type"]
    return {
        "records": len(records),
        "fields": {
            f: {
                "agree": agree[f],
                "total": total[f],
                "rate": round(agree[f] / total[f], 4) if total[f] else None,
                "given_event": {"agree": agree_e[f], "total": total_e[f]},
            }
            for f in FIELDS
            if total[f]
        },
        "coverage": {
            "events": produced,
            "mapped": mapped,
            "rate": round(mapped / produced, 4) if produced else None,
            "records_with_event": detected,
            "records_typed": typed,
            "records_untyped": untyped,
        },
        "confusion": conf_rows,
    }


def run(
    records: list[GoldRecord],
    *,
    scheme: str,
    limit: int | None = None,
    pipeline=None,
    details: list | None = None,
    desc: str = "eval plover",
) -> dict:
    """Run the real pipeline on each record's text and score it (``desc``: the progress bar's label)."""
    from sitroom.pipeline import default_pipeline

    pipe = pipeline or default_pipeline()
    records = records[:limit] if limit else records
    t0 = time.perf_counter()
    from sitroom.engine import on_terminal

    preds = [predict(pipe, r) for r in on_terminal(records, desc=desc)]
    m = score(records, preds, scheme=scheme, gaz=pipe.gazetteer, details=details)
    m["seconds"] = round(time.perf_counter() - t0, 2)
    return m


# --------------------------------------------------------------------------- output

_FIELD_NOTES = {
    "event_type": "first event's type mapped",
    "event_type_any": "any event's type mapped",
    "actor1": "vs gold source actors",
    "actor2": "vs gold target actors",
    "location": "vs gold event location",
    "country": "country of the event place",
    "date": "event date (else publication) vs record date",
    "no_event": "no event where the gold codes none",
}


def _show(text: str) -> str:
    """Gold labels come from the file: control characters are shown escaped, never sent to the terminal."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(text))


def format_metrics(m: dict, name: str, scheme: str = "PLOVER", top: int = 12) -> str:
    skipped = ", ".join(f"{n} {why}" for why, n in sorted((m.get("skipped") or {}).items()))
    lines = [
        f"{name}: {m['records']} records ({m.get('seconds', 0):.1f}s)" + (f"; left out: {skipped}" if skipped else ""),
        "  field            agree / total    rate   where sitroom read an event",
    ]
    for f, v in m["fields"].items():
        ge = v.get("given_event") or {}
        given = f"{ge['agree']:4} / {ge['total']:<4}" if ge.get("total") else " " * 11
        lines.append(f"  {f:15} {v['agree']:6} / {v['total']:<6} {v['rate']:.3f}   {given}   {_FIELD_NOTES.get(f, '')}")
    c = m["coverage"]
    rate = f"{c['rate']:.3f}" if c["rate"] is not None else "-"
    lines.append(
        f"  coverage: {c['mapped']} of {c['events']} events sitroom read have a {scheme} type ({rate}); "
        f"{c['records_with_event']} of {c['records_typed']} typed records gave at least one event"
    )
    if c.get("records_untyped"):
        lines.append(f"  records with only codes outside the scheme (no event_type for them): {c['records_untyped']}")
    lines.append(f"confusion (top gold types; ours for the first event, '{NONE}' when sitroom read none):")
    for row in m["confusion"][:top]:
        ours = ", ".join(f"{_show(o)} {n}" for o, n in row["ours"][:4])
        lines.append(f"  {_show(row['gold']):11} {row['agree']:3}/{row['n']:<3}  {ours}")
    return "\n".join(lines)


def main(args) -> int:
    """``sitroom eval plover FILE [--limit N] [--json]``."""
    records, skipped = load(args.file)
    m = run(records, scheme="plover", limit=getattr(args, "limit", None))
    m["skipped"] = skipped
    print(json.dumps(m) if getattr(args, "json", False) else format_metrics(m, "plover", scheme="PLOVER"))
    return 0
