"""Demo data: the Ferghana Valley case studies, loaded by `manage.py load_demo`.

Places, organisations, programmes, groups and dates follow the public reports in the project's
source documents (community security in Kyrgyzstan and Tajikistan, 2010-2015). Populations,
coordinates and ethnic shares are approximate. Every person is invented; phone numbers use
a made-up 000 block.

Loading only adds what is missing, looked up by natural keys, and never saves a row that
is already there: running it again leaves every table, history tables included, unchanged.
The cycles demo builds on the groups below and finds them by their names (GROUP_NAMES).
"""

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple, TypeVar

from django.conf import settings
from django.core.management.base import OutputWrapper
from django.db import models, transaction

from communities.models import (
    AgeBand,
    Community,
    Country,
    District,
    Ethnicity,
    EthnicShare,
    Gender,
    Group,
    Membership,
    Organisation,
    Person,
    Programme,
    Region,
    User,
)
from communities.services import merge_group
from cswg_portal.roles import sync_role

KG, TJ = Country.KYRGYZSTAN, Country.TAJIKISTAN
F, M = Gender.FEMALE, Gender.MALE
CHAIR, SECRETARY = Membership.Role.CHAIR, Membership.Role.SECRETARY
ModelT = TypeVar("ModelT", bound=models.Model)


def _day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


# --- Places ---------------------------------------------------------------------------------

DISTRICTS: tuple[tuple[str, str, str], ...] = (
    # (country, region, district)
    (KG, "Osh", "Nookat"),
    (KG, "Osh", "Kara-Suu"),
    (KG, "Osh", "Osh city"),
    (KG, "Jalal-Abad", "Bazar-Korgon"),
    (KG, "Jalal-Abad", "Suzak"),
    (KG, "Batken", "Batken"),
    (KG, "Batken", "Kadamjay"),
    (TJ, "Sughd", "Isfara"),
)


class DemoCommunity(NamedTuple):
    name: str
    district: str
    kind: str
    population: int
    latitude: str
    longitude: str
    shares: dict[str, int]
    assessed: str
    notes: str
    on_border: bool = False
    status: str = Community.Status.ACTIVE


V, MUN = Community.Kind.VILLAGE, Community.Kind.MUNICIPALITY

