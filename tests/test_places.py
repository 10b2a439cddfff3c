"""Toponyms found with the gazetteer and resolved in context (real spaCy, real gazetteer)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sitroom.extract.nlp import load_nlp
from sitroom.extract.places import find_places, resolve_spans
from sitroom.gazetteer import default_gazetteer, distance_km, name_key
from sitroom.model import Article

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SITROOM_SHARED") or ROOT / "../shared")
if not SHARED.is_absolute():
    SHARED = (ROOT / SHARED).resolve()
SEED = SHARED / "seed" / "ghazni-2021-08-12.txt"
VOA = SHARED / "corpus" / "afghanistan-2021" / "voa"


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


@pytest.fixture(scope="module")
def gaz():
    return default_gazetteer()


def run(text, nlp, gaz):
    a = Article(text=text)
    return a, find_places(a, nlp(text), gaz)


def _body(path: Path) -> str:
    """VOA files carry a 3-line header (date, outlet | url, note)."""
    return "\n".join(path.read_text(encoding="utf-8").split("\n")[3:]).strip()


def by_mention(places, text):
    return [p for p in places if p.mention.text == text]


@pytest.fixture(scope="module")
def seed(nlp, gaz):
    if not SEED.exists():
        pytest.skip(f"{SEED} not found (set SITROOM_SHARED)")
    return run(SEED.read_text(encoding="utf-8"), nlp, gaz)


def test_seed_places(seed):
    article, places = seed
    ghazni = by_mention(places, "Ghazni")
    assert ghazni and all(p.kind == "city" and p.country == "AF" for p in ghazni)
    assert all(distance_km(p.lat, p.lon, 33.549, 68.421) < 25 for p in ghazni)
    kabul = [p for p in by_mention(places, "Kabul") if p.role != "dateline"]
    assert kabul and all(p.kind == "city" and distance_km(p.lat, p.lon, 34.528, 69.172) < 25 for p in kabul)
    assert {p.kind for p in by_mention(places, "Afghanistan")} == {"country"}
    assert {p.country for p in by_mention(places, "Afghanistan")} == {"AF"}
    assert {(p.kind, p.country) for p in by_mention(places, "Qatar")} == {("country", "QA")}
    # the province's central prison -> Ghazni province
    prov = by_mention(places, "the province")
    assert prov and prov[0].kind == "province" and name_key(prov[0].name) == "ghazni"
    # demonyms
    dem = [p for p in places if p.role == "demonym"]
    assert {p.mention.text for p in dem} >= {"Afghan", "German"}
    assert {p.country for p in dem if p.mention.text == "German"} == {"DE"}
    # ids in text order
    assert [p.id for p in places] == [f"p{i}" for i in range(1, len(places) + 1)]
    assert [p.mention.start for p in places] == sorted(p.mention.start for p in places)
    for p in places:
        assert article.text[p.mention.start : p.mention.end] == p.mention.text


def test_seed_dateline(seed):
    article, places = seed
    assert article.dateline == "Kabul"
    assert places[0].role == "dateline" and places[0].mention.start == 0
    assert sum(p.role == "dateline" for p in places) == 1


def test_no_taliban_or_person_places(seed):
    _, places = seed
    texts = {p.mention.text for p in places}
    assert not any("Taliban" in t for t in texts)
    assert "Ramms" not in texts and "Egon Ramms" not in texts and "Western" not in texts


@pytest.mark.parametrize(
    "opening,name",
    [
        ("KABUL, Afghanistan (Jan. 25, 2013) — Afghan and coalition forces detained a suspect.", "Kabul"),
        ("Herat — Fighting continued on Sunday near the airport.", "Herat"),
        ("Kandahar: The governor said the roads were closed.", "Kandahar"),
    ],
)
def test_datelines(nlp, gaz, opening, name):
    a, places = run(opening, nlp, gaz)
    assert name_key(a.dateline or "") == name_key(name)
    assert places[0].role == "dateline" and places[0].country == "AF"


def test_no_dateline_in_running_text(nlp, gaz):
    a, places = run("The Taliban captured Kunduz on Sunday, officials said.", nlp, gaz)
    assert a.dateline is None and all(p.role != "dateline" for p in places)


def test_kind_cues(nlp, gaz):
    _, places = run("Fighting spread across Ghazni province on Monday. In the city of Ghazni, shops closed.", nlp, gaz)
    g = by_mention(places, "Ghazni")
    assert [p.kind for p in g] == ["province", "city"]
    _, places = run("Clashes were reported in Andar district, Ghazni province.", nlp, gaz)
    andar = by_mention(places, "Andar")
    assert andar and andar[0].country == "AF" and andar[0].kind == "district"


def test_capital_of_province_resolvable(nlp, gaz):
    text = "Insurgents entered Taloqan, the capital of Takhar province, on Sunday."
    _, places = run(text, nlp, gaz)
    takhar = by_mention(places, "Takhar")[0]
    assert takhar.kind == "province"
    cap = gaz.capital(gaz.get(takhar.gazetteer_id))
    taloqan = by_mention(places, "Taloqan")[0]
    assert cap is not None and cap.id == taloqan.gazetteer_id


@pytest.mark.parametrize(
    "fname,mentions",
    [
        ("2021-08-06_voa_zaranj-first-capital.txt", ["Zaranj"]),
        (
            "2021-08-12_voa_taliban-seize-provincial-capitals.txt",
            ["Sheberghan", "Sar-e Pul", "Taloqan", "Aybak", "Pul-i-Khumri", "Kunduz", "Ghazni", "Zaranj"],
        ),
        ("2021-08-15_voa_taliban-sweep-timeline.txt", ["Mazar-e-Sharif", "Jalalabad", "Asadabad"]),
    ],
)
def test_voa_provincial_capitals(nlp, gaz, fname, mentions):
    path = VOA / fname
    if not path.exists():
        pytest.skip(f"{path} not found (set SITROOM_SHARED)")
    _, places = run(_body(path), nlp, gaz)
    for m in mentions:
        found = [p for p in places if name_key(p.mention.text) == name_key(m)]
        assert found, m
        assert any(p.kind == "city" and p.country == "AF" for p in found), (m, found)
        assert all(p.country == "AF" for p in found), (m, found)


def test_voa_capital_phrase(nlp, gaz):
    path = VOA / "2021-08-08_voa_kunduz-taloqan-sar-e-pul.txt"
    if not path.exists():
        pytest.skip(f"{path} not found (set SITROOM_SHARED)")
    _, places = run(_body(path), nlp, gaz)
    takhar = [p for p in places if name_key(p.mention.text) == "takhar"]
    assert takhar and takhar[0].kind == "province"
    cap = gaz.capital(gaz.get(takhar[0].gazetteer_id))
    assert cap is not None and cap.id in {e.id for e in gaz.lookup("Taloqan")}
    sarepul = [p for p in places if name_key(p.mention.text) == "sarepul"]
    assert sarepul and all(p.country == "AF" for p in sarepul)


def test_resolve_spans(gaz):
    text = "Flooding hit Pandi, Bulacan, north of Manila, and spread to Nueva Ecija."
    spans = [(text.index(w), text.index(w) + len(w)) for w in ("Pandi", "Bulacan", "Manila", "Nueva Ecija")]
    res = resolve_spans(text, spans, gaz)
    assert all(e is not None and e.country == "PH" for e in res)


def test_stated_unit_wins_over_namesake_elsewhere(nlp, gaz):
    # Khogyani is a district of Nangarhar; the text says it is in Ghazni province: the place is in Ghazni
    _, places = run("A combined force detained two men in Khogyani district, Ghazni province, today.", nlp, gaz)
    k = by_mention(places, "Khogyani")
    assert k and k[0].kind == "province" and name_key(k[0].name) == name_key("Ghaznī")
    assert k[0].confidence <= 0.5
    # a district the gazetteer does not know at all still lies in the province the text names
    _, places = run("Security forces searched a compound in Zharay district, Kandahar province, yesterday.", nlp, gaz)
    z = by_mention(places, "Zharay")
    assert z and z[0].kind == "province" and z[0].admin == ["Afghanistan"] and "Kandah" in z[0].name
    # when the district does lie in the stated province it keeps its own entry
    _, places = run("Clashes were reported in Andar district, Ghazni province.", nlp, gaz)
    assert by_mention(places, "Andar")[0].kind == "district"


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        # a namesake in the stated unit's country wins over a larger one abroad
        ("Insurgents seized the town of Palma in the Cabo Delgado province on Saturday.", "Palma", "MZ"),
        ("Rebels shelled the town of Bali in the Northwest region of Cameroon on Monday.", "Bali", "CM"),
        # no place of that name in the unit's country: a town the gazetteer lacks, not a namesake abroad
        ("Malian soldiers abandoned the town of Lere in the Timbuktu region on Wednesday.", "Lere", None),
        ("Jihadists overran the village of Solhan in the Yagha province of Burkina Faso.", "Solhan", None),
    ],
)
def test_stated_region_decides_the_namesake(nlp, gaz, text, name, country):
    _, places = run(text, nlp, gaz)
    got = [p.country for p in places if p.mention.text == name]
    assert got == ([country] if country else []), (name, [(p.mention.text, p.name, p.country) for p in places])


def test_wire_dateline_after_a_header(nlp, gaz):
    text = (
        "ISAF Joint Command - Afghanistan\n2011-09-S-018\nFor Immediate Release\n\n"
        "KABUL, Afghanistan (September 10, 2011) \u2013 A combined force killed several insurgents in "
        "Logar province yesterday."
    )
    a, places = run(text, nlp, gaz)
    kabul = by_mention(places, "KABUL")
    assert kabul and kabul[0].role == "dateline" and name_key(a.dateline or "") == "kabul"
    assert by_mention(places, "Logar")[0].role == "mention"
    # an all-capital name inside a sentence is no dateline
    a, places = run("Officials said KABUL, Afghanistan (the capital) was calm.", nlp, gaz)
    assert all(p.role != "dateline" for p in places)


def test_list_of_states_reads_georgia_as_a_state(nlp, gaz):
    _, places = run(
        "The disorder has been found in a diverse group of states including Georgia, Oklahoma, "
        "Pennsylvania, Wisconsin and California.",
        nlp,
        gaz,
    )
    g = by_mention(places, "Georgia")
    assert g and g[0].kind == "province" and g[0].country == "US"
    _, places = run("Georgia and Armenia signed a trade agreement in Tbilisi on Monday.", nlp, gaz)
    g = by_mention(places, "Georgia")
    assert g and g[0].kind == "country" and g[0].country == "GE"


@pytest.mark.parametrize(
    "name,country",
    [
        ("Swat Valley", "PK"),
        ("Greater Mumbai", "IN"),
        ("Da Nang International Airport", "VN"),
        ("American South", "US"),
    ],
)
def test_span_candidates_drop_qualifiers_and_feature_words(gaz, name, country):
    from sitroom.extract.places import span_candidates

    cands = span_candidates(gaz, name)
    assert cands and any(c.country == country for c in cands), (name, cands[:3])
    assert span_candidates(gaz, "Qwxzzy Valley") == []


def test_truncated_abbreviation_needs_its_full_stop(gaz):
    text = "Bird flu reached Van, in eastern Turkey, and a farm near Fresno, Calif. reported cases."
    spans = [(text.index(w), text.index(w) + len(w)) for w in ("Van", "Turkey", "Fresno", "Calif.")]
    van, turkey, fresno, calif = resolve_spans(text, spans, gaz)
    assert van is not None and van.kind == "city" and van.country == "TR"
    assert calif is not None and calif.kind == "province" and calif.country == "US"


def test_short_form_of_a_formal_name_told_earlier(gaz):
    text = (
        "Ebola broke out in the Democratic Republic of the Congo. Health workers in Congo asked for help, "
        "and the Republic of Congo closed its border."
    )
    spans = [(text.index(w), text.index(w) + len(w)) for w in ("Democratic Republic of the Congo", "Republic of Congo")]
    s = text.index("in Congo") + 3
    spans.insert(1, (s, s + len("Congo")))
    drc, congo, roc = resolve_spans(text, spans, gaz)
    assert drc.country == "CD" and congo.country == "CD" and roc.country == "CG"


def test_unknown_district_name_is_one_mention(nlp, gaz):
    _, places = run(
        "A force detained numerous suspected insurgents during an operation in Sar Hawza district, "
        "Paktika province, yesterday.",
        nlp,
        gaz,
    )
    sh = by_mention(places, "Sar Hawza")
    assert sh and "Pakt" in sh[0].name and sh[0].kind == "province" and sh[0].country == "AF"
    assert not by_mention(places, "Sar") and not by_mention(places, "Hawza")


def test_headline_run_into_the_text_is_no_person(nlp, gaz):
    """The tagger runs a title-case headline into the first line as one PERSON ("... Nationals\n\nSouth Africa");
    an entity is cut at the line break, and in a headline the tagger's names and title case say nothing."""
    text = (
        "S. Africa Xenophobic Attacks Terrify Foreign Nationals\n\nSouth Africa, long a haven for immigrants, "
        "has seen attacks.\n\nAir Strikes Hit Gaza Targets\n\nIsrael has promised a harsh response."
    )
    _, places = run(text, nlp, gaz)
    assert [p.country for p in by_mention(places, "South Africa")] == ["ZA"]
    assert [p.country for p in by_mention(places, "Gaza")] == ["PS"]


