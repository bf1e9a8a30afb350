"""Mirmahmudov LCPC (FTI), Nookat district, supported since 2014.

Cycle 1 (2014-15): the uncontroversial priorities first. Cycle 2 (from July 2015): the
sensitive ones, after the exchange visit of the Tash-Bulak and Yrys LCPCs; one plan waits in
the partner's review queue, another was returned with comments.
"""

from cycles.demo.story import (
    ACHIEVED,
    ACT,
    AUTHORITY,
    CASH,
    CAT,
    CO_FACILITATED,
    COMMUNITY,
    DONE,
    ELDERS,
    HIGHLY,
    IN_KIND,
    IN_PROGRESS,
    PARTLY,
    PARTNER_LED,
    SENSITIVE,
    SOURCE,
    WOMEN,
    YOUTH,
    K,
    Story,
    criteria_of,
)


def mirmahmudov(s: Story) -> None:
    hall = "Ayil okmotu assembly hall"
    premises = "LCPC premises at the ayil okmotu"
    members = {
        "women": (0, 0, 1, 2, 2),
        "men": (0, 0, 2, 2, 1, 2),
        "ethnic": {"kyrgyz": 7, "uzbek": 5},
        "police": True,
        "authority": True,
    }
    first = s.start(
        "2014-03-03",
        PARTNER_LED,
        conflict_drivers=(
            "Tension between Kyrgyz and Uzbek young people; extremist groups recruiting young "
            "men; early marriages that break down and set two families against each other."
        ),
        dividers=(
            "Little trust between police and residents; older and younger people disagree "
            "about religion; Kyrgyz and Uzbek neighbourhoods keep apart."
        ),
        connectors=(
            "The ayil okmotu backs the LCPC and gave it premises; the elders' court is respected "
            "by both groups; schools where both groups study."
        ),
        actors=(
            "Ayil okmotu, Nookat district police (neighbourhood and juvenile inspectors), "
            "elders' court, women's and youth committees, religious leaders, schools, FTI."
        ),
        risks=(
            "Talking about extremism could cast suspicion on whole families; people fear "
            "being reported to the police."
        ),
    )
    s.train(first, "2014-03-17", "Community security approach", premises, **members)
    s.train(first, "2014-04-07", "SARA problem-solving method", premises, **members)
    s.advance(first, "2014-04-14")
    village = s.meet(
        first,
        K.COMMUNITY,
        "2014-04-28",
        hall,
        women=(0, 0, 8, 11, 9, 4),
        men=(0, 0, 7, 10, 9, 8),
        ethnic={"kyrgyz": 36, "uzbek": 30},
        police=True,
        authority=True,
    )
    women = s.meet(
        first,
        K.WOMEN,
        "2014-05-12",
        "Women's council room",
        women=(0, 0, 14, 12, 8, 3),
        ethnic={"kyrgyz": 19, "uzbek": 18},
    )
    young = s.meet(
        first,
        K.YOUTH,
        "2014-05-19",
        "Secondary school",
        women=(0, 12, 9),
        men=(0, 15, 11),
        ethnic={"kyrgyz": 25, "uzbek": 22},
    )
    marriage = s.concern(
        first,
        "2014-05-26",
        "Young mothers left homeless when an early marriage breaks down",
        CAT.EARLY_MARRIAGE,
        [WOMEN],
        at=[women],
        sensitivity=SENSITIVE,
        description="The quarrels that follow between the two families often turn violent.",
    )
    extremism = s.concern(
        first,
        "2014-05-26",
        "Young men recruited by extremist groups",
        CAT.RADICALISATION,
        [ELDERS, WOMEN, AUTHORITY],
        at=[village, women],
        sensitivity=HIGHLY,
    )
    youth_fights = s.concern(
        first,
        "2014-05-26",
        "Fights between Kyrgyz and Uzbek young men",
        CAT.INTER_ETHNIC,
        [YOUTH, COMMUNITY],
        at=[village, young],
    )
    extortion = s.concern(
        first,
        "2014-05-26",
        "Older pupils extorting money from younger ones",
        CAT.EXTORTION,
        [YOUTH, WOMEN],
        at=[young, women],
    )
    distrust = s.concern(
        first,
        "2014-05-26",
        "Residents do not trust the police",
        CAT.POLICE_RELATIONS,
        [COMMUNITY, ("ethnic_group", "uzbek")],
        at=[village],
        sensitivity=SENSITIVE,
    )
    s.score(marriage, "2014-05-26", (5, 3, 3, 4), women=(5, 4, 3, 5))
    s.score(extremism, "2014-05-26", (5, 4, 2, 3))
    s.score(youth_fights, "2014-05-26", (4, 4, 4, 4), youth=(4, 5, 4, 4))
    s.score(extortion, "2014-05-26", (4, 3, 5, 5), youth=(5, 4, 5, 5))
    s.score(distrust, "2014-05-26", (4, 5, 2, 3))
    s.prioritise("2014-05-26", extortion, youth_fights)
    s.advance(first, "2014-05-26", "The LCPC chose the issues it can solve first.")

    plan = s.plan(
        first,
        "2014-06-09",
        "Safe schools and streets for young people",
        concerns=[extortion, youth_fights],
        objective=(
            "Pupils can report extortion safely and it stops; young Kyrgyz and Uzbek men "
            "meet on the football pitch instead of in fights."
        ),
        harm_risks=(
            "Pupils who report extortion could be bullied; a campaign aimed at one group's "
            "young people would deepen the divide."
        ),
        tension_avoidance=(
            "Reports go to a trusted teacher and the juvenile inspector and are never named "
            "in public; every team and event mixes Kyrgyz and Uzbek young people and is run by "
            "youth committee members of both groups."
        ),
        criteria=[
            (
                "Pupils who say they were made to pay at school in the last month",
                "About one in five at the youth consultation",
                "Fewer than one in twenty",
            ),
            (
                "Fights between young Kyrgyz and Uzbek men reported to the police in a quarter",
                "Four",
                "None",
            ),
        ],
    )
    paying, fights_reported = criteria_of(plan)
    campaign = s.activity(
        plan,
        "Campaign against extortion in the three schools",
        ACT.INFORMATION_CAMPAIGN,
        responsible="Ilkhom Karimov, juvenile inspector, and Feruza Khodjaeva, teacher",
        planned=("2014-09-08", "2014-11-28"),
        seed="22000",
        taking_part=["Nookat district police department"],
    )
    league = s.activity(
        plan,
        "Football league of mixed Kyrgyz and Uzbek teams",
        ACT.SPORTS_CULTURAL,
        responsible="Sherzod Mamajonov and Aidai Bekmuratova, youth committee",
        planned=("2014-07-01", "2014-10-15"),
        seed="30000",
        taking_part=["Mirmahmudov ayil okmotu"],
    )
    s.contribution(
        plan,
        SOURCE.LOCAL_AUTHORITY_BUDGET,
        CASH,
        "Mirmahmudov ayil okmotu",
        "Prizes and referees for the league",
        "15000",
        "15000",
        activity=league,
    )
    s.contribution(
        plan,
        SOURCE.BUSINESS,
        IN_KIND,
        "Shop owners at the bazaar",
        "Football kits",
        "8000",
        "6000",
        activity=league,
    )
    s.contribution(
        plan,
        SOURCE.COMMUNITY_LABOUR,
        IN_KIND,
        "Parents and the youth committee",
        "Levelling and marking the pitch",
        "5000",
        "5000",
    )
    s.submit(plan, "2014-06-16")
    s.approve(plan, "2014-06-23")
    s.start_plan(plan, "2014-07-01")
    s.advance(first, "2014-07-01")
    s.monitor(
        league,
        "2014-08-15",
        IN_PROGRESS,
        "Eight mixed teams; girls' volleyball added at the youth committee's request.",
        women=(0, 14, 6),
        men=(0, 52, 38),
    )
    s.monitor(
        campaign,
        "2014-09-26",
        IN_PROGRESS,
        "Sessions in two schools; a box for anonymous notes put up in each.",
        women=(96, 88),
        men=(101, 93),
    )
    s.monitor(
        league,
        "2014-10-15",
        DONE,
        "Final played before some 300 spectators, without incident.",
        women=(0, 4, 2),
        men=(0, 6, 4),
        criteria={fights_reported: "No fights reported this quarter."},
    )
    s.monitor(
        campaign,
        "2014-11-28",
        DONE,
        "Third school done; the boxes received eleven notes, passed to the juvenile inspector.",
        women=(52, 47),
        men=(55, 49),
        criteria={paying: "School survey: about one pupil in twelve."},
    )
    s.complete(plan, "2014-12-05")
    s.advance(first, "2014-12-05")
    s.evaluate(
        first,
        "2015-05-18",
        participants=(
            "LCPC members, the head of the ayil okmotu, the neighbourhood and juvenile "
            "inspectors, teachers and parents."
        ),
        safety=(2, 3),
        worked=(
            "Youth committee members of both groups ran the league themselves; the anonymous "
            "boxes gave pupils a safe way to report."
        ),
        lessons=(
            "Extortion dropped where the school director backed the campaign, and not in the "
            "school that kept its distance."
        ),
        improvements=(
            "Take up the harder issues raised in 2014, early marriage and extremism, with "
            "more care for who could be put at risk."
        ),
        results={paying: PARTLY, fights_reported: ACHIEVED},
    )
    s.resolve(youth_fights, "2015-05-18", "No fights reported for two quarters.")
    s.close(first, "2015-06-26")

    second = s.next_cycle(
        first,
        "2015-07-13",
        CO_FACILITATED,
        conflict_drivers=(
            "Recruiters reaching young men through acquaintances and the internet; families "
            "broken by early marriages; lingering mistrust of the police."
        ),
        dividers=(
            "Generations disagree about religion; after a marriage breaks down the two "
            "families take sides."
        ),
        connectors=(
            "The LCPC is now known and trusted; the ayil okmotu funds part of its work; the "
            "youth league brought young people of both groups together."
        ),
        actors=(
            "Ayil okmotu, Nookat district police, imams, elders' court, women's council, "
            "youth committee, schools, FTI."
        ),
        risks=(
            "Families of young men who went to fight abroad may be shunned; young women who "
            "speak about their marriage may be pressured at home."
        ),
    )
    s.train(
        second,
        "2015-07-27",
        "Gender and security",
        premises,
        women=(0, 0, 1, 2, 2),
        men=(0, 0, 2, 1, 1, 2),
        ethnic={"kyrgyz": 7, "uzbek": 4},
        police=True,
        authority=True,
    )
    s.advance(second, "2015-08-03")
    women = s.meet(
        second,
        K.WOMEN,
        "2015-08-17",
        "Women's council room",
        women=(0, 0, 12, 10, 7, 2),
        ethnic={"kyrgyz": 16, "uzbek": 15},
        by_group=True,
        notes="Led by the LCPC's secretary and the women's council.",
    )
    village = s.meet(
        second,
        K.COMMUNITY,
        "2015-08-24",
        hall,
        women=(0, 0, 7, 9, 8, 3),
        men=(0, 0, 8, 10, 9, 9),
        ethnic={"kyrgyz": 33, "uzbek": 30},
        police=True,
        authority=True,
    )
    s.meet(
        second,
        K.EXCHANGE_VISIT,
        "2015-09-24",
        premises,
        topic="Preventing extremism and radicalisation; the SARA method in practice",
        women=(0, 0, 3, 4, 3),
        men=(0, 0, 3, 4, 4, 2),
        ethnic={"kyrgyz": 12, "uzbek": 10, "russian": 1},
        police=True,
        authority=True,
        notes=(
            "Two days with members of the Tash-Bulak and Yrys LCPCs from Jalal-Abad region. "
            "The hosts showed their action plans and the anonymous boxes; the guests asked "
            "most about preventing radicalisation. The three LCPCs agreed to meet regularly."
        ),
    )
    marriage = s.carried(second, marriage)
    extremism = s.carried(second, extremism)
    marriage.raised_at.add(women)
    extremism.raised_at.add(village)
    s.score(marriage, "2015-10-05", (5, 4, 3, 4), women=(5, 5, 3, 5))
    s.score(extremism, "2015-10-05", (5, 4, 3, 4))
    s.score(s.carried(second, distrust), "2015-10-05", (4, 5, 3, 3))
    s.score(s.carried(second, extortion), "2015-10-05", (3, 3, 5, 5))
    s.prioritise("2015-10-05", extremism, marriage)
    s.advance(second, "2015-10-05")

    recruiters = s.plan(
        second,
        "2015-10-19",
        "Keeping young people away from extremist recruiters",
        concerns=[extremism],
        objective=(
            "Parents, imams, teachers and police recognise the early signs of recruitment, and "
            "young people have places to go and people to turn to."
        ),
        harm_risks=(
            "Families of young men who left could be shamed or reported; the campaign could "
            "make every devout young person look suspect."
        ),
        tension_avoidance=(
            "No names or family cases in public; imams and elders lead the talks and the "
            "police take part as listeners; activities are open to all young people."
        ),
        criteria=[
            (
                "Parents who know where to turn if a child is approached by recruiters",
                "Most said 'nowhere' at the August 2015 consultation",
                "Most parents at the school meetings",
            ),
            ("Young people at the LCPC's club and events in a month", "About 40", "100"),
        ],
    )
    s.activity(
        recruiters,
        "Meetings of imams, elders and parents in each village",
        ACT.ROUND_TABLE,
        responsible="Nurzhan Abdyrakhmanova and Rahmatillo Nazarov",
        planned=("2016-01-11", "2016-03-31"),
        seed="18000",
    )
    club = s.activity(
        recruiters,
        "Debate club and film evenings for young people",
        ACT.SPORTS_CULTURAL,
        responsible="Sherzod Mamajonov, youth committee",
        planned=("2016-01-15", "2016-05-31"),
        seed="24000",
    )
    s.contribution(
        recruiters,
        SOURCE.LOCAL_AUTHORITY_BUDGET,
        IN_KIND,
        "Mirmahmudov ayil okmotu",
        "Room for the club, heated, rent-free",
        "12000",
        activity=club,
    )
    s.contribution(
        recruiters, SOURCE.BUSINESS, CASH, "Local entrepreneurs", "Projector and films", "5000"
    )
    s.submit(recruiters, "2015-11-02")

    mothers = s.plan(
        second,
        "2015-10-19",
        "Support for young women after a broken early marriage",
        concerns=[marriage],
        objective=(
            "Young mothers are not left without a home when an early marriage breaks down, "
            "and quarrels between the families are settled without violence."
        ),
        harm_risks="Young women named at meetings could be pressured by their families.",
        tension_avoidance="The elders' court mediates between the two families.",
        criteria=[
            (
                "Young mothers without a home after a broken marriage, known to the women's "
                "council",
                "Seven",
                "None left without shelter and support",
            )
        ],
    )
    s.activity(
        mothers,
        "Mediation by the elders' court between the families",
        ACT.OTHER,
        responsible="Toktosun Sadykov and Rahmatillo Nazarov, elders' court",
        planned=("2016-01-04", "2016-06-30"),
    )
    s.activity(
        mothers,
        "Talks in schools on the legal age of marriage",
        ACT.INFORMATION_CAMPAIGN,
        responsible="Dilnoza Yusupova, secretary, with the women's council",
        planned=("2016-02-01", "2016-04-29"),
        seed="9000",
    )
    s.submit(mothers, "2015-11-02")
    s.send_back(
        mothers,
        "2015-11-12",
        "Please say how the young women's names and stories stay confidential at the mediation, "
        "and who decides which cases go to the elders. Add a success criterion that the young "
        "women themselves set.",
    )
