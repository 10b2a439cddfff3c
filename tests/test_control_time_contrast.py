"""Time, background and side of a change of hands: a contrast suite of wire sentences and short articles written
for this test (issue 13, the held misses where a change was read as background, or dated or sided wrong), in the
styles of VOA, AP, Reuters and AFP 2005-2025, from many wars (Mali, Nigeria, Somalia, Yemen, Myanmar, Colombia,
DR Congo, Syria, Iraq, Ukraine, Libya, Sudan, Ethiopia, Mozambique, the Philippines, Kashmir, Burkina Faso, CAR,
Cameroon, Afghanistan, Niger, South Sudan, Chad).

The classes: news told in the past perfect or present perfect ("had seized the town on Tuesday, officials said
Wednesday", "have taken control of"); relative days ("late Saturday", "overnight", "earlier this week", "two days
ago", "a day earlier"); a change dated by a subordinate clause ("after X fell on Monday"); a change recalled in a
relative clause ("the militants, who seized X last year,") as background beside today's change; "since" ("has been
under rebel control since April"); "for the first time since 2014"; "in 2012, rebels seized ..."; a recapture today
of a place lost earlier (two changes, each with its own date); anniversaries and "a year after"; the gainer's side
from a description ("gunmen", "troops loyal to X", "pro-government militia", "forces backed by France"); as the
project's gold has it (gold/README.md), a pro-government militia is itself non-state (its takeover is still
"Government regains territory", ACLED's "government forces or their affiliates").

Each case: the text, its publication day, and the changes it must give: (place, gainer's side, when, background)
where ``when`` is a day offset from publication, a weekday ("Tue": the last Tuesday before publication), a
``YYYY`` / ``YYYY-MM`` prefix, or None (any day up to publication); ``background`` True / False or None (either).
No change may be dated after publication, and the listed ``never`` places must not change hands.
The suite also runs as a measure of the class (``python tests/test_control_time_contrast.py``)."""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta
from typing import Any

import pytest

TAKEOVER = ("Government regains territory", "Non-state actor overtakes territory", "Non-violent transfer of territory")
STATE = {"state", "state-forces", "government", "intl-forces", "intl-org"}
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

S, N = "state", "non-state"

