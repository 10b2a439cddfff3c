"""Geoparsing evaluation: toponym detection and resolution against a gold set.

Gold formats:

* JSONL, one article per line: ``{"text": ..., "toponyms": [{"start", "end", "lat", "lon", "geonameid"?}]}``
  (``end`` exclusive, 0-based character offsets);
* GeoVirus (Gritta et al. 2018): the folder holding ``GeoVirus.xml``, or the xml itself; its offsets are
  1-based and are converted here;
* the project's own gold (``gold/README.md``): a folder of ``NNN.jsonl`` files read through
  :func:`sitroom.eval.gold.load_gold`; its ``toponym`` records of the texts whose ``done`` record lists
  ``toponym`` are scored, on the text as the pipeline reads it (the corpus header of date and outlet lines
  removed, offsets shifted), and reported for the ``tune`` and ``held`` parts of ``split.yaml`` separately.

Metrics follow the conventions in ``../shared/README.md`` (Gritta et al. 2018):

* detection precision / recall / F1 (end to end only; a prediction matches a gold toponym when the spans
  overlap; demonyms, anaphors and derived places are not toponyms and are not scored),
* accuracy@161 km, mean and median error (km), AUC of the log error curve; every gold toponym counts and an
  unresolved or undetected one is an error of 20,039 km,
* coverage ceiling: share of gold toponyms with any gazetteer candidate within 161 km of the gold point; a
  candidate counts with its own point and the points other sources give the same place
  (``Gazetteer.other_points``: a country's Factbook point beside its Natural Earth label point), since gold
  sets pin large areas by one convention or another; ``coverage_161km_reported`` counts only the point the
  resolver reports, the bound on accuracy@161 km for names the gazetteer knows (a given span it does not
  know is placed in its stated unit or the text's main country, which can land within 161 km too),
* country accuracy: the resolved country equals the country of the gold point (the country of the nearest
  populated place within 300 km of it, from the gazetteer; the project's gold states its own country, null
  for areas above countries); toponyms at sea and names of areas above countries (any gazetteer candidate
  is a continent, sea or UN region) are left out; end to end an undetected toponym counts as wrong, and
  ``country_accuracy_detected`` gives the share over the detected ones,
* exact GeoNames id match where the gold has ids.
"""

from __future__ import annotations

import json
import math
import statistics
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from sitroom.errors import EvalError

MAX_ERROR_KM = 20039.0
ACC_KM = 161.0


@dataclass
class GoldToponym:
    start: int
    end: int
    lat: float
    lon: float
    name: str = ""
    geonameid: int | None = None
    country: str | None = None  # ISO2 the gold states (the project's gold); None: from the gold point
    country_given: bool = False  # the gold states the country (None there: above countries, left out)


@dataclass
class GoldArticle:
    text: str
    toponyms: list[GoldToponym] = field(default_factory=list)
    id: str = ""
    part: str | None = None  # "tune" / "held" for the project's world-voa gold


# --------------------------------------------------------------------------- readers


def read_geovirus(path: Path) -> list[GoldArticle]:
    """GeoVirus.xml (1-based start, end exclusive in 1-based terms: ``text[start-1:end-1]``)."""
    xml = path / "GeoVirus.xml" if path.is_dir() else path
    try:
        root = ET.parse(xml).getroot()
    except (OSError, ET.ParseError) as exc:
        raise EvalError(f"{xml}: cannot read GeoVirus ({exc})") from exc
    out = []
    for i, a in enumerate(root.iter("article")):
        text = a.findtext("text") or ""
        tops = []
        for loc in a.iter("location"):
            s, e = int(loc.findtext("start")) - 1, int(loc.findtext("end")) - 1
            name = loc.findtext("name") or ""
            if text[s:e] != name:
                raise EvalError(f"{xml}: article {i + 1}: offsets {s + 1}-{e + 1} do not hold {name!r}")
            tops.append(GoldToponym(s, e, float(loc.findtext("lat")), float(loc.findtext("lon")), name))
        out.append(GoldArticle(text, tops, a.findtext("source") or f"geovirus:{i + 1}"))
    return out


