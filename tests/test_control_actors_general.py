"""Who took the place, in wire news of any war (issue 13): the named armed group of a change of hands, wherever the
article names it. Invented short articles in the styles of AP, Reuters, AFP and VOA 2005-2025, from many theatres
(Somalia, Mali, Nigeria, Yemen, Myanmar, Syria, Sudan, DR Congo, CAR, Colombia, Libya, Burkina Faso, Cameroon,
Niger, Mozambique, Kashmir, Ukraine, Ethiopia, Iraq, Philippines), class by class:

* the group named only in the headline or only in the first paragraph, a description or "they" after it;
* an acronym used after its definition; a coalition named by its alliance; local spellings (Shabab, Shebab, Daesh);
* groups the registry does not know, defined in the text ("a group calling itself X", "X, an offshoot of Y");
* state forces by a demonym ("Malian troops", "the Iraqi army"), a mission (AMISOM), state forces with a militia;
* descriptions that name a parent group ("the al-Qaida-linked group", "Islamic State-affiliated fighters",
  "Rwanda-backed rebels"): the parent's affiliate the article names, else the one of the theatre, never the parent;
  a parent named only as such ("JNIM, al-Qaida's Sahel affiliate") is not the group the article is about;
* two rival groups of one side named together ("X and Y have fought each other"): a description after them is
  neither (the unidentified group) unless its own words decide ("the separatists", "the jihadists"); two allies
  are no rivals.

Each case: text, publication day, the place, the gainer's side, and a part of the gainer's name ("#generic": the
unidentified group of the place's country, no named group)."""

import unicodedata

import pytest

TAKEOVER = ("Government regains territory", "Non-state actor overtakes territory", "Non-violent transfer of territory")
STATE = {"state", "state-forces", "government", "intl-forces", "intl-org"}

