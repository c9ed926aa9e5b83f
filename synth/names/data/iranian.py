"""Persian (Iran) and Pashto/Dari (Afghanistan) names: synthetic name components.

Native Perso-Arabic script plus a phonemic key (see :mod:`synth.names.phonemic`); Persian
keys use Persian short vowels (``e``, ``o``), Afghan keys Dari/Pashto ones.
"""

from __future__ import annotations

from synth.names.data import parse_rows
from synth.names.data.arabic import MUHAMMAD_SPELLINGS

__all__ = [
    "AFGHAN_FEMALE",
    "AFGHAN_MALE",
    "AFGHAN_SURNAMES",
    "PERSIAN_FEMALE",
    "PERSIAN_MALE",
    "PERSIAN_SURNAMES",
]

PERSIAN_MALE = parse_rows(
    f"""
محمد | mohammad | * | {MUHAMMAD_SPELLINGS}
علی | 'ali | * | ALY
حسین | hoseyn | * | HOSEIN,HUSSEIN
رضا | rezaa | * | REDA
مهدی | mehdii | * | MAHDI
امیر | amiir | * | AMEER
حسن | hasan | * | HASAN
محمدرضا | mohammadrezaa | * | MOHAMMAD REZA
علیرضا | 'alirezaa | * | ALI REZA
ابوالفضل | abolfazl | * | ABOLFAZEL
مصطفی | mostafaa | *
مرتضی | mortezaa | *
سعید | sa'iid | * | SAEID,SAID | PER=SAEED
جواد | javaad | * | JAWAD
حمید | hamiid | * | HAMEED
مجید | majiid | * | MAJEED
احمد | ahmad | *
رسول | rasuul | *
سجاد | sajjaad | *
امین | amiin | *
میلاد | milaad | *
آرش | aarash | *
بهروز | behruuz | *
داریوش | daariush | * | DARIOUSH,DARYOUSH
کوروش | kuurosh | * | KOROUSH,KURUSH,CYRUS
فرهاد | farhaad | *
بهنام | behnaam | *
پویا | puuyaa | *
سینا | siinaa | *
ایمان | iimaan | *
محسن | mohsen | * | MOHSIN
یوسف | yuusef | * | YOUSSEF,YUSUF
ابراهیم | ebraahiim | * | IBRAHIM
اکبر | akbar | *
غلامرضا | gholaamrezaa | * | GHOLAM REZA,QOLAMREZA
حمیدرضا | hamiidrezaa | *
کاظم | kaazem | * | KAZIM
هادی | haadii | *
نادر | naader | *
بابک | baabak | *
کامران | kaamraan | *
شهرام | shahraam | *
مسعود | mas'uud | *
مهران | mehraan | *
پیمان | peymaan | *
رامین | raamiin | *
علی‌اکبر | 'aliakbar | * | ALI AKBAR
مجتبی | mojtabaa | *
محمدعلی | mohammad'ali | * | MOHAMMAD ALI
یاسر | yaaser | * | YASSER
"""
)

PERSIAN_FEMALE = parse_rows(
    """
فاطمه | faatemeh | * | FATEMA,FATIMA
زهرا | zahraa | *
مریم | maryam | * | MARIAM
زینب | zeynab | * | ZAINAB
سارا | saaraa | * | SARAH
نرگس | narges | * | NARGIS
معصومه | ma'suumeh | * | MASOOMEH
لیلا | leylaa | * | LAILA
نازنین | naazaniin | *
مهسا | mahsaa | *
الهام | elhaam | *
سمیرا | samiiraa | *
شیما | shiimaa | *
مینا | miinaa | *
نسرین | nasriin | *
پریسا | pariisaa | *
سمانه | samaaneh | *
اعظم | a'zam | *
طاهره | taahereh | *
فرشته | fereshteh | * | FERESHTA
کبری | kobraa | *
مهناز | mahnaaz | *
شیرین | shiiriin | *
نگار | negaar | *
هانیه | haaniyeh | * | HANIEH
آزاده | aazaadeh | *
بهاره | bahaareh | *
سحر | sahar | *
یاسمن | yaasaman | *
ریحانه | reyhaaneh | * | | PER=REYHANEH
ملیکا | meliikaa | * | MELIKA
نیلوفر | niiluufar | * | NILOFAR
سپیده | sepiideh | *
آتنا | aatenaa | *
پروین | parviin | *
"""
)

PERSIAN_SURNAMES = parse_rows(
    """
محمدی | mohammadii | *
حسینی | hoseynii | *
احمدی | ahmadii | *
رضایی | rezaaeii | * | REZAI,REZAIE
موسوی | muusavii | * | MUSAVI,MOUSAWI
کریمی | kariimii | *
جعفری | ja'farii | * | JAFARI
رحیمی | rahiimii | *
هاشمی | haashemii | * | HASHIMI
قاسمی | ghaasemii | *
کاظمی | kaazemii | *
صادقی | saadeghii | * | SADEQI
رستمی | rostamii | *
حیدری | heydarii | *
اکبری | akbarii | *
محمودی | mahmuudii | *
حسین‌زاده | hoseynzaadeh | *
تهرانی | tehraanii | *
شیرازی | shiraazii | *
اصفهانی | esfahaanii | * | ISFAHANI
رحمانی | rahmaanii | *
نجفی | najafii | *
عزیزی | 'aziizii | *
باقری | baagherii | *
امینی | amiinii | *
زارع | zaare' | * | ZAREI
صالحی | saalehii | *
ابراهیمی | ebraahiimii | * | IBRAHIMI
قربانی | ghorbaanii | *
یوسفی | yuusefii | *
اسدی | asadii | *
نظری | nazarii | *
سلطانی | soltaanii | *
حبیبی | habiibii | *
علوی | 'alavii | *
عباسی | 'abbaasii | *
طاهری | taaherii | *
کمالی | kamaalii | *
نوری | nuurii | *
شریفی | shariifii | *
رسولی | rasuulii | *
خسروی | khosravii | *
میرزایی | miirzaaeii | * | MIRZAI
انصاری | ansaarii | *
فراهانی | faraahaanii | *
غفاری | ghaffaarii | *
جلالی | jalaalii | *
زمانی | zamaanii | *
حمیدی | hamiidii | *
مرادی | moraadii | *
"""
)

