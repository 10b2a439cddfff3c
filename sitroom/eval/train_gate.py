"""``make train``: train the relevance gate (:mod:`sitroom.extract.gate`) from labelled sentences.

    python -m sitroom.eval.train_gate [--shared ../shared] [--gold gold/world-voa] [--out sitroom/data/models/gate]

Labelled sentences come from (all read in place, nothing of ../shared is copied):

* ``gold/written/train.jsonl`` -- sentences written for this project (``sentence`` records, every sub-type);
* ``gold/gate/*.jsonl`` -- sentences of the White House briefings and of world-voa tune files labelled event /
  none by this project (``sentence`` records);
* the world-voa gold (``--gold``; ``event`` records): in each *tune* file whose events were annotated completely,
  a sentence is EVENT when an event record overlaps it, else NONE (held files are never read here);
* the PLOVER gold records and the PETRARCH2 unit records, where their type maps soundly to event / none
  (``sitroom/data/models/gate-training.yaml``).

``gold/written/dev.jsonl`` is scored, never trained on. The model (a spaCy bag-of-words text classifier, seeded)
and ``manifest.json`` (data hash, command, seed, counts, dev metrics) are written to ``--out``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from collections import Counter
from pathlib import Path

import yaml

from sitroom.config import DATA_DIR
from sitroom.errors import SitroomError
from sitroom.eval.gold import GOLD_ROOT, load_gold, load_split, part_of

SPEC = DATA_DIR / "models" / "gate-training.yaml"


def _sentence_records(folder: Path, shared: Path) -> list[tuple[str, bool, str]]:
    out = []
    if not folder.is_dir():
        return out
    gold = load_gold(folder, shared)
    for r in gold.of("sentence"):
        out.append((gold.texts[r["file"]][r["start"] : r["end"]], r["label"] == "event", f"{folder.name}"))
    return out


def _world_voa(folder: Path, shared: Path, split_path: Path) -> list[tuple[str, bool, str]]:
    from sitroom.extract.nlp import load_nlp

    if not folder.is_dir():
        return []
    gold = load_gold(folder, shared)
    split = load_split(split_path)
    nlp = load_nlp()
    out = []
    for file in sorted(gold.done("event")):
        if part_of(file, split) != "tune":
            continue
        text = gold.texts.get(file)
        if text is None:
            from sitroom.eval.gold import read_text

            text = read_text(shared, file)
        spans = [(r["start"], r["end"]) for r in gold.of("event", {file})]
        body_start = text.find("\n", text.find("\n") + 1) + 1  # lines 1-2: date, outlet and address
        for s in nlp(text).sents:
            if s.end_char <= body_start or not s.text.strip():
                continue
            ev = any(a < s.end_char and s.start_char < b for a, b in spans)
            out.append((s.text.strip(), ev, "world-voa"))
    return out


def _oeda(shared: Path, spec: dict) -> list[tuple[str, bool, str]]:
    from sitroom.eval import petrarch, plover

    out = []
    recs, _ = plover.load(shared / "eval" / "plover-gsr")
    for r in recs:
        t = r.events[0].type if r.events else None
        if t in spec["plover_event"]:
            out.append((r.text, True, "plover"))
        elif t in spec["plover_none"]:
            out.append((r.text, False, "plover"))
    recs, _ = petrarch.load(shared / "eval" / "petrarch2-unittest")
    for r in recs:
        roots = {e.type for e in r.events}
        if r.no_event or not roots:
            continue
        if roots <= set(spec["cameo_event"]):
            out.append((r.text, True, "petrarch"))
        elif roots <= set(spec["cameo_none"]):
            out.append((r.text, False, "petrarch"))
    return out


def collect(shared: Path, gold_voa: Path) -> list[tuple[str, bool, str]]:
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    data = []
    written = load_gold(GOLD_ROOT / "written", shared)
    for r in written.of("sentence"):
        if r["file"].endswith("/train.txt"):
            data.append((written.texts[r["file"]][r["start"] : r["end"]], r["label"] == "event", "written"))
    data += _sentence_records(GOLD_ROOT / "gate", shared)
    data += _world_voa(gold_voa, shared, GOLD_ROOT / "split.yaml")
    data += _oeda(shared, spec)
    # one label per distinct text (a text labelled both ways keeps EVENT: it tells one somewhere)
    seen: dict[str, tuple[bool, str]] = {}
    for text, ev, src in data:
        key = " ".join(text.split())
        if key and (key not in seen or ev):
            seen[key] = (ev, src)
    return [(t, ev, src) for t, (ev, src) in sorted(seen.items())]


def dev_set(shared: Path) -> list[tuple[str, bool]]:
    written = load_gold(GOLD_ROOT / "written", shared)
    return [
        (" ".join(written.texts[r["file"]][r["start"] : r["end"]].split()), r["label"] == "event")
        for r in written.of("sentence")
        if r["file"].endswith("/dev.txt")
    ]


def prf(gold: list[bool], pred: list[bool]) -> dict:
    tp = sum(g and p for g, p in zip(gold, pred))
    fp = sum(p and not g for g, p in zip(gold, pred))
    fn = sum(g and not p for g, p in zip(gold, pred))
    P = tp / (tp + fp) if tp + fp else 0.0
    R = tp / (tp + fn) if tp + fn else 0.0
    return {
        "precision": round(P, 3),
        "recall": round(R, 3),
        "f1": round(2 * P * R / (P + R), 3) if P + R else 0.0,
        "accuracy": round(sum(g == p for g, p in zip(gold, pred)) / max(1, len(gold)), 3),
        "n": len(gold),
    }


def train(data: list[tuple[str, bool, str]], spec: dict):
    import spacy
    from spacy.training import Example
    from spacy.util import fix_random_seed

    fix_random_seed(int(spec["seed"]))
    nlp = spacy.blank("en")
    tc = nlp.add_pipe(
        "textcat",
        config={
            "model": {
                "@architectures": "spacy.TextCatBOW.v3",
                "exclusive_classes": True,
                "ngram_size": int(spec["ngram_size"]),
                "no_output_layer": False,
                "length": int(spec["bow_length"]),
            }
        },
    )
    tc.add_label("EVENT")
    tc.add_label("NONE")
    examples = [
        Example.from_dict(nlp.make_doc(" ".join(t.split())), {"cats": {"EVENT": float(ev), "NONE": float(not ev)}})
        for t, ev, _ in data
    ]
    opt = nlp.initialize(lambda: examples)
    rng = random.Random(int(spec["seed"]))
    for _epoch in range(int(spec["epochs"])):
        rng.shuffle(examples)
        losses: dict = {}
        for i in range(0, len(examples), 32):
            nlp.update(examples[i : i + 32], sgd=opt, drop=float(spec["dropout"]), losses=losses)
    return nlp


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m sitroom.eval.train_gate", description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument(
        "--gold", type=Path, default=GOLD_ROOT / "world-voa", help="world-voa event gold (tune files are read)"
    )
    ap.add_argument("--out", type=Path, default=DATA_DIR / "models" / "gate")
    args = ap.parse_args(argv)
    try:
        spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
        data = collect(args.shared, args.gold)
        digest = hashlib.sha256("".join(f"{int(ev)}\t{t}\n" for t, ev, _ in data).encode()).hexdigest()
        nlp = train(data, spec)
        dev = dev_set(args.shared)
        th = float(spec["threshold"])
        pred = [d.cats["EVENT"] >= th for d in nlp.pipe([t for t, _ in dev])]
        metrics = prf([g for _, g in dev], pred)
        args.out.mkdir(parents=True, exist_ok=True)
        nlp.to_disk(args.out, exclude=["vocab"])  # hashed features only: no word list of the training texts
        counts = Counter(f"{src}:{'event' if ev else 'none'}" for _, ev, src in data)
        manifest = {
            "model": "spaCy textcat, TextCatBOW.v3 (exclusive EVENT/NONE)",
            "spacy": __import__("spacy").__version__,
            "command": "make train  (python -m sitroom.eval.train_gate --shared ../shared)",
            "world_voa_gold": "the tune files of gold/world-voa with a done record naming event",
            "seed": spec["seed"],
            "epochs": spec["epochs"],
            "threshold": th,
            "data_sha256": digest,
            "examples": len(data),
            "by_source": dict(sorted(counts.items())),
            "dev": metrics,
            "dev_set": "gold/written/dev.jsonl",
        }
        (args.out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        print(json.dumps(manifest, indent=2))
        return 0
    except SitroomError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
