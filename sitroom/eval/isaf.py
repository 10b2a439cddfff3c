"""``sitroom eval isaf FILE``: sitroom's events mapped onto the ISAF press-release fields and scored.

Each line of FILE is ``{"id", "text", "gold": {start_date, event_type, province, target_group, min_killed,
min_captured, ...}}``. The release text is the only input: its dateline ("KABUL, Afghanistan (Jan. 22, 2013)")
is the publication date that anchors relative times ("Sunday" -> 2013-01-20); when the dateline has no year, the
year comes from a date or a year-month stamp earlier in the header ("2010-09-...").

Mapping from sitroom's events (:func:`to_isaf`):

* start_date -- the date of the main event (the first body event -- headlines last -- that reports people killed
  or detained, or an air strike; else the first event), else the release date; a vague main date ("recently")
  or none told gives way to the time a later mention of the same kind of happening tells;
* event_type -- air/drone strike -> ``airstrike``; people detained and insurgents killed -> ``captureandkill``;
  only killed -> ``insurgentskilled``; only detained -> ``detention``; civilians killed -> ``civiliancasualty``;
  an armed clash with nobody killed or detained -> ``exchangeoffire``;
* province -- the first-level division of the main event's place (gazetteer ``province_of``), else of the first
  place in the body; scored by identity in the gazetteer: the gold name matches when it names the same
  province (accents, "province" and alternate spellings normalised by the gazetteer's own name index);
* target_group -- the armed groups named (not merely described) in the release, as ISAF's labels;
* min_killed / min_captured -- the minimum counts (:func:`sitroom.extract.counts.minimum`) summed over the
  release's events (killed: people other than civilians and the security forces).

Scoring follows the dataset author's evaluation: per-field accuracy over all rows, exact date, set equality for
the list fields (``"a;b"`` entries split), exact counts.
"""

from __future__ import annotations

import json
import re
import time
import unicodedata
from datetime import date
from pathlib import Path

from sitroom.errors import EvalError
from sitroom.extract.counts import combine, minimum, parse_quantity
from sitroom.gazetteer.names import name_key
from sitroom.model import Article, Event

FIELDS = ("start_date", "event_type", "province", "target_group", "min_killed", "min_captured")

# sitroom actor ids -> ISAF target_group labels (the dataset's schema, not its answers)
GROUP_LABELS = {
    "taliban": "taliban",
    "haqqani": "haqqani",
    "hig": "hig",
    "imu": "imu",
    "al-qaeda": "aq",
    "criminals": "criminal",
}
FRIENDLY_KINDS = {"state-forces", "intl-forces", "intl-org", "government", "state"}

_DATELINE = re.compile(r"\b[A-Z][A-Za-z.' -]{1,30},\s*[A-Z][A-Za-z]+\s*\((?P<date>[^()\n]{3,40})\)")
_STAMP = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)-(?P<m>0[1-9]|1[0-2])-")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def release_date(text: str) -> date | None:
    """The release's own date, read from its text: the dateline, else a dated title line.

    A yearless date ("(Sept. 6)") takes the year from a full date or a year-month stamp ("2010-09-CA-070")
    before it in the header.
    """
    from sitroom.extract.timex import parse_date

    head = text[:1200]
    m = _DATELINE.search(head)
    before = head[: m.start()] if m else head[:400]
    anchor = None
    full = parse_date(before)
    if full is not None:
        anchor = full
    else:
        st = _STAMP.search(before)
        if st:
            anchor = date(int(st["y"]), int(st["m"]), 15)
        elif _YEAR.search(before):
            anchor = date(int(_YEAR.search(before).group(0)), 7, 1)
    if m:
        d = parse_date(m["date"], anchor=anchor)
        if d is not None:
            return d
    # no dateline: a title that starts with a date ("July 6: Afghan-ISAF Operations ...")
    first = before.lstrip().split("\n", 1)[0]
    tm = re.match(r"\s*(?P<d>[A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})?)\s*:", first)
    if tm:
        return parse_date(tm["d"], anchor=anchor)
    return full


def load(path: str | Path) -> list[dict]:
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8").split("\n")  # not splitlines(): texts hold U+2028
    except OSError as exc:
        raise EvalError(f"cannot read {p}: {exc}", hint="pass the ISAF JSONL file (id, text, gold)") from exc
    rows = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            r = json.loads(line)
            r["text"], r["gold"]  # noqa: B018 (presence check)
        except (ValueError, KeyError, TypeError) as exc:
            raise EvalError(f"{p}:{n}: not an ISAF row ({exc})", hint="each line needs text and gold") from exc
        rows.append(r)
    return rows


