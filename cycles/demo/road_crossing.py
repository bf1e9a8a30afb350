"""The Kok-Tash road crossing joint working group (FTI), across the Kyrgyz-Tajik border.

Formed in October 2012 once groups on both sides had prioritised the crossing, so its one
cycle starts at action planning. It closed before the border shooting of January 2014
stopped joint work.
"""

from communities.demo import KOK_TASH_CSWG, SOMONION_CSWG
from communities.models import Currency
from cycles.demo.story import (
    ACHIEVED,
    ACT,
    AUTHORITY,
    CASH,
    CAT,
    COMMUNITY,
    DONE,
    IN_KIND,
    PARTLY,
    PARTNER_LED,
    POLICE,
    SENSITIVE,
    SOURCE,
    K,
    Story,
    criteria_of,
)


def road_crossing(s: Story) -> None:
    cycle = s.start_at_planning(
        "2012-10-15",
        PARTNER_LED,
        reason=(
            "Formed from the priorities of the CSWGs on both sides of the border: both had "
            "identified and prioritised the crossing."
        ),
        conflict_drivers="Accidents at the crossing that end in fights between villages.",
        dividers="No fair way to settle an accident across an undemarcated border.",
        connectors="Both sides want the road safe; officials of both sides at one table.",
        actors=(
            "Local authorities and police of both countries, the Kyrgyz border service, "
            "residents of Kok-Tash, Ak-Sai, Khoja Alo, Somonion and Chorkuh, FTI and ASTI."
        ),
        risks="Any border incident can stop the group.",
    )
    founding = s.meet(
        cycle,
        K.GROUP_MEETING,
        "2012-10-15",
        "Kok-Tash school",
        women=(0, 0, 2, 2),
        men=(0, 0, 1, 2, 2, 1),
        ethnic={"kyrgyz": 4, "tajik": 5, "not_stated": 1},
        police=True,
        authority=True,
        other_services=True,
        notes="Founding meeting with the police of both sides and the Kyrgyz border service.",
    )
    crossing = s.concern(
        cycle,
        "2012-10-15",
        "Accidents at the undemarcated road crossing end in fights between communities",
        CAT.ROAD_SAFETY,
        [COMMUNITY, POLICE, AUTHORITY],
        at=[founding],
    )
    s.concern(
        cycle,
        "2012-10-15",
        "Traffic police of the other side accused of taking bribes after accidents",
        CAT.POLICE_RELATIONS,
        [COMMUNITY],
        at=[founding],
        sensitivity=SENSITIVE,
    )
    s.score(crossing, "2012-10-15", (5, 5, 3, 5))
    s.prioritise("2012-10-15", crossing)
    # The plan also takes up both CSWGs' own concerns about the crossing, so the portal no
    # longer offers them as a joint-planning opportunity.
    sides = [
        s.concern_of(name, CAT.ROAD_SAFETY, "2012-10-15") for name in (KOK_TASH_CSWG, SOMONION_CSWG)
    ]
    plan = s.plan(
        cycle,
        "2012-10-29",
        "A safer road crossing",
        concerns=[crossing, *sides],
        objective=(
            "Fewer accidents at the crossing, and after one, both sides know whom to call and "
            "trust the investigation."
        ),
        harm_risks=(
            "Works on undemarcated land could be read as a claim to territory; one side's "
            "police taking the lead could anger the other."
        ),
        tension_avoidance=(
            "Only removable signs and speed bumps agreed by both local authorities; the two "
            "sides' police visit the site together; leaflets in Kyrgyz, Tajik and Russian."
        ),
        criteria=[
            ("Accidents at the crossing in six months", "Seven", "Two or fewer"),
            ("Households that know whom to call after an accident", "Few", "Most"),
        ],
    )
    accidents, whom = criteria_of(plan)
    works = s.activity(
        plan,
        "Speed bumps, signs and a mirror at the crossing",
        ACT.SMALL_WORKS,
        responsible="Tilek Omurzakov and Jamshed Valiev, local authorities",
        planned=("2013-04-01", "2013-06-30"),
        seed="42000",
        currency=Currency.KGS,
        taking_part=["Border Service of the Kyrgyz Republic, Batken"],
    )
    visit = s.activity(
        plan,
        "Joint visit of both sides' police to the crossing",
        ACT.ADVOCACY_MEETING,
        responsible="Anvar Kurbonov and Kairat Zhumaliev",
        planned=("2013-05-15", "2013-05-15"),
        taking_part=["Isfara district police department"],
    )
    leaflets = s.activity(
        plan,
        "Leaflets with the phone numbers of the police and authorities of both sides",
        ACT.INFORMATION_CAMPAIGN,
        responsible="Sitora Nurova and Aizhan Turgunbaeva",
        planned=("2013-07-01", "2013-08-31"),
        seed="1800",
        currency=Currency.TJS,
    )
    s.contribution(
        plan,
        SOURCE.LOCAL_AUTHORITY_BUDGET,
        IN_KIND,
        "Kok-Tash ayil okmotu",
        "Road signs",
        "15000",
        "15000",
        activity=works,
        currency=Currency.KGS,
    )
    s.contribution(
        plan,
        SOURCE.COMMUNITY_LABOUR,
        IN_KIND,
        "Residents of the five communities",
        "Laying the speed bumps",
        "8000",
        "8000",
        activity=works,
        currency=Currency.KGS,
    )
    s.contribution(
        plan,
        SOURCE.LOCAL_AUTHORITY_BUDGET,
        CASH,
        "Somonion and Chorkuh jamoats",
        "Printing",
        "1500",
        "1000",
        activity=leaflets,
        currency=Currency.TJS,
    )
    s.submit(plan, "2012-11-05")
    s.approve(plan, "2012-11-14", "Both local authorities' written agreement is on file.")
    s.start_plan(plan, "2013-04-01")
    s.advance(cycle, "2013-04-01")
    s.monitor(visit, "2013-05-15", DONE, "Police of both sides agreed how to record accidents.")
    s.monitor(
        works,
        "2013-06-28",
        DONE,
        "Two speed bumps, four signs and a mirror in place.",
        criteria={accidents: "Two accidents since April, no fights."},
    )
    s.monitor(
        leaflets,
        "2013-08-30",
        DONE,
        "Leaflets handed to every household in the five communities.",
        criteria={whom: "Most households reached."},
    )
    s.complete(plan, "2013-09-02")
    s.advance(cycle, "2013-09-02")
    s.evaluate(
        cycle,
        "2013-11-25",
        participants="Members from the five communities, police of both sides, the border service.",
        safety=(2, 3),
        worked="Officials of both countries solving one problem at one table.",
        lessons="Small, removable works avoid the question of whose land it is.",
        improvements="Meet every quarter to keep the contacts alive.",
        results={accidents: ACHIEVED, whom: PARTLY},
    )
    s.resolve(crossing, "2013-11-25", "Accidents fell to two in six months, none ended in a fight.")
    s.close(cycle, "2013-12-16")