def read_jsonl(path: Path) -> list[GoldArticle]:
    out = []
    try:
        # lines end at \n only: str.splitlines() also splits at U+2028/U+2029 (and \x1c-\x1e, \x85), which
        # JSON strings may hold unescaped
        lines = [ln.removesuffix("\r") for ln in path.read_text(encoding="utf-8").split("\n")]
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalError(f"{path}: cannot read ({exc})") from exc
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            text = d["text"]
            tops = [
                GoldToponym(
                    int(t["start"]),
                    int(t["end"]),
                    float(t["lat"]),
                    float(t["lon"]),
                    t.get("name") or text[int(t["start"]) : int(t["end"])],
                    int(t["geonameid"]) if t.get("geonameid") not in (None, "") else None,
                )
                for t in d.get("toponyms", [])
            ]
        except (ValueError, KeyError, TypeError) as exc:
            raise EvalError(
                f"{path}:{n}: not a gold article ({exc})",
                hint='expected {"text": ..., "toponyms": [{"start", "end", "lat", "lon"}]}',
            ) from exc
        for t in tops:
            if not (0 <= t.start < t.end <= len(text)):
                raise EvalError(f"{path}:{n}: toponym offsets {t.start}-{t.end} outside the text")
        out.append(GoldArticle(text, tops, str(d.get("id") or f"{path.name}:{n}")))
    return out


def read_project_gold(folder: Path, shared: Path, split: Path | None = None) -> list[GoldArticle]:
    """The ``toponym`` records of the project's gold folder (``gold/README.md``), one article per text whose
    ``done`` record lists ``toponym``, in the text the pipeline reads (header removed; offsets shifted; a
    record inside the header is left out). ``split`` (default: ``split.yaml`` beside or above the folder) sets
    each article's ``part``."""
    from sitroom.eval.gold import load_gold, load_split, part_of
    from sitroom.ingest.text import parse_header

    folder = Path(folder)
    gold = load_gold(folder, Path(shared))
    if split is None:
        split = next((p for p in (folder / "split.yaml", folder.parent / "split.yaml") if p.is_file()), None)
    parts = load_split(split) if split is not None else {}
    done = gold.done("toponym")
    out = []
    for file in sorted(done):
        raw = gold.texts.get(file)
        if raw is None:
            from sitroom.eval.gold import read_text

            raw = read_text(Path(shared), file)
        cut = parse_header(raw).body_start
        text = raw[cut:]
        tops = [
            GoldToponym(
                r["start"] - cut,
                r["end"] - cut,
                float(r["lat"]),
                float(r["lon"]),
                raw[r["start"] : r["end"]],
                r.get("geonameid"),
                r["country"],
                True,
            )
            for r in gold.of("toponym", {file})
            if r["start"] >= cut and r["lat"] is not None
        ]
        tops.sort(key=lambda t: (t.start, t.end))
        out.append(GoldArticle(text, tops, file, part_of(file, parts) if parts else None))
    if not out:
        raise EvalError(
            f"{folder}: no text with a done record listing 'toponym'",
            hint="annotate toponyms completely in a text and add its done record (gold/README.md)",
        )
    return out


def read_gold(path: str | Path, shared: str | Path | None = None) -> list[GoldArticle]:
    """Read a gold set: GeoVirus (folder or xml), the project's gold folder (``gold/world-voa``) or JSONL."""
    p = Path(path)
    if not p.exists():
        raise EvalError(f"{p}: no such file or folder")
    if (p.is_dir() and (p / "GeoVirus.xml").exists()) or p.suffix.lower() == ".xml":
        return read_geovirus(p)
    if p.is_dir():
        if any(p.glob("*.jsonl")):
            from sitroom.config import Settings

            return read_project_gold(p, Path(shared) if shared else Settings().shared)
        raise EvalError(
            f"{p}: a folder with neither GeoVirus.xml nor gold JSONL files",
            hint="pass a JSONL gold file, the GeoVirus folder or a gold folder such as gold/world-voa",
        )
    return read_jsonl(p)


def geovirus_to_jsonl(path: Path) -> list[dict]:
    """Converter: GeoVirus as generic JSONL records (0-based offsets)."""
    return [
        {
            "id": a.id,
            "text": a.text,
            "toponyms": [
                {"start": t.start, "end": t.end, "lat": t.lat, "lon": t.lon, "name": t.name} for t in a.toponyms
            ],
        }
        for a in read_geovirus(path)
    ]


# --------------------------------------------------------------------------- metrics


def auc_of_errors(errors: list[float]) -> float:
    """Area under the curve of sorted log(1 + error) normalised by log(20039) (Gritta et al. 2018; lower is better)."""
    if len(errors) < 2:
        return float(math.log1p(errors[0]) / math.log(MAX_ERROR_KM)) if errors else 0.0
    pts = [math.log1p(min(e, MAX_ERROR_KM)) for e in sorted(errors)]
    area = sum((pts[i] + pts[i + 1]) / 2 for i in range(len(pts) - 1))
    return area / (math.log(MAX_ERROR_KM) * (len(pts) - 1))