CASES: list[tuple[str, str, str, list[tuple[str, str | None, Any, bool | None]], list[Any]]] = [
    # --- past perfect / present perfect told as today's news
    (
        "pp-mali-had-seized",
        "BAMAKO, Mali (AP) - Islamist militants had seized the town of Boni in central Mali on Tuesday, officials "
        "said Wednesday.",
        "2019-01-16",
        [("Boni", N, "Tue", False)],
        [],
    ),
    (
        "pp-nigeria-had-overrun",
        "Boko Haram fighters had overrun the town of Baga on Saturday after a fierce battle with soldiers, a "
        "military source told AFP on Monday.",
        "2018-12-31",
        [("Baga", N, "Sat", False)],
        [],
    ),
    (
        "pp-somalia-have-taken",
        "Al-Shabab militants have taken control of the town of El Bur in central Somalia after African Union troops "
        "withdrew, residents said.",
        "2016-09-12",
        [("El Bur", N, None, False)],
        [],
    ),
    (
        "pp-yemen-have-captured",
        "SANAA, Yemen (Reuters) - Houthi fighters have captured the city of Amran north of the capital, tribal "
        "sources said on Wednesday.",
        "2014-07-09",
        [("Amran", N, None, False)],
        [],
    ),
    (
        "pp-myanmar-has-seized",
        "The Arakan Army has seized the town of Paletwa in Chin State, the ethnic armed group said in a statement "
        "on Monday.",
        "2024-01-15",
        [("Paletwa", N, None, False)],
        [],
    ),
    (
        "pp-ukraine-have-retaken",
        "Ukrainian forces have retaken the village of Robotyne in the Zaporizhzhia region, the defence ministry "
        "said on Monday.",
        "2023-08-28",
        [("Robotyne", S, None, False)],
        [],
    ),
    (
        "pp-drc-had-captured-saturday",
        "GOMA, Congo (Reuters) - M23 rebels had captured the town of Rubaya on Saturday, a local administrator "
        "said on Sunday.",
        "2024-05-01",
        [("Rubaya", N, "Sat", False)],
        [],
    ),
    (
        "pp-syria-had-entered",
        "Rebel fighters had entered the city of Hama late on Thursday after government troops pulled out, a war "
        "monitor said Friday.",
        "2024-12-06",
        [("Hama", N, "Thu", False)],
        [],
    ),
    (
        "pp-iraq-had-fallen",
        "The city of Ramadi had fallen to Islamic State militants on Sunday, Iraqi officials said on Monday.",
        "2015-05-18",
        [("Ramadi", N, "Sun", False)],
        [],
    ),
    (
        "pp-sudan-has-taken-over",
        "KHARTOUM (AFP) - The Rapid Support Forces has taken over Wad Madani, the capital of Gezira state, the "
        "paramilitary said on Tuesday.",
        "2023-12-19",
        [("Wad Madani", N, None, False)],
        [],
    ),
    (
        "pp-mozambique-had-occupied",
        "Insurgents had occupied the port town of Mocimboa da Praia on Wednesday, the defence ministry confirmed "
        "on Thursday.",
        "2020-08-13",
        [("Mocimboa da Praia", N, "Wed", False)],
        [],
    ),
    (
        "pp-ethiopia-had-recaptured",
        "Ethiopian government forces had recaptured the town of Lalibela on Sunday, state media reported on Monday.",
        "2021-12-06",
        [("Lalibela", S, "Sun", False)],
        [],
    ),
    # --- relative days
    (
        "rel-late-saturday",
        "Taliban fighters captured the city of Kunduz late Saturday, a provincial council member said.",
        "2021-08-09",
        [("Kunduz", N, "Sat", False)],
        [],
    ),
    (
        "rel-overnight",
        "KYIV (AP) - Russian troops seized the town of Avdiivka overnight, the Russian defence ministry said on "
        "Saturday.",
        "2024-02-17",
        [("Avdiivka", S, (-1, 0), False)],
        [],
    ),
    (
        "rel-earlier-this-week",
        "Jihadists who captured the town of Djibo earlier this week have begun to impose Sharia law, residents said "
        "on Friday.",
        "2022-06-10",
        [("Djibo", N, (-5, -1), False)],
        [],
    ),
    (
        "rel-last-week",
        "Residents began returning to Marawi after troops recaptured the city last week, officials said.",
        "2017-10-25",
        [("Marawi", S, (-10, -3), None)],
        [],
    ),
    (
        "rel-two-days-ago",
        "MOGADISHU (Reuters) - Somali government troops retook the town of Bulo Burde two days ago, the regional "
        "governor said on Thursday.",
        "2014-03-13",
        [("Bulo Burde", S, -2, False)],
        [],
    ),
    (
        "rel-a-day-earlier",
        "Government troops fought their way into the centre of Kidal on Tuesday. A day earlier, separatist rebels "
        "had seized the town of Anefis, officials said.",
        "2023-11-15",
        [("Anefis", N, "Mon", None)],
        [],
    ),
    (
        "rel-days-after",
        "Fighters of the Tigray People's Liberation Front entered Dessie on Saturday, days after they captured "
        "Kombolcha, a spokesman said.",
        "2021-11-01",
        [("Dessie", N, "Sat", False), ("Kombolcha", N, None, None)],
        [],
    ),
    (
        "rel-sunday",
        "Myanmar's military lost control of the town of Myawaddy on Sunday to Karen rebels, a resistance spokesman "
        "said on Monday.",
        "2024-04-08",
        [("Myawaddy", N, "Sun", False)],
        [],
    ),
    (
        "rel-yesterday",
        "Libyan government forces yesterday regained control of the town of Gharyan from forces loyal to Khalifa "
        "Haftar, a spokesman said.",
        "2019-06-27",
        [("Gharyan", S, -1, False)],
        [],
    ),
    (
        "rel-early-monday",
        "ABUJA (Reuters) - Islamic State West Africa Province fighters stormed and took over the town of Damasak "
        "early on Monday, two security sources said.",
        "2020-04-14",
        [("Damasak", N, "Mon", False)],
        [],
    ),
    (
        "rel-this-morning",
        "Colombian troops took control of the village of El Plateado this morning after the withdrawal of a "
        "dissident FARC faction, the army said.",
        "2024-10-13",
        [("El Plateado", S, (-1, 0), False)],
        [],
    ),
    (
        "rel-on-friday-dateline",
        "ADEN, Yemen (AP) - Forces of the Southern Transitional Council seized the presidential palace in Aden on "
        "Friday, officials said.",
        "2019-08-11",
        [("Aden", N, "Fri", False)],
        [],
    ),
    # --- a change dated by a subordinate clause
    (
        "sub-after-fell-monday",
        "After the town of Bunia fell on Monday, the rebels moved south toward Komanda, a United Nations official "
        "said on Wednesday.",
        "2003-05-14",
        [("Bunia", None, "Mon", None)],
        [],
    ),
    (
        "sub-since-taken-friday",
        "Since insurgents took the town of Palma on Friday, thousands of residents have fled by boat, aid workers "
        "said.",
        "2021-03-29",
        [("Palma", N, "Fri", None)],
        [],
    ),
    (
        "sub-when-seized-sunday",
        "Hundreds of families fled when Al-Shabab fighters seized the town of Mahas on Sunday, elders said.",
        "2022-08-31",
        [("Mahas", N, "Sun", None)],
        [],
    ),
    (
        "sub-after-captured-in-march",
        "The army has struggled to hold ground in the north after rebels captured the town of Birao in March, "
        "residents said.",
        "2007-05-20",
        [("Birao", N, "2007-03", None)],
        [],
    ),
    (
        "sub-following-capture-thursday",
        "Following the capture of Mekelle by Tigrayan forces on Monday, the government declared a unilateral "
        "ceasefire, state media said.",
        "2021-06-30",
        [("Mekelle", N, "Mon", None)],
        [],
    ),
    # --- relative clause recall (background) beside today's change
    (
        "rel-cl-militants-who-seized-last-year",
        "The militants, who seized the town of Diabaly last year, were driven out of Konna on Friday by French and "
        "Malian troops, officials said.",
        "2013-01-19",
        [("Konna", S, "Fri", False), ("Diabaly", N, "2012", True)],
        [],
    ),
    (
        "rel-cl-who-captured-in-2014",
        "Iraqi forces recaptured Tikrit on Tuesday from Islamic State militants, who had captured the city in June "
        "2014, officials said.",
        "2015-04-01",
        [("Tikrit", S, "Tue", False)],
        [],
    ),
    (
        "rel-cl-the-rebels-who-took",
        "The rebels, who took Bangui in March, now face an uprising in the north, analysts said.",
        "2013-09-20",
        [("Bangui", N, "2013-03", True)],
        [],
    ),
    (
        "rel-cl-which-fell",
        "Troops advanced toward Sirte, which fell to Islamic State militants in 2015, the military said on Thursday.",
        "2016-06-09",
        [("Sirte", N, "2015", True)],
        [],
    ),
    (
        "rel-cl-which-had-seized-earlier",
        "Government forces regained control of Beledweyne on Wednesday from al-Shabab, which had seized the town "
        "in January, a commander said.",
        "2009-06-12",
        [("Beledweyne", S, "Wed", False)],
        [],
    ),
    # --- since: standing control, background with a date
    (
        "since-april",
        "The town of Bardale has been under al-Shabab control since April, when the militants seized it from "
        "government troops.",
        "2023-09-14",
        [("Bardale", N, "2023-04", True)],
        [],
    ),
    (
        "since-2014-first-time",
        "Government troops entered the town of Madagali on Thursday for the first time since 2014, the army said.",
        "2015-03-27",
        [("Madagali", S, "Thu", False)],
        [],
    ),
    (
        "since-the-first-time-since-2012",
        "Malian soldiers took control of Kidal on Tuesday, the first time the army has held the town since 2012, "
        "when separatists seized it.",
        "2023-11-15",
        [("Kidal", S, "Tue", False)],
        [],
    ),
    (
        "since-control-of",
        "Rebels have controlled the town of Kamanyola since February, residents said on Saturday.",
        "2025-05-10",
        [],
        ["Kamanyola"],
    ),
    # --- in YEAR, background with a year
    (
        "year-in-2012",
        "In 2012, Islamist rebels seized the northern town of Timbuktu and destroyed ancient shrines.",
        "2016-08-22",
        [("Timbuktu", N, "2012", True)],
        [],
    ),
    (
        "year-in-2014-is",
        "Islamic State militants overran Mosul in 2014 and declared a caliphate from its great mosque.",
        "2017-07-10",
        [("Mosul", N, "2014", True)],
        [],
    ),
    (
        "year-month-year",
        "Rebels of the Seleka coalition captured the city of Bambari in December 2012, residents recalled.",
        "2014-05-02",
        [("Bambari", N, "2012-12", True)],
        [],
    ),
    (
        "year-article-two",
        "BENI, Congo (AP) - The army retook the town of Kamango on Sunday, officials said. ADF rebels captured the "
        "town in 2013.",
        "2019-11-05",
        [("Kamango", S, "Sun", False), ("Kamango", N, "2013", True)],
        [],
    ),
    # --- a recapture today of a place lost earlier
    (
        "recap-lost-in-june",
        "Nigerian troops recaptured the town of Gwoza on Friday, the defence ministry said. Boko Haram had seized "
        "Gwoza in August last year.",
        "2015-03-29",
        [("Gwoza", S, "Fri", False), ("Gwoza", N, "2014-08", True)],
        [],
    ),
    (
        "recap-lost-last-month",
        "Ukrainian forces retook the village of Klishchiivka on Sunday, which Russian troops had captured last "
        "month, a spokesman said.",
        "2023-09-18",
        [("Klishchiivka", S, "Sun", False)],
        [],
    ),
    (
        "recap-syria-palmyra",
        "Syrian troops backed by Russian air strikes recaptured Palmyra from Islamic State on Sunday. The jihadists "
        "had seized the ancient city in May 2015.",
        "2016-03-28",
        [("Palmyra", S, "Sun", False), ("Palmyra", N, "2015-05", True)],
        [],
    ),
    (
        "recap-cameroon",
        "Cameroonian troops retook the town of Fotokol from Boko Haram fighters on Wednesday, a week after the "
        "militants overran it, a military source said.",
        "2015-02-06",
        [("Fotokol", S, "Wed", False)],
        [],
    ),
    # --- anniversaries, "a year after"
    (
        "anniv-a-year-after",
        "A year after the Taliban seized Kabul, the group's leaders remain isolated, diplomats said.",
        "2022-08-15",
        [("Kabul", N, "2021", True)],
        [],
    ),
    (
        "anniv-marked",
        "Residents of Mosul marked the anniversary of the city's liberation from Islamic State on Monday.",
        "2018-07-10",
        [("Mosul", S, "2017", True)],
        [],
    ),
    (
        "anniv-years-since",
        "Ten years after rebels captured Timbuktu, residents say the fear has not gone away.",
        "2022-04-01",
        [("Timbuktu", N, "2012", True)],
        [],
    ),
    (
        "anniv-one-year-takeover",
        "On the one-year anniversary of the Taliban's takeover of Kabul, women protested in the capital.",
        "2022-08-15",
        [("Kabul", N, -365, True)],
        [],
    ),
    (
        "anniv-tenth-fall",
        "Iraqis on Tuesday marked the 10th anniversary of the fall of Mosul to Islamic State militants.",
        "2024-06-11",
        [("Mosul", N, "2014-06", True)],
        [],
    ),
    # --- sides from descriptions
    (
        "side-gunmen",
        "Gunmen seized the village of Kadiri in Nigeria's Zamfara state on Monday, police said.",
        "2021-06-09",
        [("Kadiri", N, "Mon", False)],
        [],
    ),
    (
        "side-troops-loyal-to",
        "Troops loyal to President Salva Kiir recaptured the town of Bor from rebels on Saturday, a military "
        "spokesman said.",
        "2014-01-19",
        [("Bor", S, "Sat", False)],
        [],
    ),
    (
        "side-pro-government-militia",
        "A pro-government militia took control of the town of Kajo Keji on Thursday after rebels withdrew, local "
        "officials said.",
        "2017-01-28",
        [("Kajo Keji", N, "Thu", False)],
        [],
    ),
    (
        "side-forces-backed-by-france",
        "Malian forces backed by France recaptured the town of Gao on Saturday from Islamist militants, the army said.",
        "2013-01-27",
        [("Gao", S, "Sat", False)],
        [],
    ),
    (
        "side-jihadists",
        "The jihadists captured the town of Ansongo on Wednesday after soldiers fled, a local official said.",
        "2012-04-06",
        [("Ansongo", N, "Wed", False)],
        [],
    ),
    (
        "side-insurgents",
        "The insurgents overran the district headquarters of Ghormach on Sunday, a provincial official said.",
        "2021-07-06",
        [("Ghormach", N, "Sun", False)],
        [],
    ),
    (
        "side-fighters",
        "Fighters stormed the town of Tal Afar early Sunday and raised their black flag over the citadel, "
        "residents said.",
        "2014-06-17",
        [("Tal Afar", N, "Sun", False)],
        [],
    ),
    (
        "side-soldiers",
        "Soldiers took back the town of Bama on Monday, the army said in a statement.",
        "2015-03-17",
        [("Bama", S, "Mon", False)],
        [],
    ),
    (
        "side-coalition-backed",
        "Saudi-led coalition-backed forces captured the port city of Mokha on Monday from Houthi rebels, military "
        "sources said.",
        "2017-02-07",
        [("Mokha", S, "Mon", False)],
        [],
    ),
    (
        "side-rebel-group",
        "An armed group seized the town of Kanyabayonga on Saturday, pushing closer to Butembo, a local official said.",
        "2024-06-30",
        [("Kanyabayonga", N, "Sat", False)],
        [],
    ),
    (
        "side-separatists",
        "Separatist fighters took control of the town of Bafut on Tuesday, a local official said.",
        "2018-11-08",
        [("Bafut", N, "Tue", False)],
        [],
    ),
    (
        "side-government-backed-militia",
        "Government-backed militiamen recaptured the village of Tawila on Friday, a local leader said.",
        "2024-09-16",
        [("Tawila", N, "Fri", False)],
        [],
    ),
    (
        "side-armed-forces-of",
        "The armed forces of Burkina Faso regained control of the town of Solenzo on Thursday, the army said.",
        "2025-03-15",
        [("Solenzo", S, "Thu", False)],
        [],
    ),
    (
        "side-militiamen",
        "Militiamen overran the town of Maganga in South Kivu on Wednesday, aid workers said.",
        "2019-03-10",
        [("Maganga", N, "Wed", False)],
        [],
    ),
    (
        "side-turkish-backed-rebels",
        "Turkish-backed rebels captured the Syrian border town of Tal Abyad on Sunday, Ankara said.",
        "2019-10-14",
        [("Tal Abyad", N, "Sun", False)],
        [],
    ),
    (
        "side-uae-backed-separatists",
        "UAE-backed separatists seized the presidential palace in Aden on Saturday, officials said.",
        "2019-08-11",
        [("Aden", N, "Sat", False)],
        [],
    ),
    (
        "side-iran-backed-militias",
        "Iran-backed militias took control of the town of Abu Kamal on Sunday, a war monitor said.",
        "2017-11-20",
        [("Abu Kamal", N, "Sun", False)],
        [],
    ),
    (
        "side-french-backed-troops",
        "French-backed Malian troops entered the town of Gao on Saturday.",
        "2013-01-27",
        [("Gao", S, "Sat", False)],
        [],
    ),
    (
        "side-allied-with",
        "Fighters allied with the Tigray People's Liberation Front seized the town of Kemise on Monday.",
        "2021-11-02",
        [("Kemise", N, "Mon", False)],
        [],
    ),
    (
        "side-government-allied-militias",
        "Government-allied militias recaptured the town of Zinjibar on Tuesday, officials said.",
        "2016-06-01",
        [("Zinjibar", N, "Tue", False)],
        [],
    ),
    # --- more tense and voice variation
    (
        "voice-was-seized-by",
        "The town of Menaka was seized by Islamic State fighters on Thursday, the regional governor said.",
        "2023-04-16",
        [("Menaka", N, "Thu", False)],
        [],
    ),
    (
        "voice-was-recaptured-by",
        "The town of Jowhar was recaptured by government forces on Tuesday, officials said.",
        "2009-05-22",
        [("Jowhar", S, "Tue", False)],
        [],
    ),
    (
        "voice-has-been-recaptured",
        "The strategic town of Ajdabiya has been recaptured by rebel forces, a spokesman said on Monday.",
        "2011-04-11",
        [("Ajdabiya", N, None, False)],
        [],
    ),
    (
        "order-on-day-first",
        "On Sunday, Islamist militants seized the town of Douentza, residents said.",
        "2012-09-04",
        [("Douentza", N, "Sun", False)],
        [],
    ),
    (
        "order-date-at-end",
        "Kachin Independence Army fighters captured the town of Bhamo, the army said in a statement issued on Friday.",
        "2024-12-08",
        [("Bhamo", N, None, False)],
        [],
    ),
    (
        "headline-and-body",
        "Rebels seize key town in eastern Congo\n\nM23 rebels seized the town of Sake on Thursday, a local official "
        "said.",
        "2024-02-10",
        [("Sake", N, "Thu", False)],
        [],
    ),
    (
        "attrib-officials-said-wednesday",
        "Islamic State-linked militants have seized the town of Tillaberi, officials said Wednesday.",
        "2022-03-02",
        [("Tillaberi", N, (-3, 0), False)],
        [],
    ),
    (
        "said-it-had-captured",
        "The Arakan Army said on Saturday it had captured the town of Buthidaung the previous day.",
        "2024-05-19",
        [("Buthidaung", N, (-3, -1), False)],
        [],
    ),
    (
        "kashmir-militants",
        "SRINAGAR (Reuters) - Indian troops regained control of the village of Pampore on Monday after a 48-hour "
        "gunbattle with militants, police said.",
        "2016-02-23",
        [("Pampore", S, "Mon", False)],
        [],
    ),
    (
        "chad-rebels",
        "NDJAMENA (AFP) - Chadian rebels seized the eastern town of Goz Beida on Sunday, a rebel spokesman said "
        "on Monday.",
        "2007-11-26",
        [("Goz Beida", N, "Sun", False)],
        [],
    ),
    (
        "niger-since-when-clause",
        "Jihadists have held the town of Diffa since Saturday, when they overran the army base there, residents said.",
        "2015-02-10",
        [("Diffa", N, "Sat", None)],
        [],
    ),
    # --- narrative: the day told in an earlier sentence, the change in a later one (past perfect, "by nightfall")
    (
        "narr-by-nightfall-had",
        "BENI, Congo (Reuters) - Heavy fighting broke out on Monday around the town of Oicha. By nightfall the ADF "
        "rebels had taken control of the town centre, a local official said.",
        "2019-11-20",
        [("Oicha", N, "Mon", False)],
        [],
    ),
    (
        "narr-fighting-then-had-fallen",
        "Fighting erupted on Saturday in the town of Kurmuk near the Ethiopian border. By Sunday the town had "
        "fallen to the army, a spokesman said.",
        "2011-11-08",
        [("Kurmuk", S, "Sun", False)],
        [],
    ),
    (
        "narr-second-sentence-no-date",
        "Myanmar's military launched air strikes on Laukkai on Thursday as ethnic fighters closed in. The rebels "
        "had seized the town by the end of the day, residents said.",
        "2023-12-03",
        [("Laukkai", N, (-5, 0), False)],
        [],
    ),
    (
        "narr-pp-paragraph",
        "KABUL (AP) - The Taliban on Friday captured Herat, the country's third-largest city.\n\nThe insurgents "
        "had also taken the city of Kandahar, a local official said.",
        "2021-08-13",
        [("Herat", N, (-1, 0), False), ("Kandahar", N, (-2, 0), False)],
        [],
    ),
    (
        "narr-has-fallen-headline-day",
        "DAMASCUS - The city of Homs has fallen to the rebels, a war monitor said on Sunday, a day after the "
        "government lost Hama.",
        "2024-12-08",
        [("Homs", N, (-1, 0), False), ("Hama", N, -1, None)],
        [],
    ),
    # --- a subordinate or reduced clause that tells today's change (news, not background)
    (
        "news-after-seized-it-monday",
        "Thousands of residents fled the town of Mutarule after rebels seized it on Monday, the United Nations "
        "said on Wednesday.",
        "2014-06-11",
        [("Mutarule", N, "Mon", False)],
        [],
    ),
    (
        "news-captured-by-participle",
        "The town of Kunduz, captured by the Taliban on Monday, was still under their control on Wednesday, "
        "officials said.",
        "2015-09-30",
        [("Kunduz", N, "Mon", None)],
        [],
    ),
    (
        "news-who-seized-on-tuesday",
        "The rebels, who seized the town of Bor on Tuesday, said they would march on the capital.",
        "2013-12-20",
        [("Bor", N, (-4, -1), None)],
        [],
    ),
    (
        "news-since-seizing-saturday",
        "Since seizing the town of Birao on Saturday, rebels of the UFDR have looted government offices, "
        "residents said.",
        "2006-11-01",
        [("Birao", N, "Sat", None)],
        [],
    ),
    (
        "news-nominal-fall-on-sunday",
        "The fall of Lisichansk on Sunday gives Russia control of the whole of the Luhansk region, analysts said.",
        "2022-07-04",
        [("Lisichansk", S, "Sun", None)],
        ["Luhansk"],
    ),
    (
        "news-the-capture-of-x-on",
        "The capture of Sake on Wednesday by M23 rebels cut the main road into Goma, aid agencies said.",
        "2025-01-24",
        [("Sake", N, "Wed", None)],
        ["Goma"],
    ),
    (
        "news-third-capital-in-a-week",
        "Taliban fighters took the city of Sar-e Pul on Sunday, the third provincial capital to fall in a week, "
        "officials said.",
        "2021-08-09",
        [("Sar-e Pul", N, "Sun", False)],
        [],
    ),
    # --- background recalled with its own time beside the news
    (
        "bg-last-year-main-clause",
        "Al-Shabab fighters captured the town of Leego last year, but they were pushed out by African Union "
        "troops on Tuesday, a commander said.",
        "2016-01-14",
        [("Leego", S, "Tue", False)],
        [],
    ),
    (
        "bg-in-may-pp-second-sentence",
        "Libyan rebels retook the oil port of Brega on Thursday. Gadhafi's forces had seized it in March.",
        "2011-08-20",
        [("Brega", N, "Thu", False), ("Brega", S, "2011-03", None)],
        [],
    ),
    (
        "bg-months-ago",
        "Jihadists who seized the town of Ansongo months ago still man checkpoints on the road to Gao, "
        "residents said on Monday.",
        "2012-10-08",
        [],
        ["Gao"],
    ),
    (
        "bg-since-2014-held",
        "Government troops on Sunday entered Marib's district of Sirwah, held by the Houthis since 2015, the "
        "army said.",
        "2020-03-02",
        [("Sirwah", S, "Sun", False)],
        [],
    ),
    (
        "bg-anniversary-on-sunday",
        "Mozambique marked on Sunday the third anniversary of the insurgents' capture of Palma.",
        "2024-03-25",
        [("Palma", N, "2021", True)],
        [],
    ),
    (
        "bg-the-day-rebels-seized",
        "Residents recalled the day in 2012 when rebels seized the town of Goma, as M23 fighters entered the city "
        "again on Monday.",
        "2025-01-28",
        [("Goma", N, "Mon", False)],
        [],
    ),
    (
        "bg-fighters-who-took-in-2016",
        "The Filipino troops recaptured the town of Butig on Saturday from Maute fighters, who took it in "
        "November, the military said.",
        "2016-12-05",
        [("Butig", S, "Sat", False)],
        [],
    ),
    # --- the narrative's time of one side's change is not the time of the other side's, told later undated
    (
        "lend-other-side-libya",
        "Forces of eastern commander Khalifa Haftar took the town of Gharyan on Thursday, residents said.\n"
        "Government troops said they had driven Haftar's fighters out of the Ain Zara district.",
        "2019-04-07",
        [("Gharyan", N, "Thu", False), ("Ain Zara", S, (-1, 0), False)],
        [],
    ),
    (
        "lend-other-side-congo",
        "M23 rebels seized the town of Sake on Tuesday, a local official said.\nThe army said it had recaptured "
        "the town of Kanyabayonga from the rebels.",
        "2024-02-09",
        [("Sake", N, "Tue", False), ("Kanyabayonga", S, (-1, 0), False)],
        [],
    ),
    (
        "lend-other-side-ukraine",
        "Russian troops captured the village of Krasnohorivka on Monday, Moscow said.\nUkraine's military said "
        "its forces had retaken the village of Robotyne.",
        "2024-09-12",
        [("Krasnohorivka", S, "Mon", False), ("Robotyne", S, (-1, 0), False)],
        [],
    ),
    (
        "lend-same-side-goes-on",
        "Taliban fighters captured the city of Kunduz on Sunday, officials said.\nThe insurgents also took the "
        "city of Taloqan.",
        "2021-08-09",
        [("Kunduz", N, "Sun", False), ("Taloqan", N, None, False)],
        [],
    ),
    # --- a withdrawal's gainer: the side the article says took the place, not the state by default
    (
        "withdraw-gainer-colombia",
        "Guerrillas of the National Liberation Army have taken control of the village of La Gabarra after days of "
        "fighting with former FARC rebels, officials said on Sunday.\nThe dissidents withdrew from La Gabarra "
        "toward the border, residents said.",
        "2025-01-20",
        [("La Gabarra", N, None, False)],
        [("La Gabarra", S)],
    ),
    (
        "withdraw-gainer-syria",
        "Turkish-backed rebels took control of the town of Tal Rifaat on Sunday after clashes with Kurdish "
        "fighters, a war monitor said.\nThe Kurdish fighters withdrew from Tal Rifaat toward Manbij.",
        "2024-12-02",
        [("Tal Rifaat", N, None, False)],
        [("Tal Rifaat", S)],
    ),
    (
        "gainer-not-the-loser-yemen",
        "Coalition-backed forces captured the town of Hays on Saturday from Houthi rebels, military sources said.",
        "2018-02-25",
        [("Hays", S, "Sat", False)],
        [],
    ),
    # --- a time under "since" that hangs on another clause is that clause's period, not the change's day
    (
        "since-landmark-first-to-fall",
        "Russian forces have captured Kherson, the first major Ukrainian city to fall since the invasion began a "
        "week ago, officials said Thursday.",
        "2022-03-03",
        [("Kherson", S, (-1, 0), False)],
        [],
    ),
    (
        "since-landmark-aleppo",
        "Rebels have seized most of Aleppo, the first city to slip from government control since the uprising "
        "began in 2011, a war monitor said on Saturday.",
        "2024-11-30",
        [("Aleppo", N, (-2, 0), False)],
        [],
    ),
    (
        "since-clause-is-the-change",
        "Since the Taliban captured Ghazni on Thursday, thousands of families have fled to Kabul.",
        "2021-08-14",
        [("Ghazni", N, "Thu", None)],
        [],
    ),
    (
        "since-time-when-clause",
        "Baidoa has been under al-Shabab control since April, when the militants seized it from government troops.",
        "2023-09-14",
        [("Baidoa", N, "2023-04", None)],
        [],
    ),
    (
        "since-time-when-entered",
        "Goma has been in rebel hands since Tuesday, when M23 fighters entered the city unopposed.",
        "2012-11-22",
        [("Goma", N, "Tue", None)],
        [],
    ),
    # --- round 2 session 9: a nominal's time where the parse hangs it on the verb; the ranked infinitive; a
    # declared state
    (
        "nominal-subject-time-before-verb",
        "The fall of Hama on Thursday stunned the government in Damascus.",
        "2024-12-06",
        [("Hama", None, "Thu", None)],
        [],
    ),
    (
        "nominal-announced-capture",
        "Tuareg separatists announced the capture of Tessalit on Tuesday.",
        "2012-03-15",
        [("Tessalit", N, "Tue", None)],
        [],
    ),
    (
        "nominal-completed-takeover",
        "M23 fighters completed their takeover of Bukavu on Sunday, residents said.",
        "2025-02-17",
        [("Bukavu", N, "Sun", None)],
        [],
    ),
    (
        "ranked-infinitive-second-city",
        "Sirte became the second city to fall to the militants.",
        "2015-06-10",
        [("Sirte", N, None, None)],
        [],
    ),
    (
        "ranked-infinitive-next-is-a-forecast",
        "Analysts said Ramadi could become the next city to fall to the militants if reinforcements do not arrive.",
        "2015-05-12",
        [],
        ["Ramadi"],
    ),
    (
        "declared-liberated-by-the-army",
        "The Ukrainian military declared Kherson liberated on Friday after Russian troops withdrew across the "
        "Dnipro River.",
        "2022-11-12",
        [("Kherson", S, "Fri", None)],
        [],
    ),
    (
        "declared-liberated-by-rebels",
        "HTS leader Abu Mohammed al-Golani declared Hama liberated on Thursday, hours after his fighters entered it.",
        "2024-12-06",
        [("Hama", N, "Thu", None)],
        [("Hama", S)],
    ),
    (
        "declared-free-by-rebels",
        'Syrian rebels declared Damascus "free" on Sunday after President Bashar al-Assad fled the country.',
        "2024-12-09",
        [("Damascus", N, "Sun", None)],
        [("Damascus", S)],
    ),
    (
        "declared-free-by-no-armed-side",
        "The opposition declared Istanbul free after Sunday's vote.",
        "2019-06-25",
        [],
        ["Istanbul"],
    ),
    # --- a relative clause tells of the named place right before it, not of the nouns joined after it
    (
        "rel-named-place-before-the-clause",
        "The recapture of Baiji severs Highway 1, the main road used by the militants to move fighters, weapons and "
        "fuel between Mosul, which they seized in June last year, and their de facto capital of Raqqa in Syria.",
        "2015-10-22",
        [("Mosul", N, "2014-06", True)],
        ["Raqqa", "Highway"],
    ),
    # --- a span "later" counts from the time told before it, in an earlier sentence too
    (
        "span-a-day-later-next-sentence",
        "The Taliban took Zaranj on Aug. 6. A day later, they captured Sheberghan.",
        "2021-08-10",
        [("Zaranj", N, "2021-08-06", None), ("Sheberghan", N, "2021-08-07", None)],
        [],
    ),
    (
        "span-a-month-later-next-sentence",
        "M23 rebels captured Goma in January. A month later, they took Bukavu.",
        "2025-03-01",
        [("Goma", N, "2025-01", None), ("Bukavu", N, "2025-02", None)],
        [],
    ),
    # --- a war between states: the pronoun of a clause of "when" is the party its main clause gives a gain to; a
    # fall a side claims is that side's; a happening told as the subject of a modal clause is only supposed
    (
        "when-clause-pronoun-is-the-dative",
        "Capturing the city would give Russia its first significant gain since January, when it took Soledar, a "
        "salt-mining town.",
        "2023-05-21",
        [("Soledar", S, None, None)],
        [("Soledar", N), "Bakhmut"],
    ),
    (
        "claimed-fall-is-the-claimants",
        "Russia claims Bakhmut has fallen; Ukraine says its troops still fight on",
        "2023-05-21",
        [("Bakhmut", S, None, None)],
        [("Bakhmut", N)],
    ),
    (
        "modal-subject-is-supposed",
        "The fall of Goma would be a major blow to the government in Kinshasa, diplomats said.",
        "2025-01-20",
        [],
        ["Goma"],
    ),
    # --- a share of a place: a town changes hands in part, a country does not
    (
        "part-of-a-country-changes-no-hands",
        "The fighters belong to ISIL, an al Qaeda offshoot that has already taken over large parts of eastern Syria.",
        "2014-06-10",
        [],
        ["Syria"],
    ),
    (
        "part-of-a-town-changes-hands",
        "Rebels seized much of Taiz on Friday, residents said.",
        "2015-03-23",
        [("Taiz", N, "Fri", None)],
        [],
    ),
    (
        "entry-moved-into-a-town",
        "Kurdish peshmerga forces moved into Kirkuk on Thursday after the army fled, officials said.",
        "2014-06-13",
        [("Kirkuk", S, "Thu", None)],
        [],
    ),
    (
        "entry-moved-into-no-town",
        "Thousands of displaced families moved into Goma, and troops moved into position near the border.",
        "2025-01-20",
        [],
        ["Goma"],
    ),
    (
        "list-towns-after-a-site",
        "A rebel spokesman said on Saturday that fighters had also taken Aleppo's international airport and the "
        "towns of Saraqeb and Khan Sheikhoun.",
        "2024-11-30",
        [("Saraq", N, 0, None), ("Khan Sh", N, 0, None)],
        [],
    ),
    # --- gapping: a place after "and" with the verb left out, at the time its own stretch tells
    (
        "gap-object-and-its-time",
        "The rebels captured Gao in March and Timbuktu in April, diplomats said.",
        "2012-05-02",
        [("Gao", N, "2012-03", None), ("Timbuktu", N, "2012-04", None)],
        [],
    ),
    (
        "gap-later-that-year",
        "Last June the M23 rebels seized Bunagana, a town on the Ugandan border, and later that year Rutshuru.",
        "2023-03-01",
        [("Bunagana", N, "2022-06", None), ("Rutshuru", N, None, None)],
        [],
    ),
    (
        "gap-after-fell",
        "Kherson fell to Russian troops on March 2 and Melitopol on March 1, officials in Kyiv conceded.",
        "2022-03-10",
        [("Kherson", S, "2022-03-02", None), ("Melitopol", S, "2022-03-01", None)],
        [],
    ),
    (
        "gap-a-name-modifying-a-subject-is-no-object",
        "The army retook Gao on Monday and Timbuktu residents celebrated in the streets.",
        "2013-01-30",
        [("Gao", S, "Mon", None)],
        ["Timbuktu"],
    ),
    (
        "gap-a-place-in-a-phrase-is-no-object",
        "The army took Gao on Monday and, according to officials in Bamako, is now moving north.",
        "2013-01-30",
        [("Gao", S, "Mon", None)],
        ["Bamako"],
    ),
]


