"""Somonion CSWG (ASTI), a conservative Tajik border village.

Cycle 1 (2011-12): women and young people consulted on their own; the women's concern about
wolves at the stream. Cycle 2 (from 2012): police reporting days and youth work, cut short
across the border by the shooting of January 2014.
"""

from cycles.demo.story import (
    ACHIEVED,
    ACT,
    CANCELLED,
    CASH,
    CAT,
    CO_FACILITATED,
    COMMUNITY,
    DONE,
    ELDERS,
    IN_KIND,
    IN_PROGRESS,
    KEPT,
    NOT_KEPT,
    PARTNER_LED,
    SENSITIVE,
    SOURCE,
    WOMEN,
    YOUTH,
    K,
    Story,
    criteria_of,
)


def somonion(s: Story) -> None:
    school = "Somonion school"
    first = s.start(
        "2011-02-07",
        PARTNER_LED,
        conflict_drivers=(
            "Disputes with the Kyrgyz neighbours over the shared road and the stream's water; "
            "rough treatment at border posts; men away as migrant workers."
        ),
        dividers=(
            "The border and its posts; stories of incidents retold on both sides; Tajik and "
            "Kyrgyz young people rarely meet."
        ),
        connectors=(
            "The same stream and road; old trade and family ties with Kok-Tash; elders who "
            "remember living side by side."
        ),
        actors=(
            "Village elders, who take the decisions; the jamoat; Isfara district police; border "
            "guards of both countries; the school; ASTI."
        ),
        risks=(
            "Only older men speak at meetings, so women's and young people's concerns could "
            "be missed; one border incident can stop all joint work."
        ),
    )
    elders = {"men": (0, 0, 0, 2, 1, 2), "ethnic": {"tajik": 5}}
    s.train(first, "2011-02-21", "Community security approach", school, **elders)
    s.train(first, "2011-03-07", "SARA problem-solving method", school, **elders)
    s.advance(first, "2011-03-14")
    village = s.meet(
        first,
        K.COMMUNITY,
        "2011-03-28",
        "School courtyard",
        women=(0, 0, 2, 3, 1),
        men=(0, 0, 6, 11, 9, 12),
        ethnic={"tajik": 44},
        authority=True,
        notes="Facilitated by ASTI. Older men did the talking; the few women present kept silent.",
    )
    women = s.meet(
        first,
        K.WOMEN,
        "2011-04-11",
        "House of a women's council member",
        women=(0, 6, 14, 12, 8, 4),
        ethnic={"tajik": 44},
        by_group=True,
        notes=(
            "Run by two women's representatives, coached beforehand by ASTI staff. For many "
            "it was the first time they spoke about their safety."
        ),
    )
    young = s.meet(
        first,
        K.YOUTH,
        "2011-04-18",
        school,
        women=(0, 7, 5),
        men=(0, 11, 9),
        ethnic={"tajik": 32},
        by_group=True,
        notes="Run by youth representatives with ASTI staff's support.",
    )
    wolves = s.concern(
        first,
        "2011-05-02",
        "Wolves threaten women and children fetching water at the stream",
        CAT.NATURAL_RESOURCES,
        [WOMEN],
        at=[women],
        description=(
            "Women and children fill their cans at the stream at dawn and dusk, when wolves "
            "come down to drink; women and girls have been chased."
        ),
    )
    road = s.concern(
        first,
        "2011-05-02",
        "Accidents at the road crossing with Kok-Tash end in fights",
        CAT.ROAD_SAFETY,
        [ELDERS, COMMUNITY],
        at=[village],
    )
    posts = s.concern(
        first,
        "2011-05-02",
        "Rough treatment and demands for money at border posts",
        CAT.BORDER,
        [ELDERS, COMMUNITY],
        at=[village],
        sensitivity=SENSITIVE,
    )
    clashes = s.concern(
        first,
        "2011-05-02",
        "Fights between Tajik and Kyrgyz young men at the stream and on the road",
        CAT.YOUTH_VIOLENCE,
        [YOUTH],
        at=[young],
    )
    s.score(wolves, "2011-05-02", (4, 3, 4, 3), women=(5, 5, 4, 5))
    s.score(road, "2011-05-02", (5, 4, 2, 4), women=(3, 3, 2, 4))
    s.score(posts, "2011-05-02", (5, 5, 1, 4))
    s.score(clashes, "2011-05-02", (4, 3, 3, 3), youth=(5, 4, 3, 4))
    s.meet(
        first,
        K.GROUP_MEETING,
        "2011-05-16",
        school,
        women=(0, 0, 1),
        men=(0, 0, 1, 2, 1, 2),
        ethnic={"tajik": 7},
        notes=(
            "The women's and youth representatives presented their consultations. The elders "
            "first waved the wolves away, then agreed it was a real danger they had not known "
            "of. Both representatives joined the group that day."
        ),
    )
    s.prioritise("2011-05-16", wolves, road)
    s.advance(first, "2011-05-16")

    plan = s.plan(
        first,
        "2011-05-30",
        "Safe access to water",
        concerns=[wolves],
        objective="Women and children fetch water without meeting wolves.",
        harm_risks=(
            "A hunt near the border could bring armed men close to the Kyrgyz side and alarm "
            "the border guards; families far from a new tap could be left out."
        ),
        tension_avoidance=(
            "The jamoat tells the border posts of both sides before any hunt; the women choose "
            "where the tap goes, between the upper and lower mahallas."
        ),
        criteria=[
            (
                "Women who fetch water only in groups, or not at all, at dawn and dusk",
                "Most women, out of fear",
                "Women fetch water when they need to",
            ),
            ("Wolf sightings near the houses in a winter month", "Several", "None"),
        ],
    )
    fear, sightings = criteria_of(plan)
    tap = s.activity(
        plan,
        "A water tap and trough near the houses",
        ACT.SMALL_WORKS,
        responsible="Jurabek Mirzoev (jamoat) with residents",
        planned=("2011-06-13", "2011-08-31"),
        seed="6500",
    )
    patrols = s.activity(
        plan,
        "Hunters' patrols along the stream in winter",
        ACT.OTHER,
        responsible="District hunters' society with the jamoat",
        planned=("2011-11-01", "2012-02-29"),
        seed="1200",
    )
    s.contribution(
        plan,
        SOURCE.COMMUNITY_LABOUR,
        IN_KIND,
        "Men of the upper and lower mahallas",
        "Digging the trench and laying the pipe",
        "4000",
        "4000",
        activity=tap,
    )
    s.contribution(
        plan,
        SOURCE.LOCAL_AUTHORITY_BUDGET,
        CASH,
        "Somonion jamoat",
        "Pipes and fittings",
        "3000",
        "2000",
        activity=tap,
    )
    s.contribution(
        plan,
        SOURCE.OTHER,
        IN_KIND,
        "District hunters' society",
        "Hunters' time",
        "1500",
        "1500",
        activity=patrols,
    )
    s.submit(plan, "2011-06-01")
    s.approve(plan, "2011-06-08")
    s.start_plan(plan, "2011-06-13")
    s.advance(first, "2011-06-13")
    s.monitor(tap, "2011-07-15", IN_PROGRESS, "Trench dug; pipe being laid.")
    s.monitor(
        tap,
        "2011-08-26",
        DONE,
        "Tap and trough working; women fetch water there instead of at the stream.",
        women=(48, 21, 33, 29, 18, 9),
        men=(44, 17),
        criteria={fear: "Women say they no longer go to the stream at dusk."},
    )
    s.monitor(
        patrols,
        "2012-02-29",
        DONE,
        "Two wolves shot in January; none seen near the houses in February.",
        criteria={sightings: "No sightings near the houses in February."},
    )
    s.complete(plan, "2012-03-05")
    s.advance(first, "2012-03-05")
    s.evaluate(
        first,
        "2012-04-16",
        participants=(
            "Group members, women's and youth representatives, the jamoat, the neighbourhood "
            "inspector."
        ),
        safety=(2, 3),
        worked="Listening to the women: the elders now ask the women's representatives first.",
        lessons=(
            "Separate consultations with women and with young people found problems the "
            "men's meetings never raised."
        ),
        improvements=(
            "Keep separate women's and youth consultations in every cycle; take the road "
            "crossing up with the Kyrgyz neighbours."
        ),
        results={fear: ACHIEVED, sightings: ACHIEVED},
    )
    s.resolve(wolves, "2012-04-16", "Tap in use since August 2011; no wolves near the houses.")
    s.close(first, "2012-04-27")

    second = s.next_cycle(
        first,
        "2012-09-10",
        CO_FACILITATED,
        conflict_drivers=(
            "Clashes between Tajik and Kyrgyz young men; treatment at border posts; accidents "
            "at the road crossing."
        ),
        dividers="Border posts; police seen as distant and unhelpful.",
        connectors=(
            "The joint working group on the road crossing; police reporting days, newly "
            "required by decree."
        ),
        actors=(
            "Isfara district police (neighbourhood and juvenile inspectors), the jamoat, border "
            "guards, the youth committee, ASTI."
        ),
        risks="Any incident at the border can stop meetings with the Kyrgyz side.",
    )
    s.advance(second, "2012-09-24")
    s.meet(
        second,
        K.WOMEN,
        "2012-10-08",
        "House of a women's council member",
        women=(0, 5, 12, 11, 7, 3),
        ethnic={"tajik": 38},
        by_group=True,
        notes="Led by Mehrangez Saidova for the group.",
    )
    young = s.meet(
        second,
        K.YOUTH,
        "2012-10-15",
        school,
        women=(0, 6, 6),
        men=(0, 12, 10),
        ethnic={"tajik": 34},
        by_group=True,
        notes="Led by Firdavs Kholov for the group.",
    )
    clashes = s.carried(second, clashes)
    posts = s.carried(second, posts)
    clashes.raised_at.add(young)
    s.score(clashes, "2012-11-19", (5, 4, 3, 4), youth=(5, 4, 4, 4))
    s.score(posts, "2012-11-19", (5, 5, 2, 4))
    s.score(s.carried(second, road), "2012-11-19", (5, 4, 2, 4))
    s.prioritise("2012-11-19", clashes, posts)
    s.advance(second, "2012-11-19")

    plan = s.plan(
        second,
        "2012-12-03",
        "Young people and officials on both sides of the border",
        concerns=[clashes, posts],
        objective=(
            "Young people know the police and the rules at the border, and settle quarrels "
            "with Kyrgyz youth without fighting."
        ),
        harm_risks=(
            "Youth meeting across the border could turn a quarrel into a clash; young people "
            "who complain about border guards could be picked on at the posts."
        ),
        tension_avoidance=(
            "Joint events only with both sides' police present; complaints about the posts go "
            "through the reporting days, never by name."
        ),
        criteria=[
            ("Fights with Kyrgyz youth in a season", "Four or five", "None"),
            ("Young people who know their inspector by name", "Few", "Most"),
        ],
    )
    fights, know = criteria_of(plan)
    open_days = s.activity(
        plan,
        "Police open days for young people with the neighbourhood and juvenile inspectors",
        ACT.POLICE_REPORTING_DAY,
        responsible="Bahrom Safarov, neighbourhood inspector, with the youth committee",
        planned=("2013-03-01", "2014-12-31"),
        seed="3000",
        taking_part=["Isfara district police department"],
    )
    football = s.activity(
        plan,
        "Football tournament with Kok-Tash youth",
        ACT.SPORTS_CULTURAL,
        responsible="Firdavs Kholov, youth committee",
        planned=("2014-04-01", "2014-05-31"),
        seed="4500",
    )
    discussion = s.activity(
        plan,
        "Public discussion on tension across the border",
        ACT.ROUND_TABLE,
        responsible="Farhod Sharipov, secretary",
        planned=("2014-02-20", "2014-03-31"),
        seed="1500",
    )
    training = s.activity(
        plan,
        "Training for young people in conflict resolution and tolerance",
        ACT.TRAINING,
        responsible="ASTI trainers",
        planned=("2014-03-03", "2014-06-30"),
        seed="2800",
    )
    s.contribution(
        plan,
        SOURCE.LOCAL_AUTHORITY_BUDGET,
        IN_KIND,
        "Somonion jamoat",
        "Hall and transport for the open days",
        "2400",
        "1600",
        activity=open_days,
    )
    s.contribution(
        plan,
        SOURCE.COMMUNITY_LABOUR,
        IN_KIND,
        "Youth committee",
        "Organising the events",
        "1000",
        "1000",
    )
    s.contribution(plan, SOURCE.BUSINESS, CASH, "Shopkeepers of Somonion", "Prizes", "800")
    s.submit(plan, "2012-12-10")
    s.approve(plan, "2012-12-18")
    s.start_plan(plan, "2013-03-01")
    s.advance(second, "2013-03-01")

    day = s.meet(
        second,
        K.POLICE_REPORTING_DAY,
        "2013-02-14",
        "School hall",
        women=(0, 0, 8, 12, 9, 4),
        men=(0, 0, 14, 18, 16, 15),
        ethnic={"tajik": 96},
        police=True,
        authority=True,
        notes=(
            "Arranged by ASTI with the Isfara district police and the group. The police "
            "reported on crime in the jamoat, introduced the new neighbourhood inspector and "
            "took questions."
        ),
    )
    s.promise(
        day,
        "police",
        "Head of the Isfara district police",
        "Hold a reporting day in Somonion every quarter.",
        "2013-12-31",
        (KEPT, "2013-12-30", "Four held in 2013; the police now arrange them themselves."),
    )
    s.promise(
        day,
        "police",
        "Neighbourhood police inspector",
        "Post his phone number at the school and the jamoat office.",
        "2013-03-01",
        (KEPT, "2013-03-04", ""),
    )
    s.promise(
        day,
        "local_authority",
        "Chair of the jamoat",
        "Put up road signs before the crossing with Kok-Tash.",
        "2013-06-30",
        (NOT_KEPT, "2013-07-08", "No money in the jamoat budget; the joint working group did it."),
    )
    s.monitor(
        open_days,
        "2013-06-14",
        IN_PROGRESS,
        "Two open days; young people asked about the rules for crossing the border.",
        women=(0, 18, 9),
        men=(0, 27, 16),
        criteria={know: "About half of those who came knew the inspector afterwards."},
    )
    s.resolve(
        s.carried(second, road),
        "2013-09-16",
        "Taken up by the road crossing joint working group: signs, speed bumps and the "
        "authorities' phone numbers on both sides.",
    )
    harvest = s.meet(
        second,
        K.POLICE_REPORTING_DAY,
        "2013-10-17",
        "Apricot orchards by the road, during the harvest",
        women=(0, 0, 6, 9, 7, 2),
        men=(0, 0, 12, 15, 13, 9),
        ethnic={"tajik": 73},
        police=True,
        authority=True,
        notes=(
            "The police held it in the fields so that farmers could come during the harvest. "
            "People asked about clashes with Kyrgyz youth and, for the first time, about "
            "domestic violence."
        ),
    )
    s.promise(
        harvest,
        "police",
        "Juvenile police inspector",
        "Meet Somonion's young people together with the Kyrgyz side's juvenile inspector.",
        "2013-12-31",
        (NOT_KEPT, "2014-01-20", "Cross-border meetings stopped after the January 2014 shooting."),
    )
    s.promise(
        harvest,
        "police",
        "Head of the Isfara district police",
        "Send a woman officer to the next reporting day to speak about domestic violence.",
        "2014-01-31",
    )
    s.monitor(
        football,
        "2014-01-20",
        CANCELLED,
        "Cancelled: after the exchange of fire between border guards in January no joint "
        "events with the Kyrgyz side are possible.",
    )
    s.monitor(
        discussion,
        "2014-03-27",
        DONE,
        "Residents discussed how to keep calm after the shooting; the police answered.",
        women=(0, 0, 7, 9, 6, 2),
        men=(0, 0, 11, 13, 10, 8),
    )
    s.monitor(
        training,
        "2014-06-20",
        DONE,
        "Four sessions; young people role-played quarrels at the stream.",
        women=(0, 8, 6),
        men=(0, 13, 11),
        criteria={fights: "One fight reported in spring 2014."},
    )
    s.monitor(
        open_days,
        "2014-09-18",
        IN_PROGRESS,
        "Open days go on every quarter, with both inspectors.",
        women=(0, 14, 8),
        men=(0, 22, 15),
    )
