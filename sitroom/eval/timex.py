"""``sitroom eval timex``: temporal expressions scored on TimeML ``.tml`` files.

Reads TempEval-3-format files: the document creation time ``<DCT><TIMEX3 value=...>``
is the anchor, ``<TEXT>`` holds the text with inline ``<TIMEX3 tid type value>``
tags (other tags such as ``<EVENT>`` are dropped). :func:`find_times` runs on the
plain text anchored at the DCT and is scored with the TempEval-3 conventions:

* strict span match: same start and end;
* relaxed span match: the extents overlap (one-to-one);
* attribute accuracy (value, type) over the relaxed-matched pairs, and attribute
  F1 = relaxed F1 x attribute accuracy.
"""

from __future__ import annotations

import html
import json
import re
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sitroom.errors import EvalError


@dataclass
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass
class TmlDoc:
    path: str
    text: str
    dct: date | None
    timexes: list[GoldTimex] = field(default_factory=list)


_TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*)([^>]*?)(/?)>", re.S)
_ATTR = re.compile(r"([\w:-]+)\s*=\s*(\"[^\"]*\"|'[^']*')")


def _attrs(raw: str) -> dict[str, str]:
    return {k: html.unescape(v[1:-1]) for k, v in _ATTR.findall(raw)}


def _dct(raw: str, path: str) -> date | None:
    m = re.search(r"<DCT>(.*?)</DCT>", raw, re.S)
    if not m:
        return None
    t = re.search(r"<TIMEX3\b([^>]*)>", m.group(1))
    value = _attrs(t.group(1)).get("value", "") if t else re.sub(r"<[^>]+>", "", m.group(1)).strip()
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise EvalError(f"{path}: the DCT value {value!r} is not a date (expected YYYY-MM-DD...)") from None