def test_hyphenated_pieces_and_title_case_junk(nlp, gaz):
    text = (
        "Israeli jets hit tunnels on the Gaza-Egypt border and Kabul-based aid groups left.\n\n"
        "Bozize Movement Says It Is Behind Attacks in CAR"
    )
    _, places = run(text, nlp, gaz)
    got = {p.mention.text: p.country for p in places if p.role == "mention"}
    assert got.get("Gaza") == "PS" and got.get("Egypt") == "EG" and got.get("Kabul") == "AF"
    assert got.get("CAR") == "CF"
    assert "It Is" not in got  # an alternate name of a Helsinki district, joined by title case
    # never the pieces of a name with a connector inside
    _, places = run("Fighting reached Mazar-e-Sharif on Sunday.", nlp, gaz)
    assert [p.mention.text for p in places] == ["Mazar-e-Sharif"]


def test_demonym_adjective_is_not_a_place(nlp, gaz):
    """ "Somali" is also a region of Ethiopia; "Somali soldiers" names the people, "in Somali" would be the place."""
    _, places = run("Somali soldiers and AMISOM troops retook Buloburde in Somalia on Sunday.", nlp, gaz)
    som = by_mention(places, "Somali")
    assert som and all(p.role == "demonym" and p.country == "SO" for p in som)


