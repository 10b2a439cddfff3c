"""``sitroom eval situation GOLD``: changes of hands against the project's gold (``gold/README.md``).

Ingests every text the gold annotates for changes (``done`` records naming ``change``, plus any text holding a
``change`` record) into a temporary store with the real pipeline, asks the situation layer for its changes of hands
(:func:`sitroom.resolve.control.control_changes`, standing statements left out) and scores them per text:

* a gold change (``status`` reported or claimed; told several times in a text, it counts once) is **found** when a predicted change reported by that text has the
  same place (the gold anchor overlaps the predicted place's mention, or the names agree, or the gazetteer gives
  the gold name the predicted place's id), the gainer's side (``state`` / ``non-state``; any side when the gold
  says none) and a valid-from day within one day of the gold date (any day when the gold gives none; when the text
  dates the change only to a month or a year, the gold day must lie in that range);
* **sites are scored as their town** (the policy ACLED codes by: the location of a capture of a palace, a base, an
  airport, a camp is the town it lies in; the map may still show the site): a predicted change at a site (a
  ``facility`` keyed inside a town's gazetteer id) also matches a gold change of that town, and the predicted
  changes of one text with the same town, holder and valid-from day are one change (a capture of the palace and of
  two camps of Aden on one day by one side is one change of Aden); a gold change at a site counts as a change of
  the town its name holds ("Presidential palace (Aden)", "Fallujah government compound", "Mukalla port": the first
  name in it that the gazetteer gives as a town, district or province of the gold's country), so it is one change
  with the gold change of that town told the same day by the same gainer; a gold site whose name holds no town
  ("Camp Deroux", "K1 Air Base") is matched as a place of its own (anchor, name);
* a predicted change is **false** when it matches no gold change of any text reporting it (a prediction matching a
  ``denied`` gold change counts neither way);
* **actor named**: of the found changes whose gold names a gainer, the share whose predicted holder is that actor by
  name (not "Unidentified armed group", not a wrong country's forces); a gold gainer that is itself generic
  ("Opposition Rebels (Syria)") is left out.

Numbers are given for the ``tune`` and ``held`` parts of ``split.yaml`` separately (and all together); rules are
designed on tune texts only. ``--errors`` lists every false and missed change with its sentence.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sitroom.errors import EvalError
from sitroom.eval.gold import Gold, load_gold, load_split, part_of, read_text, text_path

DATE_SLACK = 1
# a gold gainer that is itself generic ("Opposition Rebels (Syria)"): no name to find, left out of "actor named"
_GENERIC_GOLD = re.compile(
    r"^(?:unidentified|opposition|rebels?\b|militants?\b|insurgents?\b|armed group|gunmen)", re.I
)
STATE_KINDS = {"state", "state-forces", "government", "intl-forces", "intl-org"}


def _norm(s: str | None) -> str:
    s = "".join(c for c in unicodedata.normalize("NFKD", s or "") if not unicodedata.combining(c))
    s = re.sub(r"[\u2019'`]", "", s.casefold())
    s = re.sub(r"^(?:the|al|el)[\s-]+", "", s.strip())
    return re.sub(r"[\s-]+", " ", s).strip()


def side_of(kind: str | None) -> str | None:
    """``state`` / ``non-state`` for an actor kind (None for no actor)."""
    if kind is None:
        return None
    return "state" if kind in STATE_KINDS else "non-state"


@dataclass
class Pred:
    """One predicted change of hands, as one text reports it."""

    file: str
    place: str  # canonical name
    place_key: str
    mention: tuple[int, int] | None  # file offsets of the place mention of this text's report
    mention_text: str
    holder: str | None
    holder_name: str | None
    holder_kind: str | None
    holder_country: str | None
    valid_from: date | None
    status: str
    sentence: str
    earliest: date | None = None  # the range the text's own date expression spans ("in August 2011")
    latest: date | None = None
    matched: str | None = None  # "found" | "denied"
    town_key: str = ""  # the key of the town a site lies in (its own key for any other place)
    town: str = ""  # that town's name

    @property
    def side(self) -> str | None:
        return side_of(self.holder_kind)


@dataclass
class Part:
    gold: int = 0
    found: int = 0
    pred: int = 0
    false: int = 0
    named_of: int = 0
    named: int = 0
    files: set[str] = field(default_factory=set)

    def metrics(self) -> dict[str, Any]:
        return {
            "files": len(self.files),
            "gold": self.gold,
            "found": self.found,
            "predicted": self.pred,
            "false": self.false,
            "recall": round(self.found / self.gold, 3) if self.gold else None,
            "precision": round((self.pred - self.false) / self.pred, 3) if self.pred else None,
            "actor_named": round(self.named / self.named_of, 3) if self.named_of else None,
            "actor_named_of": self.named_of,
        }


@dataclass
class Result:
    parts: dict[str, Part]
    missed: list[tuple[dict, str, str]]  # gold record, why, sentence
    false: list[Pred]
    unnamed: list[tuple[dict, Pred]]
    not_done: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {k: p.metrics() for k, p in self.parts.items()}


def _default_split(gold_dir: Path) -> Path:
    near = gold_dir.parent / "split.yaml"
    if near.is_file():
        return near
    return Path(__file__).resolve().parents[2] / "gold" / "split.yaml"


def _files(gold: Gold) -> tuple[list[str], list[str]]:
    done = gold.done("change")
    with_changes = {r["file"] for r in gold.of("change")}
    return sorted(done | with_changes), sorted(with_changes - done)


def _predict(files: list[str], shared: Path, pipeline, gazetteer) -> list[Pred]:
    """Run the pipeline on ``files``, store them in a temporary SQLite store, read back the changes of hands."""
    from sitroom.engine import on_terminal
    from sitroom.errors import SitroomError
    from sitroom.ingest import read_paths
    from sitroom.resolve.control import control_changes
    from sitroom.resolve.placekeys import Places
    from sitroom.store import open_store

    articles: dict[str, tuple[str, Any, int]] = {}  # article id -> (file, Article, offset of its text in the file)
    with tempfile.TemporaryDirectory(prefix="sitroom-eval-") as tmp:
        with open_store(str(Path(tmp) / "eval.sqlite")) as store:
            ran: set[str] = set()  # files whose record was run (a JSON Lines record once)
            for f in on_terminal(files, desc="eval situation"):
                path = text_path(shared, f)
                # a record of a JSON Lines file ("path#id"): offsets index that record's text, the others are not run
                raw = read_text(shared, f) if "#" in f else path.read_text(encoding="utf-8")
                for item in read_paths([str(path)]):
                    if isinstance(item, SitroomError):
                        raise EvalError(f"{f}: cannot be read: {item}")
                    if "#" in f and (not item.text.strip() or raw.find(item.text[:200]) < 0 or f in ran):
                        continue  # another record of the file (the one with this id was run)
                    art = pipeline.run(item)
                    shift = raw.find(art.text)
                    if shift < 0:
                        shift = max(0, raw.find(art.text[:200]))
                    articles[art.id] = (f, art, shift)
                    ran.add(f)
                    store.add(art)
            changes, _, _ = control_changes(store, places=Places(gazetteer))
            names = store.actor_names()
            kinds = {r["id"]: (r["kind"], r["country"]) for r in store.actor_rows()}
    out: list[Pred] = []
    for c in changes:
        if c.kind == "statement":
            continue
        seen: set[str] = set()
        for s in c.sources:
            aid = str(s.get("article_id"))
            if aid not in articles or aid in seen:
                continue
            seen.add(aid)
            f, art, shift = articles[aid]
            fact = str(s.get("uid") or "").partition(":")[2]
            ev = next((e for e in art.events if e.id == fact), None)
            p = art.place(ev.place) if ev is not None else None
            mention = (p.mention.start + shift, p.mention.end + shift) if p is not None else None
            kind, country = kinds.get(c.holder, (None, None)) if c.holder else (None, None)
            town_key, town = _town_of(c.place_key, c.place, gazetteer)
            out.append(
                Pred(
                    file=f,
                    place=c.place,
                    place_key=c.place_key,
                    mention=mention,
                    mention_text=p.mention.text if p is not None else "",
                    holder=c.holder,
                    holder_name=names.get(c.holder, c.holder) if c.holder else None,
                    holder_kind=kind,
                    holder_country=country,
                    valid_from=c.valid_from,
                    status=c.status,
                    sentence=str(s.get("sentence") or ""),
                    earliest=ev.date.earliest if ev is not None and ev.date is not None else None,
                    latest=ev.date.latest if ev is not None and ev.date is not None else None,
                    town_key=town_key,
                    town=town,
                )
            )
    return out


def _town_of(key: str, name: str, gazetteer) -> tuple[str, str]:
    """The key and name of the town a predicted place lies in: a site keyed inside a town's id
    (``placekeys.Places.key``: ``ID|site:NAME``) lies in that town; any other place is its own town."""
    gid, sep, _ = key.partition("|site:")
    if not sep:
        return key, name
    entry = None
    if gazetteer is not None:
        try:
            entry = gazetteer.get(gid)
        except Exception:  # noqa: BLE001 - a town the index cannot give keeps its key only
            entry = None
    return gid, entry.name if entry is not None else ""


_TOWN_KINDS = ("city", "district", "province")
_NAME_RUN = re.compile(r"(?:(?:al|el|ad|as|ar)-)?[A-Z][\w'’-]*(?: (?:(?:al|el|ad|as|ar)-)?[A-Z][\w'’-]*)*")


def _gold_town(g: dict, gazetteer) -> tuple[str, set[str]]:
    """The town a gold change's place is scored as (site policy): the place itself when the gazetteer gives it as a
    town, district or province (or there is no gazetteer); else the first name inside it that the gazetteer gives
    as one of those in the gold's country ("Presidential palace (Aden)" -> Aden, "Fallujah government compound" ->
    Fallujah); else the place itself (a site whose name holds no town). Returns (name, gazetteer ids)."""
    place = str(g["place"])
    if gazetteer is None:
        return place, set()
    cc = g.get("place_country")

    def towns(name: str) -> set[str]:
        try:
            found = gazetteer.lookup(name)
        except Exception:  # noqa: BLE001 - a name the index cannot look up matches by name only
            return set()
        return {e.id for e in found if e.kind in _TOWN_KINDS and (not cc or e.country == cc)}

    own = towns(place)
    if own:
        return place, own
    inner = re.findall(r"\(([^)]*)\)", place) + [re.sub(r"\s*\([^)]*\)", "", place)]
    for part in inner:
        for run in _NAME_RUN.findall(part):
            words = run.split()
            # the longest stretch of the run first ("Tripoli International Airport" -> ... -> "Tripoli")
            for n in range(len(words), 0, -1):
                for i in range(len(words) - n + 1):
                    ids = towns(" ".join(words[i : i + n]))
                    if ids:
                        return " ".join(words[i : i + n]), ids
    return place, set()


def _place_match(g: dict, p: Pred, gaz_ids: dict[str, set[str]], town: tuple[str, set[str]] | None = None) -> bool:
    """The gold's place is the predicted one (anchor, name, gazetteer id), or the gold's town is the town the
    predicted place lies in (site policy: ``town`` is :func:`_gold_town` of the gold)."""
    if p.mention is not None and p.mention[0] < g["end"] and g["start"] < p.mention[1]:
        return True
    want = _norm(g["place"])
    if want and want in (_norm(p.place), _norm(p.mention_text)):
        return True
    if p.place_key in gaz_ids.get(g["place"], set()):
        return True
    if town is None:
        return False
    name, ids = town
    return bool(p.town_key and p.town_key in ids) or bool(_norm(name) and _norm(name) == _norm(p.town))


def _short(file: str) -> str:
    """A text's short name in a listing: its number (``015``, ``w17``), or a record's source and id
    (``re3d/uk_gov#3A7EC635``)."""
    path, _, rid = file.partition("#")
    if rid:
        return f"{Path(path.partition(':')[2] or path).parent.as_posix()}#{rid[:8]}"
    return Path(path).name.partition("_")[0]


def _date_ok(g: dict, p: Pred) -> bool:
    if not g.get("date"):
        return True
    try:
        d = date.fromisoformat(str(g["date"])[:10])
    except ValueError:
        return True
    if p.valid_from is not None and abs((p.valid_from - d).days) <= DATE_SLACK:
        return True
    # a text that dates the change only to a month or a year ("in August 2011", "last year"): the gold day must lie
    # in the range the text gives (with the slack), not within a day of its middle
    return (
        p.earliest is not None
        and p.latest is not None
        and p.earliest != p.latest
        and (p.earliest - d).days <= DATE_SLACK
        and (d - p.latest).days <= DATE_SLACK
    )


def _words_in(a: str, b: str) -> bool:
    """Whether the name ``a`` is ``b`` or a run of whole words in it ("ISWAP" is not in "ISWAPS", "IS" not in "Islamic")."""
    return re.search(r"(?<!\w)" + re.escape(a) + r"(?!\w)", b) is not None


def _named(g: dict, p: Pred, alias_of) -> bool:
    """Is the predicted holder the gold's named gainer (not a generic stand-in)?"""
    if p.holder is None or p.holder.startswith("armed-") or (p.holder_name or "").startswith("Unidentified"):
        return False
    if g.get("gainer_side") == "state" and g.get("gainer_country"):
        return (p.holder_country or "").upper() == str(g["gainer_country"]).upper()
    got = _norm(p.holder_name)
    raw = str(g.get("gainer") or "")
    # "AQIM: al-Qaeda in the Islamic Maghreb", "al-Qaida in the Arabian Peninsula (AQAP)": every form it gives
    forms = {raw, *raw.split(":"), re.sub(r"\s*\([^)]*\)", "", raw), *re.findall(r"\(([^)]*)\)", raw)}
    for f in {x.strip() for x in forms if x.strip()}:
        want = _norm(f)
        if got and want and (want == got or _words_in(want, got) or _words_in(got, want)):
            return True
        # a name that means one group in the gold change's theatre and year ("Ahlu Sunna Wal Jamaa" in Mozambique)
        if alias_of(f, g.get("place_country"), str(g.get("date") or "")[:4]) == p.holder:
            return True
    return False


def score(
    gold: Gold,
    preds: list[Pred],
    files: list[str],
    split: dict[str, set[str]],
    gazetteer=None,
    alias_of=lambda name, country=None, year=None: None,
) -> Result:
    parts = {k: Part() for k in ("tune", "held", "all")}
    by_file: dict[str, list[Pred]] = {}
    for p in preds:
        by_file.setdefault(p.file, []).append(p)
    gaz_ids: dict[str, set[str]] = {}
    towns: dict[tuple[str, str | None], tuple[str, set[str]]] = {}
    for g in gold.of("change", set(files)):
        tk = (g["place"], g.get("place_country"))
        if tk not in towns:
            towns[tk] = _gold_town(g, gazetteer)
        if g["place"] not in gaz_ids:
            ids: set[str] = set()
            if gazetteer is not None:
                try:
                    ids = {e.id for e in gazetteer.lookup(g["place"])}
                except Exception:  # noqa: BLE001 - a name the index cannot look up matches by name only
                    ids = set()
            gaz_ids[g["place"]] = ids
    missed: list[tuple[dict, str, str]] = []
    unnamed: list[tuple[dict, Pred]] = []
    for f in files:
        names = [part_of(f, split) or "tune", "all"]
        for n in names:
            parts[n].files.add(f)
        cands = by_file.get(f, [])
        text = gold.texts.get(f, "")
        seen: set[tuple] = set()
        for g in sorted(gold.of("change", {f}), key=lambda r: r["start"]):
            town = towns[(g["place"], g.get("place_country"))]
            same = (_norm(town[0]), g.get("gainer_side"), _norm(g.get("gainer")), g.get("date"))
            if same in seen:
                continue  # the same change told again in the text (at its town or at a site in it): one change
            seen.add(same)
            # the predicted places that are the gold's own first, then those that lie in its town
            ok = [p for p in cands if _place_match(g, p, gaz_ids)]
            ok += [p for p in cands if p not in ok and _place_match(g, p, gaz_ids, town)]
            hit = next(
                (
                    p
                    for p in ok
                    if (g.get("gainer_side") is None or p.side == g["gainer_side"])
                    and _date_ok(g, p)
                    and p.matched is None
                ),
                None,
            )
            hit = hit or next(
                (p for p in ok if (g.get("gainer_side") is None or p.side == g["gainer_side"]) and _date_ok(g, p)), None
            )
            if g["status"] == "denied":
                if hit is not None and hit.matched is None:
                    hit.matched = "denied"
                continue
            for n in names:
                parts[n].gold += 1
            if hit is None:
                if not ok:
                    why = "place not found as a change"
                elif not any(g.get("gainer_side") is None or p.side == g["gainer_side"] for p in ok):
                    why = "wrong side: " + ", ".join(sorted({f"{p.holder_name} ({p.side})" for p in ok}))
                else:
                    why = "wrong date: " + ", ".join(sorted({str(p.valid_from) for p in ok}))
                ev = g.get("evidence") or [g["start"], g["end"]]
                missed.append((g, why, text[ev[0] : ev[1]]))
                continue
            hit.matched = "found"
            for n in names:
                parts[n].found += 1
            if g.get("gainer") and not _GENERIC_GOLD.search(str(g["gainer"])):
                for n in names:
                    parts[n].named_of += 1
                if _named(g, hit, alias_of):
                    for n in names:
                        parts[n].named += 1
                else:
                    unnamed.append((g, hit))
    false: list[Pred] = []
    for f in files:
        names = [part_of(f, split) or "tune", "all"]
        for group in _one_change_per_town(by_file.get(f, [])):
            if all(p.matched == "denied" for p in group):
                continue
            for n in names:
                parts[n].pred += 1
            if all(p.matched is None for p in group):
                false.append(group[0])
                for n in names:
                    parts[n].false += 1
    return Result(parts, missed, false, unnamed, [])


def _one_change_per_town(preds: list[Pred]) -> list[list[Pred]]:
    """Site policy: one text's predicted changes of one town (a site counts as its town) by one holder on days
    within ``DATE_SLACK`` of each other are one change (found when any of them is)."""
    by: dict[tuple[str, str | None], list[Pred]] = {}
    for p in preds:
        by.setdefault((p.town_key or p.place_key, p.holder), []).append(p)
    out: list[list[Pred]] = []
    for same in by.values():
        undated = [p for p in same if p.valid_from is None]
        groups: list[list[Pred]] = [undated] if undated else []
        for p in sorted((p for p in same if p.valid_from is not None), key=lambda p: p.valid_from or date.max):
            first = groups[-1][0].valid_from if groups and groups[-1] is not undated else None
            if first is not None and p.valid_from is not None and (p.valid_from - first).days <= DATE_SLACK:
                groups[-1].append(p)
            else:
                groups.append([p])
        out += groups
    return out


def evaluate(
    gold_dir: Path, shared: Path, *, split_path: Path | None = None, part: str | None = None, pipeline=None
) -> Result:
    """Score the pipeline's changes of hands on the gold's texts (``part``: only tune or held texts)."""
    gold_dir, shared = Path(gold_dir), Path(shared)
    gold = load_gold(gold_dir, shared)
    split = load_split(split_path or _default_split(gold_dir))
    files, not_done = _files(gold)
    if part is not None:
        files = [f for f in files if (part_of(f, split) or "tune") == part]
    if not files:
        raise EvalError(
            f"{gold_dir}: no text annotated for changes of hands" + (f" in the {part} part" if part else ""),
            hint="a text is scored once it has a 'done' record naming 'change' or a 'change' record",
        )
    if pipeline is None:
        from sitroom.pipeline import default_pipeline

        pipeline = default_pipeline()
    preds = _predict(files, shared, pipeline, pipeline.gazetteer)
    lex = pipeline.lexicon

    def alias_of(name: str | None, country: str | None = None, year: str | None = None) -> str | None:
        from collections import Counter

        from sitroom.extract.actor_registry import fold_name, pick_actor

        if not name:
            return None
        where = Counter([country.upper()]) if country else Counter()
        return pick_actor(lex, name, where, int(year) if year and year.isdigit() else None) or lex.alias_map.get(
            fold_name(name)
        )

    res = score(gold, preds, files, split, pipeline.gazetteer, alias_of)
    res.not_done = not_done
    return res


_CTRL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e]")


