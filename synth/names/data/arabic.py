"""Arabic given names and surnames: synthetic name components, not personal data.

Native script plus a phonemic key (see :mod:`synth.names.phonemic`). Tags: ``L`` Levant
(SYR, LBN, JOR), ``I`` Iraq, ``E`` Egypt, ``M`` Maghreb (MAR, DZA, TUN), ``S`` Sudan; ``*`` all.
The 14 spellings of Muhammad are those listed in [@odu-2020-arabic-name-matching].
"""

from __future__ import annotations

from synth.names.data import parse_rows

__all__ = ["GIVEN_FEMALE", "GIVEN_MALE", "MUHAMMAD_SPELLINGS", "SURNAMES"]

#: The 14 Latin spellings of Muhammad listed in [@odu-2020-arabic-name-matching].
MUHAMMAD_SPELLINGS = (
    "MUHAMMAD,MOHAMMED,MOHAMMAD,MUHAMMED,MOHAMED,MOHAMAD,MUHAMAD,MUHAMED,MOHAMUD,MOHUMMAD,"
    "MOHUMMED,MOUHAMED,MOHAMMOD,MOUHAMAD"
)

GIVEN_MALE = parse_rows(
    f"""
محمد | muhammäd | * | {MUHAMMAD_SPELLINGS} | ENG=MOHAMMAD,EGY=MOHAMED,FRA=MOHAMED,GER=MOHAMMED
أحمد | ahmäd | * | AHMED | ENG=AHMAD
علي | 'alii | * | ALY,ALEE
محمود | mahmuud | * | MAHMOOD
حسن | hasan | * | HASAN | ENG=HASSAN
حسين | husayn | * | HUSSAIN,HOCINE,HOUSSINE | ENG=HUSSEIN
عمر | 'umar | * | OMER | ENG=OMAR,FRA=OMAR,GER=OMAR
خالد | khaalid | * | KHALED,KHALEED
مصطفى | mustafaa | * | MUSTAPHA,MOSTAPHA | FRA=MUSTAPHA
إبراهيم | ibraahiim | * | BRAHIM,EBRAHIM,IBRAHEEM
يوسف | yuusuf | * | YOUSEF,YOUSUF,YUSEF
عبد الله | 'abdullaah | * | ABDALLAH,ABDELLAH,ABDULA,ABDALLA | EGY=ABDALLAH,FRA=ABDELLAH
عبد الرحمن | 'abd al-rahmaan | * | ABDULRAHMAN,ABDELRAHMAN
سعيد | sa'iid | * | SAEED,SAEID,SAYID | ENG=SAEED
كريم | kariim | * | KAREEM
سمير | samiir | * | SAMEER
جمال | jamaal | * | DJAMEL,JAMEL
طارق | taariq | * | TAREQ,TARIK
وليد | waliid | * | WALEED
ياسر | yaasir | * | YASSER,YASER
عماد | 'imaad | * | EMAD
أيمن | aymän | * | AIMAN | FRA=AYMANE
حمزة | hamza | * | HAMZAH
بلال | bilaal | * | BELAL
زياد | ziyaad | * | ZIAD,ZIYAD
مروان | marwaan | *
ناصر | naasir | * | NASSER,NACER | ENG=NASSER
نبيل | nabiil | * | NABEEL
هشام | hishaam | * | HICHEM
عادل | 'aadil | * | ADIL
فيصل | faysal | * | FEISAL | ENG=FAISAL
رشيد | rashiid | * | RASHEED
صالح | saalih | * | SALAH,SALEH | ENG=SALEH
سليمان | sulaymaan | * | SOLIMAN,SLIMANE | ENG=SULEIMAN,FRA=SLIMANE
عثمان | 'uthmaan | * | OSMAN,OTHMAN | EGY=OSMAN,FRA=OTHMANE
قاسم | qaasim | * | KACEM,QASEM | ENG=QASSEM
إسماعيل | ismaa'iil | * | ESMAIL,SMAIL
يحيى | yahyaa | * | YEHIA,YAHIA
زكريا | zakariyyaa | * | ZAKARIA,ZAKARIYA,ZAKARIAE
موسى | muusaa | * | MOUSSA,MOUSA
عيسى | 'iisaa | * | ISSA,EISA
أنس | anas | * | ANASS
أسامة | usaama | * | OSAMAH | ENG=OSAMA,EGY=OSAMA,FRA=OUSSAMA
عمار | 'ammaar | *
ياسين | yaasiin | * | YACINE,YASSIN
أمين | amiin | * | AMEEN
مهدي | mahdii | * | MEHDI | FRA=MEHDI
حامد | haamid | * | HAMED
منصور | mansuur | *
مراد | muraad | * | MORAD
رامي | raamii | LIE | RAMY
فادي | faadii | LI | FADY
باسل | baasil | LI | BASEL
مازن | maazin | LI | MAZEN
غسان | ghassaan | LI | GHASAN
لؤي | lu'ayy | LI | LOAI,LOUAY | ENG=LUAY
حيدر | haydar | I | HAYDER | ENG=HAIDER
عباس | 'abbaas | LI | ABAS
كرار | karraar | I
مرتضى | murtadhaa | I | MORTADA,MURTADA
سجاد | sajjaad | I
جعفر | ja'far | LI | JAFAR | ENG=JAAFAR
زيد | zayd | LI | ZEID | ENG=ZAID
نور الدين | nuur al-diin | LIM | NURALDIN,NOUR EDDINE
عز الدين | 'izz al-diin | LM | EZZEDINE,IZZEDIN
عبد القادر | 'abd al-qaadir | * | ABDULKADIR,ABDELKADER
عبد العزيز | 'abd al-'aziiz | * | ABDULAZIZ,ABDELAZIZ
عبد الكريم | 'abd al-kariim | * | ABDULKARIM,ABDELKRIM
عبد الحميد | 'abd al-hamiid | * | ABDULHAMID,ABDELHAMID
عبد اللطيف | 'abd al-latiif | * | ABDULLATIF,ABDELLATIF
سفيان | sufyaan | * | SOFIANE | FRA=SOUFIANE
إدريس | idriis | M | IDRISS | FRA=DRISS
رضوان | ridwaan | M | REDOUAN,RADOUANE | FRA=REDOUANE
أيوب | ayyuub | M | AYOUB,AYUB | FRA=AYOUB
هاني | haanii | LE | HANY
شريف | shariif | E | SHERIF | EGY=SHERIF
جمعة | jum'a | ES | GOMAA,JOUMAA | EGY=GOMAA
رمضان | ramadaan | ES | RAMDANE,RAMZAN
عصام | 'isaam | E | ISSAM
حسام | husaam | EL | HOSAM
صلاح | salaah | EL | SALAHEDDINE
فتحي | fathii | E | FATHY | EGY=FATHY
شادي | shaadii | EL | SHADY
عبد الفتاح | 'abd al-fattaah | E | ABDELFATTAH
أنور | anwar | EL | ANOUAR
جواد | jawaad | IL | JAOUAD
حكيم | hakiim | M | HAKEEM
إلياس | ilyaas | * | ELIAS,ILIAS
داود | daawuud | * | DAOUD,DAWOOD | ENG=DAWOOD
نزار | nizaar | L | NIZAR
إياد | iyaad | LI | EYAD
غازي | ghaazii | L | GHAZY
منير | muniir | * | MOUNIR
جميل | jamiil | LE | GAMIL
عبد الرحيم | 'abd al-rahiim | * | ABDULRAHIM,ABDERRAHIM
الطيب | al-tayyib | S | ELTAYEB,TAYEB | EGY=ELTAYEB
عوض | 'awad | SE | AWAD
آدم | aadam | S
بشير | bashiir | SM | BACHIR
"""
)