def test_name_with_no_candidate_near_the_context_stays_unresolved(nlp, gaz):
    """A report from South Sudan: a spokesman's name that the gazetteer knows as an old name of Athens is not
    sent to Greece; a far place the text points at (a kind cue, a stated unit) is kept."""
    text = (
        "Fighting continued near Malakal in South Sudan's Upper Nile state on Wednesday. \"The rebels will not "
        'take Bor," Ateny said. Aid flights left from Nairobi, Kenya.'
    )
    _, places = run(text, nlp, gaz)
    assert not by_mention(places, "Ateny")
    assert [p.country for p in by_mention(places, "Malakal")] == ["SS"]
    assert [p.country for p in by_mention(places, "Nairobi")] == ["KE"]
    _, places = run("Fighting continued near Malakal in South Sudan. Envoys met in Athens, Greece.", nlp, gaz)
    assert [p.country for p in by_mention(places, "Athens")] == ["GR"]


def test_every_resolution_says_why(nlp, gaz):
    _, places = run("Police in Columbia, South Carolina, and in Greenville said the storm had passed.", nlp, gaz)
    col = by_mention(places, "Columbia")
    assert col and col[0].country == "US" and "South Carolina" in col[0].admin
    assert "stated unit" in (col[0].reason or "")
    assert all(p.reason for p in places if p.role == "mention")


