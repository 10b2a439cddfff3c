"""The shipped actor registry (sitroom/data/actors/): every record loads in one format, and no name means two actors
where both hold (the same theatre and overlapping years)."""

import re
from collections import Counter
from itertools import combinations

import pytest

from sitroom.extract.actor_registry import (
    ActorDef,
    fold_name,
    is_acronym,
    load_lexicon,
    pick_actor,
    pick_default,
    registry_rows,
)

KINDS = {"state", "government", "state-forces", "non-state-armed", "intl-org", "intl-forces", "civilians", "other"}
FIELDS = {
    "id",
    "name",
    "kind",
    "country",
    "capital",
    "theatre",
    "years",
    "aliases",
    "local_aliases",
    "descriptors",
    "pro_government",
    "leaders",
    "generated",
    "demonyms",
    "affiliate_of",
    "types",
}
ISO2 = re.compile(r"[A-Z]{2}")


@pytest.fixture(scope="module")
def lex():
    return load_lexicon(None)


def test_every_record_loads_in_one_format():
    rows = registry_rows()
    ids = [r["id"] for r in rows if not r.get("generated")]  # a written entry may replace a generated one
    assert len(ids) == len(set(ids)), "an id is used twice"
    for r in rows:
        assert set(r) <= FIELDS, (r["id"], set(r) - FIELDS)
        # a parent is an actor of the registry; a type is one the vocabulary's descriptions can name
        assert all(p in set(ids) for p in r.get("affiliate_of") or ()), r["id"]
        assert set(r.get("types") or ()) <= set(load_lexicon(None).vocab.descriptor_types), r["id"]
        assert r["kind"] in KINDS, r["id"]
        assert isinstance(r["name"], str) and r["name"].strip(), r["id"]
        if r.get("country") is not None:
            assert ISO2.fullmatch(str(r["country"])), r["id"]
        for c in r.get("theatre") or ():
            assert ISO2.fullmatch(str(c)), (r["id"], c)
        lo, hi = r.get("years") or (None, None)
        assert lo is None or hi is None or lo <= hi, r["id"]
        for key in ("aliases", "local_aliases", "descriptors", "leaders"):
            vals = r.get(key) or []
            assert all(isinstance(v, str) and v.strip() for v in vals), (r["id"], key)
        # a state's forces and government name their country; an armed group says where it fights
        if r["kind"] in ("state-forces", "government") and not r.get("generated"):
            assert r.get("country"), r["id"]
        if r["kind"] == "non-state-armed" and r["id"] not in {"haqqani", "hig", "imu", "isis-k", "isis", "al-qaeda"}:
            assert r.get("theatre") or r.get("country"), r["id"]


def _overlap(a: ActorDef, b: ActorDef) -> bool:
    if a.scope() and b.scope() and not set(a.scope()) & set(b.scope()):
        return False
    (lo1, hi1), (lo2, hi2) = a.years, b.years
    return not (
        (lo1 is not None and hi2 is not None and lo1 > hi2) or (lo2 is not None and hi1 is not None and lo2 > hi1)
    )


def test_every_alias_means_one_actor_where_it_holds(lex):
    """A name global to two actors would pick one by file order; a local name (or a theatre-bound acronym) may mean
    several actors, but never two in one theatre and years ("SNA": Somalia's army, Syria's rebels)."""
    glob: dict[str, set[str]] = {}
    loc: dict[str, set[str]] = {}
    for a in lex.actors.values():
        if a.generated:
            continue
        forms = [(x, False) for x in (a.name, *a.aliases)] + [(x, True) for x in a.local_aliases]
        for al, local in forms:
            local = local or (bool(a.theatre) and is_acronym(al))
            (loc if local else glob).setdefault(fold_name(al), set()).add(a.id)
    assert not {k: v for k, v in glob.items() if len(v) > 1}
    clashes = [
        (k, x, y)
        for k, ids in loc.items()
        for x, y in combinations(sorted(ids), 2)
        if _overlap(lex.actors[x], lex.actors[y])
    ]
    assert not clashes


def test_registry_covers_the_armed_groups_of_current_wars(lex):
    """A sample of every theatre: the name a report uses finds the group where and when it fights."""
    for alias, cc, year, aid in [
        ("JNIM", "ML", 2023, "jnim"),
        ("Katiba Macina", "ML", 2020, "katiba-macina"),
        ("ISWAP", "NG", 2021, "iswap"),
        ("Ahlu Sunna Wal Jamaa", "MZ", 2021, "ansar-al-sunna-mz"),
        ("Ahlu Sunna Wal Jamaa", "SO", 2010, "aswj"),
        ("Wazalendo", "CD", 2025, "wazalendo"),
        ("AFC", "CD", 2025, "m23"),
        ("Sudan Shield Forces", "SD", 2024, "sudan-shield"),
        ("Giants Brigades", "YE", 2022, "giants-brigades"),
        ("Asaib Ahl al-Haq", "IQ", 2019, "asaib-ahl-al-haq"),
        ("KNDF", "MM", 2023, "kndf"),
        ("Segunda Marquetalia", "CO", 2024, "segunda-marquetalia"),
        ("former FARC rebels", "CO", 2025, "farc-dissidents"),
        ("Clan del Golfo", "CO", 2024, "clan-del-golfo"),
        ("CJNG", "MX", 2024, "cjng"),
        ("Viv Ansanm", "HT", 2025, "viv-ansanm"),
        ("gang coalition", "HT", 2025, "viv-ansanm"),
        ("coalition", "YE", 2016, "saudi-coalition"),
        ("400 Mawozo", "HT", 2021, "400-mawozo"),
        ("Dawlah Islamiyah", "PH", 2017, "dawlah-islamiyah"),
        ("Russian Volunteer Corps", "UA", 2023, "rvc"),
    ]:
        assert pick_actor(lex, alias, Counter([cc]), year) == aid, alias
    # a junta's forces are Myanmar's only in Myanmar
    assert pick_actor(lex, "junta forces", Counter(["MM"]), 2023) == "tatmadaw"
    assert pick_actor(lex, "junta forces", Counter(["ML"]), 2023) is None