COMMUNITIES: tuple[DemoCommunity, ...] = (
    DemoCommunity(
        "Mirmahmudov", "Nookat", MUN, 20000, "40.32000", "72.58000",
        {"kyrgyz": 55, "uzbek": 44}, "2013-11-18",
        "Large mixed Kyrgyz and Uzbek municipality. Residents spoke of fights between young "
        "people of the two groups, recruitment by extremist groups and little trust in the "
        "police. The LCPC existed only on paper, but the ayil okmotu offered to host it.",
    ),
    DemoCommunity(
        "Tash-Bulak", "Suzak", V, 12000, "40.95560", "73.01940",
        {"kyrgyz": 52, "uzbek": 45, "russian": 1}, "2015-01-20",
        "Village on the edge of Jalal-Abad city. Its LCPC was newly revived and asked to learn "
        "from a more experienced centre, above all on preventing radicalisation.",
    ),
    DemoCommunity(
        "Yrys", "Suzak", MUN, 17000, "40.87000", "72.93000",
        {"uzbek": 60, "kyrgyz": 38}, "2015-01-27",
        "Rural area of mixed Uzbek and Kyrgyz villages. The LCPC met again in 2015 after years "
        "of silence and wanted help to work with young people.",
    ),
    DemoCommunity(
        "Bazar-Korgon", "Bazar-Korgon", V, 32000, "41.03750", "72.74500",
        {"uzbek": 72, "kyrgyz": 26}, "2010-06-14",
        "Badly hit in June 2010: Uzbek and Kyrgyz neighbours still avoid each other and fear "
        "reprisals. Respected people from both groups agreed to sit at one table.",
        status=Community.Status.GRADUATED,
    ),
    DemoCommunity(
        "Mady", "Kara-Suu", MUN, 26000, "40.62000", "72.85000",
        {"kyrgyz": 60, "uzbek": 38}, "2012-02-20",
        "The official LCPC stopped meeting after 2010 and nobody trusted it, yet activists "
        "from both communities were ready to act on local safety.",
    ),
    DemoCommunity(
        "Amir-Temur", "Osh city", Community.Kind.CITY_DISTRICT, 36000, "40.54500", "72.77500",
        {"uzbek": 85, "kyrgyz": 12, "russian": 2}, "2011-09-12",
        "Mostly Uzbek part of Osh on a busy road, with regular fights between teenagers from "
        "neighbouring areas. Schools and the youth committee want to take part.",
    ),
    DemoCommunity(
        "Kara-Suu", "Kara-Suu", Community.Kind.TOWN, 24000, "40.70370", "72.86830",
        {"uzbek": 65, "kyrgyz": 30, "russian": 2}, "2015-10-05",
        "Market town on the Uzbek border, proposed for the next phase: quarrels around trade "
        "and the crossing point. No working group yet.",
        on_border=True, status=Community.Status.IDENTIFIED,
    ),
    DemoCommunity(
        "Masaliev", "Kadamjay", MUN, 21000, "40.28000", "71.62000",
        {"kyrgyz": 50, "uzbek": 25, "tajik": 23}, "2013-03-11",
        "Kyrgyz, Uzbek and Tajik schools a few kilometres apart near the Uzbek border; young "
        "people of different groups hardly ever meet.",
        on_border=True,
    ),
    DemoCommunity(
        "Kok-Tash", "Batken", V, 5600, "39.98500", "70.71800",
        {"kyrgyz": 98}, "2010-08-02",
        "Kyrgyz village where the Batken road crosses undemarcated land next to Tajik "
        "villages; traffic accidents there often end in fights between neighbours.",
        on_border=True,
    ),
    DemoCommunity(
        "Ak-Sai", "Batken", V, 8300, "39.94500", "70.62800",
        {"kyrgyz": 97, "tajik": 2}, "2010-08-09",
        "Kyrgyz village next to the Vorukh enclave. Water, pasture and the roads are "
        "disputed, and people complain of rough treatment by border guards.",
        on_border=True,
    ),
    DemoCommunity(
        "Somonion", "Isfara", V, 6500, "39.96000", "70.69000",
        {"tajik": 99}, "2010-07-05",
        "Conservative Tajik border village run by its elders; shares a road and a stream with "
        "Kyrgyz neighbours. Women and young people seldom speak at public meetings.",
        on_border=True,
    ),
    DemoCommunity(
        "Khoja Alo", "Isfara", V, 3900, "39.99000", "70.68500",
        {"tajik": 98, "kyrgyz": 2}, "2010-07-19",
        "Tajik village facing Kok-Tash. The mahalla committee is respected and the district "
        "police agreed to hold open reporting days here.",
        on_border=True,
    ),
    DemoCommunity(
        "Vorukh", "Isfara", Community.Kind.ENCLAVE, 29000, "39.85200", "70.57800",
        {"tajik": 99}, "2010-07-12",
        "Tajik enclave inside Kyrgyz territory: every trip depends on roads and posts on the "
        "Kyrgyz side. Fifteen mahallas, each with active women.",
        on_border=True,
    ),
    DemoCommunity(
        "Chorkuh", "Isfara", V, 24000, "40.02000", "70.59000",
        {"tajik": 99}, "2012-05-14",
        "Tajik jamoat on the road to Vorukh, drawn into the same road and water disputes as "
        "its Kyrgyz neighbours.",
        on_border=True,
    ),
)  # fmt: skip

# Pairs of communities facing each other across the Kyrgyz-Tajik border.
FACING: tuple[tuple[str, str], ...] = (
    ("Kok-Tash", "Khoja Alo"),
    ("Kok-Tash", "Somonion"),
    ("Ak-Sai", "Vorukh"),
    ("Ak-Sai", "Chorkuh"),
)


# --- Organisations and programmes -----------------------------------------------------------


class DemoOrganisation(NamedTuple):
    name: str
    short_name: str
    kind: str
    country: str = ""

    @property
    def key(self) -> str:
        return self.short_name or self.name


K = Organisation.Kind

ORGANISATIONS: tuple[DemoOrganisation, ...] = (
    DemoOrganisation("Saferworld", "", K.INTERNATIONAL_NGO),
    DemoOrganisation("Foundation for Tolerance International", "FTI", K.LOCAL_NGO, KG),
    DemoOrganisation(
        "Association of Scientific and Technical Intelligentsia", "ASTI", K.LOCAL_NGO, TJ
    ),
    DemoOrganisation("Youth Initiatives for Development", "MIR", K.LOCAL_NGO, TJ),
    DemoOrganisation("Liberal Youth Alliance", "LYA", K.LOCAL_NGO, KG),
    DemoOrganisation("Civic Union for Reforms and Results", "Civic Union", K.OTHER, KG),
    DemoOrganisation("UK Conflict Pool (British Embassy Bishkek)", "UK Conflict Pool", K.DONOR),
    DemoOrganisation("Swiss Development Cooperation", "SDC", K.DONOR),
    DemoOrganisation("US Department of State", "", K.DONOR),
    DemoOrganisation("Mirmahmudov ayil okmotu", "", K.LOCAL_AUTHORITY, KG),
    DemoOrganisation("Mady ayil okmotu", "", K.LOCAL_AUTHORITY, KG),
    DemoOrganisation("Nookat district police department", "", K.POLICE, KG),
    DemoOrganisation("Isfara district police department", "", K.POLICE, TJ),
    DemoOrganisation("Border Service of the Kyrgyz Republic, Batken", "", K.BORDER_SERVICE, KG),
    DemoOrganisation("Bazar-Korgon secondary school", "", K.SCHOOL, KG),
)