def _fold(s: str | None) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s or "") if not unicodedata.combining(c)).casefold()


def changes(doc) -> list[tuple[str, str | None, date | None, date | None, bool]]:
    """(place name and mention, gainer's side, earliest and latest day, background) of every change of hands."""
    out = []
    for e in doc.events:
        if e.sub_event_type not in TAKEOVER or e.place is None:
            continue
        p, a = doc.place(e.place), doc.actor(e.actor1)
        side = None if a is None else ("state" if a.kind in STATE else "non-state")
        lo = hi = None
        if e.date is not None:
            lo, hi = e.date.earliest, e.date.latest
            if len(e.date.value) == 10 and e.date.value[:4].isdigit():
                lo = hi = date.fromisoformat(e.date.value)
        out.append((_fold(p.name + " | " + p.mention.text), side, lo, hi, e.background))
    return out


def _when_ok(when, pub: date, lo: date | None, hi: date | None) -> bool:
    if when is None:
        return hi is None or hi <= pub
    if lo is None or hi is None:
        return False
    if isinstance(when, str) and when in DAYS:
        back = (pub.weekday() - DAYS.index(when)) % 7 or 7
        day = pub - timedelta(days=back)
        return abs((lo - day).days) <= 1 and abs((hi - day).days) <= 1
    if isinstance(when, int):
        day = pub + timedelta(days=when)
        return abs((lo - day).days) <= 1 and abs((hi - day).days) <= 1
    if isinstance(when, tuple):
        a, b = pub + timedelta(days=when[0]), pub + timedelta(days=when[1])
        return a <= lo and hi <= b
    return lo.isoformat().startswith(when) and hi.isoformat().startswith(when)