def test_a_descriptor_default_holds_in_its_theatre_and_years(lex):
    """ "Tuareg rebels" are the MNLA in Mali 2012, the CMA in 2019; "the gangs" of Haiti are Viv Ansanm since 2023."""
    assert pick_default(lex, "tuareg rebels", Counter(["ML"]), 2012) == "mnla"
    assert pick_default(lex, "tuareg rebels", Counter(["ML"]), 2019) == "cma"
    assert pick_default(lex, "tuareg rebels", Counter(["NE"]), 2019) is None
    assert pick_default(lex, "gangs", Counter(["HT"]), 2025) == "viv-ansanm"
    assert pick_default(lex, "gangs", Counter(["HT"]), 2015) is None
    assert pick_default(lex, "rebels", Counter(["CO"]), 2010) == "farc"
    assert pick_default(lex, "rebels", Counter(["CO"]), 2022) == "eln"


def test_a_descriptor_default_is_the_group_at_home_in_the_text(lex):
    """Two groups list "militants" and both fight in Afghanistan and Pakistan: the one whose home the text names."""
    assert pick_default(lex, "militants", Counter(["AF", "AF", "PK"]), 2014) == "taliban"
    assert pick_default(lex, "militants", Counter(["PK", "PK", "AF"]), 2014) == "ttp"


def test_an_army_s_acronym_another_theatre_s_rebels_bear_is_theirs_there(lex):
    """ "PLA": China's army in a report on China or Taiwan, the People's Liberation Army of Manipur in one on India
    or Myanmar ("militants of the PLA ambushed a patrol in Manipur" are no Chinese state forces)."""
    assert pick_actor(lex, "PLA", Counter(["IN", "IN"]), 2024) == "pla-manipur"
    assert pick_actor(lex, "PLA", Counter(["MM"]), 2024) == "pla-manipur"
    assert pick_actor(lex, "PLA", Counter(["CN", "TW"]), 2024) == "pla-cn"
    assert pick_actor(lex, "Chinese People's Liberation Army", Counter(["IN"]), 2024) == "pla-cn"


def test_the_pla_in_a_report_on_manipur_is_no_chinese_army(extract):
    doc = extract(
        "IMPHAL, India — Militants of the PLA ambushed an Assam Rifles patrol in Manipur on Sunday, killing two "
        "soldiers.",
        published="2024-05-01",
    )
    assert "pla-cn" not in {a.id for a in doc.actors}, [a.id for a in doc.actors]


def test_a_local_description_needs_its_theatre_named(lex, extract):
    """A local alias that is a description ("rebels" of Ukraine's separatists) means no one in a text that names no
    country: "The rebels attacked a checkpoint" is no report on Donbas; a local acronym ("M23") still holds."""
    assert pick_actor(lex, "rebels", Counter(), 2016) is None
    assert pick_actor(lex, "rebels", Counter(["UA"]), 2016) == "ua-separatists"
    assert pick_actor(lex, "M23", Counter(), 2016) == "m23"
    doc = extract("The rebels attacked a checkpoint on Sunday.", published="2016-03-27")
    assert "ua-separatists" not in {a.id for a in doc.actors}, [a.id for a in doc.actors]


@pytest.mark.parametrize(
    "text, published, want",
    [
        ("Gadhafi's forces retook Brega in Libya on Sunday.", "2011-03-27", "ly-gadhafi-forces"),
        ("Golani's fighters entered Aleppo in Syria on Friday.", "2024-11-29", "hts"),
        ("Burhan's troops retook Wad Madani in Sudan on Saturday.", "2025-01-11", "saf"),
    ],
)
def test_a_leaders_possessive_is_the_force_he_leads(extract, text, published, want):
    """ "<leader>'s forces / fighters / troops": the registry actor one of whose ``leaders`` bears that surname
    (an Arabic article is no part of it: "al-Golani" is "Golani"), in its theatre and years."""
    doc = extract(text, published=published)
    assert [e.actor1 for e in doc.events if e.event_type == "Battles"] == [want], [
        (e.sub_event_type, e.actor1) for e in doc.events
    ]


def test_a_fuller_name_is_no_leaders_surname(extract):
    """ "Sharif Ahmed's forces" are not Ethiopia's army because Abiy Ahmed leads it: a name of two words must be a
    leader's name, a surname alone a leader's surname."""
    doc = extract("Sharif Ahmed's forces captured the town of Jowhar in Somalia on Tuesday.", published="2009-05-06")
    assert "endf" not in {e.actor1 for e in doc.events}, [(e.sub_event_type, e.actor1) for e in doc.events]