FERGHANA_PROGRAMME = "Ferghana Valley Community Security Programme"
LCPC_PROGRAMME = "Strengthening Local Crime Prevention Centres in southern Kyrgyzstan"


class DemoProgramme(NamedTuple):
    name: str
    donors: tuple[str, ...]
    partners: tuple[str, ...]
    start: str
    end: str
    currency: str
    communities: tuple[str, ...]


PROGRAMMES: tuple[DemoProgramme, ...] = (
    DemoProgramme(
        FERGHANA_PROGRAMME,
        donors=("UK Conflict Pool",),
        partners=("Saferworld", "FTI", "ASTI", "MIR"),
        start="2010-04-01",
        end="2015-03-31",
        currency="GBP",
        communities=(
            "Bazar-Korgon", "Amir-Temur", "Mady", "Masaliev", "Kok-Tash", "Ak-Sai",
            "Somonion", "Khoja Alo", "Vorukh", "Chorkuh",
        ),
    ),
    DemoProgramme(
        LCPC_PROGRAMME,
        donors=("SDC", "US Department of State"),
        partners=("Saferworld", "FTI"),
        start="2014-01-01",
        end="2017-12-31",
        currency="USD",
        communities=("Mirmahmudov", "Tash-Bulak", "Yrys", "Mady", "Kara-Suu"),
    ),
)  # fmt: skip


# --- Groups ---------------------------------------------------------------------------------

MIRMAHMUDOV_LCPC = "Mirmahmudov LCPC"
TASH_BULAK_LCPC = "Tash-Bulak LCPC"
YRYS_LCPC = "Yrys LCPC"
MADY_LCPC = "Mady LCPC"
MADY_CSWG = "Mady CSWG"
BAZAR_KORGON_CSWG = "Bazar-Korgon CSWG"
SOMONION_CSWG = "Somonion CSWG"
VORUKH_CSWG = "Vorukh CSWG"
KHOJA_ALO_MAHALLA = "Khoja Alo mahalla committee"
KOK_TASH_CSWG = "Kok-Tash CSWG"
ROAD_CROSSING_JOINT = "Kok-Tash road crossing joint working group"

# The CSWG joined the reformed LCPC "by 2014"; this is the day its members moved across.
MADY_MERGED_ON = _day("2014-09-01")


class DemoGroup(NamedTuple):
    name: str
    kind: str
    communities: tuple[str, ...]
    partner: str
    programme: str
    established: str | None
    recognised: bool = False
    premises: bool = False
    status: str = Group.Status.ACTIVE


GROUPS: tuple[DemoGroup, ...] = (
    DemoGroup(MIRMAHMUDOV_LCPC, Group.Kind.LCPC, ("Mirmahmudov",), "FTI", LCPC_PROGRAMME,
              "2014-02-10", recognised=True, premises=True),
    DemoGroup(TASH_BULAK_LCPC, Group.Kind.LCPC, ("Tash-Bulak",), "FTI", LCPC_PROGRAMME,
              "2015-03-02", recognised=True),
    DemoGroup(YRYS_LCPC, Group.Kind.LCPC, ("Yrys",), "FTI", LCPC_PROGRAMME,
              "2015-02-16", recognised=True),
    DemoGroup(MADY_LCPC, Group.Kind.LCPC, ("Mady",), "FTI", LCPC_PROGRAMME,
              "2009-03-16", recognised=True, premises=True),
    DemoGroup(MADY_CSWG, Group.Kind.CSWG, ("Mady",), "FTI", FERGHANA_PROGRAMME,
              "2012-04-10"),
    DemoGroup(BAZAR_KORGON_CSWG, Group.Kind.CSWG, ("Bazar-Korgon",), "FTI", FERGHANA_PROGRAMME,
              "2010-09-20"),
    DemoGroup(SOMONION_CSWG, Group.Kind.CSWG, ("Somonion",), "ASTI", FERGHANA_PROGRAMME,
              "2010-10-05"),
    DemoGroup(VORUKH_CSWG, Group.Kind.CSWG, ("Vorukh",), "ASTI", FERGHANA_PROGRAMME,
              "2010-11-15"),
    # FTI's CSWG facing Somonion and Khoja Alo across the border.
    DemoGroup(KOK_TASH_CSWG, Group.Kind.CSWG, ("Kok-Tash",), "FTI", FERGHANA_PROGRAMME,
              "2010-10-18"),
    # A traditional body: nobody records when it was founded.
    DemoGroup(KHOJA_ALO_MAHALLA, Group.Kind.MAHALLA, ("Khoja Alo",), "MIR", FERGHANA_PROGRAMME,
              None, recognised=True, premises=True),
    # Joint work stopped after the border shooting of January 2014.
    DemoGroup(ROAD_CROSSING_JOINT, Group.Kind.JOINT,
              ("Kok-Tash", "Ak-Sai", "Khoja Alo", "Somonion", "Chorkuh"), "FTI",
              FERGHANA_PROGRAMME, "2012-10-15", status=Group.Status.DORMANT),
)  # fmt: skip

