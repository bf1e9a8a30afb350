"""Words the synthetic dataset is made of, in the vocabulary of the Ferghana Valley demo.

Place stems and names are common in the region; every person is invented.
"""

from communities.models import Country
from cycles.models import Activity, Concern

KG, TJ = Country.KYRGYZSTAN, Country.TAJIKISTAN

# (country, region, district, latitude, longitude): the district's rough centre.
DISTRICTS: tuple[tuple[str, str, str, float, float], ...] = (
    (KG, "Osh", "Nookat", 40.27, 72.62),
    (KG, "Osh", "Kara-Suu", 40.70, 72.87),
    (KG, "Osh", "Osh city", 40.53, 72.80),
    (KG, "Osh", "Aravan", 40.51, 72.50),
    (KG, "Osh", "Uzgen", 40.77, 73.30),
    (KG, "Osh", "Alay", 39.90, 72.60),
    (KG, "Osh", "Kara-Kulja", 40.63, 73.60),
    (KG, "Jalal-Abad", "Bazar-Korgon", 41.04, 72.75),
    (KG, "Jalal-Abad", "Suzak", 40.90, 72.90),
    (KG, "Jalal-Abad", "Nooken", 41.18, 72.60),
    (KG, "Jalal-Abad", "Aksy", 41.43, 71.95),
    (KG, "Jalal-Abad", "Ala-Buka", 41.40, 71.43),
    (KG, "Jalal-Abad", "Toktogul", 41.87, 72.94),
    (KG, "Batken", "Batken", 40.06, 70.82),
    (KG, "Batken", "Kadamjay", 40.13, 71.72),
    (KG, "Batken", "Leilek", 39.98, 69.85),
    (TJ, "Sughd", "Isfara", 40.12, 70.63),
    (TJ, "Sughd", "Konibodom", 40.29, 70.43),
    (TJ, "Sughd", "Ghafurov", 40.22, 69.73),
    (TJ, "Sughd", "Spitamen", 40.17, 69.40),
    (TJ, "Sughd", "Asht", 40.67, 70.28),
    (TJ, "Sughd", "Mastchoh", 40.40, 69.30),
    (TJ, "Sughd", "Zafarobod", 40.13, 69.05),
    (TJ, "Sughd", "Jabbor Rasulov", 40.05, 69.55),
)

PLACE_STEMS = (
    "Ak-Sai", "Kok-Tash", "Tash-Bulak", "Yrys", "Mady", "Masaliev", "Kara-Bulak", "Ak-Terek",
    "Jany-Jol", "Kyzyl-Bairak", "Uch-Korgon", "Arka", "Kulundu", "Ravat", "Shurab",
    "Navgilem", "Chilgazi", "Surh", "Lakkon", "Kara-Tokoy", "Bulak-Bashy", "Kashgar-Kyshtak",
    "Jiyde", "Ak-Jar", "Kochkor-Ata", "Kengesh", "Toloikon", "Mirmahmudov", "Kyzyl-Kiya",
    "Somonion", "Khoja Alo", "Chorkuh", "Vorukh", "Ovchi", "Kalacha", "Nurafshon", "Istiqlol",
    "Guliston", "Bogiston", "Samarqandi", "Langar", "Dahana", "Sogment", "Kara-Darya",
)  # fmt: skip

PARTNERS = (
    ("Saferworld", "", "international_ngo", ""),
    ("Foundation for Tolerance International", "FTI", "local_ngo", KG),
    ("Association of Scientific and Technical Intelligentsia", "ASTI", "local_ngo", TJ),
    ("Youth Initiatives for Development", "MIR", "local_ngo", TJ),
    ("Liberal Youth Alliance", "LYA", "local_ngo", KG),
    ("Civic Union for Reforms and Results", "Civic Union", "other", KG),
)

DONORS = (
    ("UK Conflict Pool (British Embassy Bishkek)", "UK Conflict Pool"),
    ("Swiss Development Cooperation", "SDC"),
    ("US Department of State", ""),
    ("European Union Delegation to the Kyrgyz Republic", "EU"),
)

