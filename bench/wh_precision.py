"""Precision of the events read from the White House briefings that did not train the relevance gate.

Runs the pipeline over every record of ``corpus/afghanistan-2021/whitehouse/*.jsonl`` whose id is not in
``gold/gate/whitehouse.jsonl`` (those trained the gate), collects the non-background events with their evidence
(offsets into the record's text) and matches them against the hand-judged sample ``bench/wh_precision_sample.jsonl``
(file, start, end, read sub-type, correct, why). Prints the precision over the judged events and lists, as JSON
lines, every event read that the sample does not judge yet (to be judged by hand and added to the sample).

    python bench/wh_precision.py [--shared ../shared] [--unjudged out.jsonl]
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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(Settings().shared))
    ap.add_argument("--verbose", action="store_true", help="list the wrong events read")
    ap.add_argument("--unjudged", help="write the events the sample does not judge to this JSONL file")
    args = ap.parse_args()
    shared = Path(args.shared)
    skip = {
        json.loads(x)["file"]
        for x in (ROOT / "gold" / "gate" / "whitehouse.jsonl").read_text().splitlines()
        if x.strip()
    }
    sample = [
        json.loads(x) for x in (ROOT / "bench" / "wh_precision_sample.jsonl").read_text().splitlines() if x.strip()
    ]
    units = records(shared, skip)
    preds = read(units)
    judged, unjudged, words = [], [], 0
    for u, pred in zip(units, preds):
        words += len(re.findall(r"\w+", u.text))
        for s, e, lab in pred:
            j = next(
                (
                    x
                    for x in sample
                    if x["file"] == u.file and _label(x["read"]) == lab and x["start"] < e and s < x["end"]
                ),
                None,
            )
            if j is None:
                unjudged.append(
                    {"file": u.file, "start": s, "end": e, "read": lab, "sentence": " ".join(u.text[s:e].split())}
                )
            else:
                judged.append(j)
                if args.verbose and not j["correct"]:
                    print(f"  wrong: {lab}: {' '.join(u.text[s:e].split())[:100]} ({j.get('why', '')})")
    ok = sum(1 for j in judged if j["correct"])
    print(
        f"{len(units)} briefings, {words} words; {len(judged) + len(unjudged)} events read; judged {len(judged)}: "
        f"{ok} correct (precision {ok / len(judged):.2f})"
        if judged
        else "no judged event read"
    )
    print(f"unjudged: {len(unjudged)}")
    if args.unjudged:
        Path(args.unjudged).write_text(
            "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in unjudged), encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
