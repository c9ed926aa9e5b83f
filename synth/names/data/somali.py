"""Somali names: synthetic name components, not personal data.

Somali is written in Latin letters since 1972 (``x`` = ħ, ``c`` = ʿayn, doubled vowels long),
so the "native" spelling is the Somali orthography (``Maxamed``) and the canonical Latin
spelling is the English-style one of Somali passports (``MOHAMED``). Line format::

    native | canonical | extras

Somalis carry given name + father's name + grandfather's name (no family surname).
"""

from __future__ import annotations

from synth.names.data import NameRow

__all__ = ["GIVEN_FEMALE", "GIVEN_MALE", "somali_key"]


def somali_key(native: str) -> str:
    """The phonemic key (see :mod:`synth.names.phonemic`) of a Somali-orthography name."""
    return native.lower().replace("x", "h").replace("c", "'")


def _rows(block: str) -> tuple[NameRow, ...]:
    rows: list[NameRow] = []
    for raw in block.splitlines():
        line = raw.strip()
        if not line:
            continue
        parts = [p.strip() for p in line.split("|")] + ["", ""]
        native, canonical, extras = parts[:3]
        rows.append(
            NameRow(
                native=native,
                key=somali_key(native),
                extras=tuple(e.strip() for e in extras.split(",") if e.strip()),
                canon={"SOM": canonical},
            )
        )
    return tuple(rows)


GIVEN_MALE = _rows(
    """
Maxamed | MOHAMED | MOHAMMED,MUHAMMAD,MOHAMUD,MAHAMED
Cabdi | ABDI | CABDI
Axmed | AHMED | AHMAD
Cali | ALI | CALI
Xasan | HASSAN | HASAN
Cabdullaahi | ABDULLAHI | ABDULAHI,ABDILAHI
Maxamuud | MOHAMUD | MAHAMUD,MOHAMOUD,MAHMOUD
Cumar | OMAR | UMAR,CUMAR
Yuusuf | YUSUF | YOUSUF,YUSSUF
Ibraahim | IBRAHIM | IBRAAHIM
Faarax | FARAH | FAARAH
Xuseen | HUSSEIN | HUSEIN,HUSSEN
Cismaan | OSMAN | ISMAN,CISMAAN,OSMAN
Aadan | ADAN | ADEN,AADAN
Jaamac | JAMA | JAMAA
Warsame | WARSAME
Guuleed | GULED | GUULEED
Bashiir | BASHIR
Nuur | NUR | NOOR
Shariif | SHARIF | SHARIIF
Siciid | SAID | SICIID,SAEED
Muuse | MUSE | MUSSE,MOUSSE
Cawil | AWIL | AWEIL
Cabdiraxmaan | ABDIRAHMAN | ABDURAHMAN,ABDIRAHMAAN
Cabdiqaadir | ABDIKADIR | ABDIQADIR,ABDULKADIR
Xirsi | HIRSI | XIRSI
Diiriye | DIRIYE | DIRIE
Samatar | SAMATAR
Jibriil | JIBRIL | JIBRIIL
Khaliif | KHALIF | KHALIIF
Barre | BARRE | BARE
Ducaale | DUALE | DUCAALE
Mahad | MAHAD
Liibaan | LIBAN | LIIBAN
Abshir | ABSHIR
Mukhtaar | MUKHTAR | MOKHTAR
Cabdiwali | ABDIWALI
Xaashi | HASHI | XAASHI
Yaasiin | YASIN | YASSIN
Cabdiraxiim | ABDIRAHIM
Ismaaciil | ISMAIL | ISMACIIL
Sharmaarke | SHARMARKE
Colaad | OLAD | COLAAD
Qaasim | QASIM | KASIM
Xamsa | HAMSA | HAMZA
"""
)

GIVEN_FEMALE = _rows(
    """
Faadumo | FADUMO | FADUMA,FATUMA,FAADUMO
Maryan | MARYAN | MARYAM,MARIAN
Xaliimo | HALIMO | HALIMA,XALIIMO
Caasha | ASHA | CAASHA,AISHA
Sahra | SAHRA | SAHRO
Hodan | HODAN
Nimco | NIMCO | NIMO,NIMA
Ayaan | AYAN | AYAAN
Ifrax | IFRAH | IFRA
Deeqa | DEQA | DEEQA
Hibo | HIBO | HIBA
Sucaad | SUAD | SUCAAD,SOUAD
Khadiija | KHADIJA | KHADIIJA
Sacdiyo | SADIYO | SACDIYO,SAADIA
Ubax | UBAH | UBAX
Ruqiyo | RUKIYO | RUQIYO,RUQIYA
Xawo | HAWO | XAWO,HAWA
Amiina | AMINA | AMIINA
Zamzam | ZAMZAM
Shukri | SHUKRI
Idil | IDIL
Ladan | LADAN
Fowsiya | FOWSIYA | FAWZIA,FAWSIA
Hamdi | HAMDI
Sagal | SAGAL
Ilhaan | ILHAN | ILHAAN
Najmo | NAJMO
Muna | MUNA
Nasteexo | NASTEHO | NASTEEXO
Filsan | FILSAN
Anisa | ANISA | ANISSA
Luul | LUL | LUUL
Bilan | BILAN
Asli | ASLI
Cawo | AWO | CAWO
"""
)
