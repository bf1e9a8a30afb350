"""Khoja Alo mahalla committee (MIR), a men-only committee in Isfara district.

Police reporting days from 2012, outside any cycle, with the promises police and officials
made and whether they kept them; then a first cycle from 2014 whose plan is still a draft.
"""

from cycles.demo.story import (
    ACT,
    CAT,
    COMMUNITY,
    ELDERS,
    KEPT,
    NOT_KEPT,
    PARTNER_LED,
    SENSITIVE,
    WOMEN,
    YOUTH,
    K,
    Story,
)


def khoja_alo(s: Story) -> None:
    office = "Mahalla committee office"
    first_day = s.meet(
        None,
        K.POLICE_REPORTING_DAY,
        "2012-12-13",
        office,
        women=(0, 0, 2, 4, 3, 1),
        men=(0, 0, 16, 22, 19, 17),
        ethnic={"tajik": 82, "kyrgyz": 2},
        police=True,
        authority=True,
        notes=(
            "The first police reporting day in the village, arranged with the Isfara district "
            "police; few women came."
        ),
    )
    s.promise(
        first_day,
        "police",
        "Deputy head of the Isfara district police",
        "Introduce the new neighbourhood inspector and give residents his number.",
        "2013-01-31",
        (KEPT, "2013-01-21", ""),
    )
    s.promise(
        first_day,
        "police",
        "Neighbourhood police inspector",
        "Patrol the road to Kok-Tash in the evenings during the apricot harvest.",
        "2013-07-31",
        (NOT_KEPT, "2013-08-12", "Patrols stopped after two weeks: no car."),
    )
    s.promise(
        first_day,
        "local_authority",
        "Representative of the Isfara district hukumat",
        "Repair the culvert where the road floods every spring.",
        "2013-05-31",
        (KEPT, "2013-06-03", ""),
    )
    fields = s.meet(
        None,
        K.POLICE_REPORTING_DAY,
        "2013-06-20",
        "In the fields by the orchards",
        women=(0, 0, 5, 7, 4, 2),
        men=(0, 0, 14, 18, 15, 12),
        ethnic={"tajik": 75, "kyrgyz": 2},
        police=True,
        authority=True,
        notes=(
            "Held in the fields during the harvest so that farmers could come. People asked "
            "about clashes between Tajik and Kyrgyz youth and about grazing on Kyrgyz pasture."
        ),
    )
    s.promise(
        fields,
        "police",
        "Isfara district police",
        "Explain the rules for grazing cattle across the border, with a leaflet.",
        "2013-10-31",
        (KEPT, "2013-10-24", "Explained at the October reporting day; leaflets handed out."),
    )

    committee = {"men": (0, 0, 1, 1, 2, 2), "ethnic": {"tajik": 5, "not_stated": 1}}
    first = s.start(
        "2014-09-15",
        PARTNER_LED,
        conflict_drivers=(
            "Clashes between Tajik and Kyrgyz young men on the road to Kok-Tash; tension since "
            "the January 2014 shooting; police seen only after trouble."
        ),
        dividers="The border; a men-only committee that does not hear women.",
        connectors="Reporting days trusted by residents; elders respected on both sides.",
        actors="Mahalla committee, Isfara district police, the jamoat, the school, MIR.",
        risks="Women's concerns could be missed again; border incidents stop joint work.",
    )
    s.train(first, "2014-09-29", "Community security approach", office, **committee)
    s.train(first, "2014-10-13", "Gender and security", office, **committee)
    s.advance(first, "2014-10-20")
    village = s.meet(
        first,
        K.COMMUNITY,
        "2014-11-03",
        office,
        women=(0, 0, 3, 5, 2),
        men=(0, 0, 12, 16, 13, 11),
        ethnic={"tajik": 60, "kyrgyz": 2},
        authority=True,
        notes="Facilitated by MIR.",
    )
    women = s.meet(
        first,
        K.WOMEN,
        "2014-11-10",
        "Khoja Alo school",
        women=(0, 5, 12, 14, 8, 3),
        ethnic={"tajik": 42},
        notes="Held by MIR with women teachers, since the committee has no women members.",
    )
    young = s.meet(
        first,
        K.YOUTH,
        "2014-11-17",
        "Khoja Alo school",
        women=(0, 6, 4),
        men=(0, 12, 10),
        ethnic={"tajik": 32},
        notes="Facilitated by MIR.",
    )
    december = s.meet(
        first,
        K.POLICE_REPORTING_DAY,
        "2014-12-11",
        office,
        women=(0, 0, 6, 9, 5, 2),
        men=(0, 0, 13, 17, 14, 12),
        ethnic={"tajik": 76, "kyrgyz": 2},
        police=True,
        authority=True,
    )
    s.promise(
        december,
        "police",
        "Head of the Isfara district police",
        "Bring a woman officer to the next reporting day so that women can raise matters at home.",
        "2015-03-31",
    )
    clashes = s.concern(
        first,
        "2014-12-22",
        "Clashes between Tajik and Kyrgyz young men on the road to Kok-Tash",
        CAT.YOUTH_VIOLENCE,
        [YOUTH, ELDERS],
        at=[village, young],
    )
    girls = s.concern(
        first,
        "2014-12-22",
        "Girls married off before 18",
        CAT.EARLY_MARRIAGE,
        [WOMEN],
        at=[women],
        sensitivity=SENSITIVE,
    )
    police = s.concern(
        first,
        "2014-12-22",
        "Police come only after a fight, never before",
        CAT.POLICE_RELATIONS,
        [COMMUNITY, YOUTH],
        at=[village, december],
    )
    s.score(clashes, "2014-12-22", (5, 4, 3, 4), youth=(5, 4, 3, 4))
    s.score(girls, "2014-12-22", (3, 2, 2, 2), women=(5, 3, 3, 4))
    s.score(police, "2014-12-22", (4, 4, 4, 4))
    s.prioritise("2014-12-22", clashes, police)
    s.advance(first, "2014-12-22")
    plan = s.plan(
        first,
        "2015-01-19",
        "Calm on the road to Kok-Tash",
        concerns=[clashes, police],
        objective="Young men meet the police before trouble starts, and clashes on the road stop.",
        harm_risks="Young men seen often with the police could be called informers.",
        tension_avoidance="",
        criteria=[("Clashes on the road in a season", "Three or four", "None")],
    )
    s.activity(
        plan,
        "Monthly open days with the neighbourhood and juvenile inspectors for young men",
        ACT.POLICE_REPORTING_DAY,
        responsible="Davron Halimov, youth committee",
        planned=("2015-03-01", "2015-12-31"),
        seed="2000",
        taking_part=["Isfara district police department"],
    )