def check(doc, published: str, want, never) -> list[str]:
    """What is wrong with ``doc``'s changes of hands (empty when the case passes)."""
    pub = date.fromisoformat(published)
    got = changes(doc)
    bad = [f"after publication: {g}" for g in got if g[2] is not None and g[2] > pub]
    for place, side, when, bg in want:
        if not any(
            _fold(place) in g[0]
            and (side is None or g[1] == side)
            and _when_ok(when, pub, g[2], g[3])
            and (bg is None or g[4] == bg)
            for g in got
        ):
            bad.append(f"missing {(place, side, when, bg)}")
    for place in never:  # a place that must not change hands (to the side given)
        name, side = place if isinstance(place, tuple) else (place, None)
        if any(_fold(name) in g[0] and (side is None or g[1] == side) for g in got):
            bad.append(f"never {place}")
    return bad + ([f"got {got}"] if bad else [])


# cases the rules do not read yet (strict: a case that starts passing must leave this list), most outside time and
# side: towns the gazetteer lacks named outside a verb of taking (Konna, Diabaly, Bardale), "the town centre", an
# appositive after a capital ("Herat, the country's third-largest city"), a reduced relative ("Kunduz, captured by
# the Taliban on Monday"), "pushed out by" after a capture, "Gadhafi's forces" as a state force, the nominal "the
# fall of Lisichansk" as the subject, "earlier this week" still reaching the report's day,
# "entered the city" in a clause of "when" on a time, "it" for the town told before as
# the object of a verb of taking ("after rebels seized it") is read by the places branch
# (control_objects.named_before, only where an armed side acts in the sentence)
GAPS: set[str] = {
    "rel-earlier-this-week",
    "rel-cl-militants-who-seized-last-year",
    "narr-by-nightfall-had",
    "narr-pp-paragraph",
    "news-captured-by-participle",
    "news-nominal-fall-on-sunday",
    "bg-last-year-main-clause",
    "bg-in-may-pp-second-sentence",
    "since-time-when-entered",
    "since-time-when-clause",
}


