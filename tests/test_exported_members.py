"""The public surface of every package: pinned, present, documented, complete.

In the style of httpx's ``tests/test_exported_members.py``. Each package's ``__all__``
must equal its pinned list below (one literal per package: change the literal in the same
commit that changes the package's public API), every exported name must exist and be
documented, and no public name may sit in a package's namespace without being exported.

A name is documented when it is a class or function with a docstring of its own, or a
module-level constant with an attribute docstring (a string right after the assignment)
or a ``#:`` comment right above it.
"""

from __future__ import annotations
import __future__

import ast
import importlib
import inspect
import types
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: The exported names of each public package, whitespace-separated.
EXPORTS: dict[str, str] = {
    "schemas": """
        add_tables AgeRange biometric_columns check_output_file ConfigError connect
        DatabaseError IdentityField install_world library_versions Modality open_world
        polars_schema Progress read_sql_table reading record_files redact_url silent
        SimulatorError sql_table sqlite_url stable_hash StaleResultsError storage_url stream
        system SYSTEM_BY_PREFIX SystemKey SYSTEMS SystemSources SystemSpec TABLES
        truth_columns __version__ World WorldBusyError WorldError write_sql_tables
        write_world writing
    """,
    "synth": """
        build_tables DEFAULT_PRESET generate_world list_presets load_scenario preset_names
        sample_identities Scenario scenario_dict scenario_from_dict scenario_hash
        scenario_parameters scenario_schema source_text
    """,
    "linkage": """
        link_world LinkConfig LinkResult LinkSummary Oracle SearchMode
    """,
    "linkage.identity": """
        basic_name block_on BlockingRule clusters Comparison DateComparison dedupe
        DocumentComparison Evaluation ExactMatch FieldRule fold_name IdentityCategory
        IdentityResult IdentitySearchConfig IdentityStats link Linker LinkSpec Model
        NameComparison phonetic_key Predictions romanise score_pairs search_identities
        StringComparison
    """,
    "linkage.biometric": """
        BiometricConfig BiometricResult BiometricSearchStats expected_by_cell GalleryCounts
        GallerySize HITS_SCHEMA search_virtual search_world SearchMode VirtualResult
    """,
    "linkage.mid": """
        AuthorityQueue CANDIDATE_SCHEMA CandidateCounts Colour Conclusion Count detect
        EvidenceWeights identity_clusters LINK_COLUMNS MidConfig MidResult MidStats Oracle
        Staff structural_zeros StructuralZero Uncovered VerificationConfig
        VerificationFigures
    """,
    "analysis": """
        analyse_replicates analyse_world AnalysisConfig Assumption Estimate make_config
        Method Metrics METRICS_FILE read_metrics write_metrics
    """,
    "analysis.validation": """
        Agreement calibrated_defaults CalibratedDefault calibration_of case CASE_COLUMNS
        case_rows CaseResult CASES cases CaseUnavailable Compute default_parameters Evidence
        FigureKind holdout_conflicts judge name_cases NameModelValue NameStatistic Published
        PublishedFigure ReferenceCase Role run_case run_cases SimulatedWorld to_markdown
        Tolerance ValidationReport Verdict WorldRun WORLDS WorldSpec
    """,
    "interopsim": """
        analyse compare ConfigError DatabaseError explain generate link load_scenario
        metrics_path open_world presets report run RunResult SearchMode SimulatorError
        validate ValidationRun __version__ WorldError
    """,
    "interopsim.experiment": """
        dask_client default_workers differences_table ExperimentConfig ExperimentLike
        ExperimentResult format_duration load_experiment Plan plan_experiment PlanEstimate
        run_experiment TaskFailure
    """,
}

#: Exported constants that still lack documentation (the list may only shrink).
UNDOCUMENTED: dict[str, str] = {}

#: Exported names that need no documentation of their own.
SELF_EXPLAINING = frozenset({"__version__"})


def _exported(package: str) -> list[str]:
    names: list[str] = list(importlib.import_module(package).__all__)
    return names


@cache
def _documented_constants(directory: Path) -> frozenset[str]:
    """Module-level names under ``directory`` that carry an attribute docstring or ``#:``."""
    found: set[str] = set()
    for path in directory.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        body = ast.parse(text).body
        for node, after in zip(body, [*body[1:], None], strict=True):
            if isinstance(node, ast.Assign):
                targets = [t.id for t in node.targets if isinstance(t, ast.Name)]
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                targets = [node.target.id]
            else:
                continue
            docstring = isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant)
            comment = node.lineno > 1 and lines[node.lineno - 2].lstrip().startswith("#:")
            if docstring or comment:
                found.update(targets)
    return frozenset(found)


def _is_documented(package: str, name: str, obj: object) -> bool:
    if inspect.isclass(obj):
        doc = obj.__dict__.get("__doc__")
    elif inspect.isroutine(obj) or hasattr(obj, "__wrapped__"):
        doc = getattr(obj, "__doc__", None)
    else:
        return name in _documented_constants(ROOT / package.split(".")[0])
    return isinstance(doc, str) and bool(doc.strip())


@pytest.mark.parametrize("package", list(EXPORTS))
def test_exports_equal_the_pinned_list(package: str) -> None:
    exported = _exported(package)
    pinned = EXPORTS[package].split()
    assert len(exported) == len(set(exported)), "a name is exported twice"
    assert not set(exported) - set(pinned), "exported but not pinned (pin or un-export)"
    assert not set(pinned) - set(exported), "pinned but no longer exported (update the pin)"


@pytest.mark.parametrize("package", list(EXPORTS))
def test_every_exported_name_exists(package: str) -> None:
    module = importlib.import_module(package)
    missing = [name for name in _exported(package) if not hasattr(module, name)]
    assert not missing


@pytest.mark.parametrize("package", list(EXPORTS))
def test_every_exported_name_is_documented(package: str) -> None:
    module = importlib.import_module(package)
    undocumented = {
        name
        for name in _exported(package)
        if name not in SELF_EXPLAINING and not _is_documented(package, name, getattr(module, name))
    }
    assert undocumented == set(UNDOCUMENTED.get(package, "").split())


@pytest.mark.parametrize("package", list(EXPORTS))
def test_no_public_name_is_left_unexported(package: str) -> None:
    module = importlib.import_module(package)
    public = {
        name
        for name, value in vars(module).items()
        if not name.startswith("_")
        and not isinstance(value, types.ModuleType)
        and value is not __future__.annotations
    }
    assert public <= set(_exported(package))


def test_the_documentation_check_sees_both_forms(tmp_path: Path) -> None:
    source = '#: Documented above.\nA = 1\nB = 2\n"""Documented below."""\nC = 3\n'
    (tmp_path / "m.py").write_text(source, encoding="utf-8")
    assert _documented_constants(tmp_path) == {"A", "B"}