AFGHAN_MALE = parse_rows(
    f"""
محمد | mohammad | * | {MUHAMMAD_SPELLINGS}
احمد | ahmad | * | AHMED
عبدالله | 'abdullaah | * | ABDULA
عبدالرحمن | 'abd al-rahmaan | *
غلام | ghulaam | * | GHOLAM
علی | 'alii | *
نور | nuur | * | | AFG=NOOR
گل | gul | * | GOL
حمید | hamiid | *
رحمت‌الله | rahmatullaah | * | RAHMATULA
ذبیح‌الله | zabiihullaah | *
نقیب‌الله | naqiibullaah | *
حکمت‌الله | hekmatullaah | *
صفی‌الله | safiullaah | *
اسدالله | asadullaah | *
امان‌الله | amaanullaah | *
نورالله | nuurullaah | * | | AFG=NOORULLAH
میرویس | mirways | *
نصیر | nasiir | *
جواد | jawaad | *
فرید | fariid | *
رشید | rashiid | *
سید | sayyid | * | SAYYED,SEYED | AFG=SAYED
مجتبی | mujtabaa | *
وحید | wahiid | *
شفیق | shafiiq | *
امید | omiid | *
بلال | bilaal | *
ادریس | idriis | *
اسماعیل | ismaa'iil | *
سهیل | suhayl | * | | AFG=SOHAIL
خالد | khaalid | *
قاسم | qaasim | *
نذیر | naziir | *
اجمل | ajmal | *
بشیر | bashiir | *
کریم | kariim | *
حبیب | habiib | *
نجیب | najiib | *
ضیا | ziyaa | * | | AFG=ZIA
فواد | fawaad | *
حمزه | hamzah | *
یما | yamaa | *
زلمی | zalmay | *
ولی | walii | *
شیر | shiir | * | | AFG=SHER
بریالی | baryaalay | *
خان | khaan | *
مصطفی | mustafaa | *
عزیز | 'aziiz | *
"""
)

AFGHAN_FEMALE = parse_rows(
    """
فاطمه | faatima | *
مریم | maryam | * | MARIAM
زهرا | zahraa | *
مرضیه | marziya | * | | AFG=MARZIA
نیلوفر | niiluufar | * | NILOUFAR | AFG=NILOFAR
شبانه | shabaana | *
فرشته | fereshta | *
زینب | zaynab | *
سیما | siimaa | *
لیلا | laylaa | *
ملالی | malaalay | *
پروانه | parwaana | *
رویا | royaa | *
نرگس | nargis | *
فرزانه | farzaana | *
مینا | miinaa | *
سعدیه | sa'diya | * | | AFG=SADIA
شکریه | shukriya | * | | AFG=SHUKRIA
حلیمه | haliima | *
خدیجه | khadiija | *
نازیه | naaziya | * | | AFG=NAZIA
گلالی | gulaalay | *
ستوری | storay | *
پښتنه | pashtaana | *
حسینه | hasiina | *
واحده | waahida | *
نسرین | nasriin | *
تهمینه | tahmiina | *
زرغونه | zarghuuna | * | | AFG=ZARGHONA
مرسل | mursal | *
ثریا | surayyaa | * | | AFG=SORAYA
هما | humaa | * | | AFG=HOMA
سمیرا | samiira | *
حبیبه | habiiba | *
رحیمه | rahiima | *
شریفه | shariifa | *
بی‌بی‌گل | biibii gul | * | BIBIGUL
"""
)

AFGHAN_SURNAMES = parse_rows(
    """
احمدزی | ahmadzay | *
پوپلزی | popalzay | *
بارکزی | baarakzay | *
ستانکزی | staanikzay | *
محمدی | mohammadii | *
رحیمی | rahiimii | *
حکیمی | hakiimii | *
نوری | nuurii | * | | AFG=NOORI
سلطانی | sultaanii | *
صافی | saafii | *
وردک | wardak | *
کریمی | kariimii | *
هاشمی | haashimii | *
سادات | saadaat | *
امیری | amiirii | *
حیدری | haydarii | *
رحمانی | rahmaanii | *
عزیزی | 'aziizii | *
نظری | nazarii | *
منگل | mangal | *
زدران | zadraan | *
خان | khaan | *
شینواری | shiinwaarii | *
مومند | momand | *
یوسفزی | yuusufzay | * | | AFG=YOUSUFZAI
نیازی | niyaazii | * | | AFG=NIAZI
شریفی | shariifii | *
حبیبی | habiibii | *
هوتک | hotak | *
درانی | durraanii | *
علیزی | 'aliizay | *
اچکزی | achakzay | *
کاکړ | kaakar | *
جلالی | jalaalii | *
مجددی | mujaddidii | *
قادری | qaadirii | * | | AFG=QADERI
صمدی | samadii | *
فیضی | fayzii | *
ناصری | naasirii | * | | AFG=NASERI
حسینی | husaynii | * | | AFG=HUSSAINI
جعفری | ja'farii | *
رضایی | rezaayii | * | REZAEI,REZAI | AFG=REZAIE
غنی | ghanii | *
اکبری | akbarii | *
کرزی | karzay | *
ساحک | saahak | *
"""
)