def _country_of_point(gaz, lat: float, lon: float, cache: dict) -> str | None:
    key = (round(lat, 2), round(lon, 2))
    if key not in cache:
        e = gaz.nearest(lat, lon, kinds=("city",), radius_km=300)
        cache[key] = e.country if e is not None else None
    return cache[key]


def evaluate(
    gold: list[GoldArticle], *, gold_spans: bool = False, limit: int | None = None, gaz=None, nlp=None
) -> dict:
    """Score the place stage on ``gold``; returns the metrics dict."""
    from sitroom.extract.places import find_places, resolve_spans, span_candidates
    from sitroom.gazetteer import default_gazetteer, distance_km
    from sitroom.model import Article

    gaz = gaz or default_gazetteer()
    arts = gold[:limit] if limit else gold
    if not gold_spans and nlp is None:
        from sitroom.extract.nlp import load_nlp

        nlp = load_nlp()
    errors: list[float] = []
    covered = covered_reported = n_gold = n_pred = tp_pred = tp_gold = 0
    country_ok = country_n = 0
    country_det_ok = country_det_n = 0  # over the gold toponyms the run detected (end to end)
    gid_ok = gid_n = 0
    cache: dict = {}
    t0 = time.perf_counter()
    from sitroom.engine import on_terminal

    for a in on_terminal(arts, desc="eval geoparse"):
        preds: list[tuple[int, int, float | None, float | None, str | None, int | None]] = []
        if gold_spans:
            ents = resolve_spans(a.text, [(t.start, t.end) for t in a.toponyms], gaz)
            preds = [
                (
                    t.start,
                    t.end,
                    e.lat if e else None,
                    e.lon if e else None,
                    e.country if e else None,
                    e.geonameid if e else None,
                )
                for t, e in zip(a.toponyms, ents)
            ]
        else:
            places = find_places(Article(text=a.text), nlp(a.text), gaz)
            preds = [
                (p.mention.start, p.mention.end, p.lat, p.lon, p.country, p.geonameid)
                for p in places
                if p.role in ("mention", "dateline")
            ]
            n_pred += len(preds)
            tp_pred += sum(any(s < t.end and t.start < e for t in a.toponyms) for s, e, *_ in preds)
        # coverage: any candidate within 161 km
        names = [a.text[t.start : t.end] for t in a.toponyms]
        cands = gaz.lookup_many(names)
        for t, name in zip(a.toponyms, names):
            n_gold += 1
            cs = span_candidates(gaz, name, cands)  # what the gold-span resolver chooses from
            if any(distance_km(t.lat, t.lon, c.lat, c.lon) <= ACC_KM for c in cs):
                covered += 1
                covered_reported += 1
            elif any(
                distance_km(t.lat, t.lon, lat, lon) <= ACC_KM
                for pts in gaz.other_points(c.id for c in cs).values()
                for _, lat, lon in pts
            ):
                covered += 1
            match = None
            if gold_spans:
                match = next((p for p in preds if p[0] == t.start and p[1] == t.end), None)
            else:
                over = [p for p in preds if p[0] < t.end and t.start < p[1]]
                if over:
                    match = max(over, key=lambda p: min(p[1], t.end) - max(p[0], t.start))
                    tp_gold += 1
            if match is None or match[2] is None:
                err = MAX_ERROR_KM
            else:
                err = distance_km(t.lat, t.lon, match[2], match[3])
            errors.append(err)
            # toponyms of areas above countries (continents, seas, UN regions) have no country: left out
            if t.country_given:
                gc = t.country
            else:
                gc = None if any(c.kind == "region" for c in cs) else _country_of_point(gaz, t.lat, t.lon, cache)
            if gc is not None:
                country_n += 1
                country_ok += bool(match is not None and match[4] == gc)
                if match is not None:
                    country_det_n += 1
                    country_det_ok += match[4] == gc
            if t.geonameid is not None:
                gid_n += 1
                gid_ok += bool(match is not None and match[5] == t.geonameid)
    secs = time.perf_counter() - t0
    n = len(errors) or 1
    out = {
        "articles": len(arts),
        "toponyms": n_gold,
        "mode": "gold-spans" if gold_spans else "end-to-end",
        "accuracy_161km": round(sum(e <= ACC_KM for e in errors) / n, 4),
        "mean_error_km": round(statistics.fmean(errors), 1) if errors else None,
        "median_error_km": round(statistics.median(errors), 1) if errors else None,
        "auc": round(auc_of_errors(errors), 4),
        "coverage_161km": round(covered / (n_gold or 1), 4),
        "coverage_161km_reported": round(covered_reported / (n_gold or 1), 4),
        "country_accuracy": round(country_ok / country_n, 4) if country_n else None,
        "geonameid_accuracy": round(gid_ok / gid_n, 4) if gid_n else None,
        "seconds": round(secs, 2),
    }
    if not gold_spans:
        p = tp_pred / n_pred if n_pred else 0.0
        r = tp_gold / n_gold if n_gold else 0.0
        out.update(
            {
                "predicted": n_pred,
                "detection_precision": round(p, 4),
                "detection_recall": round(r, 4),
                "detection_f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
                "accuracy_161km_detected": round(sum(e <= ACC_KM for e in errors) / tp_gold, 4) if tp_gold else None,
                "country_accuracy_detected": round(country_det_ok / country_det_n, 4) if country_det_n else None,
            }
        )
    return out


