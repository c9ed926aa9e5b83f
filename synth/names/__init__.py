"""Names and their spellings: naming cultures, name pools and the vectorised name table.

- :mod:`synth.names.cultures`: the naming cultures (script, name order, sources);
- :mod:`synth.names.pools`: ranked name pools from Faker and our own tables, Zipf weights;
- :mod:`synth.names.table`: :class:`NameTable` and :func:`build_name_table`;
- romanisation: :mod:`~synth.names.cyrillic`, :mod:`~synth.names.georgian`,
  :mod:`~synth.names.chinese`, :mod:`~synth.names.phonemic` (Arabic, Persian, Pashto/Dari,
  Ge'ez, Somali), :mod:`~synth.names.latin` (diacritics, MRZ alphabet), dispatched by
  :mod:`~synth.names.transliteration`;
- :mod:`synth.names.data`: own name tables (synthetic name components, not personal data).
"""

from synth.names.cultures import CULTURE_BY_KEY, CULTURES, NAME_ORDERS, SCRIPTS, NamingCulture
from synth.names.latin import MRZ_PATTERN, is_mrz
from synth.names.pools import ZIPF_EXPONENT
from synth.names.table import SEXES, NameTable, build_name_table
from synth.names.transliteration import MAX_VARIANTS, latin_spellings

__all__ = [
    "CULTURES",
    "CULTURE_BY_KEY",
    "MAX_VARIANTS",
    "MRZ_PATTERN",
    "NAME_ORDERS",
    "SCRIPTS",
    "SEXES",
    "ZIPF_EXPONENT",
    "NameTable",
    "NamingCulture",
    "build_name_table",
    "is_mrz",
    "latin_spellings",
]
