"""A contrast suite of invented wire sentences (issue 14: event typing on real wire reports), grouped by the class of
construction they test. Every sentence was written for this suite, in the styles of wire news 2005-2025 (VOA, AP,
Reuters, AFP), about many wars; none is copied from a corpus. Each is labelled with the ACLED sub-event type it
tells (Displacement and Negotiation are sitroom's own classes), or None when it tells no event.

Read by tests/test_events_wire_suite.py (the floors per class) and usable from a shell to measure a class:
``PYTHONPATH=tests python -c "import wire_events_suite as s; ..."``.
"""

from __future__ import annotations

# class -> [(text, sub-type or None)]
SUITE: dict[str, list[tuple[str, str | None]]] = {
    # events named by nouns: the happening is the subject or the object of a light verb
    "nominal": [
        (
            "A car bomb killed at least 12 people near a busy market in Mogadishu on Saturday.",
            "Remote explosive/landmine/IED",
        ),
        ("A suicide bombing at a mosque in Peshawar killed 30 worshippers, police said.", "Suicide bomb"),
        ("An airstrike on a market in northern Yemen killed 21 civilians, medics said.", "Air/drone strike"),
        ("Clashes between army troops and Fano militiamen killed 15 people in Gondar, residents said.", "Armed clash"),
        ("Heavy fighting between the army and the RSF raged in Omdurman for a third day.", "Armed clash"),
        ("A roadside bomb killed four soldiers on patrol near Gao on Tuesday.", "Remote explosive/landmine/IED"),
        ("A drone strike on a vehicle in Shabwa province killed three suspected militants.", "Air/drone strike"),
        (
            "Artillery shelling of residential districts of Kharkiv killed two women overnight.",
            "Shelling/artillery/missile attack",
        ),
        ("A grenade attack on a bar in Bujumbura wounded nine people late on Friday.", "Grenade"),
        ("A landmine blast killed three children herding goats near Tal Afar.", "Remote explosive/landmine/IED"),
        ("An ambush by suspected jihadists on a military convoy near Djibo left 11 soldiers dead.", "Armed clash"),
        (
            "A rocket attack on the Green Zone in Baghdad caused no casualties, the military said.",
            "Shelling/artillery/missile attack",
        ),
        (
            "A mortar attack on a camp for displaced people near Goma killed eight, the U.N. said.",
            "Shelling/artillery/missile attack",
        ),
        ("A raid by gunmen on the village of Kuru Karama left 23 villagers dead.", "Attack"),
    ],
    # attribution tails, "X says", datelines and long wire sentences around a plain happening
    "attribution": [
        (
            "Militants attacked a police station in Kirkuk province overnight, killing five officers, security sources said.",
            "Armed clash",
        ),
        ("Somali officials say al-Shabab fighters ambushed an army convoy near Afgoye on Monday.", "Armed clash"),
        (
            "MOGADISHU, Somalia (AP) - A suicide bomber blew himself up outside a hotel in the Somali capital, police said.",
            "Suicide bomb",
        ),
        (
            "KYIV (Reuters) - Russian missiles struck energy facilities in western Ukraine on Thursday, officials said.",
            "Shelling/artillery/missile attack",
        ),
        (
            "Gunmen abducted 20 passengers from a bus in Zamfara state, a police spokesman told reporters on Sunday.",
            "Abduction/forced disappearance",
        ),
        ("The army said its aircraft bombed rebel positions in the Nuba Mountains on Wednesday.", "Air/drone strike"),
        (
            "Police fired tear gas to disperse stone-throwing protesters in Srinagar, witnesses said.",
            "Violent demonstration",
        ),
        ("According to local officials, ADF rebels killed 14 civilians with machetes in Beni territory.", "Attack"),
        (
            "Security forces arrested 40 suspected members of the banned group in Rakhine, state media reported.",
            "Arrests",
        ),
        (
            "The Houthi rebels fired a ballistic missile at Marib city late on Saturday, the coalition said.",
            "Shelling/artillery/missile attack",
        ),
        (
            "BAMAKO (AFP) - Jihadists killed 26 civilians in an attack on a village in central Mali, a local official said.",
            "Attack",
        ),
    ],
    # armed parties that leave a place: a withdrawal, no displacement
    "withdrawal": [
        (
            "Al-Shabab militants withdrew from the town of Bardere ahead of an army offensive, residents said.",
            "Non-violent transfer of territory",
        ),
        (
            "Rebel fighters fled the town of Rumangabo as government troops approached.",
            "Non-violent transfer of territory",
        ),
        (
            "Hundreds of Seleka fighters evacuated their base in Bangui on Monday, moving north in a convoy.",
            "Non-violent transfer of territory",
        ),
        (
            "Islamic State militants abandoned the town of Dabiq without a fight, the rebels said.",
            "Non-violent transfer of territory",
        ),
        ("Thousands of civilians fled the town of Rumangabo as the fighting approached.", "Displacement"),
        ("Residents fled Tal Abyad after Turkish shelling of the border town.", "Displacement"),
        (
            "More than 20,000 people have fled their homes in Cabo Delgado since the insurgents attacked Palma.",
            "Displacement",
        ),
    ],
    # displacement told by nouns and by what fighting did to people
    "displacement": [
        # the object of "evacuated" is the place the subject left: armed people leaving a camp are no displaced people
        (
            "Hundreds of rebel fighters evacuated their camp outside Bangui on Monday, moving to a base in the north.",
            None,
        ),
        ("Thousands of residents evacuated the town of Pokrovsk as Russian shelling intensified.", "Displacement"),
        ("Soldiers evacuated 300 civilians from the besieged town of Mariupol on Sunday.", "Displacement"),
        ("The fighting has displaced more than 100,000 people in Tigray, the U.N. said.", "Displacement"),
        ("The violence has left 400,000 people displaced in Upper Nile state.", "Displacement"),
        ("Attacks by armed groups forced 30,000 people to flee their villages in Ituri last week.", "Displacement"),
        ("Some 5,000 refugees crossed into Chad from West Darfur over the weekend, UNHCR said.", "Displacement"),
        ("Thousands of Rohingya fled across the border into Bangladesh after the army operation.", "Displacement"),
        # who is forced to flee is the object of the forcing ("the fighting forced thousands to flee")
        ("The fighting forced thousands of residents to flee Wad Madani, the U.N. said.", "Displacement"),
        ("Jihadists stormed the village of Solhan on Friday, forcing hundreds of families to flee.", "Displacement"),
        ("More than 40,000 people have crossed into Chad since the clashes began.", "Displacement"),
        ("Thousands of Rohingya poured across the border into Bangladesh this week.", "Displacement"),
        ("The clashes have driven 12,000 people from their homes in Kasai, aid agencies said.", "Displacement"),
        ("Heavy rains forced thousands of people to flee their homes in Dhaka.", None),
        ("The club forced its rivals to flee the league table's top spot.", None),
        ("Thousands of Russian troops crossed into Ukraine from Belarus before dawn.", None),
    ],
    # abductions and arrests told in wire style
    "custody": [
        (
            "Gunmen kidnapped more than 80 schoolchildren from a boarding school in Kaduna state.",
            "Abduction/forced disappearance",
        ),
        (
            "Suspected Abu Sayyaf militants seized three Indonesian fishermen off Sabah.",
            "Abduction/forced disappearance",
        ),
        ("Militants took dozens of women hostage during the raid on the village.", "Abduction/forced disappearance"),
        ("Police detained scores of opposition supporters in Kampala on Tuesday.", "Arrests"),
        ("Soldiers rounded up dozens of young men in a night raid on the Karachi slum.", "Arrests"),
        ("Authorities arrested a senior Hamas official in Hebron, the army said.", "Arrests"),
        (
            "Masked men abducted a journalist outside his home in Tripoli, colleagues said.",
            "Abduction/forced disappearance",
        ),
        # phrasal verbs of taking people away, typed by who took whom
        ("Security forces raided monasteries and took away scores of monks.", "Arrests"),
        ("Plainclothes police took away three opposition leaders from their homes in Minsk overnight.", "Arrests"),
        ("Soldiers picked up dozens of young men during a sweep of the Kasbah district.", "Arrests"),
        ("Gunmen took away 12 passengers from a bus near Kaduna.", "Abduction/forced disappearance"),
        ("Masked men took away a journalist from his home in Tripoli.", "Abduction/forced disappearance"),
        ("Police hauled off dozens of protesters from the square in Tbilisi.", "Protest with intervention"),
        ("Three activists were taken away by intelligence agents in Khartoum.", "Arrests"),
        ("Medics picked up the wounded from the street after the blast.", None),
        ("The ambulance took away two injured children.", None),
        ("The waiter took away the plates after dinner.", None),
    ],
    # negotiation: talks held or under way are Negotiation; talks planned, called for, refused, rejected or that broke
    # down are not (yet) a negotiation held; a deal signed is an Agreement, a deal only brokered is still talks
    "negotiation": [
        ("Government and ELN negotiators resumed peace talks in Havana on Monday.", "Negotiation"),
        ("Envoys of the army and the RSF met in Jeddah for talks on a humanitarian truce.", "Negotiation"),
        ("Taliban and Afghan government negotiators held a first round of talks in Doha.", "Negotiation"),
        ("Mediators are holding indirect talks between Israel and Hamas in Cairo this week.", "Negotiation"),
        ("Ethiopia and the TPLF began African Union-led peace talks in Pretoria on Tuesday.", "Negotiation"),
        ("Elders are trying to negotiate the release of the abducted students.", "Negotiation"),
        ("Religious leaders were trying to negotiate a truce between the two clans in Galkayo.", "Negotiation"),
        ("Qatari mediators are working to broker a ceasefire between Israel and Hamas, officials said.", "Negotiation"),
        ("Tribal elders mediated between the army and the militants in Bajaur on Saturday.", "Negotiation"),
        (
            "Delegations from the junta and the Arakan Army held talks in Kunming last week, a spokesman said.",
            "Negotiation",
        ),
        ("The two sides met in Addis Ababa on Tuesday to discuss a permanent ceasefire.", "Negotiation"),
        ("Hamas said it had received a new ceasefire proposal from Egyptian mediators.", "Negotiation"),
        ("Talks between the army and the RSF are expected to resume in Jeddah next week.", None),
        ("The government will hold talks with the rebels in Nairobi next month.", None),
        ("The rebels said they were ready to negotiate with the government.", None),
        ("The U.N. envoy urged the warring parties to return to the negotiating table.", None),
        ("The Taliban rejected calls for talks with the Afghan government.", None),
        ("The rebels rejected an offer of talks with the government, a spokesman said.", None),
        ("The president ruled out any negotiations with the separatists.", None),
        ("The army said it would not negotiate with terrorists.", None),
        ("The army refused to negotiate with the gunmen holding the hostages.", None),
        ("The U.N. envoy called for talks between the warring parties in Libya.", None),
        ("The African Union called for dialogue between the government and the armed groups.", None),
        ("Negotiators for the warring sides failed to meet in Geneva as planned.", None),
        ("Talks on extending the truce broke down last month.", None),
        ("Peace talks between the government and the rebels collapsed in Juba on Friday.", None),
        ("Pakistan's government and the TTP agreed to hold talks in Kabul.", None),
        ("The mediators hope to reach a ceasefire agreement by the end of the month.", None),
        ("The government and the MILF signed a comprehensive peace agreement in Manila.", "Agreement"),
        ("Russia and Ukraine agreed on an exchange of prisoners, the Turkish presidency said.", "Agreement"),
        ("The warring parties agreed to a 72-hour ceasefire starting at midnight.", "Agreement"),
        ("A ceasefire between the army and the KIA took effect on Sunday.", "Agreement"),
    ],
    # happenings named by a noun with its agent ("attacks by X on Y"): told as happened unless feared, possible,
    # denied or averted
    "agent_nominal": [
        (
            "The U.N. says it is alarmed by continuing attacks by Fulani militias on farming villages in Plateau state.",
            "Attack",
        ),
        (
            "Residents said repeated raids by al-Shabab fighters on the town of Mahas had killed several elders.",
            "Attack",
        ),
        ("Aid groups condemned the latest attacks by M23 rebels on displaced families near Goma.", "Attack"),
        (
            "A wave of attacks by Islamic State fighters on army posts in Diyala killed 12 soldiers last week.",
            "Armed clash",
        ),
        ("An ambush by jihadists on a gendarmerie patrol near Fada N'Gourma left nine gendarmes dead.", "Armed clash"),
        ("The attack by Boko Haram on the village of Dalori killed at least 65 people, survivors said.", "Attack"),
        ("Survivors described attacks by Janjaweed militiamen on refugees in eastern Chad.", "Attack"),
        (
            "The abduction of 14 aid workers by gunmen in Darfur was the third this month, the U.N. said.",
            "Abduction/forced disappearance",
        ),
        (
            "Shelling by government forces of the rebel-held district of Jobar wounded dozens on Sunday.",
            "Shelling/artillery/missile attack",
        ),
        ("A raid by al-Shabab fighters on a military base near Kismayo killed 8 soldiers.", "Armed clash"),
        ("A rampage by Anti-Balaka militiamen through the Muslim quarter of Boda left 30 dead.", "Attack"),
        ("Villagers described a night raid by Myanmar soldiers on their village in Sagaing region.", "Attack"),
        ("Police said a raid on a house in Peshawar uncovered a cache of explosives.", "Disrupted weapons use"),
        ("The government fears a raid by the rebels on the capital.", None),
        ("The government fears attacks by the militants on polling stations during Sunday's vote.", None),
        ("Officials warned of possible attacks by the rebels on the capital in the coming days.", None),
        ("The minister denied any attacks by the army on civilians in the region.", None),
        ("Troops were deployed to prevent attacks by bandits on farmers in Katsina.", None),
        ("The new law sets longer prison terms for attacks by mobs on police officers.", None),
    ],
    # deals told through their signing or an exchange carried out; deals demanded or put off are none
    "agreement": [
        (
            "Thousands gathered in Bangui on Friday to witness the signing of a peace agreement between the government and 14 armed groups.",
            "Agreement",
        ),
        ("The two sides signed a ceasefire pact in Doha on Saturday.", "Agreement"),
        ("Israel and Hamas agreed to a four-day truce, Qatar said.", "Agreement"),
        ("The army and the SPLM-N reached a deal on humanitarian access to the Nuba Mountains.", "Agreement"),
        ("Colombia's government and the ELN announced a six-month ceasefire on Friday.", "Agreement"),
        ("The Red Cross oversaw an exchange of prisoners between Armenia and Azerbaijan at the border.", "Agreement"),
        ("Moscow and Kyiv carried out an exchange of bodies of soldiers killed in the fighting.", "Agreement"),
        ("The signing of the accord was postponed until next month.", None),
        ("Rebel leaders are expected to sign the peace deal next week.", None),
        ("The rebels called for an exchange of prisoners with the government.", None),
        ("Hamas demanded an exchange of hostages for Palestinian prisoners.", None),
    ],
    # protests and riots in wire style
    "protest": [
        (
            "Thousands of people marched through Durban on Thursday to protest against xenophobic violence.",
            "Peaceful protest",
        ),
        ("Hundreds of teachers demonstrated outside parliament in Nairobi to demand higher pay.", "Peaceful protest"),
        ("Police fired tear gas and water cannon at protesters in central Istanbul.", "Protest with intervention"),
        (
            "Security forces opened fire on demonstrators in Khartoum, killing at least five.",
            "Excessive force against protesters",
        ),
        ("Protesters torched a police station and blocked roads with burning tyres in Dhaka.", "Violent demonstration"),
        (
            "Rioters hurled stones at police and set fire to cars in Nairobi after the vote, police said.",
            "Violent demonstration",
        ),
        ("A mob lynched a man accused of blasphemy in Sialkot.", "Mob violence"),
        ("Police dispersed hundreds of students rallying against the junta in Yangon.", "Protest with intervention"),
    ],
    # headlines in title case
    "headline": [
        ("Militants Kill 12 Soldiers in Attack on Base in Northeast Nigeria", "Armed clash"),
        ("Suicide Bomber Kills 20 at Shiite Mosque in Quetta", "Suicide bomb"),
        ("Israeli Airstrike Kills 5 in Southern Lebanon", "Air/drone strike"),
        ("Gunmen Abduct 30 Villagers in Northwest Nigeria", "Abduction/forced disappearance"),
        ("Police Arrest Dozens of Opposition Supporters in Harare", "Arrests"),
        ("Rebels Seize Town of Kitchanga in Eastern Congo", "Non-state actor overtakes territory"),
        ("Thousands Protest in Tbilisi Against Foreign Agents Bill", "Peaceful protest"),
        ("Rebels Pull Out of Key Town in Northern Ethiopia", "Non-violent transfer of territory"),
    ],
    # text that tells no event of political violence
    "none": [
        ("The central bank raised interest rates by half a percentage point on Thursday.", None),
        ("Floods killed more than 40 people in southern Brazil on Sunday.", None),
        ("The ministry said talks on a new trade agreement with the European Union would resume next month.", None),
        ("The coach said his team fought hard to defeat the visitors in the second half.", None),
        ("Health officials said the outbreak of cholera had killed 12 people in the camp.", None),
        ("A fire destroyed part of the historic market in Lagos, firefighters said.", None),
        ("The president attacked the opposition's economic plan in a speech on Monday.", None),
        ("The company announced a ceasefire in its price war with rival airlines.", None),
        # disasters, diseases and accidents: their "of" phrase or an indefinite fire is the cause
        ("A blaze at a garment factory in Dhaka killed 17 workers.", None),
        ("An outbreak of measles has killed 40 children in the displacement camps of Ituri.", None),
        # contrast: gunfire, and a fire someone set, are violence
        ("Heavy fire killed three soldiers at a checkpoint near Kidal.", "Armed clash"),
        ("Rioters set a fire that destroyed the ruling party's offices in Nairobi.", "Violent demonstration"),
        ("Militants burned down a school in Borno state on Monday.", "Looting/property destruction"),
    ],
}