def format_metrics(m: dict) -> str:
    lines = [f"geoparse ({m['mode']}): {m['articles']} articles, {m['toponyms']} gold toponyms, {m['seconds']}s"]
    if m["mode"] == "end-to-end":
        lines.append(
            f"  detection: precision {m['detection_precision']:.3f}  recall {m['detection_recall']:.3f}  "
            f"F1 {m['detection_f1']:.3f}  ({m['predicted']} predicted)"
        )
    lines.append(
        f"  accuracy@161km {m['accuracy_161km']:.3f}  mean error {m['mean_error_km']} km  "
        f"median error {m['median_error_km']} km  AUC {m['auc']:.3f}"
    )
    if m.get("accuracy_161km_detected") is not None:
        lines.append(f"  accuracy@161km over detected toponyms {m['accuracy_161km_detected']:.3f}")
    lines.append(
        f"  coverage ceiling (any candidate within 161 km) {m['coverage_161km']:.3f}  "
        f"(reported points only {m['coverage_161km_reported']:.3f})"
    )
    ca = m["country_accuracy"]
    cd = m.get("country_accuracy_detected")
    lines.append(
        (f"  country accuracy {ca:.3f}" if ca is not None else "  country accuracy n/a")
        + (f"  (over detected toponyms {cd:.3f})" if cd is not None else "")
    )
    gi = m["geonameid_accuracy"]
    lines.append(f"  exact GeoNames id {gi:.3f}" if gi is not None else "  exact GeoNames id n/a (gold has no ids)")
    return "\n".join(lines)


def main(args) -> int:
    """``sitroom eval geoparse FILE [--gold-spans] [--limit N] [--json] [--shared DIR]``: one block of metrics,
    or, for a gold folder split into tune and held texts, one block per part and one for all."""
    gold = read_gold(args.file, getattr(args, "shared", None))
    gs, limit = bool(getattr(args, "gold_spans", False)), getattr(args, "limit", None)
    parts = sorted({a.part for a in gold if a.part})
    if not parts:
        m = evaluate(gold, gold_spans=gs, limit=limit)
        print(json.dumps(m) if getattr(args, "json", False) else format_metrics(m))
        return 0
    gold = gold[:limit] if limit else gold
    res = {part: evaluate([a for a in gold if a.part == part], gold_spans=gs) for part in parts}
    res["all"] = evaluate(gold, gold_spans=gs)
    if getattr(args, "json", False):
        print(json.dumps(res))
    else:
        print("\n".join(f"[{part}] {format_metrics(m)}" for part, m in res.items()))
    return 0


def measure_speed(gold: list[GoldArticle], *, limit: int | None = None) -> dict:
    """Time spaCy parsing and the place stage separately over the gold texts (one warm-up article first)."""
    import resource

    from sitroom.extract.nlp import load_nlp
    from sitroom.extract.places import find_places
    from sitroom.gazetteer import default_gazetteer
    from sitroom.model import Article

    nlp, gaz = load_nlp(), default_gazetteer()
    texts = [a.text for a in (gold[:limit] if limit else gold)]
    if texts:
        find_places(Article(text=texts[0]), nlp(texts[0]), gaz)
    parse = places = 0.0
    for t in texts:
        t0 = time.perf_counter()
        doc = nlp(t)
        t1 = time.perf_counter()
        find_places(Article(text=t), doc, gaz)
        parse, places = parse + t1 - t0, places + time.perf_counter() - t1
    return {
        "articles": len(texts),
        "spacy_seconds": round(parse, 2),
        "places_seconds": round(places, 2),
        "ratio": round(places / parse, 3) if parse else None,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


if __name__ == "__main__":  # pragma: no cover - `python -m sitroom.eval.geoparse speed FILE`
    import sys

    if len(sys.argv) == 3 and sys.argv[1] == "speed":
        print(json.dumps(measure_speed(read_gold(sys.argv[2]))))
    else:
        print("usage: python -m sitroom.eval.geoparse speed GOLD", file=sys.stderr)
        sys.exit(2)
