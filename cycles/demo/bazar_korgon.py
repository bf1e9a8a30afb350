"""Bazar-Korgon CSWG (FTI), a mixed Uzbek-Kyrgyz village hit by the violence of June 2010.

Cycle 1 (2011): a first, uncontroversial joint action with the juvenile police inspector.
Cycle 2 (from 2012): inter-ethnic distrust brought to the table; round tables, sports days,
training and the festival of friendship of December 2014. At step 5, waiting for its
evaluation.
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
    HIGHLY,
    IN_KIND,
    IN_PROGRESS,
    MEMBERS,
    PARTLY,
    PARTNER_LED,
    POLICE,
    SENSITIVE,
    SOURCE,
    WOMEN,
    YOUTH,
    K,
    Story,
    criteria_of,
)


def bazar_korgon(s: Story) -> None:
    hall = "Bazar-Korgon secondary school, assembly hall"
    office = "Aiyl okmotu meeting room"
    members = {
        "women": (0, 0, 1, 1, 1),
        "men": (0, 0, 1, 1, 1, 1),
        "ethnic": {"uzbek": 5, "kyrgyz": 2},
    }
    first = s.start(
        "2011-02-14",
        PARTNER_LED,
        conflict_drivers=(
            "The violence of June 2010 (fifteen people killed, about two hundred buildings "
            "burnt in the village) with nobody held to account; rumours of new attacks; young "
            "men without work."
        ),
        dividers=(
            "Uzbek and Kyrgyz children go to separate schools and families live in separate "
            "streets; each side tells its own story of 2010; police and officials are distrusted."
        ),
        connectors=(
            "The bazaar where everybody trades; mixed families; teachers respected on both "
            "sides; every parent's worry about children's safety."
        ),
        actors=(
            "Aiyl okmotu, neighbourhood and juvenile police inspectors, school directors, "
            "elders of both communities, the youth committee, FTI."
        ),
        risks=(
            "Members may stop coming if inter-ethnic matters come up too soon; bringing the "
            "police in early could make people fall silent."
        ),
    )
    s.train(first, "2011-02-24", "Community security approach", office, **members)
    s.train(first, "2011-03-10", "SARA problem-solving method", office, **members)
    s.advance(first, "2011-03-14")
    village = s.meet(
        first,
        K.COMMUNITY,
        "2011-03-28",
        hall,
        women=(0, 0, 6, 9, 7, 3),
        men=(0, 0, 5, 8, 6, 4),
        ethnic={"uzbek": 35, "kyrgyz": 13},
        authority=True,
        notes="People spoke about the school road and the dark streets; nobody mentioned 2010.",
    )
    young = s.meet(
        first,
        K.YOUTH,
        "2011-04-04",
        "Youth committee room",
        women=(0, 8, 6),
        men=(0, 9, 7),
        ethnic={"uzbek": 21, "kyrgyz": 9},
    )
    inspector = s.meet(
        first,
        K.GROUP_MEETING,
        "2011-04-11",
        office,
        women=(0, 0, 1, 1, 1),
        men=(0, 0, 1, 2, 1, 1),
        ethnic={"uzbek": 5, "kyrgyz": 3},
        police=True,
        notes=(
            "FTI had prepared the idea with the juvenile police inspector beforehand; he "
            "proposed teaching pupils what to do in an emergency and the group agreed to "
            "work on it with him."
        ),
    )
    emergency = s.concern(
        first,
        "2011-04-11",
        "Pupils do not know what to do in an earthquake, fire or flood",
        CAT.OTHER,
        [POLICE, MEMBERS],
        at=[inspector, village],
    )
    ditch = s.concern(
        first,
        "2011-04-11",
        "Open sewage ditch along the school road",
        CAT.INFRASTRUCTURE,
        [WOMEN, COMMUNITY],
        at=[village],
    )
    dark = s.concern(
        first,
        "2011-04-11",
        "Dark streets between the Uzbek and Kyrgyz parts of the village",
        CAT.INFRASTRUCTURE,
        [WOMEN, YOUTH],
        at=[village, young],
    )
    fights = s.concern(
        first,
        "2011-04-11",
        "Fights between pupils of the Uzbek and Kyrgyz schools",
        CAT.YOUTH_VIOLENCE,
        [YOUTH],
        at=[young],
    )
    s.score(emergency, "2011-04-11", (4, 5, 5, 5))
    s.score(ditch, "2011-04-11", (3, 4, 3, 5))
    s.score(dark, "2011-04-11", (3, 4, 2, 4))
    s.score(fights, "2011-04-11", (4, 3, 3, 2), youth=(5, 4, 3, 4))
    s.prioritise("2011-04-11", emergency)
    s.advance(first, "2011-04-11", "An uncontroversial start, agreed by everybody.")

    plan = s.plan(
        first,
        "2011-04-18",
        "Safe in an emergency: pupils learn what to do",
        concerns=[emergency],
        objective=(
            "Pupils of every school in the village know how to act in an earthquake, fire or "
            "flood, and the group works with the police, the emergency services and the aiyl "
            "okmotu for the first time."
        ),
        harm_risks=(
            "Pupils of the smaller Kyrgyz school could be left out; parents wary of the police "
            "could keep their children at home."
        ),
        tension_avoidance=(
            "Sessions in every school, with presenters from both communities; the inspector "
            "always presents together with teachers; parents are invited."
        ),
        criteria=[
            (
                "Pupils who can say what to do when the ground shakes or a fire starts",
                "About one in ten in a show of hands at the youth consultation",
                "Seven in ten in every school",
            ),
            (
                "Joint events of the group with police, emergency services and the aiyl okmotu",
                "None so far",
                "At least one each school term",
            ),
        ],
    )
    pupils_know, joint_events = criteria_of(plan)
    drills = s.activity(
        plan,
        "Emergency talks and drills in the schools",
        ACT.INFORMATION_CAMPAIGN,
        responsible="Akylbek Raimkulov, juvenile police inspector",
        planned=("2011-05-10", "2011-05-27"),
        seed="16500",
        taking_part=["Bazar-Korgon secondary school"],
    )
    leaflets = s.activity(
        plan,
        "Leaflets and posters for pupils and parents",
        ACT.INFORMATION_CAMPAIGN,
        responsible="Nurgul Sarybaeva, secretary",
        planned=("2011-05-03", "2011-05-13"),
        seed="7200",
    )
    s.contribution(
        plan,
        SOURCE.LOCAL_AUTHORITY_BUDGET,
        IN_KIND,
        "Aiyl okmotu",
        "Transport for the fire inspectorate and the emergency ministry's team",
        "4000",
        "4000",
        activity=drills,
    )
    s.contribution(
        plan,
        SOURCE.COMMUNITY_LABOUR,
        IN_KIND,
        "Teachers and parents",
        "Preparing and supervising the drills",
        "3500",
        "3500",
        activity=drills,
    )
    s.contribution(
        plan,
        SOURCE.BUSINESS,
        CASH,
        "A print shop at the bazaar",
        "Discount on printing",
        "2500",
        "1200",
        activity=leaflets,
    )
    s.submit(plan, "2011-04-20")
    s.approve(plan, "2011-04-26", "A good first step with the police; keep the parents informed.")
    s.start_plan(plan, "2011-05-02")
    s.advance(first, "2011-05-02")
    s.monitor(leaflets, "2011-05-13", DONE, "1,500 leaflets handed out in the three schools.")
    s.monitor(
        drills,
        "2011-05-17",
        IN_PROGRESS,
        "Talks in two schools with the fire inspectorate and the emergency ministry.",
        women=(118, 64),
        men=(126, 58),
        criteria={joint_events: "Police, fire inspectorate and aiyl okmotu at both sessions."},
    )
    s.monitor(
        drills,
        "2011-05-27",
        DONE,
        "Drills in the third school; the inspector wants to repeat them every spring.",
        women=(97, 41),
        men=(103, 46),
        criteria={pupils_know: "Spot checks after the drills: most pupils could explain."},
    )
    s.complete(plan, "2011-06-03")
    s.advance(first, "2011-06-03")
    s.evaluate(
        first,
        "2011-11-14",
        participants=(
            "Group members, the juvenile police inspector, two school directors, the deputy "
            "head of the aiyl okmotu and parents from both communities."
        ),
        safety=(2, 3),
        worked=(
            "Starting with a problem every family shares; the inspector's own idea gave the "
            "police a friendly face in the schools."
        ),
        lessons="Working with the authorities did not take the group's work away from it.",
        improvements=(
            "Consult women and young people separately before choosing priorities; take up "
            "harder issues once there is more trust."
        ),
        results={pupils_know: ACHIEVED, joint_events: PARTLY},
    )
    s.resolve(emergency, "2011-11-14", "The school and the inspector now hold drills each spring.")
    s.close(first, "2011-11-28")

    second = s.next_cycle(
        first,
        "2012-10-01",
        CO_FACILITATED,
        conflict_drivers=(
            "Grievances from June 2010 still unspoken in mixed company; fear of reprisals; "
            "street fights between pupils of the mono-ethnic schools."
        ),
        dividers=(
            "Mono-ethnic schools; separate tea-houses and sports grounds; different versions "
            "of 2010 told at home."
        ),
        connectors=(
            "The group itself, now trusted in both communities; the drills of 2011; teachers "
            "and parents who want calm for their children."
        ),
        actors=(
            "Aiyl okmotu (its deputy head supports the group), neighbourhood and juvenile "
            "police inspectors, school directors, elders' courts, youth committee, FTI."
        ),
        risks=(
            "An open discussion of inter-ethnic relations could split the group; members may "
            "be blamed by their own side for sitting with the other."
        ),
    )
    members = {
        "women": (0, 0, 1, 1, 1),
        "men": (0, 0, 1, 2, 1, 1),
        "ethnic": {"uzbek": 5, "kyrgyz": 3},
    }
    s.train(second, "2012-10-15", "Conflict sensitivity and do no harm", office, **members)
    s.train(second, "2012-10-29", "Gender and security", office, **members)
    s.advance(second, "2012-11-05")
    uzbek_side = s.meet(
        second,
        K.COMMUNITY,
        "2012-11-19",
        "Tea-house of the Uzbek mahalla",
        women=(0, 0, 7, 10, 8, 4),
        men=(0, 0, 6, 9, 8, 6),
        ethnic={"uzbek": 56, "kyrgyz": 2},
        notes="Held in each community separately first, so that people could speak freely.",
    )
    kyrgyz_side = s.meet(
        second,
        K.COMMUNITY,
        "2012-11-21",
        "House of culture in the Kyrgyz quarter",
        women=(0, 0, 5, 6, 5, 2),
        men=(0, 0, 4, 6, 5, 4),
        ethnic={"kyrgyz": 35, "uzbek": 2},
        notes="Held in each community separately first, so that people could speak freely.",
    )
    s.meet(
        second,
        K.WOMEN,
        "2012-11-28",
        hall,
        women=(0, 0, 9, 12, 8, 3),
        ethnic={"uzbek": 22, "kyrgyz": 10},
    )
    pupils = s.meet(
        second,
        K.YOUTH,
        "2012-12-05",
        hall,
        women=(0, 11, 7),
        men=(0, 13, 9),
        ethnic={"uzbek": 27, "kyrgyz": 13},
    )
    s.meet(
        second,
        K.GROUP_MEETING,
        "2013-01-21",
        office,
        women=(0, 0, 1, 1, 1),
        men=(0, 0, 1, 2, 1, 1),
        ethnic={"uzbek": 5, "kyrgyz": 3},
        notes="Analysis and prioritisation; FTI facilitated the discussion of inter-ethnic trust.",
    )
    distrust = s.concern(
        second,
        "2013-01-21",
        "Distrust between Uzbek and Kyrgyz neighbours since June 2010",
        CAT.INTER_ETHNIC,
        [("ethnic_group", "uzbek"), ("ethnic_group", "kyrgyz"), COMMUNITY],
        at=[uzbek_side, kyrgyz_side],
        sensitivity=SENSITIVE,
    )
    reprisals = s.concern(
        second,
        "2013-01-21",
        "Fear of reprisals during police searches",
        CAT.POLICE_RELATIONS,
        [("ethnic_group", "uzbek")],
        at=[uzbek_side],
        sensitivity=HIGHLY,
        description="Raised only in the Uzbek mahalla; the group agreed to keep it among few.",
    )
    school_fights = s.carried(second, fights)
    school_fights.raised_at.add(pupils)
    s.score(distrust, "2013-01-21", (5, 5, 3, 3))
    s.score(reprisals, "2013-01-21", (5, 3, 1, 2))
    s.score(school_fights, "2013-01-21", (4, 4, 4, 4), youth=(5, 4, 4, 4))
    s.score(s.carried(second, dark), "2013-01-21", (3, 4, 2, 4))
    s.resolve(s.carried(second, ditch), "2013-01-21", "The aiyl okmotu covered the ditch in 2012.")
    s.prioritise("2013-01-21", distrust, school_fights)
    s.advance(second, "2013-01-21")

    plan = s.plan(
        second,
        "2013-02-04",
        "Trust between Uzbek and Kyrgyz neighbours and their children",
        concerns=[distrust, school_fights],
        objective=(
            "Bring both communities, the aiyl okmotu and the police to one table, and give "
            "Uzbek and Kyrgyz pupils reasons to meet, play and celebrate together."
        ),
        harm_risks=(
            "Round tables could reopen the wounds of 2010; people who speak openly could be "
            "blamed by their own side; Kyrgyz families, the smaller group, could feel outnumbered."
        ),
        tension_avoidance=(
            "Agreed rules: nobody is named for 2010; equal seats for both communities and a "
            "co-chair from each; police and aiyl okmotu listen first, then answer; events for "
            "pupils always bring several schools together."
        ),
        criteria=[
            (
                "Residents who would ask a neighbour of the other group for help",
                "About one in three at the November 2012 consultations",
                "More than half",
            ),
            (
                "Fights between pupils of different schools known to the juvenile inspector, "
                "per term",
                "Five or six",
                "One at most",
            ),
            ("Joint events for Uzbek and Kyrgyz pupils in a year", "None", "Four or more"),
        ],
    )
    ask_neighbour, fights_per_term, joint = criteria_of(plan)
    tables = s.activity(
        plan,
        "Inter-ethnic round tables with the aiyl okmotu and police",
        ACT.ROUND_TABLE,
        responsible="Abdujalil Mirzaev (chair) and Nurgul Sarybaeva (secretary)",
        planned=("2013-03-01", "2013-11-30"),
        seed="9000",
    )
    sports = s.activity(
        plan,
        "Joint sports days for Uzbek and Kyrgyz pupils",
        ACT.SPORTS_CULTURAL,
        responsible="Mahliyo Khamidova, youth committee",
        planned=("2013-05-01", "2014-10-31"),
        seed="21000",
        taking_part=["Bazar-Korgon secondary school"],
    )
    training = s.activity(
        plan,
        "Training for pupils: settling disputes without violence",
        ACT.TRAINING,
        responsible="FTI trainers with Akylbek Raimkulov, juvenile police inspector",
        planned=("2014-02-03", "2014-04-30"),
        seed="12000",
        taking_part=["Bazar-Korgon secondary school"],
    )
    festival = s.activity(
        plan,
        "Festival of friendship",
        ACT.FESTIVAL,
        responsible="FTI and Saferworld with the group's youth members",
        planned=("2014-12-01", "2014-12-20"),
        seed="38000",
        taking_part=["Bazar-Korgon secondary school"],
    )
    s.contribution(
        plan,
        SOURCE.LOCAL_AUTHORITY_BUDGET,
        IN_KIND,
        "Aiyl okmotu",
        "Meeting hall, chairs and sound system",
        "6000",
        "6000",
        activity=tables,
    )
    s.contribution(
        plan,
        SOURCE.MATERIALS,
        IN_KIND,
        "Bazar-Korgon secondary school",
        "Sports ground, hall and stage",
        "8000",
        "8000",
    )
    s.contribution(
        plan,
        SOURCE.BUSINESS,
        IN_KIND,
        "Bakers and a cafe at the bazaar",
        "Food for the sports days and the festival",
        "10000",
        "12500",
    )
    s.contribution(
        plan,
        SOURCE.COMMUNITY_LABOUR,
        IN_KIND,
        "Parents from both communities",
        "Sewing Kyrgyz and Uzbek costumes",
        "15000",
        "9000",
        activity=festival,
    )
    s.submit(plan, "2013-02-11")
    s.approve(plan, "2013-02-19", "Well balanced. Let the police only listen at the first table.")
    s.start_plan(plan, "2013-03-01")
    s.advance(second, "2013-03-01")
    s.monitor(
        tables,
        "2013-03-22",
        IN_PROGRESS,
        "First round table: residents asked the police about searches after 2010; the "
        "deputy head of the aiyl okmotu promised answers at the next one.",
        women=(0, 0, 4, 6, 5, 2),
        men=(0, 0, 4, 7, 8, 6),
    )
    s.monitor(
        sports,
        "2013-06-15",
        IN_PROGRESS,
        "First sports day: football and volleyball in mixed teams.",
        women=(22, 18),
        men=(30, 26),
    )
    s.monitor(
        tables,
        "2013-11-27",
        DONE,
        "Third round table; people of both communities now put questions to the police directly.",
        women=(0, 0, 5, 6, 4, 2),
        men=(0, 0, 5, 6, 7, 5),
        criteria={ask_neighbour: "Asked at the round table: about half say they would."},
    )
    s.monitor(
        training,
        "2014-04-25",
        DONE,
        "Three sessions for pupils of both schools with the juvenile inspector.",
        women=(0, 34, 6),
        men=(0, 38, 8),
        criteria={fights_per_term: "One fight between pupils of different schools this term."},
    )
    worries = s.meet(
        second,
        K.COMMUNITY,
        "2014-05-12",
        hall,
        women=(0, 0, 6, 8, 7, 3),
        men=(0, 0, 5, 7, 6, 5),
        ethnic={"uzbek": 34, "kyrgyz": 13},
        authority=True,
        police=True,
    )
    s.concern(
        second,
        "2014-05-12",
        "Young men drawn to radical groups",
        CAT.RADICALISATION,
        [ELDERS, WOMEN],
        at=[worries],
        sensitivity=SENSITIVE,
    )
    s.monitor(
        sports,
        "2014-10-11",
        DONE,
        "Fourth sports day; pupils now form mixed teams without being asked.",
        women=(15, 21),
        men=(24, 28),
        criteria={joint: "Four sports days and a training since May 2013."},
    )
    s.monitor(
        festival,
        "2014-12-19",
        DONE,
        "Children from the village's schools, in Kyrgyz and Uzbek dress, sang each other's "
        "songs and played scenes about friendship between neighbouring families.",
        women=(64, 38),
        men=(60, 38),
        criteria={joint: "The festival was the fifth joint event of 2014."},
        evidence="Programme and photos kept by FTI.",
    )
    s.complete(plan, "2014-12-26")
    s.advance(second, "2015-01-19", "Evaluation with both communities planned for February.")