GROUP_NAMES: tuple[str, ...] = tuple(group.name for group in GROUPS)


# --- People ---------------------------------------------------------------------------------


class Seat(NamedTuple):
    """A person and their membership; `start` defaults to the day the group's list begins."""

    full_name: str
    gender: str
    age_band: str
    ethnicity: str
    sector: str
    phone: str = ""
    role: str = Membership.Role.MEMBER
    start: str | None = None
    end: str | None = None


MIRMAHMUDOV_SEATS = (
    Seat("Abdimalik Toktorov", M, "46-59", "kyrgyz", "local_authority", "+996 555 000 101", CHAIR),
    Seat("Dilnoza Yusupova", F, "29-45", "uzbek", "womens_council", "+996 555 000 102", SECRETARY),
    Seat("Kubanychbek Asanov", M, "29-45", "kyrgyz", "neighbourhood_inspector", "+996 555 000 103"),
    Seat("Rahmatillo Nazarov", M, "60+", "uzbek", "elders_court"),
    Seat("Toktosun Sadykov", M, "60+", "kyrgyz", "elders_court"),
    Seat("Nurzhan Abdyrakhmanova", F, "46-59", "kyrgyz", "womens_council", "+996 555 000 104"),
    Seat("Sherzod Mamajonov", M, "18-28", "uzbek", "youth_committee", "+996 555 000 105"),
    Seat("Aidai Bekmuratova", F, "18-28", "kyrgyz", "youth_committee"),
    Seat("Feruza Khodjaeva", F, "29-45", "uzbek", "school"),
    Seat("Ulan Joldoshev", M, "18-28", "kyrgyz", "community"),
    Seat("Gulbara Tashieva", F, "46-59", "kyrgyz", "community"),
    Seat("Ilkhom Karimov", M, "29-45", "uzbek", "juvenile_inspector", end="2015-06-30"),
)

TASH_BULAK_SEATS = (
    Seat("Kanybek Osmonov", M, "46-59", "kyrgyz", "local_authority", "+996 555 000 201", CHAIR),
    Seat("Zulfiya Rakhimova", F, "29-45", "uzbek", "womens_council", "+996 555 000 202", SECRETARY),
    Seat("Erlan Mamytov", M, "29-45", "kyrgyz", "neighbourhood_inspector", "+996 555 000 203"),
    Seat("Saltanat Jumabaeva", F, "18-28", "kyrgyz", "youth_committee"),
    Seat("Abdullajon Ergashev", M, "60+", "uzbek", "elders_court"),
    Seat("Nigora Tursunova", F, "14-17", "uzbek", "youth_committee"),
    Seat("Tatyana Pavlenko", F, "46-59", "russian", "school", "+996 555 000 204"),
)

YRYS_SEATS = (
    Seat("Bakyt Kadyrov", M, "46-59", "kyrgyz", "local_authority", "+996 555 000 301", CHAIR),
    Seat("Mukhabbat Alieva", F, "29-45", "uzbek", "school", "+996 555 000 302", SECRETARY),
    Seat("Azamat Sultanov", M, "29-45", "kyrgyz", "juvenile_inspector", "+996 555 000 303"),
    Seat("Odinakhon Sobirova", F, "46-59", "uzbek", "womens_council"),
    Seat("Bekzod Umarov", M, "18-28", "uzbek", "youth_committee", "+996 555 000 304"),
    Seat("Cholpon Ismailova", F, "18-28", "kyrgyz", "youth_committee"),
    Seat("Sharipjan Abdurakhmanov", M, "60+", "uzbek", "religious_leader"),
)

