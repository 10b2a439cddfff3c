"""Attribution records against the project's gold: who said what, with which cue.

    sitroom eval attribution gold/world-voa [--shared ../shared] [--split gold/split.yaml] [--json]

Runs the pipeline on every text whose ``done`` record lists ``attribution`` (the gold format: ``gold/README.md``)
and compares the article's attribution records (``Article.quotes``: direct, mixed and indirect) with the gold
``attribution`` records:

* content P/R/F1 with **overlap** matching (a predicted content and a gold content match when their character
  spans overlap; one-to-one, pairs taken by decreasing overlap/union, then pairs whose source spans overlap) and with **exact** matching (the same span
  once blanks, punctuation, quotation marks and a leading "that" are trimmed from both);
* of the overlap-matched pairs: **speaker right** (the resolved speaker names the gold speaker: the same name, one
  name's words within the other's once generic words are set aside -- "Kenyan military" / "Military Forces of
  Kenya" --, or both names of the same actor in the actor dictionary; an agentless gold record, "are thought to",
  is right when no source is predicted either) and **cue right** (the predicted cue span overlaps the gold cue span,
  or neither has one);
* recall by gold mode (direct, mixed, indirect) and the same numbers for the ``tune`` and ``held`` parts of
  ``split.yaml`` separately (rules are developed on tune; held predicts performance on unseen news).
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitroom.eval.gold import load_gold, load_split, part_of

_EDGE = " \t\n,;:.-\u2013\u2014\"'\u201c\u201d\u2018\u2019()[]"
_STOP = {
    "the",
    "a",
    "an",
    "of",
    "for",
    "and",
    "s",
    "in",
    "on",
    "some",
    "many",
    "several",
    "various",
    "other",
    "others",
    "another",
    "one",
    "two",
    "all",
    "most",
}
_GENERIC = {"government", "forces", "force", "military", "ministry", "army", "state", "national"}


def trim(text: str, s: int, e: int) -> tuple[int, int]:
    while True:
        while s < e and text[s] in _EDGE:
            s += 1
        while e > s and text[e - 1] in _EDGE:
            e -= 1
        if text[s:e].lower().startswith("that ") and e - s > 5:
            s += 5
            continue
        return s, e


def _words(name: str) -> list[str]:
    n = name.lower().replace("u.n.", "un").replace("u.s.", "us").replace("\u2019", "'")
    n = re.sub(r"\bunited states\b", "us", re.sub(r"\bunited nations\b", "un", n))  # the forms gold names use
    return [w for w in re.findall(r"[^\W_]+", n) if w not in _STOP]


def _same_word(a: str, b: str) -> bool:
    return a == b or (min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a)))


def _within(small: list[str], big: list[str]) -> bool:
    return bool(small) and all(any(_same_word(w, x) for x in big) for w in small)


def _acronym(name: str, words: list[str]) -> bool:
    """ "WFP" / "World Food Programme", "U.N." / "United Nations"."""
    short = re.sub(r"[^A-Za-z]", "", re.sub(r"^(?:the|The)\s+", "", name.strip()))
    return (
        2 <= len(short) <= 6
        and short.isupper()
        and len(words) == len(short)
        and all(w[:1] == c.lower() for w, c in zip(words, short))
    )


@dataclass
class SpeakerMatcher:
    """Decides whether a predicted speaker names the gold speaker (see the module doc)."""

    alias: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls) -> "SpeakerMatcher":
        from sitroom.extract.actor_registry import fold_name, load_lexicon

        lex = load_lexicon(None)
        alias = {k: v for k, v in lex.alias_map.items()}
        for aid, d in lex.actors.items():
            alias.setdefault(fold_name(d.name), aid)
        return cls(alias)

    def actor(self, name: str) -> str | None:
        from sitroom.extract.actor_registry import fold_name

        n = re.sub(r"^(?:the|a|an)\s+", "", name.strip(), flags=re.I)
        return self.alias.get(fold_name(n))

    def same(self, pred: str | None, gold: str | None) -> bool:
        if not pred or not gold:
            return False
        p, g = _words(pred), _words(gold)
        if p == g:
            return True
        a, b = self.actor(pred), self.actor(gold)
        if a is not None and a == b:
            return True
        if _acronym(pred, g) or _acronym(gold, p):
            return True
        ps, gs = [w for w in p if w not in _GENERIC], [w for w in g if w not in _GENERIC]
        return _within(ps, gs) or _within(gs, ps)


@dataclass
class Tally:
    gold: int = 0
    pred: int = 0
    overlap: int = 0  # matched pairs (overlap)
    exact: int = 0
    speaker: int = 0
    cue: int = 0
    by_mode: dict[str, list[int]] = field(default_factory=dict)  # mode -> [gold, matched]

    def prf(self, hits: int) -> dict[str, float]:
        p = hits / self.pred if self.pred else 0.0
        r = hits / self.gold if self.gold else 0.0
        return {"p": round(p, 3), "r": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}

    def metrics(self) -> dict[str, Any]:
        return {
            "gold": self.gold,
            "predicted": self.pred,
            "overlap": self.prf(self.overlap),
            "exact": self.prf(self.exact),
            "speaker_right": round(self.speaker / self.overlap, 3) if self.overlap else 0.0,
            "cue_right": round(self.cue / self.overlap, 3) if self.overlap else 0.0,
            "recall_by_mode": {
                m: {"gold": g, "recall": round(h / g, 3) if g else 0.0} for m, (g, h) in sorted(self.by_mode.items())
            },
        }

    def add(self, other: "Tally") -> None:
        for k in ("gold", "pred", "overlap", "exact", "speaker", "cue"):
            setattr(self, k, getattr(self, k) + getattr(other, k))
        for m, (g, h) in other.by_mode.items():
            cur = self.by_mode.setdefault(m, [0, 0])
            cur[0] += g
            cur[1] += h


def _overlaps(a: list[int] | tuple[int, int] | None, b: list[int] | tuple[int, int] | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def score_text(
    text: str,
    gold: list[dict[str, Any]],
    pred: list[dict[str, Any]],
    matcher: SpeakerMatcher,
    mismatches: list | None = None,
) -> Tally:
    """Tally one text. ``pred`` items: start, end, source ([s, e] or None), cue, speaker."""
    t = Tally(gold=len(gold), pred=len(pred))
    for g in gold:
        t.by_mode.setdefault(g["mode"], [0, 0])[0] += 1
    pairs = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            ov = min(g["end"], p["end"]) - max(g["start"], p["start"])
            if ov > 0:
                union = max(g["end"], p["end"]) - min(g["start"], p["start"])
                # equal contents (one passage told by two sources): the pair whose sources coincide first
                pairs.append((ov / union, _overlaps(g["source"], p["source"]), i, j))
    pairs.sort(reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    for _, _, i, j in pairs:
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        g, p = gold[i], pred[j]
        t.overlap += 1
        t.by_mode[g["mode"]][1] += 1
        if trim(text, g["start"], g["end"]) == trim(text, p["start"], p["end"]):
            t.exact += 1
        if g["source"] is None and g["speaker_type"] == "anonymous":
            sp_ok = p["source"] is None
        else:
            sp_ok = matcher.same(p["speaker"], g["speaker"])
        cue_ok = _overlaps(p["cue"], g["cue"]) or (p["cue"] is None and g["cue"] is None)
        t.speaker += sp_ok
        t.cue += cue_ok
        if mismatches is not None and not (sp_ok and cue_ok):
            mismatches.append({"gold": g, "pred": p, "speaker_ok": sp_ok, "cue_ok": cue_ok})
    if mismatches is not None:
        mismatches += [{"missed": gold[i]} for i in range(len(gold)) if i not in used_g]
        mismatches += [{"spurious": pred[j]} for j in range(len(pred)) if j not in used_p]
    return t


def predict(text: str, pipeline=None, published: str | None = None) -> list[dict[str, Any]]:
    """The pipeline's attribution records of ``text`` (published on ``published``, an ISO date, when the corpus
    gives it) in the shape :func:`score_text` reads."""
    from sitroom.model import Article
    from sitroom.pipeline import default_pipeline

    art = (pipeline or default_pipeline()).run(Article(text=text, published=published))
    return [
        {
            "start": q.text.start,
            "end": q.text.end,
            "source": [q.source.start, q.source.end] if q.source else None,
            "cue": [q.cue.start, q.cue.end] if q.cue else None,
            "speaker": q.speaker,
            "mode": q.mode,
            "speaker_type": q.speaker_type,
        }
        for q in art.quotes
    ]


def evaluate(
    folder: Path,
    shared: Path,
    split_path: Path | None = None,
    files: set[str] | None = None,
    mismatches: dict | None = None,
) -> dict[str, Any]:
    """Metrics for ``all``, ``tune`` and ``held`` (texts outside the split count in ``all`` only)."""
    from sitroom.eval.gold import read_date

    gold = load_gold(folder, shared)
    split_path = split_path or Path(folder).parent / "split.yaml"
    split = load_split(split_path) if split_path.is_file() else {"tune": set(), "held": set()}
    done = sorted(gold.done("attribution") if gold.done("attribution") else {r["file"] for r in gold.of("attribution")})
    if files is not None:
        done = [f for f in done if f in files]
    matcher = SpeakerMatcher.load()
    parts = {"all": Tally(), "tune": Tally(), "held": Tally()}
    from sitroom.engine import on_terminal

    for f in on_terminal(done, desc="eval attribution"):
        text = gold.texts.get(f)
        if text is None:
            from sitroom.eval.gold import read_text

            text = read_text(shared, f)
        recs = gold.of("attribution", {f})
        mm: list | None = [] if mismatches is not None else None
        t = score_text(text, recs, predict(text, published=read_date(shared, f)), matcher, mm)
        if mismatches is not None:
            mismatches[f] = mm
        parts["all"].add(t)
        part = part_of(f, split)
        if part in parts:
            parts[part].add(t)
    return {"texts": len(done), **{k: v.metrics() for k, v in parts.items()}}


def _line(name: str, m: dict[str, Any]) -> str:
    o, x = m["overlap"], m["exact"]
    modes = ", ".join(f"{k} {v['recall']:.2f} ({v['gold']})" for k, v in m["recall_by_mode"].items())
    return (
        f"{name:5} gold {m['gold']:4} predicted {m['predicted']:4} | overlap P {o['p']:.3f} R {o['r']:.3f} "
        f"F1 {o['f1']:.3f} | exact P {x['p']:.3f} R {x['r']:.3f} F1 {x['f1']:.3f} | speaker right "
        f"{m['speaker_right']:.3f} | cue right {m['cue_right']:.3f} | recall by mode: {modes}"
    )


def main(args) -> int:
    from sitroom.errors import EvalError

    shared = Path(args.shared)
    folder = Path(args.gold)
    split = Path(args.split) if getattr(args, "split", None) else None
    mism: dict | None = {} if getattr(args, "mismatches", False) else None
    try:
        res = evaluate(folder, shared, split, mismatches=mism)
    except EvalError:
        raise
    if getattr(args, "json", False):
        if mism is not None:
            res["mismatches"] = mism
        print(json.dumps(res, indent=2))
        return 0
    print(f"attribution on {res['texts']} texts of {folder}")
    for k in ("tune", "held", "all"):
        if res[k]["gold"] or res[k]["predicted"]:
            print(_line(k, res[k]))
    return 0


if __name__ == "__main__":  # pragma: no cover
    import argparse

    ap = argparse.ArgumentParser()
    ap.add_argument("gold")
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--split")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--mismatches", action="store_true")
    sys.exit(main(ap.parse_args()))