def _params():
    for c in CASES:
        marks = [pytest.mark.xfail(strict=True, reason="a known gap of the class")] if c[0] in GAPS else []
        yield pytest.param(*c[1:], id=c[0], marks=marks)


@pytest.mark.parametrize(("text", "published", "want", "never"), list(_params()))
def test_time_background_and_side_of_a_change(extract, text, published, want, never):
    assert check(extract(text, published=published), published, want, never) == []


def test_no_change_is_dated_after_its_report(extract):
    for _, text, published, _, _ in CASES[::5]:
        pub = date.fromisoformat(published)
        assert all(g[2] is None or g[2] <= pub for g in changes(extract(text, published=published)))


def test_case_names_are_unique_and_every_gap_is_a_case():
    names = [c[0] for c in CASES]
    assert len(names) == len(set(names)) and GAPS <= set(names)


if __name__ == "__main__":  # the class measured case by case
    import sys

    from sitroom.ingest import article_from_text
    from sitroom.pipeline import default_pipeline

    pipe = default_pipeline()
    fails = 0
    for cid, text, published, want, never in CASES:
        bad = check(pipe.run(article_from_text(text, published=published)), published, want, never)
        fails += bool(bad)
        if bad or "-v" in sys.argv:
            print(("FAIL " if bad else "ok   ") + cid, *bad, sep="\n    ")
    print(f"{len(CASES) - fails}/{len(CASES)} pass")