# The old, inactive LCPC lost its members when the authorities reformed it for the merge.
MADY_LCPC_SEATS = (
    Seat(
        "Mamasaly Ergeshov",
        M,
        "60+",
        "kyrgyz",
        "local_authority",
        role=CHAIR,
        start="2009-03-16",
        end="2014-08-31",
    ),
    Seat(
        "Rano Khalilova",
        F,
        "46-59",
        "uzbek",
        "womens_council",
        start="2009-03-16",
        end="2014-08-31",
    ),
    Seat("Jyldyz Abdieva", F, "46-59", "kyrgyz", "local_authority", "+996 555 000 401", CHAIR),
    Seat("Asel Mamytbekova", F, "29-45", "kyrgyz", "womens_council", "+996 555 000 402", SECRETARY),
    Seat("Nurbek Tagaev", M, "29-45", "kyrgyz", "neighbourhood_inspector", start="2011-01-10"),
)

MADY_CSWG_SEATS = (
    Seat("Kamila Yuldasheva", F, "29-45", "uzbek", "civil_society", "+996 555 000 501", CHAIR),
    Seat(
        "Adilet Kurmanaliev", M, "18-28", "kyrgyz", "youth_committee", "+996 555 000 502", SECRETARY
    ),
    Seat("Gulnara Sydykova", F, "46-59", "kyrgyz", "school"),
    Seat("Jamshid Rasulov", M, "29-45", "not_stated", "community"),
    Seat("Begaim Alymbekova", F, "18-28", "kyrgyz", "youth_committee", "+996 555 000 503"),
    Seat("Mukhtar Tashbolotov", M, "60+", "kyrgyz", "elders_court"),
    Seat("Shoira Mirzaeva", F, "46-59", "uzbek", "womens_council"),
    Seat("Dmitry Sokolov", M, "29-45", "russian", "community", end="2013-05-31"),
)

BAZAR_KORGON_SEATS = (
    Seat("Abdujalil Mirzaev", M, "46-59", "uzbek", "community", "+996 555 000 601", CHAIR),
    Seat("Nurgul Sarybaeva", F, "29-45", "kyrgyz", "school", "+996 555 000 602", SECRETARY),
    Seat("Ulugbek Saidov", M, "29-45", "uzbek", "civil_society"),
    Seat("Mahliyo Khamidova", F, "18-28", "uzbek", "youth_committee", "+996 555 000 603"),
    Seat("Temirlan Abdykalykov", M, "14-17", "kyrgyz", "youth_committee", start="2013-02-04"),
    Seat("Saodat Ahmedova", F, "46-59", "uzbek", "womens_council"),
    Seat("Sagynbek Usenov", M, "60+", "kyrgyz", "elders_court"),
    Seat("Dilshod Khaitov", M, "18-28", "uzbek", "community", end="2013-08-31"),
    # FTI won the juvenile inspector over separately before he joined the group.
    Seat(
        "Akylbek Raimkulov",
        M,
        "29-45",
        "kyrgyz",
        "juvenile_inspector",
        "+996 555 000 604",
        start="2011-03-14",
    ),
)

SOMONION_SEATS = (
    Seat("Saidali Rahmonov", M, "60+", "tajik", "elders_court", "+992 92 000 0701", CHAIR),
    Seat("Farhod Sharipov", M, "29-45", "tajik", "school", "+992 92 000 0702", SECRETARY),
    Seat("Jurabek Mirzoev", M, "46-59", "tajik", "local_authority"),
    Seat("Nozim Qodirov", M, "60+", "tajik", "religious_leader"),
    Seat("Bahrom Safarov", M, "29-45", "tajik", "neighbourhood_inspector", "+992 92 000 0703"),
    Seat("Firdavs Kholov", M, "18-28", "tajik", "youth_committee", start="2011-05-16"),
    # Women and girls joined once their own consultations had been heard.
    Seat("Mehrangez Saidova", F, "18-28", "tajik", "womens_council", start="2011-05-16"),
    Seat("Zarina Davlatova", F, "14-17", "tajik", "youth_committee", start="2013-09-09"),
)

