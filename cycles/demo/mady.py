"""Mady CSWG (FTI), then the Mady LCPC it joined on 1 September 2014.

The CSWG's two cycles end just before the merge, the second with its lobbying for a reformed
LCPC; the LCPC's first cycle is led by the group itself, with premises from the ayil okmotu.
"""

from cycles.demo.story import (
    ACHIEVED,
    ACT,
    CASH,
    CAT,
    CO_FACILITATED,
    COMMUNITY,
    DONE,
    GROUP_LED,
    IN_KIND,
    IN_PROGRESS,
    MEMBERS,
    PARTLY,
    PARTNER_LED,
    SOURCE,
    WOMEN,
    YOUTH,
    K,
    Story,
    criteria_of,
)


def mady_cswg(s: Story) -> None:
    office = "Community centre"
    members = {
        "women": (0, 0, 1, 1, 2),
        "men": (0, 0, 1, 2, 0, 1),
        "ethnic": {"kyrgyz": 4, "uzbek": 2, "russian": 1, "not_stated": 1},
    }
    first = s.start(
        "2012-05-14",
        PARTNER_LED,
        conflict_drivers=(
            "Since 2010 nobody trusts the LCPC or the police; fights between young men at the "
            "bus station and the market; unlit streets."
        ),
        dividers=(
            "Kyrgyz and Uzbek neighbourhoods keep apart; the LCPC is seen as the officials' tool."
        ),
        connectors="Activists of both communities ready to act together; the market; the school.",
        actors=(
            "Mady ayil okmotu, the dormant LCPC, the neighbourhood inspector, school, women's "
            "council, FTI."
        ),
        risks="The ayil okmotu could see the CSWG as a rival to its LCPC.",
    )
    s.train(first, "2012-05-28", "Community security approach", office, **members)
    s.train(first, "2012-06-11", "SARA problem-solving method", office, **members)
    s.advance(first, "2012-06-18")
    village = s.meet(
        first,
        K.COMMUNITY,
        "2012-07-02",
        "School hall",
        women=(0, 0, 6, 8, 7, 3),
        men=(0, 0, 7, 8, 6, 5),
        ethnic={"kyrgyz": 29, "uzbek": 19, "russian": 2},
    )
    young = s.meet(
        first,
        K.YOUTH,
        "2012-07-16",
        "School hall",
        women=(0, 6, 8),
        men=(0, 9, 11),
        ethnic={"kyrgyz": 20, "uzbek": 14},
    )
    station = s.concern(
        first,
        "2012-07-30",
        "Fights between young men at the bus station",
        CAT.YOUTH_VIOLENCE,
        [YOUTH, COMMUNITY],
        at=[village, young],
    )
    market = s.concern(
        first,
        "2012-07-30",
        "Dark streets around the market",
        CAT.INFRASTRUCTURE,
        [WOMEN],
        at=[village],
    )
    lcpc = s.concern(
        first,
        "2012-07-30",
        "The LCPC never meets and nobody knows the neighbourhood inspector",
        CAT.POLICE_RELATIONS,
        [COMMUNITY, MEMBERS],
        at=[village],
    )
    s.score(station, "2012-07-30", (4, 3, 4, 4), youth=(5, 4, 4, 4))
    s.score(market, "2012-07-30", (3, 5, 4, 5))
    s.score(lcpc, "2012-07-30", (4, 5, 2, 3))
    s.prioritise("2012-07-30", market, station)
    s.advance(first, "2012-07-30")
    plan = s.plan(
        first,
        "2012-08-13",
        "Light and calm around the market and the bus station",
        concerns=[market, station],
        objective="Women walk past the market after dark and the bus station evenings are calm.",
        harm_risks=(
            "Patrols could target young men of one group; traders outside the lit streets "
            "could feel left out."
        ),
        tension_avoidance=(
            "Volunteer patrols of both communities, always with the neighbourhood inspector; "
            "the streets to light chosen at an open meeting."
        ),
        criteria=[
            ("Women who avoid the market streets after dark", "Most women consulted", "Under half"),
            ("Fights at the bus station in a month", "Three or four", "One at most"),
        ],
    )
    avoid, station_fights = criteria_of(plan)
    lamps = s.activity(
        plan,
        "Street lights along the market streets",
        ACT.SMALL_WORKS,
        responsible="Mady ayil okmotu with the group",
        planned=("2012-09-03", "2012-10-31"),
        seed="35000",
        taking_part=["Mady ayil okmotu"],
    )
    patrols = s.activity(
        plan,
        "Evening patrols of volunteers with the neighbourhood inspector",
        ACT.OTHER,
        responsible="Adilet Kurmanaliev, secretary",
        planned=("2012-09-15", "2013-03-31"),
    )
    s.contribution(
        plan,
        SOURCE.LOCAL_AUTHORITY_BUDGET,
        CASH,
        "Mady ayil okmotu",
        "Electricity for a year and part of the lamps",
        "40000",
        "28000",
        activity=lamps,
    )
    s.contribution(
        plan,
        SOURCE.COMMUNITY_LABOUR,
        IN_KIND,
        "Residents of the market streets",
        "Digging and setting the poles",
        "12000",
        "12000",
        activity=lamps,
    )
    s.contribution(plan, SOURCE.BUSINESS, CASH, "Market traders", "Cable", "6000", "6000")
    s.submit(plan, "2012-08-20")
    s.approve(plan, "2012-08-28")
    s.start_plan(plan, "2012-09-03")
    s.advance(first, "2012-09-03")
    s.monitor(
        lamps,
        "2012-10-31",
        DONE,
        "Twenty-two lamps working; the ayil okmotu paid for fewer lamps than it had promised.",
        criteria={avoid: "Women at the market say they now come home later."},
    )
    s.monitor(
        patrols,
        "2013-03-29",
        DONE,
        "Patrols every Friday and Saturday evening through the winter.",
        women=(0, 0, 2, 1),
        men=(0, 0, 9, 6, 2),
        criteria={station_fights: "One fight in March, none in February."},
    )
    s.complete(plan, "2013-04-05")
    s.advance(first, "2013-04-05")
    s.evaluate(
        first,
        "2013-06-10",
        participants="Group members, market traders, the neighbourhood inspector, residents.",
        safety=(2, 3),
        worked="Visible results in a few months; the inspector came to every patrol.",
        lessons="Pledges of the ayil okmotu need following up in writing.",
        improvements="Push for a working LCPC, so that the work does not depend on the group.",
        results={avoid: ACHIEVED, station_fights: ACHIEVED},
    )
    s.resolve(market, "2013-06-10", "Lamps working since October 2012.")
    s.resolve(station, "2013-06-10", "Fights rare since the patrols.")
    s.close(first, "2013-06-28")

    second = s.next_cycle(
        first,
        "2013-09-16",
        CO_FACILITATED,
        conflict_drivers="The official LCPC still does not work; quarrels at the market.",
        dividers="The ayil okmotu's old appointees against the activists.",
        connectors="The group's results of 2012-13, known in the whole district.",
        actors="Mady ayil okmotu, district officials, the neighbourhood inspector, FTI.",
        risks="Lobbying could turn officials against the group.",
    )
    members = {
        "women": (0, 0, 1, 1, 2),
        "men": (0, 0, 1, 1, 0, 1),
        "ethnic": {"kyrgyz": 4, "uzbek": 2, "not_stated": 1},
    }
    s.train(second, "2013-09-30", "Advocacy with local authorities", office, **members)
    s.advance(second, "2013-10-14")
    village = s.meet(
        second,
        K.COMMUNITY,
        "2013-10-21",
        "School hall",
        women=(0, 0, 5, 7, 6, 3),
        men=(0, 0, 6, 8, 6, 6),
        ethnic={"kyrgyz": 28, "uzbek": 18, "russian": 1},
        authority=True,
    )
    lcpc = s.carried(second, lcpc)
    lcpc.raised_at.add(village)
    s.score(lcpc, "2013-10-28", (4, 5, 3, 5))
    s.prioritise("2013-10-28", lcpc)
    s.advance(second, "2013-10-28")
    plan = s.plan(
        second,
        "2013-11-04",
        "A crime prevention centre people trust",
        concerns=[lcpc],
        objective="The official LCPC meets again, with members the community trusts.",
        harm_risks="Members of the old LCPC could lose face and work against the new one.",
        tension_avoidance=(
            "The group asks the ayil okmotu to reform the LCPC, not to disband it; old members "
            "are thanked publicly."
        ),
        criteria=[
            ("LCPC meetings open to residents in a year", "None since 2010", "One each quarter"),
            ("Group members appointed to the LCPC", "None", "Most of the group"),
        ],
    )
    meetings, appointed = criteria_of(plan)
    lobbying = s.activity(
        plan,
        "Meetings with the ayil okmotu head and district officials on reforming the LCPC",
        ACT.ADVOCACY_MEETING,
        responsible="Kamila Yuldasheva, chair",
        planned=("2013-11-11", "2014-06-30"),
        seed="6000",
        taking_part=["Mady ayil okmotu"],
    )
    open_day = s.activity(
        plan,
        "Open day with the neighbourhood inspector",
        ACT.POLICE_REPORTING_DAY,
        responsible="Gulnara Sydykova",
        planned=("2014-03-15", "2014-03-15"),
        seed="4000",
    )
    s.contribution(
        plan,
        SOURCE.LOCAL_AUTHORITY_BUDGET,
        IN_KIND,
        "Mady ayil okmotu",
        "Hall for the open day",
        "3000",
        "3000",
        activity=open_day,
    )
    s.submit(plan, "2013-11-05")
    s.approve(plan, "2013-11-08")
    s.start_plan(plan, "2013-11-11")
    s.advance(second, "2013-11-11")
    s.monitor(
        open_day,
        "2014-03-15",
        DONE,
        "Residents met the neighbourhood inspector; many had never seen him before.",
        women=(0, 0, 8, 10, 7, 4),
        men=(0, 0, 6, 9, 8, 6),
        criteria={meetings: "First open meeting since 2010."},
    )
    s.monitor(
        lobbying,
        "2014-07-21",
        DONE,
        "The ayil okmotu reformed the LCPC; the group's members join it on 1 September.",
        criteria={appointed: "Seven members to be appointed."},
    )
    s.complete(plan, "2014-07-28")
    s.advance(second, "2014-07-28")
    s.evaluate(
        second,
        "2014-08-18",
        participants="Group members, the head of the ayil okmotu, the neighbourhood inspector.",
        safety=(3, 4),
        worked="Results from the first cycle gave the group the credibility to lobby.",
        lessons="Officials listened once the group had shown it solved problems.",
        improvements="Carry on as the LCPC, with premises and a budget line.",
        results={meetings: PARTLY, appointed: ACHIEVED},
    )
    s.resolve(lcpc, "2014-08-18", "The LCPC was reformed with the group's members.")
    s.close(second, "2014-08-29")