CASES = [
    (
        "hl-only-shabaab",
        "Al-Shabaab Seizes Somali Town\n\nMOGADISHU, Somalia (AP) - Islamist militants on Tuesday seized the town of Mahas in central Somalia after government troops withdrew, residents said.",
        "2023-08-16",
        "Mahas",
        "non-state",
        "Shabab",
    ),
    (
        "hl-only-jnim",
        "JNIM fighters take Malian town of Boulkessi\n\nBAMAKO (Reuters) - Jihadists overran the military camp in Boulkessi on Sunday and took control of the town, security sources said.",
        "2024-06-03",
        "Boulkessi",
        "non-state",
        "JNIM",
    ),
    (
        "hl-only-m23",
        "M23 rebels capture eastern Congo town\n\nGOMA, Congo (AP) - The rebels took control of Rubaya on Tuesday after a day of fighting with the army, a local official said.",
        "2024-05-01",
        "Rubaya",
        "non-state",
        "M23",
    ),
    (
        "p1-iswap",
        "MAIDUGURI, Nigeria (Reuters) - Islamic State West Africa Province fighters have attacked several bases in Borno state this month.\n\nOn Saturday the insurgents overran the town of Marte, a military source said.",
        "2022-04-11",
        "Marte",
        "non-state",
        "ISWAP",
    ),
    (
        "p1-tigray",
        "ADDIS ABABA (AP) - The Tigray People's Liberation Front said its forces were advancing south.\n\nThe rebels captured the town of Dessie on Saturday, residents said.",
        "2021-10-31",
        "Dessie",
        "non-state",
        "Tigray",
    ),
    (
        "p1-houthis",
        "SANAA, Yemen (AP) - Yemen's Houthi rebels pressed an offensive in Marib province on Sunday.\n\nThe fighters seized the district of Harib after weeks of siege, tribal leaders said.",
        "2021-10-18",
        "Harib",
        "non-state",
        "Houthi",
    ),
    (
        "p1-arakan",
        "YANGON (AP) - The Arakan Army, one of the strongest ethnic armed groups, said it had intensified attacks in Rakhine state.\n\nThe group captured the town of Paletwa on Sunday, a spokesman said.",
        "2024-01-15",
        "Paletwa",
        "non-state",
        "Arakan",
    ),
    (
        "p1-hts-they",
        "BEIRUT (AP) - Hayat Tahrir al-Sham launched a surprise offensive in northwest Syria last week.\n\nOn Friday they entered Aleppo, Syria's largest city, a war monitor said.",
        "2024-11-30",
        "Aleppo",
        "non-state",
        "Tahrir",
    ),
    (
        "acr-rsf",
        "KHARTOUM, Sudan (AP) - The paramilitary Rapid Support Forces have fought the army since April.\n\nThe RSF seized Wad Madani, the capital of Gezira state, on Monday, residents said.",
        "2023-12-19",
        "Madani",
        "non-state",
        "Rapid Support",
    ),
    (
        "acr-adf",
        "BENI, Congo (Reuters) - The Allied Democratic Forces (ADF), a Ugandan rebel group linked to Islamic State, has killed hundreds this year.\n\nADF fighters took over the village of Mamove on Monday, a local official said.",
        "2021-06-08",
        "Mamove",
        "non-state",
        "Allied Democratic",
    ),
    (
        "acr-new-group",
        "BANGUI, Central African Republic (AFP) - The Coalition of Patriots for Change (CPC), an alliance of armed groups, launched attacks ahead of the vote.\n\nThe CPC captured the town of Bangassou on Sunday, the UN mission said.",
        "2021-01-04",
        "Bangassou",
        "non-state",
        "Patriots for Change",
    ),
    (
        "acr-fln",
        "MOPTI, Mali (AFP) - The Macina Liberation Front, known by its French acronym FLM, has spread through central Mali.\n\nThe FLM seized the village of Dioura on Thursday, officials said.",
        "2019-03-22",
        "Dioura",
        "non-state",
        "Macina",
    ),
    (
        "coal-cma",
        "KIDAL, Mali (Reuters) - The Coordination of Azawad Movements, an alliance of Tuareg rebel groups, said on Friday it had taken control of the town of Lere after the army withdrew.",
        "2023-10-06",
        "Lere",
        "non-state",
        "Azawad",
    ),
    (
        "coal-aa3",
        "YANGON (Reuters) - The Three Brotherhood Alliance, a coalition of ethnic armed groups, said on Tuesday it had seized the town of Chinshwehaw on the border with China.",
        "2023-10-31",
        "Chinshwehaw",
        "non-state",
        "Brotherhood",
    ),
    (
        "sp-shabab",
        "MOGADISHU, Somalia (VOA) - Al-Shabab militants took control of the town of Mahaday on Monday after Somali troops pulled out, residents said.",
        "2022-09-06",
        "Mahaday",
        "non-state",
        "Shabab",
    ),
    (
        "sp-shebab",
        "NAIROBI (AFP) - Shebab fighters captured the town of Bulo Burde on Saturday after African Union troops left their base, witnesses said.",
        "2023-07-10",
        "Bulo Burde",
        "non-state",
        "al-Shabab",
    ),
    (
        "sp-ansar",
        "MAPUTO (Reuters) - Insurgents known locally as al-Shabaab seized the port town of Mocimboa da Praia on Wednesday, security sources said.",
        "2020-08-13",
        "Mocimboa",
        "non-state",
        None,
    ),
    (
        "sp-boko",
        "KANO, Nigeria (AP) - Boko Haram militants seized the town of Gwoza in Borno state on Wednesday, residents said.",
        "2014-08-07",
        "Gwoza",
        "non-state",
        "Boko Haram",
    ),
    (
        "def-calling-itself",
        "OUAGADOUGOU, Burkina Faso (AP) - A little-known jihadist group calling itself Katiba Hanifa seized the village of Solenzo on Tuesday, residents said.",
        "2023-03-02",
        "Solenzo",
        "non-state",
        "Katiba Hanifa",
    ),
    (
        "def-offshoot",
        "TRIPOLI, Libya (Reuters) - The Sumud Brigade, an offshoot of the Misrata militias, took control of the town of Garabulli on Sunday, local officials said.",
        "2019-06-10",
        "Garabulli",
        "non-state",
        "Sumud",
    ),
    (
        "def-claimed-by",
        "MAIDUGURI, Nigeria (AFP) - Fighters of Ansaru, a jihadist group allied with al-Qaeda, seized the village of Kuriga on Thursday, police said.",
        "2024-03-08",
        "Kuriga",
        "non-state",
        "Ansaru",
    ),
    (
        "st-malian",
        "BAMAKO, Mali (AP) - Malian troops retook the northern town of Kidal on Tuesday from Tuareg rebels, the army said.",
        "2023-11-15",
        "Kidal",
        "state",
        "Mali",
    ),
    (
        "st-nigerian",
        "MAIDUGURI, Nigeria (Reuters) - Nigerian soldiers recaptured the town of Bama from Boko Haram on Monday, a military spokesman said.",
        "2015-03-17",
        "Bama",
        "state",
        "Nigeria",
    ),
    (
        "st-iraqi",
        "BAGHDAD (AP) - The Iraqi army regained control of the town of Tikrit on Tuesday after weeks of fighting with Islamic State militants, officials said.",
        "2015-04-01",
        "Tikrit",
        "state",
        "Iraq",
    ),
    (
        "st-kenyan",
        "NAIROBI, Kenya (Reuters) - Kenyan forces captured the Somali port city of Kismayo from al-Shabab on Friday, a military spokesman said.",
        "2012-09-29",
        "Kismayo",
        "state",
        "Kenya",
    ),
    (
        "st-amisom",
        "MOGADISHU, Somalia (AP) - AMISOM peacekeepers and Somali troops seized the town of Barawe from al-Shabab on Sunday, officials said.",
        "2014-10-06",
        "Barawe",
        "state",
        None,
    ),
    (
        "st-ukr",
        "KYIV, Ukraine (AP) - Ukrainian forces retook the village of Robotyne in the Zaporizhzhia region, the military said on Monday.",
        "2023-08-28",
        "Robotyne",
        "state",
        "Ukraine",
    ),
    (
        "st-fapc",
        "BANGUI (AFP) - Central African troops backed by Russian instructors recaptured the town of Bambari from rebels on Sunday, the government said.",
        "2021-02-16",
        "Bambari",
        "state",
        "Central African",
    ),
    (
        "st-sudan-army",
        "PORT SUDAN (Reuters) - Sudan's army said on Saturday it had retaken the city of Wad Madani from the Rapid Support Forces.",
        "2025-01-12",
        "Madani",
        "state",
        "Sudan",
    ),
    (
        "st-phil",
        "MARAWI, Philippines (AP) - Philippine troops took back the last buildings held by militants in Marawi on Monday, the military said.",
        "2017-10-23",
        "Marawi",
        "state",
        "Philippine",
    ),
    (
        "st-myanmar",
        "YANGON (Reuters) - Myanmar's military regained control of the town of Kawkareik on Sunday after fighting with ethnic rebels, state media said.",
        "2023-11-06",
        "Kawkareik",
        "state",
        "Myanmar",
    ),
    (
        "st-pmf",
        "BAGHDAD (Reuters) - Iraqi troops and Shi'ite militias recaptured the town of Jurf al-Sakhar from Islamic State on Saturday, officials said.",
        "2014-10-26",
        "Jurf",
        "state",
        "Iraq",
    ),
    (
        "st-wagner",
        "BAMAKO (AP) - Malian soldiers and Russian mercenaries took control of the town of Anefis on Saturday, the army said.",
        "2023-10-08",
        "Anefis",
        "state",
        "Mali",
    ),
    (
        "st-vdp",
        "OUAGADOUGOU (Reuters) - Burkinabe soldiers and volunteer fighters retook the town of Djibo on Monday, the army said.",
        "2023-05-02",
        "Djibo",
        "state",
        "Burkina",
    ),
    (
        "gen-separatists",
        "BAMENDA, Cameroon (AP) - The Ambazonia Defence Forces have fought for an independent English-speaking state since 2017.\n\nThe separatists seized the village of Bali on Thursday, a local official said.",
        "2022-05-20",
        "Bali",
        "non-state",
        "Ambazonia",
    ),
    (
        "gen-jihadists",
        "NIAMEY, Niger (AFP) - The Islamic State in the Greater Sahara has stepped up attacks near the Malian border.\n\nJihadists took control of the village of Tillia on Sunday, a local official said.",
        "2021-03-23",
        "Tillia",
        "non-state",
        "Greater Sahara",
    ),
    (
        "gen-gunmen",
        "SANAA (Reuters) - Al-Qaeda in the Arabian Peninsula has exploited the chaos in southern Yemen.\n\nGunmen from the group seized the town of Azzan in Shabwa province on Friday, residents said.",
        "2016-02-05",
        "Azzan",
        "non-state",
        "Arabian Peninsula",
    ),
    (
        "gen-aq-linked",
        "NIAMEY (Reuters) - Jama'at Nusrat al-Islam wal-Muslimin, al-Qaeda's Sahel affiliate, has expanded into Niger.\n\nThe al-Qaida-linked group captured the village of Makalondi on Saturday, residents said.",
        "2024-02-19",
        "Makalondi",
        "non-state",
        "JNIM",
    ),
    (
        "gen-loyal",
        "TRIPOLI, Libya (AP) - Forces loyal to Khalifa Hifter seized the town of Gharyan south of Tripoli on Thursday, officials said.",
        "2019-04-05",
        "Gharyan",
        "non-state",
        "Libyan National Army",
    ),
    (
        "gen-insurgents-moz",
        "PEMBA, Mozambique (Reuters) - The Islamic State-linked insurgency in Cabo Delgado has killed thousands since 2017.\n\nThe insurgents captured the town of Macomia on Friday, a local official said.",
        "2024-05-12",
        "Macomia",
        "non-state",
        None,
    ),
    (
        "gen-militants-kashmir",
        "SRINAGAR, India (AP) - Lashkar-e-Taiba militants have stepped up attacks in Kashmir.\n\nThe militants seized the village of Kalaroos on Tuesday, police said.",
        "2021-10-15",
        "Kalaroos",
        "non-state",
        "Lashkar",
    ),
    (
        "rival-sahel",
        "BAMAKO (AFP) - Jama'at Nusrat al-Islam wal-Muslimin and Islamic State in the Greater Sahara have fought each other in central Mali this year.\n\nJihadists seized the town of Talataye on Tuesday, residents said.",
        "2023-09-07",
        "Talataye",
        "non-state",
        "#generic",
    ),
    (
        "rival-syria",
        "BEIRUT (AP) - The Syrian Democratic Forces and Turkish-backed Syrian National Army factions clashed near Manbij.\n\nThe fighters seized the village of Arima on Sunday, a war monitor said.",
        "2024-12-09",
        "Arima",
        "non-state",
        "#generic",
    ),
    (
        "they-cpc",
        "BANGUI (Reuters) - Rebels of the 3R group attacked army positions in western Central African Republic this week. They seized the town of Bocaranga on Wednesday, a UN source said.",
        "2020-12-24",
        "Bocaranga",
        "non-state",
        "3R",
    ),
    (
        "they-hezbollah",
        "BEIRUT (AP) - Hezbollah fighters led the assault in the Qalamoun mountains. On Sunday they took control of the town of Yabroud, Syrian state media said.",
        "2014-03-16",
        "Yabroud",
        "non-state",
        "Hezbollah",
    ),
    (
        "eln",
        "ARAUCA, Colombia (AP) - National Liberation Army guerrillas took control of the town of Saravena on Monday after clashes with FARC dissidents, officials said.",
        "2022-01-04",
        "Saravena",
        "non-state",
        "ELN",
    ),
    (
        "rus",
        "KYIV (Reuters) - Russian forces captured the town of Avdiivka on Saturday, Russia's defence ministry said.",
        "2024-02-18",
        "Avdiivka",
        "state",
        "Russia",
    ),
    (
        "wagner",
        "KYIV (AP) - Fighters of the Wagner private military company captured the town of Soledar on Friday, its founder said.",
        "2023-01-14",
        "Soledar",
        "state",
        "Wagner",
    ),
    (
        "fano",
        "ADDIS ABABA (Reuters) - Fano militiamen seized the town of Lalibela on Wednesday after clashes with the federal army, residents said.",
        "2023-08-10",
        "Lalibela",
        "non-state",
        "Fano",
    ),
    (
        "isis-palmyra",
        "BEIRUT (AP) - Islamic State militants captured the ancient city of Palmyra on Wednesday, activists said.",
        "2015-05-21",
        "Palmyra",
        "non-state",
        "Islamic State",
    ),
    (
        "isis-daesh",
        "BAGHDAD (AFP) - Daesh fighters overran the city of Ramadi on Sunday, police officials said.",
        "2015-05-18",
        "Ramadi",
        "non-state",
        "Islamic State",
    ),
    (
        "codeco",
        "BUNIA, Congo (Reuters) - CODECO militiamen seized the village of Lopa in Ituri province on Sunday, the army said.",
        "2022-02-14",
        "Lopa",
        "non-state",
        "CODECO",
    ),
    (
        "splmn",
        "KHARTOUM (Reuters) - The Sudan People's Liberation Movement-North, led by Abdelaziz al-Hilu, seized the town of Dilling on Sunday, residents said.",
        "2024-06-10",
        "Dilling",
        "non-state",
        "SPLM",
    ),
    (
        "aff-rwanda-backed",
        "GOMA, Congo (Reuters) - The M23 rebel group has seized large parts of North Kivu since 2022.\n\nThe Rwanda-backed rebels captured the town of Masisi on Tuesday, residents said.",
        "2023-02-01",
        "Masisi",
        "non-state",
        "M23",
    ),
    (
        "aff-aq-somalia",
        "MOGADISHU, Somalia (AP) - Al-Qaida-linked militants seized the town of Mahaday in central Somalia on Tuesday, residents said.",
        "2022-09-06",
        "Mahaday",
        "non-state",
        "Shabab",
    ),
    (
        "aff-is-nigeria",
        "MAIDUGURI, Nigeria (AP) - Islamic State-linked fighters overran the town of Marte in Borno state on Saturday, a military source said.",
        "2022-04-11",
        "Marte",
        "non-state",
        "ISWAP",
    ),
    (
        "aff-is-yemen-aq",
        "ADEN, Yemen (Reuters) - Al-Qaeda-affiliated gunmen took control of the town of Azzan in Shabwa province on Friday, residents said.",
        "2016-02-05",
        "Azzan",
        "non-state",
        "Arabian Peninsula",
    ),
    (
        "aff-parent-appos",
        "NIAMEY (Reuters) - Jama'at Nusrat al-Islam wal-Muslimin, al-Qaida's Sahel affiliate, has expanded into Niger.\n\nThe group captured the town of Makalondi on Saturday, residents said.",
        "2024-02-19",
        "Makalondi",
        "non-state",
        "JNIM",
    ),
    (
        "aff-is-vs-aq",
        "BAMAKO (AFP) - JNIM and the Islamic State in the Greater Sahara have fought each other near Menaka since 2020.\n\nThe Islamic State-linked group seized the town of Tidermene on Monday, local officials said.",
        "2023-03-14",
        "Tidermene",
        "non-state",
        "Greater Sahara",
    ),
    (
        "rival-type-sep",
        "KIDAL, Mali (AFP) - Tuareg-led CMA fighters and JNIM militants have clashed near Anefis this year.\n\nThe separatists seized the town of Ber on Sunday, residents said.",
        "2023-08-14",
        "Ber",
        "non-state",
        "Azawad",
    ),
    (
        "rival-type-jih",
        "BEIRUT (AP) - The Syrian Democratic Forces battled Islamic State fighters near Deir el-Zour.\n\nThe jihadists took control of the village of Hajin on Thursday, a war monitor said.",
        "2018-10-12",
        "Hajin",
        "non-state",
        "Islamic State",
    ),
    (
        "rival-drc",
        "BENI, Congo (AP) - The ADF and Mai-Mai militias have fought each other around Beni.\n\nThe militiamen seized the village of Oicha on Sunday, the army said.",
        "2021-07-05",
        "Oicha",
        "non-state",
        "#generic",
    ),
    (
        "allies-not-rivals",
        "GOMA, Congo (AP) - M23 and its political ally, the Congo River Alliance, named a governor for North Kivu.\n\nThe rebels captured the town of Walikale on Wednesday, residents said.",
        "2025-03-20",
        "Walikale",
        "non-state",
        "M23",
    ),
]


def _fold(s: str | None) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s or "") if not unicodedata.combining(c)).casefold()


@pytest.mark.parametrize(
    ("text", "published", "place", "side", "actor"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_the_gainer_is_the_group_the_article_names(extract, text, published, place, side, actor):
    doc = extract(text, published=published)
    got = []
    for e in doc.events:
        if e.sub_event_type not in TAKEOVER or e.place is None:
            continue
        p, a = doc.place(e.place), doc.actor(e.actor1)
        if _fold(place) not in _fold(p.name + " | " + p.mention.text):
            continue
        got.append(
            (
                None if a is None else ("state" if a.kind in STATE else "non-state"),
                a.name if a else "",
                a.id if a else "",
            )
        )
    assert got, (place, "no change of hands there")
    if actor == "#generic":
        assert any(g[0] == side and g[2].startswith("armed-") for g in got), got
    else:
        assert any(g[0] == side and (actor is None or _fold(actor) in _fold(g[1])) for g in got), got