VORUKH_SEATS = (
    Seat("Khurshed Aminov", M, "46-59", "tajik", "local_authority", "+992 92 000 0801", CHAIR),
    Seat("Manzura Karimova", F, "29-45", "tajik", "womens_council", "+992 92 000 0802", SECRETARY),
    Seat("Gulchehra Rajabova", F, "46-59", "tajik", "school"),
    Seat("Shahlo Ismoilova", F, "18-28", "tajik", "youth_committee", "+992 92 000 0803"),
    Seat("Umed Boboev", M, "18-28", "tajik", "youth_committee"),
    Seat("Nurullo Hakimov", M, "60+", "tajik", "elders_court"),
    Seat("Parvina Yusufova", F, "29-45", "tajik", "civil_society"),
    Seat("Sunatullo Odinaev", M, "29-45", "tajik", "neighbourhood_inspector", end="2014-12-31"),
)

KHOJA_ALO_SEATS = (
    Seat("Hikmatullo Sattorov", M, "60+", "tajik", "elders_court", "+992 92 000 0901", CHAIR),
    Seat("Abdurahmon Ziyoev", M, "46-59", "tajik", "community", role=SECRETARY),
    Seat("Mirzo Juraev", M, "60+", "tajik", "religious_leader"),
    Seat("Ismoil Nematov", M, "29-45", "tajik", "local_authority", "+992 92 000 0902"),
    Seat("Davron Halimov", M, "18-28", "tajik", "youth_committee"),
    Seat("Siyovush Rahimzoda", M, "46-59", "not_stated", "community"),
)

KOK_TASH_SEATS = (
    Seat("Zhanybek Abdirasulov", M, "46-59", "kyrgyz", "school", "+996 555 000 121", CHAIR),
    Seat("Venera Sabyrova", F, "29-45", "kyrgyz", "womens_council", "+996 555 000 122", SECRETARY),
    Seat("Bolot Nurmatov", M, "60+", "kyrgyz", "elders_court"),
    Seat("Saikal Toktomusheva", F, "46-59", "kyrgyz", "community"),
    Seat("Elmira Satybaldieva", F, "18-28", "kyrgyz", "youth_committee", "+996 555 000 123"),
    Seat("Ruslan Ormonov", M, "18-28", "kyrgyz", "youth_committee"),
    Seat("Almaz Tursunbaev", M, "29-45", "kyrgyz", "local_authority", "+996 555 000 124"),
    Seat("Marat Esenaliev", M, "29-45", "kyrgyz", "neighbourhood_inspector", "+996 555 000 125"),
    # The border post named an officer to the group after the open day of June 2014.
    Seat(
        "Talant Beishenov",
        M,
        "29-45",
        "kyrgyz",
        "border_service",
        "+996 555 000 126",
        start="2014-06-23",
    ),
)

# Two people from each of the five communities at the crossing.
ROAD_CROSSING_SEATS = (
    Seat("Tilek Omurzakov", M, "46-59", "kyrgyz", "local_authority", "+996 555 000 111", CHAIR),
    Seat("Aizhan Turgunbaeva", F, "29-45", "kyrgyz", "community"),
    Seat("Kairat Zhumaliev", M, "29-45", "kyrgyz", "border_service", "+996 555 000 112"),
    Seat("Meerim Tokonova", F, "18-28", "kyrgyz", "youth_committee"),
    Seat("Anvar Kurbonov", M, "29-45", "tajik", "neighbourhood_inspector", "+992 92 000 0111"),
    Seat("Sitora Nurova", F, "29-45", "tajik", "womens_council"),
    Seat("Jamshed Valiev", M, "46-59", "tajik", "local_authority", "+992 92 000 0112", SECRETARY),
    Seat("Ozoda Sharifova", F, "18-28", "tajik", "community"),
    Seat("Bakhtiyor Usmonov", M, "60+", "tajik", "elders_court"),
    Seat("Eldor Mahmudov", M, "18-28", "not_stated", "youth_committee"),
)

# Group -> (day its member list begins, seats). Each person sits in one group; the Mady
# CSWG members reach the Mady LCPC through the merge, not through this table.
MEMBERS: dict[str, tuple[str, tuple[Seat, ...]]] = {
    MIRMAHMUDOV_LCPC: ("2014-02-10", MIRMAHMUDOV_SEATS),
    TASH_BULAK_LCPC: ("2015-03-02", TASH_BULAK_SEATS),
    YRYS_LCPC: ("2015-02-16", YRYS_SEATS),
    MADY_LCPC: ("2014-09-01", MADY_LCPC_SEATS),
    MADY_CSWG: ("2012-04-10", MADY_CSWG_SEATS),
    BAZAR_KORGON_CSWG: ("2010-09-20", BAZAR_KORGON_SEATS),
    SOMONION_CSWG: ("2010-10-05", SOMONION_SEATS),
    VORUKH_CSWG: ("2010-11-15", VORUKH_SEATS),
    KHOJA_ALO_MAHALLA: ("2011-04-04", KHOJA_ALO_SEATS),
    KOK_TASH_CSWG: ("2010-10-18", KOK_TASH_SEATS),
    ROAD_CROSSING_JOINT: ("2012-10-15", ROAD_CROSSING_SEATS),
}

