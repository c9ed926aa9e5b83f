"""Romanisation of Chinese names: Hanyu Pinyin (canonical) and rule-derived variants.

- Canonical: Hanyu Pinyin without tones (``pypinyin``), given-name syllables joined
  (``张春梅`` -> surname ``ZHANG``, given name ``CHUNMEI``); ü written ``YU`` (``吕`` -> ``LYU``)
  as in PRC passports, with ``LV`` / ``LU`` / ``LUE`` as variants.
- Wade-Giles, converted syllable by syllable from pinyin by rule (``ZHANG`` -> ``CHANG``,
  ``XU`` -> ``HSU``, ``CAI`` -> ``TS'AI``), with and without its aspiration apostrophes
  and with hyphenated given names (``CHUN-MEI``), the style of Taiwan and of older records.
- Hong Kong (Cantonese) spellings of common surnames (``陈`` -> ``CHAN``, ``张`` -> ``CHEUNG``):
  a table, since they cannot be derived from Mandarin by rule.
Names are written surname first (``CULTURE_BY_KEY["chinese"].name_order``).
"""

from __future__ import annotations

from collections.abc import Mapping

from pypinyin import Style, lazy_pinyin

from synth.names.latin import unique_mrz

__all__ = [
    "HONG_KONG_SURNAMES",
    "SURNAME_READINGS",
    "chinese_variants",
    "pinyin_syllables",
    "wade_giles",
]

#: Readings of characters whose surname reading differs from their common reading.
SURNAME_READINGS: Mapping[str, str] = {
    "单": "shan", "曾": "zeng", "解": "xie", "区": "ou", "仇": "qiu", "朴": "piao",
    "查": "zha", "盖": "ge", "乐": "yue", "尉": "yu", "缪": "miao", "覃": "qin",
    "翟": "zhai", "阚": "kan", "种": "chong", "秘": "bi", "繁": "po", "员": "yun",
    "华": "hua", "纪": "ji", "燕": "yan", "任": "ren", "沈": "shen", "薄": "bo",
    "柏": "bai", "葛": "ge", "牟": "mou", "宁": "ning", "长孙": "zhangsun", "万俟": "moqi",
    "尉迟": "yuchi", "贾": "jia", "黑": "he", "相": "xiang", "召": "shao", "冼": "xian",
}  # fmt: skip

#: Hong Kong (Cantonese) romanisation of common surnames, as in Hong Kong records.
HONG_KONG_SURNAMES: Mapping[str, str] = {
    "陈": "CHAN", "李": "LEE", "张": "CHEUNG", "黄": "WONG", "王": "WONG", "刘": "LAU",
    "林": "LAM", "吴": "NG", "梁": "LEUNG", "何": "HO", "郑": "CHENG", "杨": "YEUNG",
    "周": "CHOW", "徐": "TSUI", "马": "MA", "朱": "CHU", "胡": "WU", "郭": "KWOK",
    "罗": "LAW", "谢": "TSE", "叶": "YIP", "邓": "TANG", "曾": "TSANG", "萧": "SIU",
    "蔡": "CHOI", "冯": "FUNG", "许": "HUI", "潘": "POON", "袁": "YUEN", "钟": "CHUNG",
    "彭": "PANG", "余": "YU", "卢": "LO", "麦": "MAK", "孙": "SUEN", "高": "KO",
    "文": "MAN", "苏": "SO", "邱": "YAU", "江": "KONG", "赵": "CHIU", "钱": "CHIN",
    "唐": "TONG", "韩": "HON", "廖": "LIU", "邹": "CHAU", "方": "FONG", "杜": "TO",
    "汤": "TONG", "关": "KWAN", "姚": "YIU", "温": "WAN", "沈": "SHUM", "严": "YIM",
    "蒋": "TSEUNG", "莫": "MOK", "区": "AU", "欧": "AU", "伍": "NG", "吕": "LUI",
    "黎": "LAI", "邝": "KWONG", "龙": "LUNG", "雷": "LUI", "谭": "TAM", "甘": "KAM",
    "石": "SHEK", "戴": "TAI", "孔": "HUNG", "金": "KAM", "侯": "HAU", "丁": "TING",
    "范": "FAN", "邵": "SHIU", "任": "YAM", "姜": "KEUNG", "宋": "SUNG", "魏": "NGAI",
    "薛": "SIT", "程": "CHING", "田": "TIN", "洪": "HUNG", "傅": "FU", "贺": "HO",
    "郝": "KOK", "于": "YU", "孟": "MANG", "秦": "CHUN", "白": "PAK", "段": "TUEN",
}  # fmt: skip

_WG_INITIALS: Mapping[str, str] = {
    "b": "P", "p": "P'", "m": "M", "f": "F", "d": "T", "t": "T'", "n": "N", "l": "L",
    "g": "K", "k": "K'", "h": "H", "j": "CH", "q": "CH'", "x": "HS", "zh": "CH",
    "ch": "CH'", "sh": "SH", "r": "J", "z": "TS", "c": "TS'", "s": "S",
}  # fmt: skip

