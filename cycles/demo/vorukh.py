"""Vorukh CSWG (ASTI), the Tajik enclave.

Cycle 1 (2011-12): lighting the main road. Cycle 2 (from 2013): women's consultations bring
domestic violence to the top in 2014; a round table, a standing working group of the jamoat,
sessions in the 15 mahallas and programmes on local TV.
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
    PARTNER_LED,
    SENSITIVE,
    SOURCE,
    WOMEN,
    YOUTH,
    K,
    Story,
    criteria_of,
)


def vorukh(s: Story) -> None:
    jamoat = "Jamoat hall"
    members = {"women": (0, 0, 1, 2, 1), "men": (0, 0, 1, 1, 1, 1), "ethnic": {"tajik": 8}}
    first = s.start(
        "2011-03-14",
        PARTNER_LED,
        conflict_drivers=(
            "The enclave depends on roads across Kyrgyz land; disputes with Ak-Sai over water, "
            "pasture and the roads; treatment at Kyrgyz border posts."
        ),
        dividers=(
            "Checkpoints; rumours after each incident; young people of the enclave and of "
            "Ak-Sai never meet."
        ),
        connectors=(
            "Markets both sides used before the posts hardened; family and trade ties; elders "
            "who know each other across the border."
        ),
        actors=(
            "Vorukh jamoat, the committees of its 15 mahallas, Isfara district police, border "
            "services of both countries, the women's council, ASTI."
        ),
        risks=(
            "An incident on the road can become a clash between villages; raising border "
            "issues can bring pressure from officials."
        ),
    )
    s.train(first, "2011-03-28", "Community security approach", jamoat, **members)
    s.train(first, "2011-04-11", "SARA problem-solving method", jamoat, **members)
    s.advance(first, "2011-04-18")
    village = s.meet(
        first,
        K.COMMUNITY,
        "2011-05-04",
        jamoat,
        women=(0, 0, 9, 13, 10, 5),
        men=(0, 0, 12, 17, 14, 12),
        ethnic={"tajik": 92},
        authority=True,
        notes="Facilitated by ASTI.",
    )
    young = s.meet(
        first,
        K.YOUTH,
        "2011-05-18",
        "School No. 1",
        women=(0, 9, 11),
        men=(0, 14, 12),
        ethnic={"tajik": 46},
        notes="Facilitated by ASTI.",
    )
    posts = s.concern(
        first,
        "2011-06-01",
        "Long waits and searches at the Kyrgyz posts on the road out of the enclave",
        CAT.BORDER,
        [COMMUNITY, WOMEN],
        at=[village],
        sensitivity=SENSITIVE,
    )
    pasture = s.concern(
        first,
        "2011-06-01",
        "Quarrels with Ak-Sai over pasture and water",
        CAT.NATURAL_RESOURCES,
        [ELDERS, COMMUNITY],
        at=[village],
    )
    dark = s.concern(
        first,
        "2011-06-01",
        "No lighting on the enclave's main road",
        CAT.INFRASTRUCTURE,
        [WOMEN, YOUTH],
        at=[village, young],
    )
    s.score(posts, "2011-06-01", (5, 5, 1, 4))
    s.score(pasture, "2011-06-01", (4, 4, 2, 2))
    s.score(dark, "2011-06-01", (3, 4, 4, 5), women=(4, 4, 4, 5))
    s.prioritise("2011-06-01", dark)
    s.advance(first, "2011-06-01", "The group starts with what it can solve itself.")
    plan = s.plan(
        first,
        "2011-06-15",
        "Lighting the main road",
        concerns=[dark],
        objective="Women and young people can use the main road after dark.",
        harm_risks="Mahallas away from the main road could feel forgotten.",
        tension_avoidance="Every mahalla committee agrees where the lamps go.",
        criteria=[("Women who avoid the main road after dark", "Most women consulted", "Few")],
    )
    (avoid,) = criteria_of(plan)
    lamps = s.activity(
        plan,
        "Street lights along the main road through the mahallas",
        ACT.SMALL_WORKS,
        responsible="Khurshed Aminov, chair, with the jamoat",
        planned=("2011-08-01", "2011-10-31"),
        seed="9000",
    )
    s.contribution(
        plan, SOURCE.LOCAL_AUTHORITY_BUDGET, CASH, "Vorukh jamoat", "Lamps", "6000", "6000"
    )
    s.contribution(
        plan,
        SOURCE.COMMUNITY_LABOUR,
        IN_KIND,
        "Mahalla residents",
        "Setting the poles",
        "3000",
        "3000",
        activity=lamps,
    )
    s.submit(plan, "2011-06-20")
    s.approve(plan, "2011-06-28")
    s.start_plan(plan, "2011-08-01")
    s.advance(first, "2011-08-01")
    s.monitor(
        lamps,
        "2011-10-28",
        DONE,
        "Forty lamps working along the main road.",
        criteria={avoid: "Women say they walk the main road after dark again."},
    )
    s.complete(plan, "2011-11-07")
    s.advance(first, "2011-11-07")
    s.evaluate(
        first,
        "2012-03-12",
        participants="Group members, mahalla committee chairs, the jamoat.",
        safety=(2, 3),
        worked="A quick, visible result that every mahalla agreed on.",
        lessons="Border issues need the district and the other side; the group alone cannot.",
        improvements="Hold separate consultations with women in every mahalla.",
        results={avoid: ACHIEVED},
    )
    s.resolve(dark, "2012-03-12", "Lamps working since October 2011.")
    s.close(first, "2012-03-30")

    second = s.next_cycle(
        first,
        "2013-11-04",
        CO_FACILITATED,
        conflict_drivers=(
            "Tension with Ak-Sai and at the posts; men away as migrant workers; violence at home "
            "that nobody speaks of."
        ),
        dividers="The border; the idea that what happens at home is a family matter.",
        connectors=(
            "Women's council and the group's women members, now confident; respected elders "
            "and the imam; the jamoat's support."
        ),
        actors=(
            "Vorukh jamoat, mahalla committees, Isfara district police, elders, the imam, "
            "women's council, ASTI."
        ),
        risks=("Women who speak out could face more violence at home; elders could feel accused."),
    )
    s.train(second, "2013-11-18", "Gender and security", jamoat, **members)
    s.advance(second, "2013-11-25")
    upper = s.meet(
        second,
        K.WOMEN,
        "2014-02-10",
        "Mahalla committee office, upper Vorukh",
        women=(0, 4, 16, 18, 11, 5),
        ethnic={"tajik": 54},
        by_group=True,
        notes="Women only, led by the group's women members.",
    )
    lower = s.meet(
        second,
        K.WOMEN,
        "2014-02-17",
        "School No. 2, lower Vorukh",
        women=(0, 3, 12, 15, 9, 4),
        ethnic={"tajik": 43},
        by_group=True,
        notes="Women only, led by the group's women members.",
    )
    village = s.meet(
        second,
        K.COMMUNITY,
        "2014-02-24",
        jamoat,
        women=(0, 0, 10, 12, 9, 4),
        men=(0, 0, 13, 16, 14, 13),
        ethnic={"tajik": 91},
        authority=True,
        police=True,
    )
    s.meet(
        second,
        K.YOUTH,
        "2014-03-03",
        "School No. 1",
        women=(0, 8, 10),
        men=(0, 12, 13),
        ethnic={"tajik": 43},
    )
    violence = s.concern(
        second,
        "2014-03-17",
        "Domestic violence against wives and daughters-in-law",
        CAT.GENDER_VIOLENCE,
        [WOMEN],
        at=[upper, lower],
        sensitivity=SENSITIVE,
        description="Seen as a family matter: women do not know where to turn.",
    )
    shooting = s.concern(
        second,
        "2014-03-17",
        "Fear of new clashes with Ak-Sai after the shooting at the border",
        CAT.BORDER,
        [COMMUNITY, YOUTH],
        at=[village],
        sensitivity=HIGHLY,
    )
    s.score(violence, "2014-03-17", (5, 4, 3, 4), women=(5, 5, 3, 5))
    s.score(shooting, "2014-03-17", (5, 5, 1, 2))
    s.score(s.carried(second, posts), "2014-03-17", (5, 5, 1, 3))
    s.score(s.carried(second, pasture), "2014-03-17", (4, 4, 2, 2))
    s.prioritise("2014-03-17", violence)
    s.advance(second, "2014-03-17", "The women's members argued for it and the group agreed.")

    plan = s.plan(
        second,
        "2014-03-31",
        "Breaking the silence on domestic violence",
        concerns=[violence],
        objective=(
            "The jamoat, police and elders treat domestic violence as something to prevent, "
            "not a family matter, and women know where to turn."
        ),
        harm_risks=(
            "Women who speak out could face more violence at home; naming families would shame "
            "them; elders could feel accused."
        ),
        tension_avoidance=(
            "No case or family is ever named; sessions for women are led by women; elders and "
            "the imam speak first at the round table; referrals are taken in private."
        ),
        criteria=[
            (
                "Women who know where to turn in a case of domestic violence",
                "Few at the February 2014 consultations",
                "Most women in every mahalla",
            ),
            (
                "Cases brought to the police or the jamoat in a quarter",
                "Almost none",
                "Women bring cases and get an answer",
            ),
            (
                "A local body that deals with domestic violence",
                "None",
                "A standing working group of the jamoat",
            ),
        ],
    )
    know, cases, body = criteria_of(plan)
    table = s.activity(
        plan,
        "Round table with the jamoat, police, elders and the imam",
        ACT.ROUND_TABLE,
        responsible="Manzura Karimova, secretary, with ASTI",
        planned=("2014-04-21", "2014-04-21"),
        seed="1800",
        taking_part=["Isfara district police department"],
    )
    sessions = s.activity(
        plan,
        "Sensitisation sessions in the 15 mahallas",
        ACT.INFORMATION_CAMPAIGN,
        responsible="The jamoat's working group with the group's women members",
        planned=("2014-06-02", "2014-11-28"),
        seed="4200",
        taking_part=["Isfara district police department"],
    )
    television = s.activity(
        plan,
        "Local TV: how to prevent domestic violence and where to turn",
        ACT.INFORMATION_CAMPAIGN,
        responsible="Vorukh jamoat",
        planned=("2014-09-01", "2015-03-31"),
    )
    s.contribution(
        plan,
        SOURCE.LOCAL_AUTHORITY_BUDGET,
        IN_KIND,
        "Vorukh jamoat",
        "Rooms in the mahalla offices and air time on local TV",
        "3000",
        "3000",
    )
    s.contribution(
        plan,
        SOURCE.COMMUNITY_LABOUR,
        IN_KIND,
        "Women's council volunteers",
        "Running the sessions and inviting neighbours",
        "2400",
        "2400",
        activity=sessions,
    )
    s.contribution(
        plan,
        SOURCE.OTHER,
        CASH,
        "Mahalla committees",
        "Tea and printing for the sessions",
        "1200",
        "700",
        activity=sessions,
    )
    s.submit(plan, "2014-04-07")
    s.approve(plan, "2014-04-14", "Careful do-no-harm check; keep referrals strictly private.")
    s.start_plan(plan, "2014-04-21")
    s.advance(second, "2014-04-21")
    s.monitor(
        table,
        "2014-04-21",
        DONE,
        "The jamoat agreed to set up a standing working group on domestic violence.",
        women=(0, 0, 2, 6, 5, 2),
        men=(0, 0, 1, 5, 7, 6),
        criteria={body: "Working group set up at the round table."},
    )
    s.monitor(
        sessions,
        "2014-07-25",
        IN_PROGRESS,
        "Sessions held in six mahallas.",
        women=(0, 14, 42, 51, 33, 16),
        men=(0, 6, 18, 24, 17, 11),
    )
    s.monitor(
        sessions,
        "2014-10-17",
        IN_PROGRESS,
        "Five more mahallas.",
        women=(0, 9, 31, 38, 24, 12),
        men=(0, 5, 14, 19, 12, 9),
        criteria={cases: "The working group received its first cases in September."},
    )
    s.monitor(
        sessions,
        "2014-11-28",
        DONE,
        "The last four mahallas: all 15 done.",
        women=(0, 6, 22, 27, 18, 8),
        men=(0, 3, 9, 13, 9, 6),
        criteria={know: "At the last sessions most women named the working group or the police."},
    )
    s.monitor(
        television,
        "2014-12-19",
        IN_PROGRESS,
        "Two programmes broadcast, a third planned for the spring.",
    )