@pytest.mark.parametrize(
    ("text", "published", "place", "not_on"),
    [
        # a time of a clause set inside the subject dates that clause, not the change the subject noun names
        (
            "The capture of Wad Madani, the army said on Saturday, was a major blow to the Rapid Support Forces.",
            "2023-01-16",
            "wad",
            "2023-01-14",
        ),
        # "before" opens a landmark: no span counted back from the time told before
        (
            "The Taliban took Zaranj on Aug. 6. Three days before the fall of Kabul, they captured Jalalabad.",
            "2021-08-20",
            "jalal",
            "2021-08-03",
        ),
    ],
)
def test_a_time_that_is_not_the_changes_does_not_date_it(extract, text, published, place, not_on):
    got = [g for g in changes(extract(text, published=published)) if place in g[0]]
    assert got and all(g[2] != date.fromisoformat(not_on) for g in got), got


def test_a_gapped_place_keeps_the_time_its_stretch_tells_against_the_verbs(extract):
    """ "and Ramadi a week earlier": a span from the verb's time, not the report's day; "and Goma in November": the
    month in the verb's year."""
    got = changes(
        extract("The militants seized Palmyra in May 2015 and Ramadi a week earlier.", published="2024-05-02")
    )
    assert any("ramadi" in g[0] and g[2] is not None and g[2].year == 2015 for g in got), got
    got = changes(
        extract("GOMA, Congo — M23 rebels seized Bunagana in July 2012 and Goma in November.", published="2013-01-10")
    )
    assert any("goma" in g[0] and g[2] == date(2012, 11, 1) for g in got), got
