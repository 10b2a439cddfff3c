"""The project's own gold (``gold/`` at the repository root): one record format for every ``sitroom eval``.

Records point at texts under ``<shared>/corpus/`` by path and character offsets (see ``gold/README.md``); no text
is stored. ``load_gold`` reads a folder of JSONL files, checks every record against its text and its kind's fields,
and raises ``GoldError`` naming the file and line of the first bad record.

    python -m sitroom.eval.gold check gold/world-voa [--shared ../shared]
    python -m sitroom.eval.gold locate world-voa/015_2012-09-29_somalia-kismayo.txt "Kismayo" [N]
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from sitroom.errors import EvalError

KINDS = ("event", "change", "toponym", "attribution", "sentence", "done")
REQUIRED: dict[str, tuple[str, ...]] = {
    "event": (
        "event_type",
        "sub_event_type",
        "actor1",
        "actor2",
        "place",
        "date",
        "fatalities",
        "background",
        "happening",
    ),
    "change": (
        "place",
        "place_country",
        "gainer",
        "gainer_side",
        "gainer_country",
        "loser",
        "loser_side",
        "date",
        "status",
        "how",
        "evidence",
    ),
    "toponym": ("name", "country", "lat", "lon", "feature"),
    "attribution": ("source", "cue", "speaker", "speaker_type", "mode"),
    "sentence": ("label",),
    "done": ("kinds",),
}
SIDES = (None, "state", "non-state")
STATUSES = ("reported", "claimed", "denied")
HOWS = ("capture", "recapture", "withdrawal", "handover")
FEATURES = ("country", "admin1", "admin2", "city", "locality", "region", "water", "other")
SPEAKER_TYPES = ("person", "organisation", "anonymous")
MODES = ("direct", "mixed", "indirect")
LABELS = ("event", "none")
# a record's file "gold:written/dev.txt" is a text kept in this folder (sentences written by the project), not a
# corpus text of ../shared
REPO_PREFIX = "gold:"
# a record's file "eval:re3d/centcom/documents.json#ID" is a text of another party's gold set under ../shared/eval/
# (JSON Lines, the record whose "id" or "_id" is ID), annotated here for a kind that set does not label
EVAL_PREFIX = "eval:"
GOLD_ROOT = Path(__file__).resolve().parent.parent.parent / "gold"


class GoldError(EvalError):
    """A gold record that does not hold (bad offsets, missing field, unknown value)."""


@dataclass
class Gold:
    """The records of a gold folder, with the texts they point at."""

    records: list[dict[str, Any]] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # file -> text the offsets index

    def of(self, kind: str, files: set[str] | None = None) -> list[dict[str, Any]]:
        return [r for r in self.records if r["kind"] == kind and (files is None or r["file"] in files)]

    def done(self, kind: str) -> set[str]:
        """Files in which ``kind`` was annotated completely."""
        return {r["file"] for r in self.records if r["kind"] == "done" and kind in r["kinds"]}


def read_text(shared: Path, file: str) -> str:
    """The text a record's offsets index: a corpus file, or the ``text`` of one JSONL record (``path#id``; a path
    ``eval:X`` lies under ``shared/eval/``)."""
    return _read_text(str(Path(shared).resolve()), file)


def text_path(shared: Path, file: str) -> Path:
    """The file a record's text lies in: ``gold:X`` under this gold folder, ``eval:X`` under ``shared/eval``, else
    ``shared/corpus/X`` (``#id`` cut)."""
    path = file.partition("#")[0]
    if path.startswith(REPO_PREFIX):
        rel = path[len(REPO_PREFIX) :]
        if ".." in Path(rel).parts:
            raise GoldError(f"{file}: a gold text may not leave {GOLD_ROOT.name}/")
        return GOLD_ROOT / rel
    if path.startswith(EVAL_PREFIX):
        rel = path[len(EVAL_PREFIX) :]
        if ".." in Path(rel).parts or Path(rel).is_absolute():
            raise GoldError(f"{file}: an eval text may not leave {Path(shared) / 'eval'}")
        return Path(shared) / "eval" / rel
    return Path(shared) / "corpus" / path


def _record_of(full: Path, rid: str) -> dict[str, Any] | None:
    """The JSONL record of ``full`` whose ``id`` (or ``_id``) is ``rid``."""
    with full.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rec = json.loads(line)
                if str(rec.get("id", rec.get("_id"))) == rid:
                    return rec
    return None


def read_date(shared: Path, file: str) -> str | None:
    """The ``date`` of the JSONL record a text is (``path#id``), None for a text with no record or no date."""
    path, _, rid = file.partition("#")
    if not rid or path.startswith(REPO_PREFIX):
        return None
    full = text_path(shared, file)
    rec = _record_of(full, rid) if full.is_file() else None
    return str(rec["date"]) if rec and rec.get("date") else None


@lru_cache(maxsize=512)
def _read_text(shared: str, file: str) -> str:
    path, _, rid = file.partition("#")
    if path.startswith(REPO_PREFIX):
        full = GOLD_ROOT / path[len(REPO_PREFIX) :]
        if not full.is_file() or ".." in Path(path[len(REPO_PREFIX) :]).parts:
            raise GoldError(f"{file}: no such text under {GOLD_ROOT.name}/")
        return full.read_text(encoding="utf-8")
    full = text_path(Path(shared), file)
    if not full.is_file():
        raise GoldError(f"{file}: no such text {full}")
    if not rid:
        return full.read_text(encoding="utf-8")
    rec = _record_of(full, rid)
    if rec is not None:
        return str(rec.get("text") or "")
    raise GoldError(f"{file}: no record with id {rid!r} in {full}")


def _span_ok(span: Any, n: int) -> bool:
    return (
        isinstance(span, list)
        and len(span) == 2
        and all(isinstance(x, int) for x in span)
        and 0 <= span[0] < span[1] <= n
    )


def check_record(rec: dict[str, Any], text: str) -> str | None:
    """Why the record does not hold, or None."""
    kind = rec.get("kind")
    if kind not in KINDS:
        return f"kind {kind!r} is not one of {KINDS}"
    missing = [f for f in REQUIRED[kind] if f not in rec]
    if missing:
        return f"{kind} record lacks {missing}"
    if kind == "done":
        bad = [k for k in rec["kinds"] if k not in KINDS[:-1]]
        return f"done names unknown kinds {bad}" if bad else None
    if not _span_ok([rec.get("start"), rec.get("end")], len(text)):
        return f"start/end {rec.get('start')}..{rec.get('end')} not inside the text ({len(text)} characters)"
    if kind == "change":
        if rec["gainer_side"] not in SIDES or rec["loser_side"] not in SIDES:
            return "gainer_side/loser_side must be state, non-state or null"
        if rec["status"] not in STATUSES or rec["how"] not in HOWS:
            return f"status in {STATUSES}, how in {HOWS}"
        if not _span_ok(rec["evidence"], len(text)):
            return "evidence must be [start, end] inside the text"
    if kind == "toponym" and rec["feature"] not in FEATURES:
        return f"feature must be one of {FEATURES}"
    if kind == "attribution":
        if rec["speaker_type"] not in SPEAKER_TYPES or rec["mode"] not in MODES:
            return f"speaker_type in {SPEAKER_TYPES}, mode in {MODES}"
        for name in ("source", "cue"):
            if rec[name] is not None and not _span_ok(rec[name], len(text)):
                return f"{name} must be [start, end] inside the text or null"
    if kind == "sentence":
        if rec["label"] not in LABELS:
            return f"label must be one of {LABELS}"
        if rec["label"] == "event" and not isinstance(rec.get("sub_event_type"), str):
            return "an event sentence names its sub_event_type"
    if kind == "event" and not isinstance(rec["background"], bool):
        return "background must be true or false"
    return None


def load_gold(folder: Path, shared: Path) -> Gold:
    """Every record of every ``*.jsonl`` under ``folder``, checked; raises GoldError on the first bad one."""
    folder = Path(folder)
    if not folder.is_dir():
        raise GoldError(f"{folder}: not a folder of gold JSONL files")
    gold = Gold()
    for path in sorted(folder.rglob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                where = f"{path}:{lineno}"
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise GoldError(f"{where}: not JSON ({exc})") from None
                if not isinstance(rec, dict) or not isinstance(rec.get("file"), str):
                    raise GoldError(f"{where}: a record is an object with a 'file'")
                text = read_text(shared, rec["file"])
                why = check_record(rec, text)
                if why:
                    raise GoldError(f"{where}: {why}")
                gold.texts[rec["file"]] = text
                gold.records.append(rec)
    return gold


def load_split(path: Path) -> dict[str, set[str]]:
    """``{"tune": {...}, "held": {...}}``: three-digit file numbers of each part of ``split.yaml``."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    return {part: {n for nums in (data.get(part) or {}).values() for n in nums} for part in ("tune", "held")}


def part_of(file: str, split: dict[str, set[str]]) -> str | None:
    """``tune`` or ``held`` for a text: a world-voa file by its number (``wNN`` for written-control), a text of
    another party's set by its folder (``re3d/centcom``); None for other texts."""
    path = file.partition("#")[0]
    name = Path(path).name
    folder = Path(path[len(EVAL_PREFIX) :]).parent.as_posix() if path.startswith(EVAL_PREFIX) else None
    number = name.partition("_")[0]  # "015_2012-09-29_x.txt" -> "015", "w101_2025-03-06_x.txt" -> "w101"
    for part, keys in split.items():
        if number in keys or (folder is not None and folder in keys):
            return part
    return None


def write_sentences(tsv: Path) -> tuple[Path, Path]:
    """Sentences written by the project (``LABEL<TAB>sentence`` lines, LABEL an ACLED sub-event type,
    ``Displacement``, ``Negotiation`` or ``none``) -> ``X.txt`` (one sentence a line) and ``X.jsonl`` (one
    ``sentence`` record per line, pointing at ``gold:<folder>/X.txt`` by offsets)."""
    tsv = Path(tsv)
    rows = []
    for n, line in enumerate(tsv.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        label, sep, sent = line.partition("\t")
        if not sep or not sent.strip():
            raise GoldError(f"{tsv}:{n}: a line is LABEL<TAB>sentence")
        rows.append((label.strip(), sent.strip()))
    txt, out = tsv.with_suffix(".txt"), tsv.with_suffix(".jsonl")
    rel = f"{REPO_PREFIX}{tsv.resolve().parent.relative_to(GOLD_ROOT.resolve()).as_posix()}/{txt.name}"
    text, recs = "", []
    for label, sent in rows:
        start = len(text)
        text += sent + "\n"
        rec = {
            "file": rel,
            "kind": "sentence",
            "start": start,
            "end": start + len(sent),
            "label": "none" if label == "none" else "event",
        }
        if label != "none":
            rec["sub_event_type"] = label
        recs.append(rec)
    txt.write_text(text, encoding="utf-8")
    out.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    return txt, out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m sitroom.eval.gold", description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("check", help="validate every record of a gold folder")
    c.add_argument("folder", type=Path)
    loc = sub.add_parser("locate", help="offsets of the N-th occurrence (0-based) of a string in a text")
    loc.add_argument("file")
    loc.add_argument("needle")
    loc.add_argument("n", type=int, nargs="?", default=0)
    w = sub.add_parser("written", help="LABEL<TAB>sentence lines -> a text and its sentence records")
    w.add_argument("tsv", type=Path)
    args = ap.parse_args(argv)
    try:
        if args.cmd == "written":
            txt, out = write_sentences(args.tsv)
            print(f"{txt} {out}")
            return 0
        if args.cmd == "check":
            gold = load_gold(args.folder, args.shared)
            counts: dict[str, int] = {}
            for r in gold.records:
                counts[r["kind"]] = counts.get(r["kind"], 0) + 1
            print(
                f"{args.folder}: {len(gold.records)} records in {len(gold.texts)} texts: "
                + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
            )
            return 0
        text = read_text(args.shared, args.file)
        pos = -1
        for _ in range(args.n + 1):
            pos = text.find(args.needle, pos + 1)
            if pos < 0:
                print(f"{args.needle!r}: occurrence {args.n} not found in {args.file}", file=sys.stderr)
                return 1
        print(json.dumps({"start": pos, "end": pos + len(args.needle)}))
        return 0
    except GoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
