"""Builders for survey files in every format the importer reads, and a
helper that runs an import the way the command line does."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from imports import services
from imports.models import ImportRow
from tests.factories import CENTRE

HEADER = ["tree_id", "lat", "lon", "species", "height_m", "trunk_diameter_cm", "condition", "date"]


def west(dx=0.0, dy=0.0) -> tuple[float, float]:
    """(lon, lat) in the test city's west district."""
    return round(CENTRE[0] - 0.02 + dx, 7), round(CENTRE[1] + dy, 7)


def east(dx=0.0, dy=0.0) -> tuple[float, float]:
    return round(CENTRE[0] + 0.02 + dx, 7), round(CENTRE[1] + dy, 7)


def row(ref, point, species="Ulmus pumila", height="8", diameter="30", condition="good", date="2024-05-17"):
    return [ref, point[1], point[0], species, height, diameter, condition, date]


def write_csv(path: Path, rows, *, header=HEADER, delimiter=",", encoding="utf-8") -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_geojson(path: Path, features) -> Path:
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


def point_feature(point, **properties) -> dict:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": list(point)}, "properties": properties}


def run(path, *, user=None, commit=True, crs=None, mapping=None, survey_date=None, use_bulk=None):
    """Import a file as the command line does; returns the batch."""
    options = services.SurveyOptions(crs=crs, mapping=mapping, survey_date=survey_date)
    batch = services.start_batch(path=path, file_name=Path(path).name, user=user, options=options)
    if commit:
        return services.import_and_commit(batch=batch, path=path, user=user, use_bulk=use_bulk)
    return services.validate_batch(batch=batch, path=path)


def report(batch) -> dict[int, ImportRow]:
    return {r.row_number: r for r in ImportRow.objects.filter(batch=batch)}


def texts(import_row) -> str:
    return " | ".join(m["text"] for m in import_row.messages)


def write_xlsx(path: Path, rows, *, header=HEADER, sheet="Survey") -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    worksheet = book.active
    worksheet.title = sheet
    worksheet.append(header)
    for values in rows:
        worksheet.append(values)
    book.save(path)
    return path


def ogr2ogr(source: Path, target: Path, driver: str, *options: str) -> Path:
    """Convert with Debian's GDAL command line, as a surveyor's QGIS would."""
    import subprocess

    subprocess.run(["ogr2ogr", "-f", driver, str(target), str(source), *options], check=True, capture_output=True)
    return target


def zip_folder(folder: Path, target: Path) -> Path:
    import zipfile

    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in sorted(folder.iterdir()):
            archive.write(member, member.name)
    return target