GIVEN_FEMALE = parse_rows(
    """
فاطمة | faatima | * | FATMA,FATEMA,FATIMAH | EGY=FATMA
مريم | maryam | * | MARIAM | FRA=MERYEM
عائشة | 'aa'isha | * | AYSHA,AISHAH | FRA=AICHA
زينب | zaynab | * | ZAINAB | ENG=ZEINAB,FRA=ZINEB
خديجة | khadiija | * | KHADIDJA,KHADEEJA
نور | nuur | * | NOOR | ENG=NOUR
سارة | saara | * | SARAH
ليلى | laylaa | * | LAILA | ENG=LAYLA,FRA=LEILA
هدى | hudaa | * | HODA
أمينة | amiina | * | AMEENA
سلمى | salmaa | *
رنا | ranaa | LIE
ريم | riim | * | RIM | ENG=REEM
لينا | linaa | L
دينا | diinaa | LE
رانيا | raanyaa | LE | RANYA | ENG=RANIA
سعاد | su'aad | * | SOAD
نادية | naadiya | * | NADYA | ENG=NADIA
سميرة | samiira | * | SAMEERA
هالة | haala | LE
منى | munaa | * | MOUNA
أمل | amal | *
حنان | hanaan | *
إيمان | iimaan | * | EMAN
ياسمين | yaasmiin | * | YASMEEN
نسرين | nasriin | * | NESREEN | FRA=NESRINE
سناء | sanaa' | * | SANA | ENG=SANAA
وفاء | wafaa' | * | WAFA | ENG=WAFAA,FRA=WAFAE
هبة | hiba | * | HEBA
آية | aaya | * | AYAH
رغد | raghad | LI
شيماء | shaymaa' | E | SHAYMAA | EGY=SHAIMAA
إسراء | israa' | EL | ISRAA | EGY=ESRAA
دعاء | du'aa' | E | DOAA | EGY=DOAA
أسماء | asmaa' | * | ASMA | ENG=ASMAA,FRA=ASMAE
حليمة | haliima | *
رقية | ruqayya | * | ROKAYA,RUKAYA
زهراء | zahraa' | I | ZAHRA | ENG=ZAHRAA
رشا | rashaa | LE
غادة | ghaada | LE
لبنى | lubnaa | ME | LOUBNA
مها | mahaa | *
رزان | razaan | L
بشرى | bushraa | * | BOUCHRA
كوثر | kawthar | * | KAOUTAR,KAWTAR
فرح | farah | *
جميلة | jamiila | * | DJAMILA
سهام | sihaam | * | SIHEM
خلود | khuluud | LI | KHOLOUD | ENG=KHOLOUD
نجاة | najaat | M | NADJAT
لمياء | lamyaa' | * | LAMYA | ENG=LAMIA,FRA=LAMIA
حياة | hayaat | M
غزلان | ghizlaan | M | GHIZLANE | FRA=GHIZLANE
كنزة | kanza | M | KENZA | FRA=KENZA
هاجر | haajar | M
نعيمة | na'iima | M | NAIMA
مليكة | maliika | M
لطيفة | latiifa | M
رحمة | rahma | S
إخلاص | ikhlaas | S | EKHLAS
سلوى | salwaa | * | SALOUA
نوال | nawaal | *
"""
)