# --------------------------------------------------------------------------- mapping


def _relevant(e: Event) -> bool:
    return not e.background


def _is_air(e: Event) -> bool:
    return e.sub_event_type == "Air/drone strike"


def _victims_civilian(article: Article, e: Event) -> bool:
    a = article.actor(e.actor2)
    return a is not None and a.kind == "civilians" or e.event_type == "Violence against civilians"


def _victims_friendly(article: Article, e: Event) -> bool:
    a = article.actor(e.actor2)
    return a is not None and a.kind in FRIENDLY_KINDS


def main_event(article: Article, events: list[Event] | None = None) -> Event | None:
    evs = [e for e in (article.events if events is None else events) if _relevant(e)]
    # the body tells the happening with its time; a headline only names it
    evs = sorted(evs, key=lambda e: e.heading)
    for e in evs:
        if e.counts.get("killed") or e.counts.get("captured") or _is_air(e):
            return e
    return evs[0] if evs else None


def province_of_place(article: Article, place_id: str | None, gaz):
    p = article.place(place_id)
    if p is None or not p.gazetteer_id:
        return None
    e = gaz.get(p.gazetteer_id)
    return gaz.province_of(e) if e is not None else None


# a sentence that sums up several operations: "during separate clearing and security operations", "during four
# operations", "in overnight operations in Zabul and Khost provinces", "during operations in the province this month"
# ("special operations forces" is a unit, not several operations)
_ROLLUP = re.compile(
    r"\b(?:during|in|over|through|throughout|conducted|conducting|carried out)\s+(?:[\w'-]+,?\s+){0,4}?(?:operations|searches|raids|missions)\b"
    r"(?!\s+(?:forces?|command|center|centre|task|personnel|units?|teams?)\b)",
    re.I,
)


def _rollup(e: Event) -> bool:
    return bool(e.evidence) and bool(e.counts) and not e.heading and bool(_ROLLUP.search(e.evidence[0].text))


_SEPARATOR = re.compile(r"^[ \t]*-{3,}[ \t]*$", re.M)


def release_end(text: str) -> int:
    """Where the release ends: a text that holds several releases (an update appended after a "----" line, or a
    second dateline) is the first of them."""
    from sitroom.extract.timex import parse_date

    datelines = [m for m in _DATELINE.finditer(text) if parse_date(m["date"], anchor=date(2000, 1, 1)) is not None]
    if not datelines:
        return len(text)
    ends = [m.start() for m in datelines[1:2]]
    ends += [m.start() for m in _SEPARATOR.finditer(text, datelines[0].end())][:1]
    return min(ends, default=len(text))


def release_mentions(article: Article, mentions: list[Event] | None = None) -> list[Event]:
    """The release's own event mentions, in text order. A release that sums up several operations ("killed
    several insurgents and detained numerous others during separate operations over the past 24 hours") and then
    tells one of them in detail reports the detailed one: the summary's mentions are left out when a later
    mention that is not itself a summary gives counts. ``mentions`` are the events before the within-article
    merge; without them, the merged events stand in."""
    if not mentions:
        return [e for e in article.events if _relevant(e)]
    end = release_end(article.text)
    ms = [e for e in mentions if _relevant(e)]
    ms = [e for e in ms if not e.evidence or e.evidence[0].start < end] or ms
    return [
        e
        for e in ms
        if not (
            _rollup(e)
            and any(
                o.counts
                and not _rollup(o)
                and not o.heading
                and o.evidence
                and o.evidence[0].start > e.evidence[0].start
                for o in ms
            )
        )
    ]


def release_events(article: Article, mentions: list[Event] | None = None) -> list[Event]:
    """The release's own events: :func:`release_mentions` merged as the pipeline merges them."""
    keep = release_mentions(article, mentions)
    if not mentions or len(keep) == len([e for e in mentions if _relevant(e)]):
        return [e for e in article.events if _relevant(e)]
    from sitroom.extract.within import merge_events

    view = article.model_copy(update={"events": [e.model_copy(deep=True) for e in keep]})
    return merge_events(view).events


def release_counts(article: Article, mentions: list[Event]) -> dict[str, int]:
    """Minimum people killed (other than civilians and the security forces), killed civilians and captured.

    A release tells one operation: a count told again ("detained two insurgents ... detained them", "killed
    several insurgents ... returned fire, killing several insurgents") is the same group and keeps the larger
    figure; a count marked additional ("two more", "also detained two", a new kind of person) is added
    (:func:`sitroom.extract.counts.combine`, in text order)."""
    told: dict[str, str] = {}
    for e in mentions:
        if e.heading:
            continue  # a headline repeats the body
        for k, v in e.counts.items():
            if k == "killed" and _victims_civilian(article, e):
                k = "civilians"
            elif k == "killed" and _victims_friendly(article, e):
                continue
            q = parse_quantity(v)
            told[k] = combine(told.get(k), v, add=bool(q and q.additional)) or v
    return {k: minimum(told.get(k)) or 0 for k in ("killed", "civilians", "captured")}


