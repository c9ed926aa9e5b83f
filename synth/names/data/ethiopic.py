"""Amharic (Ethiopia) and Tigrinya (Eritrea) names in Ge'ez script: synthetic name components.

Native Ge'ez (fidel) script plus a phonemic key (see :mod:`synth.names.phonemic`; ``ä`` is
the first-order vowel, ``ə`` the sixth). Tags: ``A`` Amharic, ``T`` Tigrinya, ``*`` both.
Both cultures use the father's given name as the second name (no family surname).
"""

from __future__ import annotations

from synth.names.data import parse_rows

__all__ = ["GIVEN_FEMALE", "GIVEN_MALE"]

GIVEN_MALE = parse_rows(
    """
ዳዊት | dawit | * | DAWITH
ሰለሞን | solomon | * | SELOMON
ዮሐንስ | yohannes | * | YOHANES
ተስፋዬ | täsfaye | A | TESFAYEH
ገብረ | gäbrä | * | GEBREY
ኃይሌ | haile | A | HAILE,HAYLE
ብርሃኑ | bərhanu | A
አበበ | abäbä | A
ከበደ | käbädä | A
ግርማ | gərma | A | GHIRMA
መኮንን | mäkonnen | A
ጌታቸው | getachäw | A | GETACHO
ሙሉጌታ | mulugeta | A
ታደሰ | tadässä | A
አለሙ | alämu | A
በላይ | bälay | A
ደረጀ | däräjä | A
ወልደ | woldä | * | WELDE,WALDE
ሀብታሙ | habtamu | A
ኤርሚያስ | ermias | * | ERMIYAS
አማኑኤል | amanu'el | * | AMANUAL
ዮናስ | yonas | *
ሚካኤል | mika'el | * | MICHAEL,MIKIEL
ሳሙኤል | samu'el | *
ኢዮብ | eyob | A | IYOB,EYOUB
ፍቃዱ | fəqadu | A
ሽመልስ | shəmäləs | A
ቴዎድሮስ | tewodros | A | TEWODROSE
ዘላለም | zälaläm | A
በረከት | bäräkät | *
ወንድሙ | wondəmu | A
አብርሃም | abraham | *
ኪዳኔ | kidane | A
ጸጋዬ | tsägaye | A
ደሳለኝ | däsaläny | A
ሰይፉ | seifu | A | SEYFU
ሀይሉ | hailu | A | HAYLU
ተፈሪ | täfäri | A
መንግስቱ | mängəstu | A
ልዑል | le'ul | A | LIUL
ተስፋይ | täsfay | T | TESFAI
ኪዳነ | kidanä | T
ሃብተ | habtä | T
ተኽለ | täklä | T | TEKHLE
የማነ | yämanä | T
ነጋሲ | nägasi | T | NEGASSI
መሓሪ | mähari | T
ኣስመሮም | asmärom | T
ሃይለ | hailä | T
ኢሳያስ | isayas | T | ISAIAS,ESAIAS
ተወልደ | täwoldä | *
ዘርኣይ | zärai | T | ZERAY
ሰመረ | sämärä | T
ፍጹም | fətsum | *
ብርሃነ | berhanä | T | BIRHANE,BRHANE
ጎይትኦም | goitom | T
ሙሴ | musie | T | MUSSIE
ሩፋኤል | rufa'el | T
ዓወት | 'awät | T
ሄኖክ | henok | *
ኤፍሬም | efrem | T
ሓጎስ | hagos | T
ተኪኤ | täkie | T
ኣንደማርያም | andemariam | T
ግርማይ | gərmay | T | GHIRMAY
"""
)

GIVEN_FEMALE = parse_rows(
    """
ሄለን | helen | *
ሰላም | sälam | * | SALAM
ሕይወት | hiwot | * | HIWET
መሰረት | mäsärät | A
ብርቱካን | bərtukan | A
አልማዝ | almaz | *
ዘውዲቱ | zäwditu | A
ሜሮን | meron | *
ቤተልሄም | betälhem | * | BETELEHEM
ራሄል | rahel | * | RAHIEL
ማርታ | marta | A
ሀና | hanna | * | HANA
ትዕግስት | tə'gəst | A
ፍቅርተ | fəqərtä | A
የምስራች | yäməsrach | A
ሰብለ | säblä | A
አስቴር | aster | A
ሰላማዊት | sälamawit | A
ትርሲት | tərsit | A
ሳራ | sara | *
ኤልሳቤጥ | elsabet | A | ELISABETH
ማሕሌት | mahlet | A
ቅድስት | qədəst | A
ወይንሸት | wäynshät | A
ፀሐይ | tsähay | A | TSEHAI
ሰናይት | senait | * | SENAYIT
ሶፊያ | sofia | A | SOFIYA
ሊዲያ | lidya | A | LIDIA
ሉዋም | luwam | T | LUAM
ዮርዳኖስ | yordanos | T
ፍረወይኒ | fräwäyni | T
ሳባ | saba | T
ዊንታ | winta | T
መብራት | mäbrat | T
ኣበባ | abäba | T
ፀጋ | tsäga | T
ሰምሃር | sämhar | T
ሩት | rut | T | RUTH
ኤልሳ | elsa | T
ብርኽቲ | brikti | T
ለምለም | lämläm | *
ኣክበረት | akbärät | T
ዘውዲ | zäwdi | T
ኣስመረት | asmärät | T
ሙሉ | mulu | *
"""
)
