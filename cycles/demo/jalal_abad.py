"""The Tash-Bulak and Yrys LCPCs (FTI, Suzak district), newly revived in 2015.

After visiting the Mirmahmudov LCPC they start their first cycles: Tash-Bulak is trained but
its context analysis is half written (step 1); Yrys has consulted and scored its concerns but
not chosen its priorities yet (step 2).
"""

from cycles.demo.story import (
    CAT,
    COMMUNITY,
    ELDERS,
    PARTNER_LED,
    SENSITIVE,
    WOMEN,
    YOUTH,
    K,
    Story,
)


def tash_bulak(s: Story) -> None:
    office = "Ayil okmotu meeting room"
    members = {
        "women": (0, 1, 1, 1, 1),
        "men": (0, 0, 0, 1, 1, 1),
        "ethnic": {"kyrgyz": 3, "uzbek": 3, "russian": 1},
        "police": True,
        "authority": True,
    }
    first = s.start(
        "2015-10-05",
        PARTNER_LED,
        conflict_drivers=(
            "Young people drawn to religious extremism; tension between Kyrgyz and Uzbek "
            "youth on the edge of the city."
        ),
        actors=(
            "Ayil okmotu, Suzak district police, the school, women's council, youth committee, FTI."
        ),
    )
    s.train(first, "2015-10-12", "Community security approach", office, **members)
    s.train(first, "2015-10-26", "SARA problem-solving method", office, **members)


def yrys(s: Story) -> None:
    office = "Ayil okmotu meeting room"
    members = {
        "women": (0, 0, 1, 1, 1),
        "men": (0, 0, 1, 1, 1, 1),
        "ethnic": {"uzbek": 4, "kyrgyz": 3},
        "police": True,
        "authority": True,
    }
    first = s.start(
        "2015-10-12",
        PARTNER_LED,
        conflict_drivers=(
            "Young people with little to do; preachers from outside visiting the villages; old "
            "quarrels over irrigation turns between Uzbek and Kyrgyz villages."
        ),
        dividers="Most villages are of one group only, with their own schools.",
        connectors="The LCPC meeting again since 2015; the weekly market; mixed district school.",
        actors=(
            "Ayil okmotu, Suzak district police, imams, school directors, youth committee, FTI."
        ),
        risks=(
            "Naming extremism openly could frighten families away; the young LCPC could lose "
            "trust if it promises too much."
        ),
    )
    s.train(first, "2015-10-19", "Community security approach", office, **members)
    s.train(first, "2015-11-02", "SARA problem-solving method", office, **members)
    s.advance(first, "2015-11-09")
    young = s.meet(
        first,
        K.YOUTH,
        "2015-11-23",
        "District school",
        women=(0, 10, 8),
        men=(0, 12, 10),
        ethnic={"uzbek": 24, "kyrgyz": 16},
    )
    village = s.meet(
        first,
        K.COMMUNITY,
        "2015-11-30",
        "Ayil okmotu hall",
        women=(0, 0, 6, 9, 7, 3),
        men=(0, 0, 5, 8, 8, 6),
        ethnic={"uzbek": 31, "kyrgyz": 21},
        police=True,
        authority=True,
    )
    women = s.meet(
        first,
        K.WOMEN,
        "2015-12-07",
        "Women's council room",
        women=(0, 0, 8, 9, 6, 2),
        ethnic={"uzbek": 15, "kyrgyz": 10},
    )
    preachers = s.concern(
        first,
        "2015-12-14",
        "Preachers recruiting young men after Friday prayers",
        CAT.RADICALISATION,
        [ELDERS, WOMEN],
        at=[village, women],
        sensitivity=SENSITIVE,
    )
    water = s.concern(
        first,
        "2015-12-14",
        "Quarrels over irrigation turns between villages",
        CAT.NATURAL_RESOURCES,
        [COMMUNITY, ("ethnic_group", "kyrgyz"), ("ethnic_group", "uzbek")],
        at=[village],
    )
    kidnapping = s.concern(
        first,
        "2015-12-14",
        "Girls kidnapped for marriage on the way from school",
        CAT.EARLY_MARRIAGE,
        [WOMEN, YOUTH],
        at=[women, young],
        sensitivity=SENSITIVE,
    )
    lighting = s.concern(
        first,
        "2015-12-14",
        "No lighting on the road to the district school",
        CAT.INFRASTRUCTURE,
        [YOUTH, WOMEN],
        at=[young],
    )
    s.score(preachers, "2015-12-14", (5, 3, 2, 3))
    s.score(water, "2015-12-14", (4, 5, 3, 3))
    s.score(kidnapping, "2015-12-14", (4, 2, 3, 3), women=(5, 3, 3, 5), youth=(5, 3, 3, 4))
    s.score(lighting, "2015-12-14", (3, 4, 4, 5), youth=(4, 4, 4, 5))