def to_isaf(article: Article, gaz, mentions: list[Event] | None = None) -> dict:
    """sitroom's reading of one release, in ISAF's fields (province as gazetteer entries); ``mentions``: the
    events before the within-article merge (see :func:`release_events`)."""
    evs = release_events(article, mentions)
    main = main_event(article, evs)
    n = release_counts(article, release_mentions(article, mentions))
    killed, captured, civ = n["killed"], n["captured"], n["civilians"]
    air = any(_is_air(e) for e in evs)
    types: list[str] = []
    if air:
        types.append("airstrike")
        if captured and not killed:
            types.append("detention")
    elif killed and captured:
        types.append("captureandkill")
    elif killed:
        types.append("insurgentskilled")
    elif captured:
        types.append("detention")
    elif civ:
        types.append("civiliancasualty")
    elif any(e.sub_event_type == "Armed clash" for e in evs):
        types.append("exchangeoffire")
    when = main.date if main is not None else None
    if when is not None and (when.value.endswith("_REF") or not when.text):
        # "recently detained two insurgents ... Haji Mama ... was arrested Oct. 4", "confirmed the death of X ...
        # During an operation Wednesday ... were killed": a vague or untold time gives way to the time a later
        # mention of the same kind of happening tells
        when = next(
            (
                e.date
                for e in evs
                if e is not main
                and e.sub_event_type == main.sub_event_type
                and e.date
                and e.date.text
                and not e.date.value.endswith("_REF")
            ),
            when,
        )
    d = when.point if when is not None else None
    d = d or article.published
    prov = province_of_place(article, main.place, gaz) if main is not None else None
    if prov is None:
        for e in evs:
            prov = province_of_place(article, e.place, gaz)
            if prov is not None:
                break
    if prov is None:
        for p in article.places:
            if p.role not in ("dateline", "demonym") and p.kind in ("province", "district", "city"):
                prov = province_of_place(article, p.id, gaz)
                if prov is not None:
                    break
    # groups named in the release, not only in a summary of several operations that gave way to the detail
    kept = {id(e) for e in release_mentions(article, mentions)}
    summaries = [e.evidence[0] for e in (mentions or []) if _relevant(e) and id(e) not in kept and e.evidence]
    end = release_end(article.text) if mentions else len(article.text)
    groups = set()
    for a in article.actors:
        label = GROUP_LABELS.get(a.id)
        if label and any(
            m.form in ("alias", "name")
            and m.span.start < end
            and not any(s.start <= m.span.start < s.end for s in summaries)
            for m in a.mentions
        ):
            groups.add(label)
    return {
        "start_date": d.isoformat() if d else None,
        "event_type": sorted(types),
        "province": [prov] if prov is not None else [],
        "target_group": sorted(groups) or [""],
        "min_killed": killed,
        "min_captured": captured,
    }


def _split(values) -> set[str]:
    out: set[str] = set()
    for v in values or []:
        out.update(x.strip().lower() for x in str(v).split(";"))
    return out


def _skeleton(key: str) -> str:
    """Transliteration-insensitive form of a name key: consonants only, doubled letters merged
    ("paktya" / "paktiya" -> "pkt", "khowst" / "khost" -> "kst", "oruzgan" / "uruzgan" -> "rzgn")."""
    out = re.sub(r"[aeiouyhw]", "", key)
    return re.sub(r"(.)\1+", r"\1", out)


def _names(gaz, entry) -> set[str]:
    return gaz.name_keys(entry.id) | {name_key(entry.name)}


def gold_province(name: str, gaz, country: str | None = None):
    """The gazetteer province a gold name denotes: by its names and alternate names (accents and the word
    "province" dropped), else by a transliteration-insensitive match that is unique among the country's provinces."""
    bare = re.sub(r"\s+province$", "", name.strip(), flags=re.I)
    hits = gaz.lookup(bare, kinds=("province",), country=country)
    if hits:
        return hits[0]
    key = _skeleton(name_key(bare))
    if not key or country is None:
        return None
    c = gaz.country(country)
    cands = [
        e for e in (gaz.children(c.id, "province") if c else []) if any(_skeleton(k) == key for k in _names(gaz, e))
    ]
    return cands[0] if len(cands) == 1 else None


