"""The place of a change of hands in any war (issue 13, places from descriptions): sentences written for this test,
in the styles of several conflicts, class by class -- a relative pronoun stands for the town it follows, a name in
apposition to a place noun is the place (not the city told before, not the country), "the town of X north of Y" is
X, unnamed parts (positions, townships) give the district or the towns they list, a town the gazetteer lacks keeps
the unit the text places it in (approximate point), a short name two countries bear goes to the text's theatre, and
a headline's description is no town."""

import unicodedata

import pytest

TAKEOVER = ("Government regains territory", "Non-state actor overtakes territory", "Non-violent transfer of territory")


def _fold(s: str | None) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s or "") if not unicodedata.combining(c)).casefold()


def _changed(doc) -> list:
    return [doc.place(e.place) for e in doc.events if e.sub_event_type in TAKEOVER and e.place is not None]


CASES = [
    # a relative pronoun is its antecedent
    (
        "relative-iraq",
        "Islamic State militants still hold Mosul, which they seized in June 2014, officials in Baghdad said.",
        "2016-10-20",
        "Mosul",
        ["Baghdad", "Iraq"],
    ),
    (
        "relative-misparse-ethiopia",
        "ADDIS ABABA, Ethiopia — Fano militiamen clashed with the army near Gondar. Officials said troops had restored "
        "order in the historic town of Lalibela, which the militia had entered on Monday.",
        "2023-08-10",
        "Lalibela",
        ["Gondar", "Ethiopia"],
    ),
    # a name in apposition to a place noun
    (
        "appos-capital-yemen",
        "ADEN, Yemen — Houthi rebels shelled Marib on Monday. The group seized the capital, Sanaa, in September 2014.",
        "2024-03-20",
        "Sanaa",
        ["Marib", "Aden"],
    ),
    (
        "appos-town-description-mali",
        "BAMAKO, Mali — Tuareg rebels said they captured Ber, a town 50 kilometres east of Timbuktu, on Sunday.",
        "2023-08-14",
        "Ber",
        ["Timbuktu", "Mali"],
    ),
    (
        "distance-direction-somalia",
        "MOGADISHU, Somalia — Al-Shabab militants took control of Leego, about 100 kilometers northwest of "
        "Mogadishu, on Thursday.",
        "2015-06-27",
        "Leego",
        ["Mogadishu"],
    ),
    # a transliteration of the town's own name, not another town whose old name it resembles
    (
        "transliteration-ukraine",
        "KYIV, Ukraine — Pro-Russian separatists took control of Sloviansk, a city of 100,000 people in eastern "
        "Ukraine, on Saturday.",
        "2014-04-13",
        "Slovyansk",
        ["Nikopol"],
    ),
    # a named site (mine, bridge, plant) changes hands as a site; the province it lies in does not
    (
        "site-mine-congo",
        "GOMA, Congo — M23 rebels took control of the Bisie tin mine in North Kivu province on Tuesday.",
        "2025-03-12",
        "Bisie tin mine",
        ["Kivu |"],
    ),
    (
        "site-bridge-ukraine",
        "KYIV, Ukraine — Ukrainian troops seized the Hnylopiatka Bridge near Bakhmut on Thursday.",
        "2023-05-18",
        "Hnylopiatka Bridge",
        ["Bakhmut"],
    ),
    # every member of a list changes hands, also one the gazetteer lacks
    (
        "list-member-unlisted-mali",
        "BAMAKO, Mali — Islamist rebels seized Gao and Tessanit in northern Mali on Monday, residents said.",
        "2012-04-03",
        "Tessanit",
        [],
    ),
    (
        "named-areas-ukraine",
        "KYIV, Ukraine — Ukrainian forces retook the Balakliia and Izium areas of the Kharkiv region on Saturday.",
        "2022-09-11",
        "Izyum",
        ["Kharkiv |"],
    ),
    # a name with an article or a hyphen inside is one name, not its last piece
    (
        "article-inside-name-syria",
        "IDLIB, Syria — Rebels captured the town of Kafr al-Haroun in Idlib province on Monday, a war monitor said.",
        "2019-12-30",
        "Kafr al-Haroun",
        ["Haroun |"],
    ),
    # "the town of X north of Y"
    (
        "town-of-direction-iraq",
        "BAGHDAD — Iraqi officials said government forces had regained control of the town of Dhuluiya north of "
        "Baghdad on Friday.",
        "2014-06-15",
        "Dhuluiya",
        ["Baghdad"],
    ),
    # "X district" the gazetteer lacks: X, not the city its locative phrase names
    (
        "named-district-sudan",
        "KHARTOUM, Sudan — Rapid Support Forces fighters seized Jebel Aulia district south of Khartoum on Monday.",
        "2023-11-21",
        "Jebel Aulia",
        ["Khartoum", "Sudan"],
    ),
    # a description before "the town of X" is no name
    (
        "described-town-of-iraq",
        "ERBIL, Iraq — Iraqi troops retook the Christian town of Qaraqosh from the Islamic State group on Tuesday.",
        "2016-10-20",
        "Qaraqosh",
        ["Christian", "Erbil"],
    ),
    # unnamed parts: the district they lie in, the towns listed with them
    (
        "positions-in-district-yemen",
        "SANAA, Yemen — Houthi rebels said Tuesday they had seized several army positions in the Sirwah district of "
        "Marib province.",
        "2024-03-20",
        "Sirwah",
        ["Marib"],
    ),
    (
        "townships-including-myanmar",
        "SITTWE, Myanmar — The Arakan Army fought the military in Rakhine state for months. The group has taken "
        "control of several townships this year, including Kyauktaw in Rakhine state.",
        "2024-11-30",
        "Kyauktaw",
        ["Rakhine", "Myanmar"],
    ),
]