FIRST_NAMES = {
    "female": (
        "Dilnoza", "Aidai", "Nurgul", "Gulnara", "Zulfiya", "Saltanat", "Nigora", "Feruza",
        "Cholpon", "Mukhabbat", "Odinakhon", "Begaim", "Kamila", "Shoira", "Jyldyz", "Asel",
        "Rano", "Mavjuda", "Zarina", "Malika", "Aigerim", "Nasiba", "Gulchehra", "Tahmina",
    ),
    "male": (
        "Abdimalik", "Kubanychbek", "Rahmatillo", "Toktosun", "Sherzod", "Ulan", "Ilkhom",
        "Kanybek", "Erlan", "Abdullajon", "Bakyt", "Azamat", "Bekzod", "Nurbek", "Adilet",
        "Jamshid", "Mukhtar", "Abdujalil", "Firdavs", "Sukhrob", "Daler", "Rustam", "Almaz",
        "Talant",
    ),
}  # fmt: skip

SURNAMES = {
    "female": (
        "Yusupova", "Abdyrakhmanova", "Bekmuratova", "Khodjaeva", "Tashieva", "Rakhimova",
        "Jumabaeva", "Tursunova", "Alieva", "Sobirova", "Ismailova", "Yuldasheva", "Sydykova",
        "Alymbekova", "Mirzaeva", "Abdieva", "Mamytbekova", "Sarybaeva", "Nazarova", "Karimova",
    ),
    "male": (
        "Toktorov", "Asanov", "Nazarov", "Sadykov", "Mamajonov", "Joldoshev", "Karimov",
        "Osmonov", "Mamytov", "Ergashev", "Kadyrov", "Sultanov", "Umarov", "Tagaev",
        "Kurmanaliev", "Rasulov", "Tashbolotov", "Mirzaev", "Saidov", "Rahimov",
    ),
}  # fmt: skip

C = Concern.Category
CONCERNS: tuple[tuple[str, str], ...] = (
    ("Wolves at the water stream where women fetch water", C.NATURAL_RESOURCES),
    ("Quarrels over irrigation water between neighbours", C.NATURAL_RESOURCES),
    ("Pasture disputes across the border", C.BORDER),
    ("Rough treatment at the border post", C.BORDER),
    ("Fights between teenagers after school", C.YOUTH_VIOLENCE),
    ("Racketeering of pupils at school", C.EXTORTION),
    ("No street lighting on the road to the market", C.INFRASTRUCTURE),
    ("Open drains next to the school", C.INFRASTRUCTURE),
    ("Speeding lorries through the village", C.ROAD_SAFETY),
    ("Traffic accidents at the road crossing", C.ROAD_SAFETY),
    ("Little trust in the neighbourhood police inspector", C.POLICE_RELATIONS),
    ("Young people drawn to extremist groups", C.RADICALISATION),
    ("Tension between Kyrgyz and Uzbek neighbours", C.INTER_ETHNIC),
    ("Violence at home", C.GENDER_VIOLENCE),
    ("Early marriage of girls", C.EARLY_MARRIAGE),
    ("Bride kidnapping", C.EARLY_MARRIAGE),
    ("Thefts of livestock", C.CRIME),
    ("Drinking and fights at night", C.CRIME),
    ("Stray dogs near the school", C.OTHER),
)

A = Activity.Kind
ACTIVITIES: tuple[tuple[str, str], ...] = (
    ("Round table with the ayil okmotu and the police", A.ROUND_TABLE),
    ("Football tournament for young people of both villages", A.SPORTS_CULTURAL),
    ("Festival of friendship", A.FESTIVAL),
    ("Information campaign in the mahallas", A.INFORMATION_CAMPAIGN),
    ("Training for the youth committee", A.TRAINING),
    ("Police reporting day", A.POLICE_REPORTING_DAY),
    ("Exchange visit to a neighbouring LCPC", A.EXCHANGE_VISIT),
    ("Street lights on the road to the market", A.SMALL_WORKS),
    ("Fence and gate at the water stream", A.SMALL_WORKS),
    ("Meeting with the district akim", A.ADVOCACY_MEETING),
)

MEETING_PLACES = ("school", "ayil okmotu hall", "community centre", "mosque courtyard", "club")