def _show(s: str | None, n: int = 160) -> str:
    """Untrusted text for a terminal: control and direction characters dropped, whitespace collapsed, cut."""
    s = " ".join(_CTRL.sub("", s or "").split())
    return s if len(s) <= n else s[: n - 1] + "…"


def print_result(res: Result, errors: bool, out=None) -> None:
    out = out or sys.stdout  # the stdout of the call, not the one of the import (a test's capture, a redirect)
    if errors:
        for g, why, sent in res.missed:
            print(
                f"MISSED {_short(g['file'])} {g['place']} -> {g.get('gainer') or '?'} ({g.get('gainer_side') or '?'}) "
                f"{g.get('date') or '?'} [{g['how']}, {g['status']}]: {why}\n    {_show(sent)}",
                file=out,
            )
        for p in res.false:
            print(
                f"FALSE  {_short(p.file)} {p.place} -> {p.holder_name or 'no actor'} ({p.side or '?'}) "
                f"{p.valid_from or '?'} [{p.status}]\n    {_show(p.sentence)}",
                file=out,
            )
        for g, p in res.unnamed:
            print(
                f"ACTOR  {_short(g['file'])} {g['place']}: gold {g.get('gainer')}, got {p.holder_name or 'no actor'}",
                file=out,
            )
    if res.not_done:
        print(f"note: {len(res.not_done)} text(s) hold change records but no 'done' record", file=out)
    for name, p in res.parts.items():
        m = p.metrics()
        if not m["files"]:
            continue
        print(
            f"{name}: {m['files']} texts, {m['gold']} gold changes, {m['found']} found, {m['predicted']} predicted, "
            f"{m['false']} false; recall {m['recall']}, precision {m['precision']}, "
            f"actor named {m['actor_named']} (of {m['actor_named_of']})",
            file=out,
        )


def main(args) -> int:
    res = evaluate(
        Path(args.gold), Path(args.shared), split_path=Path(args.split) if args.split else None, part=args.part
    )
    if args.json:
        print(json.dumps(res.to_dict(), indent=2))
    else:
        print_result(res, args.errors)
    return 0
