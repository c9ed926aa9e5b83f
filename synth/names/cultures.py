"""The naming cultures: script, name order, sources of names and romanisation.

One registry entry per naming culture; nationalities point to one culture each
(:mod:`synth.nationalities`). ``compound_surname_share`` values are assumptions of this
project, not published figures: Spanish and Latin American civil registries give everyone
two surnames (paternal and maternal) and most documents print both, Brazilians often carry
two or more; elsewhere the surname (or father's name) is one part.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "CULTURES",
    "CULTURE_BY_KEY",
    "NAME_ORDERS",
    "SCRIPTS",
    "NamingCulture",
]

#: ISO 15924 codes of the scripts the cultures use.
SCRIPTS: tuple[str, ...] = ("Arab", "Cyrl", "Geor", "Hani", "Latn", "Ethi")
NAME_ORDERS: tuple[str, ...] = ("given_first", "surname_first")


@dataclass(frozen=True)
class NamingCulture:
    """How one culture names people, and where the simulator takes its names from.

    The first five fields are the public contract. The rest say how pools are built:

    - ``romanisation``: how native names become Latin spellings: ``cyrillic:<lang>``,
      ``georgian``, ``chinese``, ``latin:<ruleset>`` (:data:`synth.names.latin.LATIN_RULESETS`),
      ``south_asian``, ``wolof``, ``phonemic:<PRIMARY>,<OTHER>...``
      (:mod:`synth.names.phonemic`) or ``somali``;
    - ``own_table``: the own name table used instead of Faker (``""`` when Faker is used);
    - ``surname_gender``: language whose rules derive feminine surnames (``"ru"``,
      ``"pl"``...), or ``""`` when surnames do not agree with sex;
    - ``patronymic``: the second name is the father's given name (no family surname).
    """

    key: str
    script: str
    name_order: str
    compound_surname_share: float
    faker_locales: tuple[str, ...]
    romanisation: str = "latin:plain"
    own_table: str = ""
    surname_gender: str = ""
    patronymic: bool = False
    description: str = ""


_ARABIC_OTHERS = ("ENG", "EGY", "FRA", "GER")


def _arabic(
    key: str, tag: str, primary: str, description: str, patronymic: bool = False
) -> NamingCulture:
    others = ",".join(t for t in _ARABIC_OTHERS if t != primary)
    return NamingCulture(
        key,
        "Arab",
        "given_first",
        0.0,
        (),
        romanisation=f"phonemic:{primary},{others}",
        own_table=f"arabic:{tag}",
        patronymic=patronymic,
        description=description,
    )


CULTURES: tuple[NamingCulture, ...] = (
    _arabic("arabic_levant", "L", "ENG", "Arabic, Levant (English-style romanisation)"),
    _arabic("arabic_iraq", "I", "ENG", "Arabic, Iraq (English-style romanisation)"),
    _arabic("arabic_egypt", "E", "EGY", "Arabic, Egypt (Egyptian romanisation: G, E, O)"),
    _arabic("arabic_maghreb", "M", "FRA", "Arabic, Maghreb (French-style romanisation)"),
    _arabic(
        "arabic_sudan",
        "S",
        "EGY",
        "Arabic, Sudan (father's name as second name)",
        patronymic=True,
    ),
    NamingCulture(
        "persian",
        "Arab",
        "given_first",
        0.0,
        (),
        romanisation="phonemic:PER,ENG,GER,FRA",
        own_table="persian",
        description="Persian (Iran)",
    ),
    NamingCulture(
        "pashto_dari",
        "Arab",
        "given_first",
        0.0,
        (),
        romanisation="phonemic:AFG,PER,ENG,GER",
        own_table="afghan",
        description="Pashto and Dari (Afghanistan)",
    ),
    NamingCulture(
        "russian",
        "Cyrl",
        "given_first",
        0.0,
        ("ru_RU",),
        romanisation="cyrillic:ru",
        surname_gender="ru",
        description="Russian (Cyrillic; ICAO Doc 9303 canonical)",
    ),
    NamingCulture(
        "ukrainian",
        "Cyrl",
        "given_first",
        0.0,
        ("uk_UA",),
        romanisation="cyrillic:uk",
        surname_gender="uk",
        description="Ukrainian (Cyrillic; national 2010 transliteration canonical)",
    ),
    NamingCulture(
        "belarusian",
        "Cyrl",
        "given_first",
        0.0,
        (),
        romanisation="cyrillic:be",
        own_table="belarusian",
        surname_gender="be",
        description="Belarusian (Cyrillic; own table, no Faker locale)",
    ),
    NamingCulture(
        "bulgarian",
        "Cyrl",
        "given_first",
        0.0,
        ("bg_BG",),
        romanisation="cyrillic:bg",
        surname_gender="bg",
        description="Bulgarian (Cyrillic; official streamlined transliteration canonical)",
    ),
    NamingCulture(
        "georgian",
        "Geor",
        "given_first",
        0.0,
        ("ka_GE",),
        romanisation="georgian",
        description="Georgian (Mkhedruli; national 2002 romanisation canonical)",
    ),
    NamingCulture(
        "chinese",
        "Hani",
        "surname_first",
        0.0,
        ("zh_CN",),
        romanisation="chinese",
        description="Chinese (Han characters; Hanyu Pinyin canonical)",
    ),
    NamingCulture(
        "turkish",
        "Latn",
        "given_first",
        0.0,
        ("tr_TR",),
        romanisation="latin:tr",
        description="Turkish (Latin with Ç Ğ I Ö Ş Ü)",
    ),
    NamingCulture(
        "azerbaijani",
        "Latn",
        "given_first",
        0.0,
        ("az_AZ",),
        romanisation="latin:az",
        surname_gender="az",
        description="Azerbaijani (Latin with Ə X Ş Ç Ğ)",
    ),
    NamingCulture(
        "uzbek",
        "Latn",
        "given_first",
        0.0,
        ("uz_UZ",),
        romanisation="latin:uz",
        surname_gender="uz",
        description="Uzbek (Latin; Russian-mediated variants)",
    ),
    NamingCulture(
        "albanian",
        "Latn",
        "given_first",
        0.0,
        (),
        romanisation="latin:sq",
        own_table="albanian",
        description="Albanian (Latin with Ç Ë; own table)",
    ),
    NamingCulture(
        "hispanic_latam",
        "Latn",
        "given_first",
        0.9,
        ("es_CO", "es_MX", "es_AR"),
        romanisation="latin:plain",
        description="Spanish, Latin America (two surnames)",
    ),
    NamingCulture(
        "portuguese_brazil",
        "Latn",
        "given_first",
        0.5,
        ("pt_BR",),
        romanisation="latin:plain",
        description="Portuguese, Brazil",
    ),
    NamingCulture(
        "english_us",
        "Latn",
        "given_first",
        0.0,
        ("en_US",),
        romanisation="latin:plain",
        description="English, United States",
    ),
    NamingCulture(
        "pakistani",
        "Latn",
        "given_first",
        0.0,
        ("en_PK",),
        romanisation="south_asian",
        description="Pakistan (Urdu names as romanised in English; Urdu script not held)",
    ),
    NamingCulture(
        "bangladeshi",
        "Latn",
        "given_first",
        0.0,
        (),
        romanisation="south_asian",
        own_table="bangladeshi",
        description="Bangladesh (Bengali names as romanised in English; own table)",
    ),
    NamingCulture(
        "indian",
        "Latn",
        "given_first",
        0.0,
        ("en_IN",),
        romanisation="south_asian",
        description="India (names as romanised in English)",
    ),
    NamingCulture(
        "nigerian",
        "Latn",
        "given_first",
        0.0,
        ("yo_NG", "ha_NG", "ig_NG", "en_NG"),
        romanisation="latin:plain",
        description="Nigeria (Yoruba, Hausa, Igbo and English names)",
    ),
    NamingCulture(
        "akan",
        "Latn",
        "given_first",
        0.0,
        ("tw_GH",),
        romanisation="latin:plain",
        description="Ghana (Akan/Twi names)",
    ),
    NamingCulture(
        "wolof",
        "Latn",
        "given_first",
        0.0,
        (),
        romanisation="wolof",
        own_table="wolof",
        description="Senegal (Wolof names in French spelling; own table)",
    ),
    NamingCulture(
        "amharic",
        "Ethi",
        "given_first",
        0.0,
        (),
        romanisation="phonemic:ETH",
        own_table="ethiopic:A",
        patronymic=True,
        description="Amharic (Ethiopia; Ge'ez script; father's name as second name)",
    ),
    NamingCulture(
        "tigrinya",
        "Ethi",
        "given_first",
        0.0,
        (),
        romanisation="phonemic:ETH",
        own_table="ethiopic:T",
        patronymic=True,
        description="Tigrinya (Eritrea; Ge'ez script; father's name as second name)",
    ),
    NamingCulture(
        "somali",
        "Latn",
        "given_first",
        0.0,
        (),
        romanisation="somali",
        own_table="somali",
        patronymic=True,
        description="Somali (Somali orthography native; father's name as second name)",
    ),
    NamingCulture(
        "swahili",
        "Latn",
        "given_first",
        0.0,
        ("sw", "en_KE"),
        romanisation="latin:plain",
        description="East Africa (Swahili and Kenyan names)",
    ),
    NamingCulture(
        "zulu",
        "Latn",
        "given_first",
        0.0,
        ("zu_ZA",),
        romanisation="latin:plain",
        description="South Africa (Zulu names)",
    ),
    NamingCulture(
        "congolese",
        "Latn",
        "given_first",
        0.0,
        (),
        romanisation="latin:plain",
        own_table="congolese",
        description="DR Congo (French given names, Bantu surnames; own table)",
    ),
    NamingCulture(
        "german",
        "Latn",
        "given_first",
        0.0,
        ("de_DE",),
        romanisation="latin:de",
        description="German (umlauts as AE/OE/UE canonical)",
    ),
    NamingCulture(
        "french",
        "Latn",
        "given_first",
        0.0,
        ("fr_FR",),
        romanisation="latin:plain",
        description="French",
    ),
    NamingCulture(
        "italian",
        "Latn",
        "given_first",
        0.0,
        ("it_IT",),
        romanisation="latin:plain",
        description="Italian",
    ),
    NamingCulture(
        "spanish",
        "Latn",
        "given_first",
        0.95,
        ("es_ES",),
        romanisation="latin:plain",
        description="Spanish, Spain (two surnames)",
    ),
    NamingCulture(
        "polish",
        "Latn",
        "given_first",
        0.0,
        ("pl_PL",),
        romanisation="latin:pl",
        surname_gender="pl",
        description="Polish (-ski/-ska surnames)",
    ),
    NamingCulture(
        "romanian",
        "Latn",
        "given_first",
        0.0,
        ("ro_RO",),
        romanisation="latin:plain",
        description="Romanian",
    ),
)

CULTURE_BY_KEY: dict[str, NamingCulture] = {c.key: c for c in CULTURES}