_WG_FINALS: Mapping[str, str] = {
    "a": "A", "o": "O", "e": "E", "ai": "AI", "ei": "EI", "ao": "AO", "ou": "OU",
    "an": "AN", "en": "EN", "ang": "ANG", "eng": "ENG", "ong": "UNG", "er": "ERH",
    "i": "I", "ia": "IA", "ie": "IEH", "iao": "IAO", "iu": "IU", "ian": "IEN", "in": "IN",
    "iang": "IANG", "ing": "ING", "iong": "IUNG", "u": "U", "ua": "UA", "uo": "UO",
    "uai": "UAI", "ui": "UI", "uan": "UAN", "un": "UN", "uang": "UANG", "ueng": "UENG",
    "ü": "Ü", "üe": "ÜEH", "üan": "ÜAN", "ün": "ÜN", "ue": "ÜEH",
}  # fmt: skip

_WG_ZERO: Mapping[str, str] = {
    "yi": "I", "ya": "YA", "ye": "YEH", "yao": "YAO", "you": "YU", "yan": "YEN",
    "yin": "YIN", "yang": "YANG", "ying": "YING", "yong": "YUNG", "yu": "YÜ",
    "yue": "YÜEH", "yuan": "YÜAN", "yun": "YÜN", "wu": "WU", "wa": "WA", "wo": "WO",
    "wai": "WAI", "wei": "WEI", "wan": "WAN", "wen": "WEN", "wang": "WANG",
    "weng": "WENG", "e": "O", "er": "ERH", "o": "O",
}  # fmt: skip


def _split(syllable: str) -> tuple[str, str]:
    for initial in ("zh", "ch", "sh"):
        if syllable.startswith(initial):
            return initial, syllable[2:]
    if syllable[:1] in _WG_INITIALS:
        return syllable[:1], syllable[1:]
    return "", syllable


def wade_giles(syllable: str, apostrophes: bool = True) -> str:
    """One toneless pinyin syllable (lowercase, ``ü`` allowed) in Wade-Giles (uppercase)."""
    s = syllable.lower().replace("v", "ü")
    if s in _WG_ZERO:
        out = _WG_ZERO[s]
    else:
        initial, final = _split(s)
        if initial in ("j", "q", "x") and final.startswith("u"):
            final = "ü" + final[1:]
        if final == "i" and initial in ("z", "c", "s"):
            out = {"z": "TZU", "c": "TZ'U", "s": "SSU"}[initial]
        elif final == "i" and initial in ("zh", "ch", "sh", "r"):
            out = _WG_INITIALS[initial] + "IH"
        elif initial == "" and final in _WG_FINALS:
            out = _WG_FINALS[final]
        elif final not in _WG_FINALS:
            raise ValueError(f"not a pinyin syllable: {syllable!r}")
        else:
            wg_final = _WG_FINALS[final]
            if (final == "e" and initial in ("g", "k", "h")) or (
                final == "uo" and initial not in ("g", "k", "h", "sh")
            ):
                wg_final = "O"
            elif final == "ui" and initial in ("g", "k"):
                wg_final = "UEI"
            out = _WG_INITIALS[initial] + wg_final
    out = out.replace("Ü", "U")
    return out if apostrophes else out.replace("'", "")


def _pinyin_upper(syllable: str) -> str:
    return syllable.replace("ü", "yu").upper()


def pinyin_syllables(text: str, surname: bool) -> list[str]:
    """Toneless pinyin syllables (lowercase, ``ü`` kept) of ``text``."""
    if surname and text in SURNAME_READINGS:
        return [SURNAME_READINGS[text]]
    syllables: list[str] = []
    rest = text
    if surname and text[:1] in SURNAME_READINGS:
        syllables.append(SURNAME_READINGS[text[:1]])
        rest = text[1:]
    if rest:
        got = lazy_pinyin(rest, style=Style.NORMAL, v_to_u=True, errors="exception")
        syllables += [str(s) for s in got]
    for s in syllables:
        if not s.isalpha():
            raise ValueError(f"no pinyin for {text!r}")
    return syllables


def chinese_variants(text: str, kind: str) -> list[str]:
    """Distinct Latin spellings of a Chinese surname (``kind="surname"``) or given name."""
    surname = kind == "surname"
    syl = pinyin_syllables(text, surname)
    pinyin = [_pinyin_upper(s) for s in syl]
    wg = [wade_giles(s, apostrophes=False) for s in syl]
    wg_apo = [wade_giles(s) for s in syl]
    spellings = ["".join(pinyin)]
    if surname:
        spellings.append("".join(wg).replace("-", ""))
        if text in HONG_KONG_SURNAMES:
            spellings.append(HONG_KONG_SURNAMES[text])
        spellings.append("".join(wg_apo))
    else:
        spellings += ["-".join(wg), "-".join(wg_apo), "-".join(pinyin), " ".join(pinyin)]
    if any("ü" in s for s in syl):
        for repl in ("V", "U", "UE"):
            spellings.append("".join(s.replace("ü", repl.lower()).upper() for s in syl))
    return unique_mrz(spellings)
