"""Why a sentence gives no event (or another type): the event reader's steps, one class per miss.

    python -m sitroom.eval.event_why FILE.tsv [--label L]       # LABEL<TAB>sentence lines (gold/written style)
    python -m sitroom.eval.event_why --text "Rebels shelled Goma."

For each sentence it runs the real pipeline and, where the gold label is not read, names the first step that lost
it, as a class (so misses are fixed by class, the biggest first):

* ``gate`` -- the relevance gate's score is under its threshold (and no trigger of the kinds read past it);
* ``no-trigger`` -- no word of the sentence is a trigger or a frame's trigger;
* ``filtered`` -- every trigger is modal, negated, conditional, a question, or told as no happening (mood);
* ``not-built`` -- a trigger passed, but the event builder gave no event (arguments, type rules);
* ``typed`` -- an event was read, under another sub-type.

Only for dev and tune sentences: a held set is never read to design rules (the command refuses a file whose name
says ``held``).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sitroom.errors import EvalError, SitroomError
from sitroom.eval.events import sub_label


@dataclass
class Why:
    text: str
    gold: str
    read: list[str]
    why: str  # "ok", "gate", "no-trigger", "filtered", "not-built", "typed", "false" (none expected, read)
    gate: float
    triggers: list[str] = field(default_factory=list)


def diagnose(text: str, gold: str, pipe=None) -> Why:
    from sitroom.extract import gate, mood
    from sitroom.extract import frames as _frames
    from sitroom.extract.events import trigger_action
    from sitroom.extract.irrealis import is_modal_or_negated
    from sitroom.ingest import article_from_text
    from sitroom.pipeline import State, default_pipeline

    pipe = pipe or default_pipeline()
    a = article_from_text(text, published=date(2020, 1, 1), origin="why")
    st = State()
    for c in pipe.components:
        c.func(pipe, a, st)
    read = sorted({sub_label(e.event_type, e.sub_event_type) for e in a.events if not e.background})
    sents = [s for s in st.doc.sents if s.text.strip()]
    score = max(gate.scores([s.text for s in sents]), default=0.0)
    trig: list[str] = []
    passed = False
    for tok in st.doc:
        action = trigger_action(tok)
        if action is None and tok.pos_ in ("VERB", "NOUN", "PROPN"):
            fr = _frames.match_verb(tok) or _frames.match_nominal(tok)
            action = f"frame:{fr.name}" if fr is not None else None
        if action is None:
            continue
        blocked = "modal/neg" if is_modal_or_negated(tok) else "mood" if mood.no_happening(tok, action) else ""
        trig.append(f"{tok.text}:{action}" + (f"[{blocked}]" if blocked else ""))
        passed = passed or not blocked
    if gold == "none":
        why = "ok" if not read else "false"
    elif gold in read:
        why = "ok"
    elif read:
        why = "typed"
    elif not trig:
        why = "no-trigger"
    elif not passed:
        why = "filtered"
    elif score < gate.threshold():
        why = "gate"
    else:
        why = "not-built"
    return Why(text=text, gold=gold, read=read, why=why, gate=round(score, 3), triggers=trig)


def _rows(path: Path) -> list[tuple[str, str]]:
    if "held" in path.name:
        raise EvalError(f"{path}: a held set is not read to design rules", hint="score it with `sitroom eval events`")
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        label, sep, text = line.partition("\t")
        if not sep:
            raise EvalError(f"{path}:{n}: expected LABEL<TAB>sentence")
        out.append((label.strip(), text.strip()))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m sitroom.eval.event_why", description=__doc__.split("\n\n")[0])
    ap.add_argument("file", nargs="?", type=Path, help="LABEL<TAB>sentence lines")
    ap.add_argument("--text", help="one sentence (label given by --gold)")
    ap.add_argument("--gold", default="none", help="the expected label of --text")
    ap.add_argument("--label", action="append", help="only rows of these gold labels")
    ap.add_argument("--all", action="store_true", help="print the rows read right too")
    args = ap.parse_args(argv)
    try:
        rows = [(args.gold, args.text)] if args.text else _rows(args.file) if args.file else []
        if not rows:
            raise EvalError("give a FILE or --text")
        if args.label:
            rows = [r for r in rows if r[0] in args.label]
        counts: Counter = Counter()
        for label, text in rows:
            w = diagnose(text, label)
            counts[w.why] += 1
            if w.why != "ok" or args.all:
                print(f"{w.why:10s} gate {w.gate:.2f}  gold {w.gold} | read {w.read} | {' '.join(w.triggers)}")
                print(f"           {w.text}")
        print(", ".join(f"{k} {v}" for k, v in counts.most_common()), file=sys.stderr)
        return 0
    except SitroomError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
