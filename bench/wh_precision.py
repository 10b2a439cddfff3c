"""Precision of the events read from the White House briefings that did not train the relevance gate.

Runs the pipeline over every record of ``corpus/afghanistan-2021/whitehouse/*.jsonl`` whose id is not in
``gold/gate/whitehouse.jsonl`` (those trained the gate), collects the non-background events with their evidence
(offsets into the record's text) and matches them against the hand-judged sample ``bench/wh_precision_sample.jsonl``
(file, start, end, read sub-type, correct, why). Prints the precision over the judged events and lists, as JSON
lines, every event read that the sample does not judge yet (to be judged by hand and added to the sample).

With ``--include-trained`` the records that trained the gate are read too, and the precision is printed separately
for the untrained records, the trained ones (text the gate learned from: their number flatters the gate) and all
together; each unjudged line then says whether its record trained the gate (``"trained": true``).

    python bench/wh_precision.py [--shared ../shared] [--unjudged out.jsonl] [--include-trained] [--verbose]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitroom.config import Settings  # noqa: E402
from sitroom.eval.events import Unit, read  # noqa: E402


def _label(read: str) -> str:
    """The sample's sub-type under the name the eval scores it (sitroom's Talks / Flight / ... as their types)."""
    return {
        "Talks": "Negotiation",
        "Proposal": "Negotiation",
        "Flight": "Displacement",
        "Evacuation": "Displacement",
    }.get(read, read)


def records(shared: Path, skip: set[str]) -> list[Unit]:
    """The White House records with a text, except those whose id (``file#id``) is in ``skip``."""
    out = []
    for path in sorted((shared / "corpus" / "afghanistan-2021" / "whitehouse").glob("*.jsonl")):
        rel = path.relative_to(shared / "corpus").as_posix()
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            r = json.loads(line)
            file = f"{rel}#{r['id']}"
            if file in skip or not r.get("text"):
                continue
            try:
                pub = date.fromisoformat(str(r.get("date"))[:10])
            except ValueError:
                pub = None
            out.append(Unit(file=file, part="whitehouse", text=r["text"], published=pub))
    return out


def _precision(judged: list[dict]) -> str:
    ok = sum(1 for j in judged if j["correct"])
    return (
        f"judged {len(judged)}: {ok} correct (precision {ok / len(judged):.2f})" if judged else "no judged event read"
    )


def _match(sample: list[dict], unit: Unit, pred: list[tuple[int, int, str]], verbose: bool):
    """The judgements of the events read in one record, and the events no judgement covers (as JSON records)."""
    judged, unjudged = [], []
    for s, e, lab in pred:
        j = next(
            (
                x
                for x in sample
                if x["file"] == unit.file and _label(x["read"]) == lab and x["start"] < e and s < x["end"]
            ),
            None,
        )
        if j is None:
            sentence = " ".join(unit.text[s:e].split())
            unjudged.append({"file": unit.file, "start": s, "end": e, "read": lab, "sentence": sentence})
        else:
            judged.append(j)
            if verbose and not j["correct"]:
                print(f"  wrong: {lab}: {' '.join(unit.text[s:e].split())[:100]} ({j.get('why', '')})")
    return judged, unjudged


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(Settings().shared))
    ap.add_argument("--verbose", action="store_true", help="list the wrong events read")
    ap.add_argument("--unjudged", help="write the events the sample does not judge to this JSONL file")
    ap.add_argument(
        "--include-trained",
        action="store_true",
        help="also read the records that trained the gate; precision reported for untrained, trained and all",
    )
    args = ap.parse_args()
    shared = Path(args.shared)
    trained = {
        json.loads(x)["file"]
        for x in (ROOT / "gold" / "gate" / "whitehouse.jsonl").read_text().splitlines()
        if x.strip()
    }
    sample = [
        json.loads(x) for x in (ROOT / "bench" / "wh_precision_sample.jsonl").read_text().splitlines() if x.strip()
    ]
    units = records(shared, set() if args.include_trained else trained)
    preds = read(units)
    parts: dict[bool, dict] = {False: {"units": 0, "words": 0, "judged": [], "unjudged": []}}
    if args.include_trained:
        parts[True] = {"units": 0, "words": 0, "judged": [], "unjudged": []}
    for u, pred in zip(units, preds):
        part = parts[u.file in trained]
        part["units"] += 1
        part["words"] += len(re.findall(r"\w+", u.text))
        judged, unjudged = _match(sample, u, pred, args.verbose)
        part["judged"] += judged
        if args.include_trained:
            for x in unjudged:
                x["trained"] = u.file in trained
        part["unjudged"] += unjudged
    if args.include_trained:
        whole = {k: parts[False][k] + parts[True][k] for k in parts[False]}
        for name, p in (("untrained", parts[False]), ("trained", parts[True]), ("all", whole)):
            print(
                f"{name}: {p['units']} briefings, {p['words']} words; {len(p['judged']) + len(p['unjudged'])} events "
                f"read; {_precision(p['judged'])}; unjudged {len(p['unjudged'])}"
            )
    else:
        whole = parts[False]
        print(
            f"{whole['units']} briefings, {whole['words']} words; "
            f"{len(whole['judged']) + len(whole['unjudged'])} events read; {_precision(whole['judged'])}"
        )
        print(f"unjudged: {len(whole['unjudged'])}")
    if args.unjudged:
        Path(args.unjudged).write_text(
            "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in whole["unjudged"]), encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
