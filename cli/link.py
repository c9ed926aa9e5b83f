"""``interopsim link``: run the interoperability layer over a world.

The verifier of yellow links is the only actor of the simulation that learns whose
records are whose, as a real verifier does by examining documents and interviewing the
person (domain.md §2.5). The linkage layer never reads the truth, so the command hands
it a *truth oracle* (:func:`truth_oracle`) built here, in the CLI layer, which may read
the truth columns. The oracle's notion of the right conclusion is the one the analysis
uses to judge links (``analysis.truth.link_verdict``):

- one person, both records under the same identity: the same person, justified;
- one person under two identities (an alias): the same person, unjustified;
- two persons, one of whom uses an alias or a fraudulent document: two persons,
  unjustified;
- two persons otherwise: two different persons, justified.
"""

from __future__ import annotations

from pathlib import Path

import click
import polars as pl

from cli._common import emit_json, fail_on_simulator_error, progress_display
from linkage.biometric import SearchMode
from linkage.config import LinkConfig
from linkage.mid import Conclusion, Oracle
from linkage.pipeline import link_world
from schemas.errors import WorldError
from schemas.world import World, open_world

__all__ = ["link", "truth_oracle"]


def truth_oracle(world: World) -> Oracle:
    """The conclusion a careful verifier reaches on each case, read from the world's truth."""
    if not world.has_table("identity_records"):
        raise WorldError(f"world {world.path} has no identity_records table")
    truth = world.scan("identity_records").select(
        "record_id", "person_id", "identity_no", "document_number", "document_country"
    )
    fraud = pl.col("identity_no") > 0
    if world.has_table("documents"):
        forged = (
            world.scan("documents")
            .filter(pl.col("fraudulent"))
            .select(
                document_number="number", document_country="issuing_country", _forged=pl.lit(True)
            )
            .unique(["document_number", "document_country"])
        )
        truth = truth.join(forged, on=["document_number", "document_country"], how="left")
        fraud = fraud | pl.col("_forged").fill_null(False)
    try:
        columns = [pl.col("record_id", "person_id", "identity_no"), fraud.alias("fraud")]
        table = truth.select(columns).collect()
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise WorldError(f"the truth of {world.path} cannot be read: {exc}") from exc

    def oracle(cases: pl.DataFrame) -> pl.Series:
        frame = cases.select("record_id_a", "record_id_b").with_row_index("_row")
        for side in ("a", "b"):
            frame = frame.join(
                table.rename({c: f"{c}_{side}" for c in table.columns}),
                on=f"record_id_{side}",
                how="left",
            )
        same = pl.col("person_id_a") == pl.col("person_id_b")
        conclusion = (
            pl.when(same & (pl.col("identity_no_a") == pl.col("identity_no_b")))
            .then(pl.lit(Conclusion.SAME_JUSTIFIED.value))
            .when(same)
            .then(pl.lit(Conclusion.SAME_UNJUSTIFIED.value))
            .when(pl.col("fraud_a") | pl.col("fraud_b"))
            .then(pl.lit(Conclusion.DIFFERENT_UNJUSTIFIED.value))
            .otherwise(pl.lit(Conclusion.DIFFERENT_JUSTIFIED.value))
        )
        out = frame.sort("_row").select(conclusion.alias("conclusion"))["conclusion"]
        if out.len() != cases.height:
            raise WorldError("mid_links name records missing from identity_records")
        return out

    return oracle


@click.command("link")
@click.argument("directory", metavar="DIR", type=click.Path(path_type=Path))
@click.option(
    "--mode",
    type=click.Choice([m.value for m in SearchMode]),
    default=SearchMode.SHARED.value,
    show_default=True,
    help="shared: one biometric gallery for all systems (sBMS); siloed: each system its own.",
)
@click.option(
    "--seed",
    type=int,
    default=None,
    help="Seed of the searches and the verification model (default: the world's seed).",
)
@click.option("--quiet", is_flag=True, help="No progress bar on stderr.")
@fail_on_simulator_error
def link(directory: Path, mode: str, seed: int | None, quiet: bool) -> None:
    """Link the world in DIR: biometric and identity searches, MID links, clusters.

    Adds the tables mid_links and identity_clusters to DIR (Parquet and SQL; nothing is
    changed when the command fails) and prints a JSON summary: links by colour and basis,
    candidate pairs per blocking pass, the verification workload and timings. The
    verification parameters are assumptions, not published figures.

    Exit status: 0 on success, 1 when DIR is not a usable world, 2 on a bad option.

    \b
    Example:
      interopsim link demo-world --mode siloed --seed 7
    """
    world = open_world(directory)
    oracle = truth_oracle(world)
    with progress_display(quiet, "link") as progress:
        result = link_world(world, LinkConfig(), mode, seed, progress, oracle=oracle)
    emit_json(result.summary())
