"""Names and their spellings: naming cultures, name pools and the vectorised name table.

- :mod:`synth.names.cultures`: the naming cultures (script, name order, sources);
- :mod:`synth.names.pools`: the named heads of the pools (published commonest names, Faker
  and our own tables), ranked;
- :mod:`synth.names.frequency`: :class:`RankLaw`, a published head and a Pitman-Yor-like
  tail; :mod:`synth.names.shapes`: every pool's law with its provenance
  (:func:`name_shape`); :mod:`synth.names.statistics`: the published name statistics
  (:data:`PUBLISHED_NAME_STATISTICS`); :func:`name_shape_cases` puts the model's value
  next to each;
- :mod:`synth.names.tail`: rare names composed from the culture's name parts;
- :mod:`synth.names.table`: :class:`NameTable` and :func:`build_name_table`;
- romanisation: :mod:`~synth.names.cyrillic`, :mod:`~synth.names.georgian`,
  :mod:`~synth.names.chinese`, :mod:`~synth.names.phonemic` (Arabic, Persian, Pashto/Dari,
  Ge'ez, Somali), :mod:`~synth.names.latin` (diacritics, MRZ alphabet), dispatched by
  :mod:`~synth.names.transliteration`;
- :mod:`synth.names.data`: own name tables (synthetic name components, not personal data).
"""

from synth.names.cultures import CULTURE_BY_KEY, CULTURES, NAME_ORDERS, SCRIPTS, NamingCulture
from synth.names.frequency import RankLaw
from synth.names.latin import MRZ_PATTERN, is_mrz
from synth.names.shapes import NameShape, name_shape, name_shape_cases
from synth.names.statistics import (
    PUBLISHED_NAME_STATISTICS,
    NameShapeCase,
    NameStatistic,
    Role,
    Statistic,
)
from synth.names.table import SEXES, NameTable, build_name_table
from synth.names.transliteration import MAX_VARIANTS, latin_spellings

__all__ = [
    "CULTURES",
    "CULTURE_BY_KEY",
    "MAX_VARIANTS",
    "MRZ_PATTERN",
    "NAME_ORDERS",
    "PUBLISHED_NAME_STATISTICS",
    "SCRIPTS",
    "SEXES",
    "NameShape",
    "NameShapeCase",
    "NameStatistic",
    "NameTable",
    "NamingCulture",
    "RankLaw",
    "Role",
    "Statistic",
    "build_name_table",
    "is_mrz",
    "latin_spellings",
    "name_shape",
    "name_shape_cases",
]