def test_unknown_given_toponym_lies_in_the_stated_unit_or_the_main_country(gaz):
    text = (
        "Cholera spread from Kisumu across Kenya this week; cases were reported in Pingilikani and in "
        "Qwertzuiop, Nairobi, Kenyan officials said."
    )
    names = ["Kisumu", "Kenya", "Pingilikani", "Qwertzuiop", "Nairobi"]
    spans = [(text.index(n), text.index(n) + len(n)) for n in names]
    got = resolve_spans(text, spans, gaz)
    assert [e.country if e else None for e in got] == ["KE"] * 5
    assert got[2].kind == "country"  # the text's main country
    assert got[3].name == got[4].name == "Nairobi"  # the unit stated after it


def test_division_codes_after_a_place(nlp, gaz):
    """ "City, ST": a postal or ISO code after a place that has a namesake in that division -- never a code
    read alone ("IN", "OR", "ME" are words), nor one no candidate lies in ("the AP")."""
    text = "Police in Springfield, IL, and Paris, TX, reported flooding; Hamilton, ON is dry, the AP said."
    _, places = run(text, nlp, gaz)
    got = {p.mention.text: (p.name, p.country) for p in places}
    assert got["IL"] == ("Illinois", "US") and got["TX"] == ("Texas", "US") and got["ON"] == ("Ontario", "CA")
    assert "Illinois" in by_mention(places, "Springfield")[0].admin
    assert "Texas" in by_mention(places, "Paris")[0].admin
    assert by_mention(places, "Hamilton")[0].country == "CA"
    assert "AP" not in got
    assert gaz.subdivision("OR")[0].name == "Oregon" and not gaz.subdivision("XQ")