@pytest.mark.parametrize(("text", "published", "place", "never"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_the_place_of_a_change_is_the_one_described(extract, text, published, place, never):
    got = [_fold(p.name + " | " + p.mention.text) for p in _changed(extract(text, published=published))]
    assert any(_fold(place) in g for g in got), (place, got)
    for other in never:
        assert not any(_fold(other) in g and _fold(place) not in g for g in got), (other, got)


def test_a_town_known_only_by_a_relative_location_takes_the_point_of_its_reference(extract):
    doc = extract(
        "BAMAKO, Mali — Tuareg rebels said they captured Ber, a town 50 kilometres east of Timbuktu, on Sunday.",
        published="2023-08-14",
    )
    (p,) = [p for p in _changed(doc) if p.mention.text == "Ber"]
    timbuktu = next(q for q in doc.places if q.mention.text == "Timbuktu")
    assert p.country == "ML" and (p.lat, p.lon) == (timbuktu.lat, timbuktu.lon) and "approximate" in (p.reason or "")


def test_a_town_the_gazetteer_lacks_keeps_the_unit_the_text_places_it_in(extract):
    doc = extract(
        "KHARTOUM, Sudan — The paramilitary Rapid Support Forces said they had seized the village of Um Sumeima in "
        "North Kordofan state on Saturday.",
        published="2025-05-04",
    )
    (p,) = [p for p in _changed(doc) if "Sumeima" in p.name]
    assert p.country == "SD" and p.role == "unlisted" and p.confidence < 0.5
    assert p.lat is not None and p.lon is not None and "approximate" in (p.reason or "")
    assert any("Kordofan" in a for a in p.admin)  # the unit it lies in, for the map's admin context


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("GOMA, Congo — M23 rebels seized the town of Sake on Monday, residents said.", "CD"),
        ("BRAZZAVILLE, Congo — Ninja militiamen seized the town of Kinkala on Monday, residents said.", "CG"),
    ],
)
def test_a_short_name_two_countries_bear_goes_to_the_theatre_of_the_text(extract, text, country):
    doc = extract(text, published="2025-01-28")
    congo = [p for p in doc.places if p.mention.text == "Congo"]
    assert congo and all(p.country == country for p in congo), [(p.name, p.country) for p in congo]


def test_a_headline_description_is_no_town(extract):
    doc = extract(
        "Rebels Say They Captured Border Town\n\nYANGON, Myanmar — The Arakan Army said on Friday it had captured the "
        "town of Maungdaw on the border with Bangladesh.",
        published="2024-11-30",
    )
    names = [_fold(p.name + " | " + p.mention.text) for p in _changed(doc)]
    assert any("maungdaw" in n for n in names), names
    assert not any("border" in n for n in names), names
    assert not any(p.country == "AU" for p in doc.places)


def test_a_town_the_gazetteer_lacks_stays_in_the_picture_with_its_point_marked_approximate(extract, tmp_path):
    """The read side keeps a change of a place the gazetteer lacks: `changes` and `control` list it, its point is the
    unit's and says so; a town with no point at all is still listed (no map marker, but in the list)."""
    from sitroom.resolve.control import changes, control_at
    from sitroom.store import open_store

    with open_store(str(tmp_path / "s.sqlite")) as store:
        store.add(
            extract(
                "KHARTOUM, Sudan — The paramilitary Rapid Support Forces said they had seized the village of Um "
                "Sumeima in North Kordofan state on Saturday.",
                published="2025-05-04",
            )
        )
        store.add(
            extract(
                "Rebels said on Monday they had seized the town of Zarqoun after heavy fighting.",
                published="2025-05-06",
            )
        )
        rows = changes(store, "2025-05-01", "2025-05-07")
        held = control_at(store, "2025-05-07")
    um = next(r for r in rows if "Sumeima" in r["place"])
    assert um["approximate"] and um["lat"] is not None and um["gazetteer_id"] is None
    assert next(p for p in held if "Sumeima" in p["place"])["approximate"]
    # nothing names its unit or country: no point, still listed (the holder unknown by name), not approximate
    z = next(r for r in rows if "Zarqoun" in r["place"])
    assert z["lat"] is None and not z["approximate"] and any("Zarqoun" in p["place"] for p in held)


