"""Place keys and containment for the read side: a fact row's place as a key (its ``gazetteer_id``, a site
inside a town apart, else its name and country), the admin units that hold it and its capital status, all from
the gazetteer (names only when there is none). Used by situation events, control over time, the forecast ledger
and claim checks."""

from __future__ import annotations

_CONTAINERS = ("city", "district", "province")  # a country or region never absorbs its parts


class Places:
    """Place keys and containment from the gazetteer (by ``gazetteer_id``), else from names."""

    def __init__(self, gazetteer=None) -> None:
        self._gaz = gazetteer
        self._loaded = gazetteer is not None
        self._chains: dict[str, tuple[str, ...]] = {}
        self._capitals: dict[str, dict[str, str]] = {}

    @property
    def loaded_gazetteer(self):
        """The gazetteer if it has been loaded (or given), else None: never loads it."""
        return self._gaz if self._loaded else None

    @property
    def gaz(self):
        if not self._loaded:
            self._loaded = True
            try:
                from sitroom.gazetteer import default_gazetteer

                self._gaz = default_gazetteer()
            except Exception:  # noqa: BLE001 - without a gazetteer, places compare by name only
                self._gaz = None
        return self._gaz

    @staticmethod
    def key(r: dict, prefix: str = "") -> str | None:
        gid = r.get(f"{prefix}gazetteer_id")
        if gid and r.get(f"{prefix}place_kind") == "facility" and r.get(f"{prefix}place_name"):
            # a site keeps the id of the town it lies in: it changes hands apart from that town
            return f"{gid}|site:{str(r.get(f'{prefix}place_name')).casefold()}"
        if gid:
            return str(gid)
        name = r.get(f"{prefix}place_name")
        if not name:
            return None
        return f"name:{str(name).casefold()}|{r.get(f'{prefix}country') or ''}"

    def entry(self, key: str | None):
        if not key or key.startswith("name:") or self.gaz is None:
            return None
        try:
            return self.gaz.get(key)
        except Exception:  # noqa: BLE001 - a broken index must not stop the picture
            return None

    def containers(self, key: str | None) -> tuple[str, ...]:
        """Keys of the admin units (district, province) that hold the place, nearest first."""
        if key is None:
            return ()
        if key in self._chains:
            return self._chains[key]
        chain: list[str] = []
        e = self.entry(key)
        if e is not None:
            try:
                chain = [a.id for a in self.gaz.ancestors(e) if a.kind in _CONTAINERS]
            except Exception:  # noqa: BLE001
                chain = []
        self._chains[key] = tuple(chain)
        return self._chains[key]

    def compatible(self, a: str | None, b: str | None) -> bool:
        """Same place, or one inside the other's admin unit."""
        if a is None or b is None:
            return False
        return a == b or a in self.containers(b) or b in self.containers(a)

    def inside(self, inner: str | None, outer: str | None) -> bool:
        return inner is not None and outer is not None and (inner == outer or outer in self.containers(inner))

    def capital_status(self, key: str | None) -> tuple[str | None, str | None]:
        """("provincial" | "national" | None, name of the unit) for a place, from the gazetteer's capitals."""
        e = self.entry(key)
        if e is None or e.kind != "city":
            return None, None
        caps = self._country_capitals(e.country)
        if e.id in caps:
            return "provincial", caps[e.id]
        if e.capital_of:
            unit = self.entry(e.capital_of)
            if unit is not None and unit.kind == "province":
                return "provincial", unit.name
            if unit is not None and unit.kind == "country":
                return "national", unit.name
        return None, None

    def is_national_capital(self, key: str | None) -> bool:
        e = self.entry(key)
        if e is None or not e.capital_of:
            return False
        unit = self.entry(e.capital_of)
        return unit is not None and unit.kind == "country"

    def _country_capitals(self, cc: str | None) -> dict[str, str]:
        """City id → province name, for every province of country ``cc`` with a capital in the gazetteer."""
        if not cc or self.gaz is None:
            return {}
        if cc not in self._capitals:
            out: dict[str, str] = {}
            try:
                country = self.gaz.country(cc)
                for prov in self.gaz.children(country.id, kind="province") if country else []:
                    cap = self.gaz.capital(prov)
                    if cap is not None:
                        out[cap.id] = prov.name
            except Exception:  # noqa: BLE001
                out = {}
            self._capitals[cc] = out
        return self._capitals[cc]

    def provincial_capitals(self, cc: str) -> dict[str, str]:
        """Every provincial capital of a country the gazetteer knows: city id → province name."""
        return dict(self._country_capitals(cc))

    def admin1(self, key: str | None) -> str | None:
        e = self.entry(key)
        return e.admin1 if e is not None else None
