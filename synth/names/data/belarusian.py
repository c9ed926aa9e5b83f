"""Belarusian names in Belarusian Cyrillic: synthetic name components, not personal data.

Faker has no Belarusian locale. Surnames are given in their masculine form; feminine forms
are derived by :func:`synth.names.cyrillic.feminine_cyrillic_surname`.
"""

from __future__ import annotations

from synth.names.data import parse_rows

__all__ = ["GIVEN_FEMALE", "GIVEN_MALE", "SURNAMES"]


def _names(block: str) -> tuple[str, ...]:
    return tuple(row.native for row in parse_rows(block))


GIVEN_MALE = _names(
    """
    Аляксандр
    Сяргей
    Дзмітрый
    Андрэй
    Уладзімір
    Мікалай
    Павел
    Віктар
    Ігар
    Юрый
    Аляксей
    Міхаіл
    Яўген
    Вадзім
    Максім
    Іван
    Васіль
    Раман
    Дзяніс
    Антон
    Арцём
    Кірыл
    Уладзіслаў
    Віталь
    Алег
    Генадзь
    Валерый
    Ягор
    Мікіта
    Ілья
    """
)

GIVEN_FEMALE = _names(
    """
    Вольга
    Наталля
    Алена
    Таццяна
    Ірына
    Святлана
    Вікторыя
    Анастасія
    Марыя
    Юлія
    Кацярына
    Ганна
    Людміла
    Галіна
    Алеся
    Надзея
    Вераніка
    Ксенія
    Яна
    Лізавета
    Марына
    Валянціна
    Дар'я
    Жанна
    Карына
    """
)

SURNAMES = _names(
    """
    Кавалёў
    Іваноў
    Новік
    Навіцкі
    Шыманскі
    Лукашэвіч
    Кузьміч
    Мельнік
    Бандарэнка
    Казлоў
    Марозаў
    Шчарбакоў
    Ціханоўскі
    Мароз
    Кулеш
    Жук
    Сідарэнка
    Петрашэвіч
    Даніловіч
    Бурак
    Карповіч
    Міхайлоўскі
    Ярашэвіч
    Гарбачэўскі
    Баранаў
    Макарэвіч
    Лісоўскі
    Каралёў
    Васілеўскі
    Шаўчэнка
    Радзевіч
    Багдановіч
    """
)