@pytest.mark.parametrize(
    ("text", "published", "town"),
    [
        (
            "Gang Takes Haitian Town\n\nPORT-AU-PRINCE, Haiti — Gang members of the Viv Ansanm coalition took control "
            "of Mirebalais on Monday, police said.",
            "2025-04-01",
            "mirebalais",
        ),
        (
            "Jihadists Drive Soldiers From Burkina Village\n\nOUAGADOUGOU, Burkina Faso — Jihadist fighters seized "
            "the town of Djibo on Sunday after soldiers pulled out, residents said.",
            "2023-05-29",
            "djibo",
        ),
    ],
)
def test_a_place_noun_alone_is_no_place(extract, text, published, town):
    """A headline's "... Haitian Town", "... Burkina Village": the place noun alone names no place (the gazetteer
    lists a "Town" and a "Village" somewhere), so the change of hands is the named town's only."""
    doc = extract(text, published=published)
    assert not any(p.mention.text.casefold() in ("town", "village") for p in doc.places), [p.name for p in doc.places]
    assert [_fold(p.name) for p in _changed(doc)] == [town]


def test_a_site_lies_where_any_of_its_mentions_says(extract):
    """ "Rebels Seize Presidential Palace In Bangui" (the parse hangs "In Bangui" on the verb) and "took control of
    the presidential palace in Bangui": the site lies in Bangui in every mention (one sense per text), so the
    change is keyed to the town's id like any site, not left a name with no town."""
    doc = extract(
        "Rebels Seize Presidential Palace In Bangui\n\nBANGUI, Central African Republic — Seleka rebels took control "
        "of the presidential palace in Bangui on Sunday after President Francois Bozize fled, residents said.",
        published="2013-03-25",
    )
    bangui = {p.gazetteer_id for p in doc.places if p.kind == "city" and p.name == "Bangui"}
    sites = [p for p in doc.places if p.kind == "facility"]
    assert sites and len(bangui) == 1 and all(p.gazetteer_id in bangui for p in sites), [
        (p.name, p.gazetteer_id) for p in sites
    ]


@pytest.mark.parametrize(
    ("text", "published", "spellings"),
    [
        (
            # both spellings are in the gazetteer, as two places (a town and a village of another oblast)
            "KYIV, Ukraine — Ukrainian forces liberated Balakliya on Thursday, officials said. Russian troops withdrew "
            "from Balakliia overnight, residents said.",
            "2022-09-10",
            ("Balakliya", "Balakliia"),
        ),
        (
            # the second spelling is not in the gazetteer: the town the text names under the first
            "KYIV, Ukraine — Ukrainian troops entered Kupiansk on Saturday, officials said. Russia's defense ministry "
            "said its forces had left the town of Kupiyansk to regroup.",
            "2022-09-11",
            ("Kupiansk", "Kupiyansk"),
        ),
    ],
)
def test_one_town_under_two_spellings_is_one_place(extract, tmp_path, text, published, spellings):
    """One sense per text: the romanisations of one name ("Balakliya" / "Balakliia", "Kupiansk" / "Kupiyansk")
    are one place, so the capture and the withdrawal told under each are one change of hands."""
    from sitroom.extract.place_mentions import variant_key
    from sitroom.resolve.control import control_changes
    from sitroom.store import open_store

    assert len({variant_key(s) for s in spellings}) == 1
    doc = extract(text, published=published)
    ids = {p.gazetteer_id for p in _changed(doc)}
    assert len(ids) == 1 and None not in ids, [(p.name, p.gazetteer_id) for p in _changed(doc)]
    with open_store(str(tmp_path / "s.sqlite")) as store:
        store.add(doc)
        got = [c for c in control_changes(store)[0] if c.kind != "statement"]
    assert len(got) == 1 and len(got[0].sources) == 2, [(c.place, c.valid_from, c.kind) for c in got]


def test_an_unlisted_name_alone_in_a_title_case_headline_is_no_town(extract):
    """Every word of a title-case headline is capitalised: a name alone there that no gazetteer lists ("Free
    Inmates", a verb and its object) is no town of a change; one the gazetteer lists, or one a place noun
    introduces, still is."""
    doc = extract(
        "Gangs Seize Haitian Town Of Mirebalais, Free Inmates\n\nPORT-AU-PRINCE, Haiti — Gang members took control "
        "of the town of Mirebalais on Monday, police said.\n",
        published="2025-04-01",
    )
    assert not any(p.mention.text == "Free Inmates" for p in doc.places)
    assert {p.name for p in _changed(doc)} == {"Mirebalais"}