def read_tml(path: str | Path) -> TmlDoc:
    """Plain text, DCT and gold TIMEX3 offsets of one TimeML file."""
    p = Path(path)
    try:
        raw = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise EvalError(f"{p}: cannot read ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise EvalError(f"{p}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    m = re.search(r"<TEXT>(.*?)</TEXT>", raw, re.S)
    if not m:
        raise EvalError(f"{p}: no <TEXT>...</TEXT> element", hint="expected a TempEval-3 TimeML file")
    body = m.group(1)
    dct = _dct(raw, str(p))
    parts: list[str] = []
    length = 0
    open_timex: list[tuple[int, dict[str, str]]] = []
    stack: list[str] = []
    timexes: list[GoldTimex] = []
    pos = 0
    for t in _TAG.finditer(body):
        chunk = html.unescape(body[pos : t.start()])
        parts.append(chunk)
        length += len(chunk)
        pos = t.end()
        closing, name, rest, selfclose = t.group(1), t.group(2), t.group(3), t.group(4)
        if selfclose:
            continue
        if not closing:
            stack.append(name)
            if name == "TIMEX3":
                open_timex.append((length, _attrs(rest)))
            continue
        if not stack or stack[-1] != name:
            raise EvalError(f"{p}: unbalanced </{name}> at character {m.start(1) + t.start()}")
        stack.pop()
        if name == "TIMEX3":
            start, a = open_timex.pop()
            timexes.append(GoldTimex(start, length, "", a.get("type", ""), a.get("value", "")))
    tail = html.unescape(body[pos:])
    parts.append(tail)
    if stack:
        raise EvalError(f"{p}: unclosed <{stack[-1]}> in <TEXT>")
    text = "".join(parts)
    for g in timexes:
        g.text = text[g.start : g.end]
    timexes.sort(key=lambda g: g.start)
    return TmlDoc(str(p), text, dct, timexes)


def _paths(paths) -> list[Path]:
    if isinstance(paths, (str, Path)):
        paths = [paths]
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(p.rglob("*.tml"))
            if not found:
                raise EvalError(f"{p}: no .tml files in this folder")
            out.extend(found)
        elif p.exists():
            out.append(p)
        else:
            raise EvalError(f"{p}: no such file or folder")
    return out


def _prf(match: int, n_sys: int, n_gold: int) -> dict[str, float]:
    p = match / n_sys if n_sys else 0.0
    r = match / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def score(paths, *, errors: list | None = None) -> dict:
    """TempEval-3-style metrics of :func:`find_times` over TimeML files (a folder, a file, or a list)."""
    from sitroom.engine import on_terminal
    from sitroom.extract.timex import find_times

    files = _paths(paths)
    n_gold = n_sys = strict = relaxed = value_ok = type_ok = 0
    seconds = 0.0
    for f in on_terminal(files, desc="eval timex"):
        doc = read_tml(f)
        t0 = time.perf_counter()
        sys_times = find_times(doc.text, doc.dct)
        seconds += time.perf_counter() - t0
        n_gold += len(doc.timexes)
        n_sys += len(sys_times)
        used: set[int] = set()
        for g in doc.timexes:
            best, best_ov = None, 0
            for i, s in enumerate(sys_times):
                if i in used:
                    continue
                ov = min(g.end, s.span.end) - max(g.start, s.span.start)
                if ov > best_ov or (ov == best_ov and ov > 0 and s.span.start == g.start):
                    best, best_ov = i, ov
            if best is None:
                if errors is not None:
                    errors.append({"file": doc.path, "kind": "missed", "gold": g.text, "value": g.value})
                continue
            used.add(best)
            s = sys_times[best]
            relaxed += 1
            strict += s.span.start == g.start and s.span.end == g.end
            value_ok += s.value == g.value
            type_ok += s.type == g.type
            if errors is not None and (
                s.value != g.value or s.type != g.type or (s.span.start, s.span.end) != (g.start, g.end)
            ):
                errors.append(
                    {
                        "file": doc.path,
                        "kind": "mismatch",
                        "gold": g.text,
                        "value": g.value,
                        "type": g.type,
                        "system": s.text,
                        "system_value": s.value,
                        "system_type": s.type,
                    }
                )
        if errors is not None:
            for i, s in enumerate(sys_times):
                if i not in used:
                    errors.append({"file": doc.path, "kind": "spurious", "system": s.text, "system_value": s.value})
    rel = _prf(relaxed, n_sys, n_gold)
    value_acc = value_ok / relaxed if relaxed else 0.0
    type_acc = type_ok / relaxed if relaxed else 0.0
    return {
        "files": len(files),
        "gold": n_gold,
        "system": n_sys,
        "strict": _prf(strict, n_sys, n_gold),
        "relaxed": rel,
        "value": {"accuracy": round(value_acc, 4), "f1": round(rel["f1"] * value_acc, 4)},
        "type": {"accuracy": round(type_acc, 4), "f1": round(rel["f1"] * type_acc, 4)},
        "seconds": round(seconds, 4),
    }


def main(args) -> int:
    target = getattr(args, "dir", None) or getattr(args, "file", None)
    errors: list = [] if getattr(args, "verbose", False) else None
    m = score(target, errors=errors)
    if getattr(args, "json", False):
        print(json.dumps(m, indent=2))
        return 0
    print(
        f"timex: {m['files']} files, {m['gold']} gold expressions, {m['system']} found ({m['seconds'] * 1000:.1f} ms)"
    )
    for k in ("strict", "relaxed"):
        r = m[k]
        print(f"  {k:8} span  P {r['precision']:.3f}  R {r['recall']:.3f}  F1 {r['f1']:.3f}")
    print(f"  value          accuracy {m['value']['accuracy']:.3f}  F1 {m['value']['f1']:.3f}")
    print(f"  type           accuracy {m['type']['accuracy']:.3f}  F1 {m['type']['f1']:.3f}")
    for e in errors or []:
        print("   ", e)
    return 0
