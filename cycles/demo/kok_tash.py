"""Kok-Tash CSWG (FTI), the Kyrgyz village at the road crossing, facing Somonion and Khoja Alo.

Cycle 1 (2011-13): cattle theft, handled at home, and the crossing, which Somonion had also
prioritised and which the joint working group took up in 2012. The border posts were left
aside as too sensitive. Cycle 2 (from March 2014, after the border guards' exchange of fire
in January): the posts come first, in parallel with Somonion, whose open cycle is addressing
them too: the portal shows this as a joint-planning opportunity.
"""

from cycles.demo.story import (
    ACHIEVED,
    ACT,
    CASH,
    CAT,
    CO_FACILITATED,
    COMMUNITY,
    DONE,
    ELDERS,
    IN_KIND,
    IN_PROGRESS,
    KEPT,
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

BORDER_SERVICE = "Border Service of the Kyrgyz Republic, Batken"


def kok_tash(s: Story) -> None:
    school = "Kok-Tash school"
    members = {"women": (0, 0, 1, 1, 1), "men": (0, 0, 1, 2, 1, 1), "ethnic": {"kyrgyz": 8}}
    first = s.start(
        "2011-03-01",
        PARTNER_LED,
        conflict_drivers=(
            "Accidents at the crossing with the Tajik road that end in fights; cattle lost "
            "on the pastures and blamed on the neighbours; quarrels over canal water in summer."
        ),
        dividers=(
            "The undemarcated border and its posts; rumours retold after every incident; "
            "separate schools, markets and languages."
        ),
        connectors=(
            "The one road both sides travel; relatives and trading partners in Somonion and "
            "Khoja Alo; elders who still visit across the border."
        ),
        actors=(
            "The ayil okmotu, the neighbourhood police inspector, the Kyrgyz border service, "
            "the school, the elders' court, FTI; the jamoats and police across the border."
        ),
        risks=(
            "One incident at the crossing can set the villages against each other; people "
            "who complain about border guards in public can be picked on at the posts."
        ),
    )
    s.train(first, "2011-03-15", "Community security approach", school, **members)
    s.train(first, "2011-03-29", "Conflict sensitivity and do no harm", school, **members)
    s.advance(first, "2011-04-04")
    village = s.meet(
        first,
        K.COMMUNITY,
        "2011-04-18",
        school,
        women=(0, 0, 4, 6, 5, 2),
        men=(0, 0, 10, 14, 12, 9),
        ethnic={"kyrgyz": 62},
        police=True,
        authority=True,
        notes="Facilitated by FTI. Most of the evening went on the crossing.",
    )
    women = s.meet(
        first,
        K.WOMEN,
        "2011-04-25",
        "House of a women's council member",
        women=(0, 4, 11, 13, 7, 3),
        ethnic={"kyrgyz": 38},
        notes="Facilitated by FTI with Venera Sabyrova.",
    )
    young = s.meet(
        first,
        K.YOUTH,
        "2011-05-02",
        "Sports ground by the school",
        women=(0, 6, 5),
        men=(0, 14, 12),
        ethnic={"kyrgyz": 37},
        notes="Facilitated by FTI. Young men spoke of being stopped on the road to Batken.",
    )
    crossing = s.concern(
        first,
        "2011-05-16",
        "Accidents where the Batken road meets the Tajik road end in fights",
        CAT.ROAD_SAFETY,
        [COMMUNITY, ELDERS],
        at=[village],
    )
    cattle = s.concern(
        first,
        "2011-05-16",
        "Cattle disappear from the pastures near the border",
        CAT.CRIME,
        [COMMUNITY, ELDERS],
        at=[village],
        description="Owners go looking on their own and accuse the neighbours before the police.",
    )
    posts = s.concern(
        first,
        "2011-05-16",
        "Border guards stop young men on the road and ask for money",
        CAT.BORDER,
        [YOUTH, COMMUNITY],
        at=[village, young],
        sensitivity=SENSITIVE,
    )
    water = s.concern(
        first,
        "2011-05-16",
        "Quarrels over canal water in the irrigation season",
        CAT.NATURAL_RESOURCES,
        [WOMEN, COMMUNITY],
        at=[women, village],
    )
    s.score(crossing, "2011-05-16", (5, 5, 3, 5))
    s.score(cattle, "2011-05-16", (4, 4, 4, 4))
    s.score(posts, "2011-05-16", (5, 4, 1, 2), youth=(5, 5, 2, 4))
    s.score(water, "2011-05-16", (3, 4, 2, 3), women=(4, 4, 2, 3))
    s.meet(
        first,
        K.GROUP_MEETING,
        "2011-05-30",
        school,
        **members,
        notes=(
            "The border posts scored high, but members would not yet take on the border "
            "guards in the open; they chose the crossing and the cattle."
        ),
    )
    s.prioritise("2011-05-30", crossing, cattle)
    s.advance(
        first, "2011-05-30", "The crossing needs the Tajik side; the cattle the group can handle."
    )

    plan = s.plan(
        first,
        "2011-06-13",
        "Herds that come home",
        concerns=[cattle],
        objective="Fewer cattle lost, and every loss goes to the police instead of to rumour.",
        harm_risks=(
            "A theft blamed on Tajik neighbours without proof could start a fight; herders "
            "keeping watch at night could clash with herders from across the border."
        ),
        tension_avoidance=(
            "Losses are reported to the inspector and never announced at the bazaar with a "
            "suspect's nationality; nobody searches across the border except through the "
            "police of both sides."
        ),
        criteria=[
            ("Cattle reported stolen in a grazing season", "Eleven head", "Three or fewer"),
            ("Owners who report a loss to the inspector first", "Few", "All"),
        ],
    )
    stolen, reported = criteria_of(plan)
    tags = s.activity(
        plan,
        "Ear tags and a village register of cattle, kept with the ayil okmotu",
        ACT.OTHER,
        responsible="Almaz Tursunbaev, ayil okmotu, with the village vet",
        planned=("2011-07-01", "2011-09-30"),
        seed="24000",
    )
    herders = s.activity(
        plan,
        "Meetings of herders with the neighbourhood inspector before the pasture season",
        ACT.POLICE_REPORTING_DAY,
        responsible="Marat Esenaliev, neighbourhood inspector",
        planned=("2012-04-01", "2012-05-31"),
        seed="6000",
    )
    s.contribution(
        plan,
        SOURCE.LOCAL_AUTHORITY_BUDGET,
        CASH,
        "Kok-Tash ayil okmotu",
        "Half the cost of the ear tags",
        "10000",
        "10000",
        activity=tags,
    )
    s.contribution(
        plan,
        SOURCE.COMMUNITY_LABOUR,
        IN_KIND,
        "Herders of Kok-Tash",
        "Rounding up the herds for tagging",
        "5000",
        "5000",
        activity=tags,
    )
    s.submit(plan, "2011-06-20")
    s.approve(plan, "2011-06-29", "Keep the register with the ayil okmotu, not with the group.")
    s.start_plan(plan, "2011-07-01")
    s.advance(first, "2011-07-01")
    s.monitor(
        tags,
        "2011-09-29",
        DONE,
        "Cattle of 310 households tagged and registered.",
        women=(0, 0, 22, 41, 30, 12),
        men=(0, 8, 35, 52, 38, 24),
        criteria={reported: "Owners now bring the tag number to the inspector."},
    )
    s.monitor(
        herders,
        "2012-05-24",
        DONE,
        "Two meetings; herders and the inspector agreed how to report a loss within a day.",
        men=(0, 6, 18, 24, 15, 9),
        criteria={stolen: "Four head reported stolen in the 2011 season."},
    )
    s.complete(plan, "2012-06-04")
    s.meet(
        first,
        K.TRUST_BUILDING,
        "2012-06-14",
        school,
        women=(0, 0, 2, 2, 1),
        men=(0, 0, 2, 4, 3, 2),
        ethnic={"kyrgyz": 9, "tajik": 7},
        authority=True,
        notes=(
            "Members met the Somonion CSWG and the Khoja Alo committee: both sides had put "
            "the crossing first, and agreed to ask for a joint working group."
        ),
    )
    s.meet(
        first,
        K.GROUP_MEETING,
        "2012-09-17",
        school,
        **members,
        notes="Two residents named to the joint working group on the crossing.",
    )
    s.advance(
        first, "2013-09-09", "The joint working group has finished its works at the crossing."
    )
    s.evaluate(
        first,
        "2013-12-02",
        participants="Group members, herders, the ayil okmotu, the neighbourhood inspector.",
        safety=(2, 3),
        worked="A register everyone trusts; the crossing handled together with the Tajik side.",
        lessons="What the group could not solve alone it solved with the neighbours.",
        improvements="Take up the border posts, which members set aside in 2011.",
        results={stolen: ACHIEVED, reported: PARTLY},
    )
    s.resolve(
        cattle, "2013-12-02", "Three head reported stolen in 2013, all reported the same day."
    )
    s.resolve(
        crossing,
        "2013-12-02",
        "Taken up by the road crossing joint working group: speed bumps, signs and both "
        "sides' phone numbers; two accidents in six months, neither ended in a fight.",
    )
    s.close(first, "2013-12-09")

    second = s.next_cycle(
        first,
        "2014-03-03",
        CO_FACILITATED,
        conflict_drivers=(
            "The exchange of fire between border guards in January; young men and guards "
            "provoking each other on the road; water quarrels each summer."
        ),
        dividers=(
            "Posts reinforced since January; joint meetings with the Tajik side suspended; "
            "rumours about the shooting."
        ),
        connectors=(
            "Contacts from the joint working group; the ayil okmotu and the border post "
            "willing to meet residents; elders who calm the young."
        ),
        actors=(
            "The Kyrgyz border service and its post on the Batken road, the neighbourhood "
            "inspector, the ayil okmotu, the youth committee, FTI."
        ),
        risks="Another incident at the border; young men who complain being singled out.",
    )
    s.train(second, "2014-03-10", "Conflict sensitivity and do no harm", school, **members)
    s.advance(second, "2014-03-17")
    village = s.meet(
        second,
        K.COMMUNITY,
        "2014-03-24",
        school,
        women=(0, 0, 6, 9, 6, 3),
        men=(0, 0, 14, 17, 13, 10),
        ethnic={"kyrgyz": 78},
        police=True,
        authority=True,
        other_services=True,
        notes="Led by Zhanybek Abdirasulov with FTI; an officer of the border post listened.",
    )
    women = s.meet(
        second,
        K.WOMEN,
        "2014-03-31",
        "House of a women's council member",
        women=(0, 5, 12, 14, 9, 4),
        ethnic={"kyrgyz": 44},
        by_group=True,
        notes="Led by Venera Sabyrova for the group.",
    )
    young = s.meet(
        second,
        K.YOUTH,
        "2014-04-07",
        "Sports ground by the school",
        women=(0, 7, 6),
        men=(0, 16, 14),
        ethnic={"kyrgyz": 43},
        by_group=True,
        notes="Led by Elmira Satybaldieva for the group.",
    )
    posts = s.carried(second, posts)
    posts.raised_at.add(village, young)
    fields = s.concern(
        second,
        "2014-04-21",
        "Women afraid to work the fields by the border line since the shooting",
        CAT.BORDER,
        [WOMEN],
        at=[women],
    )
    s.score(posts, "2014-04-21", (5, 5, 3, 4), youth=(5, 5, 3, 5))
    s.score(fields, "2014-04-21", (4, 3, 3, 4), women=(5, 4, 3, 5))
    s.score(s.carried(second, water), "2014-04-21", (3, 4, 2, 3))
    s.meet(
        second,
        K.GROUP_MEETING,
        "2014-04-21",
        school,
        **members,
        notes="After January the members agreed the border posts could wait no longer.",
    )
    s.prioritise("2014-04-21", posts, fields)
    s.advance(second, "2014-04-21")

    plan = s.plan(
        second,
        "2014-05-05",
        "Knowing the rules and the people at the border",
        concerns=[posts, fields],
        objective=(
            "Residents know the rules and their rights at the posts, know an officer by name, "
            "and take a complaint to the group instead of arguing with a guard."
        ),
        harm_risks=(
            "The border service could take complaints as an attack; young men who speak up "
            "could be picked on at the post; talk about the other side's guards could turn "
            "against Tajik neighbours."
        ),
        tension_avoidance=(
            "The border service takes part from the first meeting; complaints go through "
            "the chair and the ayil okmotu without names; meetings discuss the posts, never "
            "the neighbours."
        ),
        criteria=[
            ("Residents who know what papers the posts may ask for", "About a third", "Most"),
            ("Quarrels with guards at the post in a season", "Five or six", "Two or fewer"),
        ],
    )
    rules, quarrels = criteria_of(plan)
    discussion = s.activity(
        plan,
        "Public discussion on tension at the border since January",
        ACT.ROUND_TABLE,
        responsible="Zhanybek Abdirasulov, chair",
        planned=("2014-05-26", "2014-05-31"),
        seed="9000",
        taking_part=[BORDER_SERVICE],
    )
    open_days = s.activity(
        plan,
        "Open days with the border post and the neighbourhood inspector for young people",
        ACT.POLICE_REPORTING_DAY,
        responsible="Marat Esenaliev, neighbourhood inspector, and the youth committee",
        planned=("2014-06-15", "2015-12-31"),
        seed="12000",
        taking_part=[BORDER_SERVICE],
    )
    leaflets = s.activity(
        plan,
        "Leaflet on the papers needed and travellers' rights at the posts",
        ACT.INFORMATION_CAMPAIGN,
        responsible="Elmira Satybaldieva, youth committee",
        planned=("2014-09-01", "2014-10-31"),
        seed="7000",
    )
    training = s.activity(
        plan,
        "Training for young men in handling conflict without a fight",
        ACT.TRAINING,
        responsible="FTI trainers",
        planned=("2015-02-02", "2015-04-30"),
        seed="15000",
    )
    s.contribution(
        plan,
        SOURCE.LOCAL_AUTHORITY_BUDGET,
        IN_KIND,
        "Kok-Tash ayil okmotu",
        "Hall and tea for the discussion and the open days",
        "6000",
        "4500",
        activity=open_days,
    )
    s.contribution(
        plan,
        SOURCE.COMMUNITY_LABOUR,
        IN_KIND,
        "Youth committee",
        "Taking the leaflet door to door",
        "2000",
        "2500",
        activity=leaflets,
    )
    s.submit(plan, "2014-05-12")
    s.approve(plan, "2014-05-19", "The border post's written agreement to take part is on file.")
    s.start_plan(plan, "2014-05-26")
    s.advance(second, "2014-05-26")
    s.monitor(
        discussion,
        "2014-05-29",
        DONE,
        "Residents asked the border post about the shooting; the officer answered questions.",
        women=(0, 0, 8, 10, 7, 3),
        men=(0, 0, 15, 16, 12, 9),
    )
    first_open_day = s.meet(
        second,
        K.OPEN_DAY,
        "2014-06-19",
        school,
        women=(0, 8, 7),
        men=(0, 19, 16, 4),
        ethnic={"kyrgyz": 54},
        police=True,
        authority=True,
        other_services=True,
        notes="Young people met the head of the border post and the neighbourhood inspector.",
    )
    s.promise(
        first_open_day,
        "border_service",
        "Head of the border post on the Batken road",
        "Name an officer residents can call after trouble at the post.",
        "2014-07-31",
        (KEPT, "2014-06-23", "The officer joined the group."),
    )
    s.promise(
        first_open_day,
        "border_service",
        "Head of the border post on the Batken road",
        "Brief each new shift on how to treat residents on their way to the fields.",
        "2015-06-30",
    )
    s.monitor(
        open_days,
        "2014-06-19",
        IN_PROGRESS,
        "First open day; young people asked what papers they need on the road.",
        women=(0, 8, 7),
        men=(0, 19, 16),
    )
    s.monitor(
        leaflets,
        "2014-10-30",
        DONE,
        "Leaflet in Kyrgyz and Russian handed to every household.",
        criteria={rules: "Most of those asked at the next open day knew the papers needed."},
    )
    s.monitor(
        training,
        "2015-04-24",
        DONE,
        "Five sessions; young men rehearsed a stop at the post.",
        men=(0, 11, 13),
        criteria={quarrels: "Two quarrels at the post in spring 2015."},
    )
    s.monitor(
        open_days,
        "2015-06-18",
        IN_PROGRESS,
        "Open days go on every quarter; the officer answers calls from residents.",
        women=(0, 6, 9),
        men=(0, 14, 17),
    )