def test_new_york_city_or_state_by_context(nlp, gaz):
    _, places = run(
        "The swine flu has reached Texas, Kansas, Iowa and Ohio. New York has confirmed 28 cases.", nlp, gaz
    )
    assert by_mention(places, "New York")[0].kind == "province"
    _, places = run("New York state declared an emergency after 75 people died in New York since April.", nlp, gaz)
    assert [p.kind for p in by_mention(places, "New York")] == ["province", "province"]
    _, places = run("He flew from New York to Toronto on Monday.", nlp, gaz)
    assert by_mention(places, "New York")[0].name == "New York City"


def test_unit_words_and_one_sense_keep_places(nlp, gaz):
    """ "Rakhine State" tagged as a person, "Bentiu, Unity" as one organisation, "Unity" a stop word: a unit word
    after a name and a comma inside an entity say otherwise; a name shown to be a place once ("the town of
    Yabrud") stays one in its weaker mentions ("the loss of Yabrud")."""
    text = (
        "More than 20 people have been killed in western Burma's Rakhine State. SPLA soldiers stood guard in "
        "Bentiu, Unity state, on Sunday. Hezbollah fighters have been unable to overrun the town of Yabrud. "
        "Rebels admit that the loss of Yabrud would be a setback."
    )
    _, places = run(text, nlp, gaz)
    got = [(p.mention.text, p.country) for p in places if p.role == "mention"]
    for want in [("Rakhine", "MM"), ("Bentiu", "SS"), ("Unity", "SS")]:
        assert want in got, (want, got)
    assert got.count(("Yabrud", "SY")) == 2


def test_list_closed_by_a_plural_unit_word(nlp, gaz):
    _, places = run("Hundreds were wounded in fighting in Upper Nile, Unity and Jonglei states.", nlp, gaz)
    got = [(p.mention.text, p.name, p.kind) for p in places]
    assert got == [
        ("Upper Nile", "Upper Nile", "province"),
        ("Unity", "Unity", "province"),
        ("Jonglei", "Jonglei", "province"),
    ]


def test_a_cued_unit_does_not_take_the_seat_of_its_name(nlp, gaz):
    """ "Kandahar: the second-largest city. Capital of Kandahar province": the cue names the province, the bare
    mention stays the city (the province's seat bears its name)."""
    text = (
        "Aug. 12 - Kandahar: Afghanistan's second-largest city. Capital of Kandahar province in the south.\n\n"
        "Aug. 13 - Lashkar Gah: Capital of Helmand in the south."
    )
    _, places = run(text, nlp, gaz)
    assert [p.kind for p in by_mention(places, "Kandahar")] == ["city", "province"]