# Officials sit in a group because of their post; their consent rests on that.
PUBLIC_ROLE_SECTORS = {
    Membership.Sector.LOCAL_AUTHORITY,
    *Membership.Sector.police(),
    Membership.Sector.BORDER_SERVICE,
}


# --- Users ----------------------------------------------------------------------------------


class DemoUser(NamedTuple):
    username: str
    role: str
    organisation: str | None
    first_name: str
    last_name: str


USERS: tuple[DemoUser, ...] = (
    DemoUser("facilitator", User.Role.FACILITATOR, "FTI", "Nurlan", "Abdykadyrov"),
    DemoUser("partner", User.Role.PARTNER, "FTI", "Aigul", "Kasymova"),
    DemoUser("donor", User.Role.DONOR, "UK Conflict Pool", "Helen", "Whitfield"),
    DemoUser("admin", User.Role.ADMIN, None, "Demo", "Administrator"),
)
USERNAMES: tuple[str, ...] = tuple(user.username for user in USERS)


# --- Loading --------------------------------------------------------------------------------


@dataclass
class Summary:
    """What one load added: rows per model (by plural name) and many-to-many links."""

    created: Counter[str] = field(default_factory=Counter)
    links: int = 0

    def add(self, model: type[models.Model], count: int = 1) -> None:
        if count:
            self.created[str(model._meta.verbose_name_plural)] += count

    @property
    def changed(self) -> bool:
        return bool(self.created) or bool(self.links)


def _get_or_create(
    summary: Summary, model: type[ModelT], defaults: dict | None = None, **lookup
) -> ModelT:
    obj, created = model.objects.get_or_create(defaults=defaults or {}, **lookup)
    if created:
        summary.add(model)
    return obj


def _link(summary: Summary, manager, objects: Iterable[models.Model]) -> None:
    """Add the missing rows of a many-to-many relation; an unchanged relation is not touched,
    so no history row is written for it."""
    present = set(manager.values_list("pk", flat=True))
    missing = [obj for obj in objects if obj.pk not in present]
    if missing:
        manager.add(*missing)
        summary.links += len(missing)


def load_places(summary: Summary) -> dict[str, Community]:
    districts: dict[str, District] = {}
    for country, region_name, district_name in DISTRICTS:
        region = _get_or_create(summary, Region, country=country, name=region_name)
        districts[district_name] = _get_or_create(
            summary, District, region=region, name=district_name
        )
    communities: dict[str, Community] = {}
    for row in COMMUNITIES:
        community = _get_or_create(
            summary,
            Community,
            district=districts[row.district],
            name=row.name,
            defaults={
                "kind": row.kind,
                "population": row.population,
                "latitude": Decimal(row.latitude),
                "longitude": Decimal(row.longitude),
                "on_border": row.on_border,
                "assessment_date": _day(row.assessed),
                "assessment_notes": row.notes,
                "status": row.status,
            },
        )
        for ethnicity, percent in row.shares.items():
            _get_or_create(
                summary,
                EthnicShare,
                community=community,
                ethnicity=Ethnicity(ethnicity),
                defaults={"percent": Decimal(percent)},
            )
        communities[row.name] = community
    for name, facing in FACING:
        _link(summary, communities[name].facing_communities, [communities[facing]])
    return communities


def load_organisations(summary: Summary) -> dict[str, Organisation]:
    return {
        row.key: _get_or_create(
            summary,
            Organisation,
            name=row.name,
            defaults={"short_name": row.short_name, "kind": row.kind, "country": row.country},
        )
        for row in ORGANISATIONS
    }


def load_programmes(
    summary: Summary,
    organisations: dict[str, Organisation],
    communities: dict[str, Community],
) -> dict[str, Programme]:
    programmes: dict[str, Programme] = {}
    for row in PROGRAMMES:
        programme = _get_or_create(
            summary,
            Programme,
            name=row.name,
            defaults={"start": _day(row.start), "end": _day(row.end), "currency": row.currency},
        )
        _link(summary, programme.donors, [organisations[key] for key in row.donors])
        _link(
            summary,
            programme.implementing_partners,
            [organisations[key] for key in row.partners],
        )
        _link(summary, programme.communities, [communities[name] for name in row.communities])
        programmes[row.name] = programme
    return programmes