SURNAMES = parse_rows(
    """
الأحمد | al-ahmäd | L
الحسن | al-hasan | L | | ENG=AL-HASSAN
الخطيب | al-khatiib | L | ALKHATIB
حداد | haddaad | LM
خوري | khuurii | L | KHOURI | ENG=KHOURY
نصر | nasr | LE | NASSER
درويش | darwiish | LE | DARWEESH
كردي | kurdii | L
حمدان | hamdaan | L
قاسم | qaasim | L | QASSEM,KASSEM
خليل | khaliil | LE | KHALIL
صالح | saalih | L | SALEH
المصري | al-misrii | L | MASRI | ENG=AL-MASRI
الحلبي | al-halabii | L | HALABI
الشامي | al-shaamii | L | SHAMI
عيسى | 'iisaa | L | ISSA
يوسف | yuusuf | LE | YOUSSEF
إبراهيم | ibraahiim | LE
حسين | husayn | LE | HUSSAIN | ENG=HUSSEIN
علي | 'alii | LEI
محمد | muhammäd | LEI | MOHAMMED,MUHAMMAD | ENG=MOHAMMAD,EGY=MOHAMED,FRA=MOHAMED
العلي | al-'alii | L | ALALI
المحمد | al-muhammäd | L | AL-MUHAMMAD | ENG=AL-MOHAMMAD
الحسين | al-husayn | L | | ENG=AL-HUSSEIN
العمر | al-'umar | L | | ENG=AL-OMAR
الخليل | al-khaliil | L
الحمد | al-hamäd | L
الزعبي | al-zu'bii | L | ZOUBI | ENG=AL-ZOUBI
المقداد | al-miqdaad | L | MEKDAD
النعيمي | al-nu'aymii | LI | | ENG=AL-NUAIMI
الحريري | al-hariirii | L | HARIRI
العبدالله | al-'abdullaah | L | ABDULLAH
السيد | al-sayyid | LE | | ENG=AL-SAYED,EGY=EL-SAYED
الشيخ | al-shaykh | L | | ENG=AL-SHEIKH
الرفاعي | al-rifaa'ii | L | RIFAI
الأسعد | al-as'ad | L | | ENG=AL-ASSAAD
حمود | hammuud | LI | | ENG=HAMMOUD
سليمان | sulaymaan | L | | ENG=SULEIMAN
نجار | najjaar | LE | NAGGAR
عطار | 'attaar | L
بيطار | baytaar | L | | ENG=BITAR
دباغ | dabbaagh | L
سعد | sa'd | LE | | ENG=SAAD
منصور | mansuur | LEM
زيدان | zaydaan | L | | ENG=ZEIDAN
عودة | 'awda | L | ODEH,AUDEH
جابر | jaabir | L | JABER
نجم | najm | L
شاهين | shaahiin | L | SHAHIN | ENG=SHAHEEN
الكيلاني | al-kiilaanii | L | KILANI
بكر | bakr | L
الجبوري | al-jubuurii | I | | ENG=AL-JUBOURI
العبيدي | al-'ubaydii | I | | ENG=AL-OBAIDI
الدليمي | al-dulaymii | I | | ENG=AL-DULAIMI
التميمي | al-tamiimii | IL | TAMIMI
الشمري | al-shammarii | I
الساعدي | al-saa'idii | I | | ENG=AL-SAADI
الزبيدي | al-zubaydii | I | | ENG=AL-ZUBAIDI
العزاوي | al-'azzaawii | I
الربيعي | al-rubay'ii | I | | ENG=AL-RUBAIE
الكبيسي | al-kubaysii | I | | ENG=AL-KUBAISI
الخفاجي | al-khafaajii | I
الموسوي | al-muusawii | I | | ENG=AL-MOUSAWI
الحسيني | al-husaynii | IL | | ENG=AL-HUSSEINI
البياتي | al-bayaatii | I
العاني | al-'aanii | I
الجنابي | al-janaabii | I
السامرائي | al-saamarraa'ii | I | | ENG=AL-SAMARRAI
المالكي | al-maalikii | I
اللامي | al-laamii | I
الكعبي | al-ka'bii | I | | ENG=AL-KAABI
العامري | al-'aamirii | I
الطائي | al-taa'ii | I | | ENG=AL-TAI
الحديثي | al-hadiithii | I
العبادي | al-'abaadii | I
عبد الرحمن | 'abd al-rahmaan | E
مصطفى | mustafaa | E
محمود | mahmuud | E
عبد العزيز | 'abd al-'aziiz | E
فتحي | fathii | E | | EGY=FATHY
فاروق | faaruuq | E | FAROUK
جمال | jamaal | E
صلاح | salaah | E
شحاتة | shihaata | E | | EGY=SHEHATA
حجازي | hijaazii | E | | EGY=HEGAZY
الشربيني | al-shirbiinii | E | | EGY=EL-SHERBINY
عبد الفتاح | 'abd al-fattaah | E
رمضان | ramadaan | E
عاشور | 'aashuur | E
سليم | saliim | E | | EGY=SELIM
يونس | yuunus | EM | YOUNES,YOUNIS
الشافعي | al-shaafi'ii | E | | EGY=EL-SHAFEI
البدوي | al-badawii | E | | EGY=EL-BADAWY
عيد | 'iid | E | | EGY=EID
زكي | zakii | E | | EGY=ZAKY
رضوان | ridwaan | EM | | EGY=REDWAN
عبد الحميد | 'abd al-hamiid | E
جاد | jaad | E | GAD
فوزي | fawzii | E | | EGY=FAWZY
رزق | rizq | E | | EGY=RIZK
عزت | 'izzat | E
النجار | al-najjaar | E
بنعلي | ben 'alii | M | BENALI
العلوي | al-'alawii | M | | FRA=ALAOUI
الإدريسي | al-idriisii | M | IDRISSI
التازي | al-taazii | M | | FRA=TAZI
بناني | bannaanii | M | | FRA=BENNANI
الفاسي | al-faasii | M | FASSI
بوعزيزي | buu'aziizii | M | BOUAZIZI
بلقاسم | belqaasim | M | | FRA=BELKACEM
بن يوسف | ben yuusuf | M | BENYOUCEF
بوزيد | buuziid | M
منصوري | mansuurii | M
الشاوي | al-shaawii | M | | FRA=CHAOUI
بن صالح | ben saalih | M | BENSALAH
بوشعيب | buushu'ayb | M | | FRA=BOUCHAIB
الحسني | al-hasanii | M | HASSANI
العمراني | al-'imraanii | M | | FRA=AMRANI
بن عمر | ben 'umar | M | BENAMAR | FRA=BEN OMAR
بلعيد | bela'iid | M
بوطالب | buutaalib | M
بن عيسى | ben 'iisaa | M | | FRA=BEN AISSA
قاسمي | qaasimii | M | | FRA=KACEMI
صالحي | saalihii | M | | FRA=SALHI
الطرابلسي | al-taraabulsii | M | | FRA=TRABELSI
الجزيري | al-jaziirii | M | | FRA=JAZIRI
المرزوقي | al-marzuuqii | M | | FRA=MARZOUKI
الهمامي | al-hammaamii | M | | FRA=HAMMAMI
السعيدي | al-sa'iidii | M | | FRA=SAIDI
زروال | zarwaal | M | | FRA=ZEROUAL
مقران | muqraan | M | | FRA=MOKRANE
حمداني | hamdaanii | M
شريف | shariif | M | | FRA=CHERIF
بلحاج | belhaajj | M | BELHAJ
"""
)
