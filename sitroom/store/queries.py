"""The store's read queries over the fact tables (events, control, claims, forecasts, quotes) and the actors, mixed
into :class:`sitroom.store.sqlite.Store`. Rows are plain dicts: the table's columns plus the article's publication
day, outlet, url and title; the values typed by :func:`sitroom.store.rows.read_row`."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

from sitroom.errors import ConfigError
from sitroom.store.rows import (
    ClaimRow,
    ControlRow,
    EventRow,
    ForecastRow,
    QuoteRow,
    parse_cursor,
    query_day,
    read_row,
)

__all__ = ["MAX_BRANCHES", "RTREE_MAX", "Queries"]

RTREE_MAX = 5_000  # a bbox matching fewer boxes than this is served by the R*Tree, else by the day-ordered scan
MAX_BRANCHES = 16  # OR filters are run as a UNION of index scans up to this many branches


class Queries:
    """Read queries of the store (mixed into :class:`sitroom.store.sqlite.Store`)."""

    if TYPE_CHECKING:  # what the store this is mixed into provides

        def _read(self, sql: str, params: Any = (), doing: str = "read the store") -> list: ...

    def count(self) -> dict[str, int]:
        out = {}
        for t in ("articles", "events", "places", "control", "claims", "forecasts", "quotes", "actors"):
            out[t] = self._read(f"SELECT count(*) FROM {t}")[0][0]
        return out

    def actor_names(self) -> dict[str, str]:
        """Actor id → its most used name across stored articles."""
        rows = self._read("SELECT id, name, count(*) AS n FROM actors GROUP BY id, name ORDER BY id, n DESC, name")
        names: dict[str, str] = {}
        for r in rows:
            names.setdefault(r["id"], r["name"])
        return names

    def actor_kinds(self) -> dict[str, str]:
        """Actor id → its most used kind across stored articles (state, non-state-armed, civilians ...)."""
        rows = self._read("SELECT id, kind, count(*) AS n FROM actors GROUP BY id, kind ORDER BY id, n DESC, kind")
        kinds: dict[str, str] = {}
        for r in rows:
            if r["kind"]:
                kinds.setdefault(r["id"], r["kind"])
        return kinds

    def actor_rows(self) -> list[dict[str, Any]]:
        """Each distinct (id, kind, country) of the stored actors."""
        return [dict(r) for r in self._read("SELECT DISTINCT id, kind, country FROM actors", (), "read actors")]

    def weak_places(self, below: float = 0.5) -> set[tuple[str, str]]:
        """(article id, place id) of the places resolved with a confidence under ``below``."""
        return {
            (r[0], r[1])
            for r in self._read("SELECT article_id, id FROM places WHERE confidence < ?", (below,), "read places")
        }

    # ------------------------------------------------------------------ fact queries

    def _facts(
        self, table: str, where: list[str], params: list[Any], *, order: str, limit: int | None, offset: int
    ) -> list[Any]:
        sql = (
            f"SELECT t.*, a.published AS published, a.outlet AS article_outlet, a.url AS url, a.title AS title"
            f" FROM {table} t JOIN articles a ON a.id = t.article_id"
        )
        if where:
            sql += " WHERE " + " AND ".join(f"({w})" for w in where)
        sql += f" ORDER BY {order} LIMIT ? OFFSET ?"
        rows = self._read(sql, [*params, -1 if limit is None else int(limit), int(offset)], f"query {table}")
        return self._shape(rows)

    @staticmethod
    def _shape(rows: list[sqlite3.Row]) -> list[Any]:
        return [read_row(dict(r)) for r in rows]

    def _actor_ids(self, actor: str) -> list[str]:
        """An actor given by id or by name → the ids it may be stored under."""
        ids = {actor}
        ids.update(r[0] for r in self._read("SELECT DISTINCT id FROM actors WHERE name = ? COLLATE NOCASE", (actor,)))
        return sorted(ids)

    @staticmethod
    def _in(col: str, values: list[str]) -> str:
        return f"{col} IN ({', '.join('?' * len(values))})"

    def _common(self, where: list[str], params: list[Any], *, article_id: str | None, certainty: str | None) -> None:
        if article_id is not None:
            where.append("t.article_id = ?")
            params.append(article_id)
        if certainty is not None:
            where.append("t.certainty = ?")
            params.append(getattr(certainty, "value", certainty))

    def _geo(
        self,
        where: list[str],
        params: list[Any],
        *,
        place: str | None,
        bbox: Any,
        name_col: str = "t.place_name",
        gaz_col: str | None = "t.gazetteer_id",
    ) -> None:
        if place is not None:
            if gaz_col:
                where.append(f"{name_col} = ? COLLATE NOCASE OR {gaz_col} = ?")
                params += [place, place]
            else:
                where.append(f"{name_col} = ? COLLATE NOCASE")
                params.append(place)
        if bbox is not None:
            try:
                if isinstance(bbox, str):
                    bbox = [float(x) for x in bbox.split(",")]
                min_lon, min_lat, max_lon, max_lat = (float(x) for x in bbox)
            except (TypeError, ValueError):
                raise ConfigError(
                    f"bbox: expected four numbers min_lon,min_lat,max_lon,max_lat, got {bbox!r}"
                ) from None
            where.append("t.lat BETWEEN ? AND ? AND t.lon BETWEEN ? AND ?")
            params += [min_lat, max_lat, min_lon, max_lon]

    def events(
        self,
        *,
        since: Any = None,
        until: Any = None,
        event_type: str | None = None,
        actor: str | None = None,
        place: str | None = None,
        bbox: Any = None,
        article_id: str | None = None,
        certainty: str | None = None,
        background: bool | None = None,
        limit: int | None = None,
        offset: int = 0,
        after: Any = None,
        inside: Any = None,
        _count: bool = False,
    ) -> list[EventRow]:
        """Event rows, by day (``date``, else publication; undated last) then uid.

        ``since``/``until``: inclusive days on the event's date (undated events are left out when either is given);
        ``event_type``: an ACLED event_type or sub_event_type; ``actor``: id or name, as actor1 or actor2;
        ``place``: place name (case-insensitive) or gazetteer id; ``inside``: with ``place``, gazetteer ids that
        match too (the places within it, e.g. a province's districts and towns, from
        :meth:`sitroom.gazetteer.Gazetteer.descendants`); ``bbox``: (min_lon, min_lat, max_lon, max_lat);
        ``after``: a keyset cursor ``(day, uid)`` (or the string :func:`cursor` makes): only rows after it, so deep
        pages cost what the first page costs (``offset`` still applies after it).

        Plan (schema 3): every filter is a conjunction of terms that an index led by its column then
        ``(day, uid)`` serves in order, so SQLite stops after ``offset + limit`` rows; an OR filter (type or
        sub-type; actor1 or actor2; place name or gazetteer id) becomes a UNION of such scans, each limited.
        """
        where: list[str] = []
        params: list[Any] = []
        alts: list[list[tuple[str, list[Any]]]] = []  # each a disjunction; the query is their cross product
        if since is not None:
            d = query_day(since, "since")
            where += ["t.date >= ?", "t.day >= ?"]
            params += [d, d]
        if until is not None:
            d = query_day(until, "until")
            where += ["t.date <= ?", "t.day <= ?"]
            params += [d, d]
        if event_type is not None:
            alts.append([("t.event_type = ?", [event_type]), ("t.sub_event_type = ?", [event_type])])
        if actor is not None:
            ids = self._actor_ids(actor)
            alts.append([(f"t.{col} = ?", [i]) for col in ("actor1", "actor2") for i in ids])
        if background is not None:
            where.append("t.background = ?")
            params.append(int(background))
        if place is not None:
            alt = [("t.place_name = ? COLLATE NOCASE", [place]), ("t.gazetteer_id = ?", [place])]
            ids = [i for i in dict.fromkeys(inside or ()) if i and i != place]
            if ids:
                alt.append((f"t.gazetteer_id IN ({','.join('?' * len(ids))})", ids))
            alts.append(alt)
        if bbox is not None:
            self._bbox_terms(where, params, bbox)
        self._common(where, params, article_id=article_id, certainty=certainty)
        if after is not None:
            a_day, a_uid = parse_cursor(after)
            where.append("(t.day, t.uid) > (?, ?)")
            params += [a_day, a_uid]
        branches: list[list[tuple[str, list[Any]]]] = [[]]
        for alt in alts:
            branches = [b + [x] for b in branches for x in alt]
        if len(branches) > MAX_BRANCHES:  # many actor ids: one scan with the ORs (correct, sorted, slower)
            branches = [[(" OR ".join(f"({c})" for c, _ in alt), [p for _, ps in alt for p in ps]) for alt in alts]]
        lim = -1 if limit is None else int(limit)
        k = -1 if limit is None else int(limit) + int(offset)
        sel = "SELECT t.rowid AS rid, t.day AS day, t.uid AS uid FROM events t"
        parts, bparams = [], []
        for b in branches:
            conds = where + [c for c, _ in b]
            parts.append(sel + (" WHERE " + " AND ".join(f"({c})" for c in conds) if conds else ""))
            bparams += params + [p for _, ps in b for p in ps]
        if _count:
            cap = "" if limit is None else f" LIMIT {int(limit)}"
            rows = self._read(f"SELECT count(*) AS n FROM ({' UNION '.join(parts)}{cap}) u", bparams, "count events")
            return int(rows[0]["n"] if hasattr(rows[0], "keys") else rows[0][0])  # type: ignore[return-value]
        if len(parts) == 1:
            hits = parts[0] + " ORDER BY t.day, t.uid LIMIT ? OFFSET ?"
        else:
            hits = (
                " UNION ".join(f"SELECT rid, day, uid FROM ({p} ORDER BY t.day, t.uid LIMIT {k})" for p in parts)
                + " ORDER BY day, uid LIMIT ? OFFSET ?"
            )
        sql = (
            "SELECT t.*, a.published AS published, a.outlet AS article_outlet, a.url AS url, a.title AS title"
            f" FROM ({hits}) h JOIN events t ON t.rowid = h.rid JOIN articles a ON a.id = t.article_id"
            " ORDER BY h.day, h.uid"
        )
        return self._shape(self._read(sql, [*bparams, lim, int(offset)], "query events"))

    def count_events(self, *, at_most: int | None = None, **filters: Any) -> int:
        """How many event rows :meth:`events` holds for these filters (all pages; ``after``, ``limit`` and
        ``offset`` do not apply), counting no further than ``at_most`` (the cost of a count grows with it)."""
        for k in ("after", "limit", "offset"):
            filters.pop(k, None)
        return self.events(**filters, limit=at_most, _count=True)  # type: ignore[return-value]

    def _bbox_terms(self, where: list[str], params: list[Any], bbox: Any) -> None:
        """The exact bbox test on the row; plus the R*Tree when the box holds few events, else a hint to
        scan in day order (``+`` keeps SQLite off the lat/lon index, whose order would need a sort)."""
        try:
            if isinstance(bbox, str):
                bbox = [float(x) for x in bbox.split(",")]
            min_lon, min_lat, max_lon, max_lat = (float(x) for x in bbox)
        except (TypeError, ValueError):
            raise ConfigError(f"bbox: expected four numbers min_lon,min_lat,max_lon,max_lat, got {bbox!r}") from None
        box = [min_lat, max_lat, min_lon, max_lon]
        rtree = "SELECT id FROM ev_rtree WHERE max_lat >= ?1 AND min_lat <= ?2 AND max_lon >= ?3 AND min_lon <= ?4"
        n = self._read(f"SELECT count(*) FROM ({rtree} LIMIT {RTREE_MAX})", box, "query events")[0][0]
        if n < RTREE_MAX:
            where.append(
                "t.rowid IN (SELECT id FROM ev_rtree WHERE max_lat >= ? AND min_lat <= ? AND max_lon >= ?"
                " AND min_lon <= ?)"
            )
            params += [min_lat, max_lat, min_lon, max_lon]
        where.append("+t.lat BETWEEN ? AND ? AND +t.lon BETWEEN ? AND ?")
        params += [min_lat, max_lat, min_lon, max_lon]

    def control(
        self,
        *,
        controller: str | None = None,
        actor: str | None = None,
        place: str | None = None,
        bbox: Any = None,
        status: str | None = None,
        article_id: str | None = None,
        certainty: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[ControlRow]:
        """Control-status rows (who holds what, since when), by publication date then uid."""
        where: list[str] = []
        params: list[Any] = []
        who = controller or actor
        if who is not None:
            ids = self._actor_ids(who)
            where.append(self._in("t.controller", ids))
            params += ids
        if status is not None:
            where.append("t.status = ?")
            params.append(status)
        self._geo(where, params, place=place, bbox=bbox)
        self._common(where, params, article_id=article_id, certainty=certainty)
        return self._facts("control", where, params, order="a.published, t.uid", limit=limit, offset=offset)

    def claims(
        self,
        *,
        kind: str | None = None,
        actor: str | None = None,
        article_id: str | None = None,
        certainty: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[ClaimRow]:
        """Claim rows, by publication date then uid."""
        where: list[str] = []
        params: list[Any] = []
        if kind is not None:
            where.append("t.kind = ?")
            params.append(kind)
        if actor is not None:
            ids = self._actor_ids(actor)
            where.append(f"{self._in('t.actor', ids)} OR {self._in('t.subject', ids)}")
            params += ids + ids
        self._common(where, params, article_id=article_id, certainty=certainty)
        return self._facts("claims", where, params, order="a.published, t.uid", limit=limit, offset=offset)

    def forecasts(
        self,
        *,
        actor: str | None = None,
        by: str | None = None,
        due_before: Any = None,
        article_id: str | None = None,
        certainty: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[ForecastRow]:
        """Forecast rows, by deadline (undated last) then uid."""
        where: list[str] = []
        params: list[Any] = []
        if actor is not None:
            ids = self._actor_ids(actor)
            where.append(self._in("t.actor", ids))
            params += ids
        if by is not None:
            where.append('t."by" = ? COLLATE NOCASE')
            params.append(by)
        if due_before is not None:
            where.append("t.deadline <= ?")
            params.append(query_day(due_before, "due_before"))
        self._common(where, params, article_id=article_id, certainty=certainty)
        return self._facts(
            "forecasts",
            where,
            params,
            order="t.deadline IS NULL, t.deadline, a.published, t.uid",
            limit=limit,
            offset=offset,
        )

    def quotes(
        self,
        *,
        speaker: str | None = None,
        article_id: str | None = None,
        certainty: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[QuoteRow]:
        """Quote rows (``text`` is the quoted words; ``outlet`` whom it was said to), by publication date then uid."""
        where: list[str] = []
        params: list[Any] = []
        if speaker is not None:
            where.append("t.speaker = ? COLLATE NOCASE")
            params.append(speaker)
        self._common(where, params, article_id=article_id, certainty=certainty)
        return self._facts("quotes", where, params, order="a.published, t.uid", limit=limit, offset=offset)