def _province_match(gold: list[str], pred: list, gaz) -> bool:
    """Same set of provinces, compared as gazetteer entries (spelling-insensitive)."""
    gold_names = sorted(_split(gold) - {""})
    pred_ids = {e.id for e in pred}
    if not gold_names:
        return not pred_ids
    country = next((e.country for e in pred), "AF")
    gold_ids = set()
    for name in gold_names:
        e = gold_province(name, gaz, country)
        gold_ids.add(e.id if e is not None else f"?{name}")
    return gold_ids == pred_ids


def score_row(gold: dict, pred: dict, gaz) -> dict[str, bool]:
    return {
        "start_date": str(gold.get("start_date")) == str(pred["start_date"]),
        "event_type": _split(gold.get("event_type")) == set(pred["event_type"]),
        "province": _province_match(gold.get("province") or [], pred["province"], gaz),
        "target_group": (_split(gold.get("target_group")) - {""}) == (set(pred["target_group"]) - {""}),
        "min_killed": int(gold.get("min_killed") or 0) == pred["min_killed"],
        "min_captured": int(gold.get("min_captured") or 0) == pred["min_captured"],
    }


def _run(pipe, article: Article) -> list[Event]:
    """Run the pipeline on ``article``; return its events as extracted, before the within-article merge."""
    from sitroom.pipeline import State

    st, mentions = State(), []
    for c in pipe.components:
        if c.name == "merge":
            mentions = [e.model_copy(deep=True) for e in article.events]
        c.func(pipe, article, st)
    return mentions


def evaluate(rows: list[dict], pipeline=None, limit: int | None = None, details: list | None = None) -> dict:
    """Run the pipeline on each release and return per-field accuracy."""
    from sitroom.pipeline import default_pipeline

    pipe = pipeline or default_pipeline()
    rows = rows[:limit] if limit else rows
    hits = {f: 0 for f in FIELDS}
    t0 = time.perf_counter()
    from sitroom.engine import on_terminal

    for r in on_terminal(rows, desc="eval isaf"):
        text = r["text"]
        article = Article(text=text, published=release_date(text))
        with pipe.nlp.memory_zone():
            mentions = _run(pipe, article)
        pred = to_isaf(article, pipe.gazetteer, mentions)
        ok = score_row(r["gold"], pred, pipe.gazetteer)
        for f in FIELDS:
            hits[f] += ok[f]
        if details is not None:
            shown = dict(pred, province=[e.name for e in pred["province"]])
            main = main_event(article, release_events(article, mentions))
            evidence = main.evidence[0].text.strip() if main is not None and main.evidence else ""
            details.append(
                {
                    "id": r.get("id"),
                    "ok": ok,
                    "pred": shown,
                    "evidence": evidence,
                    "published": article.published.isoformat() if article.published else None,
                    "gold": {f: r["gold"].get(f) for f in FIELDS},
                }
            )
    n = len(rows)
    return {
        "rows": n,
        "accuracy": {f: (hits[f] / n if n else 0.0) for f in FIELDS},
        "seconds": round(time.perf_counter() - t0, 2),
    }


def format_metrics(m: dict) -> str:
    lines = [f"isaf: {m['rows']} releases ({m['seconds']:.1f}s)"]
    for f in FIELDS:
        lines.append(f"  {f:13} {m['accuracy'][f]:.3f}")
    return "\n".join(lines)


def _printable(text: str) -> str:
    """Release text for a terminal: control and format characters escaped (\\x1b, \\u202e)."""
    return "".join(c if unicodedata.category(c)[0] != "C" else c.encode("unicode_escape").decode("ascii") for c in text)


def format_errors(details: list[dict], fields=FIELDS) -> str:
    """One line per miss: release id, field, gold, predicted, the release date read and the main event's sentence."""
    lines = []
    for d in details:
        for f in fields:
            if d["ok"][f]:
                continue
            ev = _printable(" ".join(d.get("evidence", "").split()))
            lines.append(
                f"{d['id']}\t{f}\tgold={d['gold'].get(f)!r}\tpred={d['pred'].get(f)!r}"
                f"\tpublished={d.get('published')}\t{ev}"
            )
    return "\n".join(lines)


def main(args) -> int:
    """``sitroom eval isaf FILE [--limit N] [--json] [--errors]``."""
    rows = load(args.file)
    details: list[dict] = []
    m = evaluate(rows, limit=getattr(args, "limit", None), details=details)
    if getattr(args, "errors", False):
        print(format_errors(details))
    print(json.dumps(m) if getattr(args, "json", False) else format_metrics(m))
    return 0
