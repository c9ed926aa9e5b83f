"""Places of birth: a few large cities per country (Latin spelling), drawn with skew.

The lists name real, large cities (public geography, not data about people); a country
missing here falls back to its own name, so every nationality has a place of birth.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from synth.nationalities import NATIONALITIES

__all__ = ["BIRTH_PLACES", "PlaceTable", "place_table"]

BIRTH_PLACES: dict[str, tuple[str, ...]] = {
    "AFG": ("KABUL", "KANDAHAR", "HERAT", "MAZAR-I-SHARIF", "JALALABAD"),
    "AGO": ("LUANDA", "HUAMBO", "LOBITO"),
    "ALB": ("TIRANA", "DURRES", "VLORE", "SHKODER"),
    "ARE": ("DUBAI", "ABU DHABI", "SHARJAH"),
    "ARG": ("BUENOS AIRES", "CORDOBA", "ROSARIO", "MENDOZA"),
    "ARM": ("YEREVAN", "GYUMRI", "VANADZOR"),
    "AUS": ("SYDNEY", "MELBOURNE", "BRISBANE", "PERTH"),
    "AUT": ("WIEN", "GRAZ", "LINZ", "SALZBURG"),
    "AZE": ("BAKU", "GANJA", "SUMGAIT"),
    "BEL": ("BRUXELLES", "ANTWERPEN", "GENT", "LIEGE"),
    "BGD": ("DHAKA", "CHITTAGONG", "KHULNA", "SYLHET", "RAJSHAHI"),
    "BGR": ("SOFIA", "PLOVDIV", "VARNA"),
    "BIH": ("SARAJEVO", "BANJA LUKA", "TUZLA"),
    "BLR": ("MINSK", "GOMEL", "MOGILEV", "VITEBSK"),
    "BOL": ("LA PAZ", "SANTA CRUZ", "COCHABAMBA"),
    "BRA": ("SAO PAULO", "RIO DE JANEIRO", "BELO HORIZONTE", "SALVADOR", "RECIFE"),
    "CAN": ("TORONTO", "MONTREAL", "VANCOUVER", "CALGARY"),
    "CHE": ("ZURICH", "GENEVE", "BASEL", "BERN"),
    "CHL": ("SANTIAGO", "VALPARAISO", "CONCEPCION"),
    "CHN": ("SHANGHAI", "BEIJING", "GUANGZHOU", "CHONGQING", "WENZHOU", "FUZHOU"),
    "CIV": ("ABIDJAN", "BOUAKE", "DALOA", "YAMOUSSOUKRO"),
    "CMR": ("DOUALA", "YAOUNDE", "BAMENDA", "GAROUA"),
    "COD": ("KINSHASA", "LUBUMBASHI", "MBUJI-MAYI", "GOMA"),
    "COL": ("BOGOTA", "MEDELLIN", "CALI", "BARRANQUILLA"),
    "CUB": ("LA HABANA", "SANTIAGO DE CUBA", "CAMAGUEY"),
    "CZE": ("PRAHA", "BRNO", "OSTRAVA"),
    "DEU": ("BERLIN", "HAMBURG", "MUENCHEN", "KOELN", "FRANKFURT AM MAIN"),
    "DNK": ("KOBENHAVN", "AARHUS", "ODENSE"),
    "DOM": ("SANTO DOMINGO", "SANTIAGO DE LOS CABALLEROS"),
    "DZA": ("ALGER", "ORAN", "CONSTANTINE", "ANNABA", "SETIF"),
    "ECU": ("GUAYAQUIL", "QUITO", "CUENCA"),
    "EGY": ("CAIRO", "ALEXANDRIA", "GIZA", "MANSOURA", "ASYUT"),
    "ERI": ("ASMARA", "KEREN", "MASSAWA", "MENDEFERA"),
    "ESP": ("MADRID", "BARCELONA", "VALENCIA", "SEVILLA"),
    "ETH": ("ADDIS ABABA", "DIRE DAWA", "MEKELLE", "GONDAR", "BAHIR DAR"),
    "FIN": ("HELSINKI", "ESPOO", "TAMPERE"),
    "FRA": ("PARIS", "MARSEILLE", "LYON", "TOULOUSE", "LILLE"),
    "GBR": ("LONDON", "BIRMINGHAM", "MANCHESTER", "GLASGOW", "LEEDS"),
    "GEO": ("TBILISI", "KUTAISI", "BATUMI", "RUSTAVI"),
    "GHA": ("ACCRA", "KUMASI", "TAMALE", "TAKORADI"),
    "GIN": ("CONAKRY", "NZEREKORE", "KANKAN", "KINDIA"),
    "GMB": ("SERREKUNDA", "BANJUL", "BRIKAMA"),
    "GRC": ("ATHINA", "THESSALONIKI", "PATRA"),
    "HRV": ("ZAGREB", "SPLIT", "RIJEKA"),
    "HUN": ("BUDAPEST", "DEBRECEN", "SZEGED"),
    "IDN": ("JAKARTA", "SURABAYA", "BANDUNG", "MEDAN"),
    "IND": ("MUMBAI", "DELHI", "BANGALORE", "HYDERABAD", "CHENNAI", "KOLKATA"),
    "IRL": ("DUBLIN", "CORK", "LIMERICK"),
    "IRN": ("TEHRAN", "MASHHAD", "ISFAHAN", "TABRIZ", "SHIRAZ"),
    "IRQ": ("BAGHDAD", "MOSUL", "BASRA", "ERBIL", "KIRKUK", "SULAYMANIYAH"),
    "ISR": ("JERUSALEM", "TEL AVIV", "HAIFA"),
    "ITA": ("ROMA", "MILANO", "NAPOLI", "TORINO", "PALERMO"),
    "JOR": ("AMMAN", "ZARQA", "IRBID"),
    "JPN": ("TOKYO", "OSAKA", "YOKOHAMA", "NAGOYA", "SAPPORO"),
    "KAZ": ("ALMATY", "ASTANA", "SHYMKENT"),
    "KEN": ("NAIROBI", "MOMBASA", "KISUMU"),
    "KGZ": ("BISHKEK", "OSH", "JALAL-ABAD"),
    "KOR": ("SEOUL", "BUSAN", "INCHEON", "DAEGU"),
    "LBN": ("BEIRUT", "TRIPOLI", "SIDON"),
    "LBY": ("TRIPOLI", "BENGHAZI", "MISRATA"),
    "LKA": ("COLOMBO", "KANDY", "JAFFNA"),
    "MAR": ("CASABLANCA", "RABAT", "FES", "TANGER", "MARRAKECH", "NADOR"),
    "MDA": ("CHISINAU", "BALTI", "TIRASPOL"),
    "MEX": ("CIUDAD DE MEXICO", "GUADALAJARA", "MONTERREY", "PUEBLA"),
    "MKD": ("SKOPJE", "BITOLA", "KUMANOVO"),
    "MLI": ("BAMAKO", "SIKASSO", "MOPTI", "KAYES"),
    "MNE": ("PODGORICA", "NIKSIC"),
    "MRT": ("NOUAKCHOTT", "NOUADHIBOU"),
    "NER": ("NIAMEY", "ZINDER", "MARADI"),
    "NGA": ("LAGOS", "KANO", "IBADAN", "BENIN CITY", "PORT HARCOURT", "ABUJA"),
    "NLD": ("AMSTERDAM", "ROTTERDAM", "DEN HAAG", "UTRECHT"),
    "NPL": ("KATHMANDU", "POKHARA", "BIRATNAGAR"),
    "NZL": ("AUCKLAND", "WELLINGTON", "CHRISTCHURCH"),
    "PAK": ("KARACHI", "LAHORE", "FAISALABAD", "RAWALPINDI", "PESHAWAR", "GUJRAT"),
    "PER": ("LIMA", "AREQUIPA", "TRUJILLO"),
    "PHL": ("MANILA", "QUEZON CITY", "CEBU", "DAVAO"),
    "POL": ("WARSZAWA", "KRAKOW", "LODZ", "WROCLAW", "POZNAN"),
    "PRT": ("LISBOA", "PORTO", "BRAGA"),
    "PSE": ("GAZA", "HEBRON", "NABLUS"),
    "ROU": ("BUCURESTI", "CLUJ-NAPOCA", "IASI", "TIMISOARA"),
    "RUS": ("MOSKVA", "SANKT-PETERBURG", "NOVOSIBIRSK", "YEKATERINBURG", "KAZAN", "GROZNY"),
    "SAU": ("RIYADH", "JEDDAH", "MECCA", "DAMMAM"),
    "SDN": ("KHARTOUM", "OMDURMAN", "NYALA", "PORT SUDAN"),
    "SEN": ("DAKAR", "TOUBA", "THIES", "SAINT-LOUIS", "ZIGUINCHOR"),
    "SLE": ("FREETOWN", "BO", "KENEMA"),
    "SOM": ("MOGADISHU", "HARGEISA", "KISMAYO", "BOSASO", "BAIDOA"),
    "SRB": ("BEOGRAD", "NOVI SAD", "NIS", "KRAGUJEVAC"),
    "SSD": ("JUBA", "WAU", "MALAKAL"),
    "SWE": ("STOCKHOLM", "GOTEBORG", "MALMO"),
    "SYR": ("ALEPPO", "DAMASCUS", "HOMS", "HAMA", "LATAKIA", "DEIR EZ-ZOR", "IDLIB"),
    "THA": ("BANGKOK", "CHIANG MAI", "KHON KAEN"),
    "TJK": ("DUSHANBE", "KHUJAND", "KULOB"),
    "TUN": ("TUNIS", "SFAX", "SOUSSE", "KAIROUAN"),
    "TUR": ("ISTANBUL", "ANKARA", "IZMIR", "GAZIANTEP", "DIYARBAKIR", "KONYA"),
    "UKR": ("KYIV", "KHARKIV", "ODESA", "DNIPRO", "LVIV", "ZAPORIZHZHIA"),
    "USA": ("NEW YORK", "LOS ANGELES", "CHICAGO", "HOUSTON", "PHOENIX"),
    "UZB": ("TASHKENT", "SAMARKAND", "NAMANGAN", "ANDIJAN"),
    "VEN": ("CARACAS", "MARACAIBO", "VALENCIA", "BARQUISIMETO"),
    "VNM": ("HO CHI MINH CITY", "HA NOI", "HAI PHONG", "DA NANG", "NGHE AN"),
    "YEM": ("SANAA", "ADEN", "TAIZZ", "HODEIDAH"),
    "ZAF": ("JOHANNESBURG", "CAPE TOWN", "DURBAN", "PRETORIA"),
}


@dataclass(frozen=True)
class PlaceTable:
    """Flat table of places, grouped by nationality (index into synth.NATIONALITIES)."""

    names: np.ndarray  # object array of place names
    offset: np.ndarray  # int64 per nationality index: first place
    count: np.ndarray  # int64 per nationality index: number of places

    def draw(self, nationality: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """A place index per row, the first (largest) places more likely (weights 1/rank)."""
        count = self.count[nationality]
        # Inverse-CDF draw of a 1/rank (Zipf-like) weight over each country's list.
        u = rng.random(nationality.size)
        harmonic = np.log(count + 0.5) - np.log(0.5)
        rank = np.floor(np.exp(u * harmonic + np.log(0.5)) - 0.5).astype(np.int64)
        out: np.ndarray = self.offset[nationality] + np.clip(rank, 0, count - 1)
        return out


@cache
def place_table() -> PlaceTable:
    """The place table aligned with :data:`synth.nationalities.NATIONALITIES`."""
    names: list[str] = []
    offset, count = [], []
    for nat in NATIONALITIES:
        places = BIRTH_PLACES.get(nat.code, (nat.name.upper(),))
        offset.append(len(names))
        count.append(len(places))
        names.extend(places)
    return PlaceTable(
        names=np.array(names, dtype=object),
        offset=np.array(offset, dtype=np.int64),
        count=np.array(count, dtype=np.int64),
    )
