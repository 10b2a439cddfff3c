"""Far namesakes of small towns (issue 13): invented wire sentences from many wars, each naming a small town the
open gazetteer may not list (or lists under another romanisation), checked town by town -- the town resolves in the
war's country or stays unresolved (an unlisted town of the theatre), never to a namesake or a loose match far away:
another place's old or alternate name ("Ber"), a prefix of a longer name ("Azzan" as Azzano Decimo, "Nasir" as
Nasir Extension), other word breaks ("Shabwa" as Sha Bwa), one word of a longer name as a country ("Puerto Jordan"),
country weighting over a kind cue ("the Donetsk region" in a sentence that names Russia). Controls: a far place the
text does mean ("talks in Geneva", "fled to Jordan", "a summit in Bonn") stays that place.

Measured on this suite (57 cases): 6 wrong before the fix (Nasir, Azzan, Puerto Jordan, the Donetsk region,
Shabwa, Palma as Palma de Mallorca in a report from Mozambique), 1 after (Palma, marked below); the controls held
before and after."""

import pytest

# (id, text, the town's name as written, the countries it may resolve in)
CASES = [
    ("ml-ber", "BAMAKO, Mali — Fighters attacked an army post in Ber on Sunday, residents said.", "Ber", ["ML"]),
    ("ml-boni", "BAMAKO, Mali — A convoy hit an explosive device near Boni on Tuesday, the army said.", "Boni", ["ML"]),
    ("ml-lere", "Jihadists killed five soldiers near Lere in central Mali on Friday, officials said.", "Lere", ["ML"]),
    (
        "ml-tessit",
        "Militants stormed Tessit in northeastern Mali, killing 12 soldiers, the army said.",
        "Tessit",
        ["ML"],
    ),
    (
        "ne-tillia",
        "NIAMEY, Niger — Gunmen killed 20 villagers in Tillia on Thursday, the government said.",
        "Tillia",
        ["NE"],
    ),
    ("ne-inates", "Attackers overran the army camp at Inates in western Niger on Tuesday.", "Inates", ["NE"]),
    ("bf-djibo", "OUAGADOUGOU, Burkina Faso — Militants besieged Djibo for months, aid groups said.", "Djibo", ["BF"]),
    (
        "bf-arbinda",
        "Soldiers repelled an attack on Arbinda in northern Burkina Faso, the army said.",
        "Arbinda",
        ["BF"],
    ),
    (
        "bf-seytenga",
        "Gunmen killed dozens of civilians in Seytenga, Burkina Faso, the government said.",
        "Seytenga",
        ["BF"],
    ),
    (
        "so-mahas",
        "MOGADISHU, Somalia — Al-Shabab fighters attacked Mahas on Monday, a local elder said.",
        "Mahas",
        ["SO"],
    ),
    ("so-elbur", "Somali troops recaptured El Bur from al-Shabab on Wednesday, officials said.", "El Bur", ["SO"]),
    (
        "so-bulobarde",
        "MOGADISHU, Somalia — A suicide bomber struck a checkpoint in Bulo Burde on Friday.",
        "Bulo Burde",
        ["SO"],
    ),
    ("ss-bor", "JUBA, South Sudan — Fighting broke out in Bor on Sunday, the U.N. mission said.", "Bor", ["SS"]),
    ("ss-ayod", "JUBA, South Sudan — Opposition forces seized Ayod after clashes with the army.", "Ayod", ["SS"]),
    ("ss-nasir", "Government troops shelled Nasir in South Sudan's Upper Nile state, witnesses said.", "Nasir", ["SS"]),
    (
        "cd-oicha",
        "BENI, Congo — ADF rebels killed 14 people in Oicha overnight, local officials said.",
        "Oicha",
        ["CD"],
    ),
    (
        "cd-rutshuru",
        "GOMA, Congo — M23 rebels took control of Rutshuru on Tuesday, residents said.",
        "Rutshuru",
        ["CD"],
    ),
    ("cd-kiwanja", "M23 fighters entered Kiwanja in eastern Congo on Thursday, the army said.", "Kiwanja", ["CD"]),
    ("ye-azzan", "ADEN, Yemen — Separatist forces took Azzan in Shabwa after a day of fighting.", "Azzan", ["YE"]),
    ("ye-harib", "SANAA, Yemen — Houthi rebels advanced on Harib on Saturday, tribal sources said.", "Harib", ["YE"]),
    ("ye-mocha", "Yemeni government forces retook Mocha from the Houthis, the coalition said.", "Mocha", ["YE"]),
    (
        "sy-saraqeb",
        "BEIRUT — Syrian troops entered Saraqeb in Idlib province on Thursday, state media said.",
        "Saraqeb",
        ["SY"],
    ),
    ("sy-kafranbel", "Airstrikes hit Kafr Nabl in northwestern Syria, activists said.", "Kafr Nabl", ["SY"]),
    (
        "co-puertojordan",
        "BOGOTA, Colombia — ELN rebels attacked a police post in Puerto Jordan, Arauca, on Monday.",
        "Puerto Jordan",
        ["CO"],
    ),
    (
        "co-tame",
        "BOGOTA, Colombia — Dissidents bombed a military base in Tame on Sunday, the army said.",
        "Tame",
        ["CO"],
    ),
    (
        "co-argelia",
        "Fighting between armed groups displaced hundreds in Argelia, Cauca, Colombian officials said.",
        "Argelia",
        ["CO"],
    ),
    ("mm-lashio", "YANGON, Myanmar — Resistance forces seized Lashio on Saturday, the group said.", "Lashio", ["MM"]),
    ("mm-hpakant", "Myanmar's military shelled Hpakant in Kachin state on Friday, residents said.", "Hpakant", ["MM"]),
    ("mm-kyaukme", "YANGON, Myanmar — Ethnic fighters captured Kyaukme after weeks of clashes.", "Kyaukme", ["MM"]),
    (
        "pk-tirah",
        "PESHAWAR, Pakistan — Troops launched an operation in Tirah valley on Tuesday, officials said.",
        "Tirah",
        ["PK"],
    ),
    (
        "pk-mirali",
        "Militants attacked a checkpoint in Mir Ali in North Waziristan, Pakistan's army said.",
        "Mir Ali",
        ["PK"],
    ),
    ("pk-wana", "PESHAWAR, Pakistan — A bomb exploded in a market in Wana on Friday, police said.", "Wana", ["PK"]),
    (
        "af-musaqala",
        "KABUL, Afghanistan — Taliban fighters overran Musa Qala on Sunday, officials said.",
        "Musa Qala",
        ["AF"],
    ),
    (
        "af-dehrawud",
        "KABUL, Afghanistan — Taliban fighters attacked Deh Rawud district on Monday.",
        "Deh Rawud",
        ["AF"],
    ),
    (
        "ng-gwoza",
        "MAIDUGURI, Nigeria — Boko Haram fighters attacked Gwoza on Saturday, residents said.",
        "Gwoza",
        ["NG"],
    ),
    (
        "ng-baga",
        "Jihadists overran a military base in Baga on the shores of Lake Chad, Nigerian officials said.",
        "Baga",
        ["NG"],
    ),
    (
        "ng-damasak",
        "MAIDUGURI, Nigeria — Insurgents raided Damasak and burned homes, a local official said.",
        "Damasak",
        ["NG"],
    ),
    (
        "ua-donetsk-region",
        "Russia said its forces shelled positions in the Donetsk region on Monday.",
        "Donetsk",
        ["UA"],
    ),
    (
        "ua-vuhledar",
        "KYIV, Ukraine — Russian forces captured Vuhledar after a long siege, Ukraine's army said.",
        "Vuhledar",
        ["UA"],
    ),
    (
        "ua-robotyne",
        "Ukrainian troops advanced near Robotyne in the Zaporizhzhia region, officials said.",
        "Robotyne",
        ["UA"],
    ),
    ("ua-marinka", "KYIV, Ukraine — Russian troops took Marinka, Russia's defense ministry said.", "Marinka", ["UA"]),
    ("mz-palma", "MAPUTO, Mozambique — Insurgents attacked Palma on Wednesday, killing dozens.", "Palma", ["MZ"]),
    (
        "mz-mocimboa",
        "Rwandan and Mozambican troops retook Mocimboa da Praia from insurgents on Sunday.",
        "Mocimboa da Praia",
        ["MZ"],
    ),
    ("mz-macomia", "MAPUTO, Mozambique — Militants raided Macomia on Friday, residents said.", "Macomia", ["MZ"]),
    (
        "mz-ancuabe",
        "Insurgents attacked villages in Ancuabe district of Cabo Delgado, Mozambique, on Monday.",
        "Ancuabe",
        ["MZ"],
    ),
    (
        "ctl-geneva",
        "JUBA, South Sudan — The government and rebels will hold talks in Geneva next week, the U.N. said.",
        "Geneva",
        ["CH"],
    ),
    (
        "ctl-jordan",
        "DAMASCUS, Syria — Thousands of families fled to Jordan after the fighting in Daraa.",
        "Jordan",
        ["JO"],
    ),
    (
        "ctl-bonn",
        "KABUL, Afghanistan — Afghan leaders will attend a summit in Bonn next month, officials said.",
        "Bonn",
        ["DE"],
    ),
    ("ctl-doha", "KABUL, Afghanistan — Taliban envoys arrived in Doha for talks with U.S. officials.", "Doha", ["QA"]),
    ("ctl-paris", "BAMAKO, Mali — Mali's junta recalled its ambassador from Paris on Tuesday.", "Paris", ["FR"]),
    (
        "ctl-addis",
        "JUBA, South Sudan — Rebel leaders flew to Addis Ababa for peace talks on Monday.",
        "Addis Ababa",
        ["ET"],
    ),
    (
        "ctl-moscow",
        "KYIV, Ukraine — Drones struck an oil depot near Moscow overnight, Russian officials said.",
        "Moscow",
        ["RU"],
    ),
    (
        "ye-shabwa",
        "ADEN, Yemen — Separatist forces took control of Ataq in Shabwa on Friday, officials said.",
        "Shabwa",
        ["YE"],
    ),
    (
        "ml-boni-bamako",
        "BAMAKO, Mali — Militants blockaded Boni and Hombori for weeks, residents said.",
        "Boni",
        ["ML"],
    ),
    (
        "ctl-palma-talks",
        "KYIV, Ukraine — The foreign minister flew to Palma for talks with European ministers.",
        "Palma",
        ["ES"],
    ),
    (
        "ctl-bonn-talks",
        "KABUL, Afghanistan — Afghan and Western leaders met for a summit in Bonn to plan the transition.",
        "Bonn",
        ["DE"],
    ),
    (
        "ctl-jordan-refugees",
        "BEIRUT — Thousands of Syrian refugees fled to Jordan and Lebanon last year, the U.N. said.",
        "Jordan",
        ["JO"],
    ),
    # "the town of X" says what the place is, not where: a far loose namesake (Konna as Conna, Ireland) stays out
    (
        "ml-town-of-konna",
        "Malian soldiers drove jihadists out of the town of Konna on Friday, the army said.",
        "Konna",
        ["ML"],
    ),
    # the place a change of hands names by its own name is that town though the text's only context is the foreign
    # force that took it
    # "the town of X" saves another name of a place across the theatre's border, never a longer name X only opens
    # ("Nasir" of "Nasir Extension", a suburb of Khartoum, in a report from South Sudan)
    (
        "ss-nasir-not-a-prefix",
        "JUBA, South Sudan — A militia overran an army garrison in the northeastern town of Nasir on Tuesday.",
        "Nasir",
        ["SS"],
    ),
    # ... nor when the text names the namesake's country too: a hamlet far from every town the text names
    (
        "ss-nasir-not-a-prefix-sudan-named",
        "JUBA, South Sudan — A militia overran an army garrison in the northeastern town of Nasir in Upper Nile on "
        "Tuesday. Nasir lies near the Ethiopian border; thousands have fled to neighboring Sudan since the war there.",
        "Nasir",
        ["SS"],
    ),
    # a town "on the border with X" lies beside X, not in it: in the text's country, else in none the text states
    (
        "cd-bunagana-border",
        "GOMA, Congo — M23 rebels seized Bunagana, a town on the border with Uganda, on Monday.",
        "Bunagana",
        ["CD"],
    ),
    (
        "bunagana-only-the-neighbour-named",
        "M23 rebels claimed full control of Bunagana, a town on the border with Uganda, on Monday.",
        "Bunagana",
        [None],
    ),
    # a city of a million by its own name is a place though WordNet lists the word ("omdurman") and no country is named
    (
        "demonym-border-neighbour",
        "Rebels captured the ancient town of Bosra al-Sham, near the Jordanian border, on Tuesday.",
        "Bosra al-Sham",
        [None],
    ),
    (
        "ctl-beit-hanoun-demonym-only",
        "Israeli troops captured the town of Beit Hanoun on Sunday.",
        "Beit Hanoun",
        ["PS"],
    ),
    (
        "ctl-omdurman-parts",
        "RSF fighters took control of parts of Omdurman on Sunday.",
        "Omdurman",
        ["SD"],
    ),
    (
        "ctl-gao-french-troops",
        "The capture of Gao by French troops ended the rebel advance.",
        "Gao",
        ["ML"],
    ),
    # the text states the country beside the name: a comma after it, a people's adjective before its place noun
    ("stated-comma-ml", "Jihadists seized Boni, Mali, on Tuesday, a local official said.", "Boni", ["ML", None]),
    ("stated-demonym-ml", "Jihadists seized the Malian town of Boni on Tuesday.", "Boni", ["ML", None]),
    ("stated-demonym-ua", "Russian forces captured the Ukrainian village of Krasnohorivka.", "Krasnohorivka", ["UA"]),
]


# an exact name of a large far city with the text's own town unlisted ("Insurgents attacked Palma" from Maputo, as
# Palma de Mallorca): no loose match, and the same words mean the far city in "flew to Palma for talks" (a control
# below); telling them apart needs the event's reading, not the gazetteer's
KNOWN_MISSES = {"mz-palma"}


def _resolved(doc, text: str, name: str) -> list[tuple[str, str | None, str]]:
    at = text.index(name)
    return [
        (p.mention.text, p.country, p.name)
        for p in doc.places
        if p.mention.start < at + len(name) and at < p.mention.end
    ]


@pytest.mark.parametrize(
    ("text", "name", "countries"),
    [
        pytest.param(*c[1:], marks=pytest.mark.xfail(strict=True, reason="exact far namesake"))
        if c[0] in KNOWN_MISSES
        else c[1:]
        for c in CASES
    ],
    ids=[c[0] for c in CASES],
)
def test_a_small_town_resolves_in_its_theatre_or_stays_unresolved(extract, text, name, countries):
    got = _resolved(extract(text, published="2024-03-01"), text, name)
    assert all(c in countries for _, c, _ in got), got
    if any(c[1] == text and c[0].startswith("ctl-") for c in CASES):  # a control: the far place is meant
        assert got, got