def load_users(summary: Summary, organisations: dict[str, Organisation]) -> dict[str, User]:
    """One login per role. The password is set only when the login is created, so that a
    password someone changed survives a reload."""
    users: dict[str, User] = {}
    for row in USERS:
        user, created = User.objects.get_or_create(
            username=row.username,
            defaults={
                "role": row.role,
                "organisation": organisations[row.organisation] if row.organisation else None,
                "first_name": row.first_name,
                "last_name": row.last_name,
                "email": f"{row.username}@example.org",
                "is_superuser": row.role == User.Role.ADMIN,
            },
        )
        if created:
            user.set_password(settings.DEMO_PASSWORD)
            user.save(update_fields=["password"])
            sync_role(user)
            summary.add(User)
        users[row.username] = user
    return users


def load_groups(
    summary: Summary,
    organisations: dict[str, Organisation],
    programmes: dict[str, Programme],
    communities: dict[str, Community],
) -> dict[str, Group]:
    groups: dict[str, Group] = {}
    for row in GROUPS:
        group = _get_or_create(
            summary,
            Group,
            name=row.name,
            defaults={
                "kind": row.kind,
                "partner": organisations[row.partner],
                "programme": programmes[row.programme],
                "established": _day(row.established) if row.established else None,
                "officially_recognised": row.recognised,
                "premises_provided": row.premises,
                "status": row.status,
            },
        )
        _link(summary, group.communities, [communities[name] for name in row.communities])
        groups[row.name] = group
    return groups


def load_facilitators(summary: Summary, groups: dict[str, Group], users: dict[str, User]) -> None:
    """The demo facilitator works with every group of their organisation (FTI)."""
    facilitator = users["facilitator"]
    for group in groups.values():
        if group.partner_id == facilitator.organisation_id:
            _link(summary, group.facilitators, [facilitator])


def load_people(summary: Summary, groups: dict[str, Group], users: dict[str, User]) -> None:
    """People and their memberships. Each person's data is held by the partner supporting
    their group; partner staff record the consent of officials, facilitators everyone else."""
    for group_name, (list_begins, seats) in MEMBERS.items():
        group = groups[group_name]
        for seat in seats:
            start = _day(seat.start or list_begins)
            basis = _consent_basis(seat)
            public = basis == Person.ConsentBasis.PUBLIC_ROLE
            recorder = users["partner" if public else "facilitator"]
            person = _get_or_create(
                summary,
                Person,
                full_name=seat.full_name,
                organisation=group.partner,
                defaults={
                    "gender": Gender(seat.gender),
                    "age_band": AgeBand(seat.age_band),
                    "ethnicity": Ethnicity(seat.ethnicity),
                    "phone": seat.phone,
                    "consent_date": start,
                    "consent_basis": basis,
                    "consent_recorded_by": recorder,
                },
            )
            _get_or_create(
                summary,
                Membership,
                person=person,
                group=group,
                start=start,
                defaults={
                    "role": Membership.Role(seat.role),
                    "sector": Membership.Sector(seat.sector),
                    "end": _day(seat.end) if seat.end else None,
                },
            )


def _consent_basis(seat: Seat) -> str:
    if seat.sector in PUBLIC_ROLE_SECTORS:
        return Person.ConsentBasis.PUBLIC_ROLE
    if seat.age_band == AgeBand.YOUTH_14_17:
        return Person.ConsentBasis.GUARDIAN
    if seat.age_band == AgeBand.ELDER:
        return Person.ConsentBasis.VERBAL
    return Person.ConsentBasis.WRITTEN


def load_merges(summary: Summary, groups: dict[str, Group]) -> None:
    """Merge the Mady CSWG into the reformed LCPC, once."""
    source = groups[MADY_CSWG]
    if source.status == Group.Status.MERGED:
        return
    result = merge_group(source, groups[MADY_LCPC], on=MADY_MERGED_ON)
    summary.add(Membership, len(result.placed))


@transaction.atomic
def load(stdout: OutputWrapper) -> Summary:
    """Load whatever part of the demo data is missing and report what was added."""
    summary = Summary()
    communities = load_places(summary)
    organisations = load_organisations(summary)
    programmes = load_programmes(summary, organisations, communities)
    users = load_users(summary, organisations)
    groups = load_groups(summary, organisations, programmes, communities)
    load_facilitators(summary, groups, users)
    load_people(summary, groups, users)
    load_merges(summary, groups)
    for label, count in sorted(summary.created.items()):
        stdout.write(f"  {label}: {count}")
    return summary