def mady_lcpc(s: Story) -> None:
    first = s.start(
        "2014-10-06",
        GROUP_LED,
        conflict_drivers="Young men without work; quarrels and drinking around the market.",
        dividers="Old LCPC members who lost their seats; Kyrgyz and Uzbek streets.",
        connectors=(
            "The reformed LCPC with the former CSWG activists; the police now at its meetings."
        ),
        actors=("Mady ayil okmotu, Kara-Suu district police, market traders, youth committee."),
        risks="Former members could speak against the new LCPC.",
    )
    s.advance(first, "2014-10-13")
    village = s.meet(
        first,
        K.COMMUNITY,
        "2014-10-20",
        "School hall",
        women=(0, 0, 7, 9, 8, 3),
        men=(0, 0, 6, 9, 8, 7),
        ethnic={"kyrgyz": 33, "uzbek": 22, "russian": 2},
        police=True,
        authority=True,
        by_group=True,
    )
    young = s.meet(
        first,
        K.YOUTH,
        "2014-11-03",
        "School hall",
        women=(0, 8, 9),
        men=(0, 11, 12),
        ethnic={"kyrgyz": 23, "uzbek": 17},
        by_group=True,
    )
    premises = s.concern(
        first,
        "2014-11-17",
        "Residents have nowhere to meet the LCPC and the inspector",
        CAT.POLICE_RELATIONS,
        [COMMUNITY, MEMBERS],
        at=[village],
    )
    nights = s.concern(
        first,
        "2014-11-17",
        "Drinking and fights near the market at night",
        CAT.CRIME,
        [WOMEN, COMMUNITY, YOUTH],
        at=[village, young],
    )
    s.score(premises, "2014-11-17", (3, 5, 5, 5))
    s.score(nights, "2014-11-17", (4, 4, 3, 4), youth=(4, 3, 3, 4))
    s.prioritise("2014-11-17", premises, nights)
    s.advance(first, "2014-11-17")

    plan = s.plan(
        first,
        "2014-11-24",
        "Premises where residents can meet the LCPC",
        concerns=[premises],
        objective="A room open to residents every week, with the LCPC and the inspector.",
        harm_risks="People could be seen going to 'the police room' and be suspected of informing.",
        tension_avoidance=(
            "The room also hosts other LCPC work (women's council, youth committee), so going "
            "there says nothing about why."
        ),
        criteria=[("Residents received each month", "None", "At least 30")],
    )
    (received,) = criteria_of(plan)
    works = s.activity(
        plan,
        "Refurbishing the LCPC premises",
        ACT.SMALL_WORKS,
        responsible="Jyldyz Abdieva, chair, with the ayil okmotu",
        planned=("2015-03-02", "2015-05-29"),
        seed="20000",
        taking_part=["Mady ayil okmotu"],
    )
    hours = s.activity(
        plan,
        "Weekly reception hours with the neighbourhood inspector",
        ACT.POLICE_REPORTING_DAY,
        responsible="Asel Mamytbekova, secretary, and Nurbek Tagaev, neighbourhood inspector",
        planned=("2015-06-01", "2015-12-31"),
    )
    s.contribution(
        plan,
        SOURCE.LOCAL_AUTHORITY_BUDGET,
        IN_KIND,
        "Mady ayil okmotu",
        "The premises, rent-free",
        "60000",
        "60000",
    )
    s.contribution(
        plan,
        SOURCE.LOCAL_AUTHORITY_BUDGET,
        CASH,
        "Mady ayil okmotu",
        "Repairs: windows, heating and paint",
        "45000",
        "38000",
        activity=works,
    )
    s.contribution(
        plan,
        SOURCE.OTHER,
        IN_KIND,
        "Kara-Suu district police",
        "Furniture for the reception room",
        "8000",
        "8000",
        activity=works,
    )
    s.contribution(
        plan,
        SOURCE.COMMUNITY_LABOUR,
        IN_KIND,
        "LCPC members and neighbours",
        "Painting and cleaning",
        "10000",
        "10000",
        activity=works,
    )
    s.submit(plan, "2014-12-01")
    s.approve(plan, "2014-12-10", "A fine example of local contribution.")

    market = s.plan(
        first,
        "2015-02-16",
        "Safer nights near the market",
        concerns=[nights],
        objective="No fights near the market at night; shops stop selling alcohol to minors.",
        harm_risks="Patrols could single out young men of one group or the unemployed.",
        tension_avoidance="Mixed patrols with the inspector; traders agree the rules themselves.",
        criteria=[("Night-time fights near the market in a month", "Three", "None")],
    )
    s.activity(
        market,
        "Meeting with traders about selling alcohol to young people",
        ACT.ADVOCACY_MEETING,
        responsible="Jyldyz Abdieva, chair",
        planned=("2016-03-01", "2016-03-31"),
    )
    s.activity(
        market,
        "Evening patrols with the neighbourhood inspector",
        ACT.OTHER,
        responsible="Begaim Alymbekova, youth committee",
        planned=("2016-04-01", "2016-09-30"),
        seed="5000",
    )
    s.contribution(
        market,
        SOURCE.BUSINESS,
        IN_KIND,
        "Market traders' association",
        "Torches and vests for the patrols",
        "4000",
    )
    s.submit(market, "2015-02-23")
    s.approve(market, "2015-03-04", "Start it in spring, when evenings get longer.")

    s.start_plan(plan, "2015-03-02")
    s.advance(first, "2015-03-02")
    s.monitor(
        works,
        "2015-05-29",
        DONE,
        "Premises opened; the repair money came short, so members painted the rooms themselves.",
    )
    s.monitor(
        hours,
        "2015-09-30",
        IN_PROGRESS,
        "Residents come with quarrels between neighbours and thefts at the market.",
        women=(0, 0, 9, 14, 11, 6),
        men=(0, 0, 12, 15, 10, 8),
        criteria={received: "About 28 residents a month since June."},
    )
