"""``sitroom eval events GOLD...``: events read against the project's gold, per ACLED sub-event type.

GOLD is one or more folders of gold JSONL (``gold/README.md``; read with :func:`sitroom.eval.gold.load_gold`):

* ``event`` records (world-voa): in each text whose events were annotated completely (a ``done`` record naming
  ``event``), every non-background record is a gold event: its sentence span and its sub-event type;
* ``sentence`` records (``gold/written``, ``gold/gate``): a sentence labelled ``event`` with its sub-event type is a
  gold event; one labelled ``none`` holds no event (each written sentence is read as a text of its own).

Each text goes through the real pipeline (``published`` from the text's header or record, else 2020-01-01). A read
event matches a gold event when its evidence sentence overlaps the gold span and the sub-event types are equal
(sitroom's Displacement and Negotiation types match the gold's "Displacement" / "Negotiation"); each gold event
is matched at most once, and read events of the same sub-type in the same sentence count once. Background events
(told as context) are left out on both sides.

Reported, separately for each part (world-voa ``tune`` / ``held`` by ``gold/split.yaml``; ``written-X`` for each
``gold/written/X.jsonl``, e.g. ``written-dev``, ``written-blind_tune``, ``written-blind_held``; ``whitehouse``): per
sub-type precision, recall, F1 and support; micro P/R/F1; the support-weighted F1; how many texts that hold an event
gave no event at all (``silent``, per sub-type too); and **false events per 10,000 words** on text that holds none
(the world-voa non-conflict files, and the sentences labelled ``none``). A part named ``held`` or ending in
``_held`` is held out: scored, never listed sentence by sentence (``--items``).
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from sitroom.errors import EvalError
from sitroom.eval.gold import GOLD_ROOT, REPO_PREFIX, Gold, load_gold, load_split, part_of

DEFAULT_DATE = date(2020, 1, 1)


def sub_label(event_type: str, sub: str | None) -> str:
    """The name an event is scored under: the ACLED sub-event type, or Displacement / Negotiation."""
    if event_type in ("Displacement", "Negotiation", "Other") and sub in (
        None,
        "Flight",
        "Evacuation",
        "Proposal",
        "Talks",
        "Displacement",
        "Negotiation",
    ):
        return {
            "Flight": "Displacement",
            "Evacuation": "Displacement",
            "Proposal": "Negotiation",
            "Talks": "Negotiation",
        }.get(sub or event_type, sub or event_type)
    return sub or event_type


@dataclass
class Unit:
    """One text to read: its gold events (span, label) and whether it holds none."""

    file: str
    part: str
    text: str
    offset: int = 0  # where the text starts in the file the gold offsets index
    published: date | None = None
    gold: list[tuple[int, int, str]] = field(default_factory=list)
    empty: bool = False  # holds no event at all (false events are counted per word)


def is_held(part: str) -> bool:
    """A held-out part: world-voa ``held``, or written sentences of a file whose name ends in ``_held``."""
    return part == "held" or part.endswith("_held")


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def _part(file: str, split) -> str:
    if file.startswith(REPO_PREFIX):
        return "written-" + Path(file.partition("#")[0]).stem
    if "whitehouse" in file:
        return "whitehouse"
    return part_of(file, split) or "other"


def _wh_date(shared: Path, file: str) -> date | None:
    path, _, rid = file.partition("#")
    with (Path(shared) / "corpus" / path).open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                r = json.loads(line)
                if str(r.get("id")) == rid:
                    try:
                        return date.fromisoformat(str(r.get("date"))[:10])
                    except ValueError:
                        return None
    return None


def units(gold: Gold, shared: Path, split_path: Path) -> list[Unit]:
    split = load_split(split_path)
    out: list[Unit] = []
    done = gold.done("event")
    spec = yaml.safe_load(split_path.read_text(encoding="utf-8")) or {}
    nonconf = {n for part in ("tune", "held") for n in ((spec.get(part) or {}).get("non-conflict") or [])}
    for file in sorted(done):
        text = gold.texts.get(file)
        if text is None:
            continue
        recs = [r for r in gold.of("event", {file}) if not r["background"]]
        u = Unit(
            file=file,
            part=_part(file, split),
            text=text,
            gold=[(r["start"], r["end"], sub_label(r["event_type"], r["sub_event_type"])) for r in recs],
        )
        u.empty = Path(file).name[:3] in nonconf
        out.append(u)
    # sentence records: each sentence a text of its own
    by_file: dict[str, list[dict]] = defaultdict(list)
    for r in gold.of("sentence"):
        by_file[r["file"]].append(r)
    for file, recs in sorted(by_file.items()):
        text = gold.texts[file]
        published = _wh_date(shared, file) if "#" in file else None
        for r in recs:
            u = Unit(
                file=file,
                part=_part(file, split),
                text=text[r["start"] : r["end"]],
                offset=r["start"],
                published=published,
                empty=r["label"] == "none",
            )
            if r["label"] == "event":
                u.gold.append((r["start"], r["end"], r["sub_event_type"]))
            out.append(u)
    return out


def read(units_: list[Unit], pipeline=None) -> list[list[tuple[int, int, str]]]:
    """The events the pipeline reads in each unit: (start, end) of the evidence in file offsets, label."""
    from sitroom.ingest import article_from_text
    from sitroom.pipeline import default_pipeline

    pipe = pipeline or default_pipeline()
    out = []
    from sitroom.engine import on_terminal

    for u in on_terminal(units_, desc="eval events"):
        a = article_from_text(u.text, published=u.published or DEFAULT_DATE, origin=u.file)
        body = len(u.text) - len(a.text) if u.text.endswith(a.text) else max(0, u.text.find(a.text[:200]))
        a = pipe.run(a)
        found = set()
        for e in a.events:
            if e.background or not e.evidence:
                continue
            for s in e.evidence:  # a merged happening keeps the evidence of every sentence that told it
                found.add(
                    (s.start + body + u.offset, s.end + body + u.offset, sub_label(e.event_type, e.sub_event_type))
                )
        out.append(sorted(found))
    return out


def score(units_: list[Unit], preds: list[list[tuple[int, int, str]]]) -> dict:
    tp, fp, fn, silent = Counter(), Counter(), Counter(), Counter()
    false_empty, words_empty, silent_texts = 0, 0, 0
    for u, pred in zip(units_, preds):
        if u.gold and not pred:  # a text that tells an event and gave none at all
            silent_texts += 1
            silent.update(gl for _, _, gl in u.gold)
        if u.empty:
            words_empty += _words(u.text)
            false_empty += len(pred)
        gold = list(u.gold)
        used = set()
        for s, e, lab in pred:
            hit = next(
                (i for i, (gs, ge, gl) in enumerate(gold) if i not in used and gl == lab and gs < e and s < ge), None
            )
            if hit is None:
                # the same happening read again in an overlapping sentence is no new false event
                if any(gl == lab and gs < e and s < ge for gs, ge, gl in gold):
                    continue
                fp[lab] += 1
            else:
                used.add(hit)
                tp[lab] += 1
        for i, (_, _, gl) in enumerate(gold):
            if i not in used:
                fn[gl] += 1
    labels = sorted(set(tp) | set(fp) | set(fn))
    per = {}
    for lab in labels:
        P = tp[lab] / (tp[lab] + fp[lab]) if tp[lab] + fp[lab] else 0.0
        R = tp[lab] / (tp[lab] + fn[lab]) if tp[lab] + fn[lab] else 0.0
        per[lab] = {
            "precision": round(P, 3),
            "recall": round(R, 3),
            "f1": round(2 * P * R / (P + R), 3) if P + R else 0.0,
            "support": tp[lab] + fn[lab],
            "tp": tp[lab],
            "fp": fp[lab],
            "fn": fn[lab],
            "silent": silent[lab],
        }
    support = sum(v["support"] for v in per.values())
    T, F, N = sum(tp.values()), sum(fp.values()), sum(fn.values())
    P = T / (T + F) if T + F else 0.0
    R = T / (T + N) if T + N else 0.0
    return {
        "texts": len(units_),
        "gold_events": support,
        "read_events": T + F,
        "micro": {
            "precision": round(P, 3),
            "recall": round(R, 3),
            "f1": round(2 * P * R / (P + R), 3) if P + R else 0.0,
        },
        "texts_with_events": sum(1 for u in units_ if u.gold),
        "silent": silent_texts,
        "weighted_f1": round(sum(v["f1"] * v["support"] for v in per.values()) / support, 3) if support else None,
        "sub_types_below_0.5": sorted(k for k, v in per.items() if v["support"] and v["f1"] < 0.5),
        "false_events_per_10k_words": round(10000 * false_empty / words_empty, 2) if words_empty else None,
        "empty_text_words": words_empty,
        "false_events_on_empty": false_empty,
        "per_sub_type": per,
    }


def evaluate(folders: list[Path], shared: Path, split_path: Path, parts: set[str] | None = None, pipeline=None) -> dict:
    all_units: list[Unit] = []
    for folder in folders:
        all_units += units(load_gold(folder, shared), shared, split_path)
    if parts:
        all_units = [u for u in all_units if u.part in parts]
    if not all_units:
        raise EvalError(
            f"no gold events or sentences in {', '.join(map(str, folders))}",
            hint="event records need a 'done' record naming 'event'; or give sentence records",
        )
    preds = read(all_units, pipeline)
    out = {}
    for part in sorted({u.part for u in all_units}):
        idx = [i for i, u in enumerate(all_units) if u.part == part]
        out[part] = score([all_units[i] for i in idx], [preds[i] for i in idx])
    return out


def format_report(res: dict) -> str:
    lines = []
    for part, m in res.items():
        lines.append(f"== {part}: {m['texts']} texts, {m['gold_events']} gold events, {m['read_events']} read")
        mi = m["micro"]
        lines.append(
            f"   micro P {mi['precision']:.3f} R {mi['recall']:.3f} F1 {mi['f1']:.3f}; support-weighted F1 "
            f"{m['weighted_f1'] if m['weighted_f1'] is not None else '-'}; false events / 10k words on texts "
            f"that hold none: {m['false_events_per_10k_words'] if m['false_events_per_10k_words'] is not None else '-'}"
            f" ({m['false_events_on_empty']} in {m['empty_text_words']} words); {m['silent']} of "
            f"{m['texts_with_events']} texts that hold an event gave none"
        )
        for lab, v in sorted(m["per_sub_type"].items(), key=lambda kv: (-kv[1]["support"], kv[0])):
            lines.append(
                f"   {lab:38s} P {v['precision']:.2f} R {v['recall']:.2f} F1 {v['f1']:.2f}  support {v['support']:3d}"
                f"  (tp {v['tp']}, fp {v['fp']}, fn {v['fn']}, silent {v['silent']})"
            )
    return "\n".join(lines)


def _snip(u: Unit, s: int, e: int) -> str:
    return " ".join(u.text[max(0, s - u.offset) : e - u.offset].split())[:300]


def items(units_: list[Unit], preds: list[list[tuple[int, int, str]]]) -> list[dict]:
    """Every miss and false event of each unit, with the sentence: ``missed`` (a gold event read under no label or
    another label), ``false`` (a read event that matches no gold event). Never for a held part (held texts are
    not read to design rules)."""
    out = []
    for u, pred in zip(units_, preds):
        if is_held(u.part):
            continue
        for gs, ge, gl in u.gold:
            if not any(lab == gl and s < ge and gs < e for s, e, lab in pred):
                other = sorted({lab for s, e, lab in pred if s < ge and gs < e})
                out.append(
                    {
                        "file": u.file,
                        "kind": "missed",
                        "gold": gl,
                        "read": other,
                        "start": gs,
                        "end": ge,
                        "sentence": _snip(u, gs, ge),
                    }
                )
        for s, e, lab in pred:
            if not any(gl == lab and gs < e and s < ge for gs, ge, gl in u.gold):
                out.append(
                    {
                        "file": u.file,
                        "kind": "false",
                        "read": lab,
                        "gold": sorted({gl for gs, ge, gl in u.gold if gs < e and s < ge}),
                        "start": s,
                        "end": e,
                        "sentence": _snip(u, s, e),
                    }
                )
    return out


def main(args) -> int:
    shared = Path(args.shared)
    split = Path(args.split) if args.split else GOLD_ROOT / "split.yaml"
    parts = set(args.part) if args.part else None
    if getattr(args, "items", False):
        if not parts or any(is_held(p) for p in parts):
            raise EvalError(
                "--items lists the sentences of misses and false events: name the parts with --part "
                "(never a held part, 'held' or '*_held': its texts are not read to design rules)"
            )
        all_units: list[Unit] = []
        for folder in args.gold:
            all_units += units(load_gold(Path(folder), shared), shared, split)
        all_units = [u for u in all_units if u.part in parts]
        for it in items(all_units, read(all_units)):
            print(json.dumps(it, ensure_ascii=False))
        return 0
    res = evaluate([Path(g) for g in args.gold], shared, split, parts)
    print(json.dumps(res, indent=2) if args.json else format_report(res))
    return 0
