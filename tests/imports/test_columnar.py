"""The columnar path (imports.columnar) stages exactly what the row-by-row
path stages: the same COPY lines, messages and order, for clean files and
for files full of every kind of trouble, whatever the chunk size."""
from __future__ import annotations

import datetime
import random

import pytest
from pyproj import Transformer

from imports import columns, staging
from imports.columnar import ColumnarStager, staged_row_by_row
from imports.normalize import RowNormalizer
from imports.points import PointFinisher
from imports.readers import open_survey
from imports.species import SpeciesIndex
from tests.imports import surveys

SPECIES = ["Ulmus pumila", "Карагач", "Acer negundo", "Тополь пирамидальный", "Sorbus tianschanica", "Juglans regia"]
DIRTY = {
    "species": ["", "  Ulmus pumila ", "Quercus imaginaria", "=SUM(A1:A2)", "ulmus  PUMILA", "Орех"],
    "number": ["", " 8 ", "8,5", "1 200", "0", "-3", "abc", "1e3", "inf", "1_000", "+5", "8.", "=1+2", "\t9"],
    "height": ["200", "0.5", "7", "10", "30", "120"],  # over the limit of any tree, or of a rowan (6 m)
    "diameter": ["5000", "35", "25", "190", "-(4)"],
    "condition": ["", "superb", " good ", "ХОРОШЕЕ", "@cmd", "poor"],
    "status": ["", "alive", "felled", "пень", "lunka", "planting site"],
    "defects": ["", "cavity", "дупло, lean", "cavity; strange-rot", "=HYPERLINK(1)"],
    "date": ["", "2024-13-45", "yesterday", "2099-01-01", "17.05.2024", " 2024-05-17 ", "1850-01-01",
             "2024-05-17T10:22:33+06:00", "2024-05-17 04:22:33"],
    "text": ["", "  ул. Киевская 1 ", "=cmd|' /C calc'!A0", "x" * 301, 'quote " and \\ back', "tab\there",
             "line\nbreak", "-minus first", "+996 555 123"],
    "year": ["", "1990", "1650", "2024.5", "20 10", "3000"],
    "id": ["", "42", "-1", "0", "abc", "7.0"],
    "precision": ["", "3", "25", "bad", "=1"],
}


def stage_both(path, *, crs_epsg=4326, mapping=None, survey_date=None, chunk_size=50):
    """(row-by-row text, columnar text, rows the columnar path sent row by row, rows)."""
    species = SpeciesIndex()

    def prepared(source):
        resolved = columns.resolve(source.headers, mapping)
        normalizer = RowNormalizer(mapping=resolved, species=species, crs_epsg=crs_epsg,
                                   has_geometry=source.has_geometry, survey_date=survey_date)
        header_of = lambda name: resolved.columns[name].header if name in resolved.columns else name  # noqa: E731
        return normalizer, PointFinisher(header_of=header_of)

    with open_survey(path) as source:
        normalizer, finisher = prepared(source)
        reference = "".join(staging._line(row) for row in staged_row_by_row(
            source.rows, normalizer=normalizer, finisher=finisher, chunk_size=chunk_size))
    with open_survey(path) as source:
        normalizer, finisher = prepared(source)
        row_by_row = []
        normalize = normalizer.normalize
        normalizer.normalize = lambda row: row_by_row.append(row.number) or normalize(row)
        stager = ColumnarStager(normalizer=normalizer, finisher=finisher)
        columnar = "".join(stager.lines(chunk) for chunk in source.chunks(chunk_size))
    return reference, columnar, row_by_row, reference.count("\n")


def assert_same(reference: str, columnar: str) -> None:
    expected, found = reference.split("\n"), columnar.split("\n")
    for number, (one, other) in enumerate(zip(expected, found)):
        assert one == other, f"line {number + 1} differs"
    assert len(expected) == len(found)


def clean_rows(count, chance):
    rows = []
    for i in range(count):
        point = surveys.west(chance.uniform(-0.01, 0.01), chance.uniform(-0.01, 0.01))
        rows.append(surveys.row(f"T{i}", point, species=chance.choice(SPECIES[:4]),
                                height=str(round(chance.uniform(2, 12), 1)), diameter=str(chance.randint(5, 40)),
                                condition=chance.choice(["good", "fair", "хорошее"])))
    return rows


@pytest.mark.parametrize("chunk_size", [7, 50, 5000])
def test_clean_file_is_staged_identically_without_the_row_by_row_path(db, write_csv, chunk_size):
    path = write_csv(clean_rows(300, random.Random(1)))

    reference, columnar, row_by_row, rows = stage_both(path, chunk_size=chunk_size)

    assert_same(reference, columnar)
    assert rows == 300 and row_by_row == []


DIRTY_HEADER = ["tree_id", "lat", "lon", "species", "height_m", "trunk_diameter_cm", "crown diameter", "condition",
                "status", "defects", "date", "address", "notes", "uuid", "planted year", "inventory id", "accuracy",
                "altitude"]


def dirty_rows(count, chance):
    """Mostly good rows; each cell sometimes replaced by trouble; points and
    submissions sometimes repeated, also across chunks."""
    rows, points, uuids = [], [], []

    def maybe(kind, good, odds=0.04):
        return chance.choice(DIRTY[kind]) if chance.random() < odds else good

    for i in range(count):
        point = surveys.west(chance.uniform(-0.01, 0.01), chance.uniform(-0.01, 0.01))
        if points and chance.random() < 0.03:
            point = chance.choice(points)
        points.append(point)
        uuid = f"uuid-{i}" if chance.random() < 0.8 else ""
        if uuids and chance.random() < 0.03:
            uuid = chance.choice(uuids)
        uuids.append(uuid)
        lat, lon = maybe("number", str(point[1]), 0.02), maybe("number", str(point[0]), 0.02)
        species, height = maybe("species", chance.choice(SPECIES)), maybe("number", str(chance.randint(2, 9)))
        rows.append([
            maybe("text", f"T{i}", 0.02), lat, lon, species, maybe("height", height),
            maybe("diameter", maybe("number", str(chance.randint(5, 28)))), maybe("number", "", 0.3),
            maybe("condition", chance.choice(["good", "fair", ""])), maybe("status", "", 0.1),
            maybe("defects", "", 0.1), maybe("date", "2024-05-17"), maybe("text", "", 0.1),
            maybe("text", "", 0.06), uuid, maybe("year", ""), maybe("id", "", 0.03), maybe("precision", ""),
            maybe("precision", "", 0.02),
        ])
    return rows


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("chunk_size", [13, 200])
def test_dirty_file_is_staged_identically(db, write_csv, seed, chunk_size):
    path = write_csv(dirty_rows(600, random.Random(seed)), header=DIRTY_HEADER)

    reference, columnar, row_by_row, rows = stage_both(path, chunk_size=chunk_size)

    assert_same(reference, columnar)
    rejected = sum(line.split("\t")[1] == "t" for line in reference.split("\n") if line)
    assert 0 < rejected < len(row_by_row) < rows / 2  # errors, warnings, and plain rows all present


def test_a_field_the_columnar_path_does_not_know_sends_every_row_row_by_row(db, write_csv, monkeypatch):
    from imports.columnar_fields import FieldReader

    monkeypatch.setattr(FieldReader, "known", lambda self, name: name != "notes")
    path = write_csv(dirty_rows(100, random.Random(13)), header=DIRTY_HEADER)

    reference, columnar, row_by_row, rows = stage_both(path, chunk_size=30)

    assert_same(reference, columnar)
    assert len(row_by_row) == rows


def test_dirty_file_with_a_survey_date_is_staged_identically(db, write_csv):
    path = write_csv(dirty_rows(300, random.Random(4)), header=DIRTY_HEADER)

    reference, columnar, _, _ = stage_both(path, survey_date=datetime.date(2024, 5, 20))

    assert_same(reference, columnar)


def test_short_and_empty_rows_are_staged_identically(db, write_csv):
    rows = clean_rows(40, random.Random(5))
    rows[3] = rows[3][:2]
    rows[7] = []
    rows[9] = [""] * 8
    rows[11] = rows[11] + ["extra", "cells"]
    path = write_csv(rows)

    reference, columnar, _, _ = stage_both(path, chunk_size=10)

    assert_same(reference, columnar)


def test_tree_numbers_that_need_escaping_or_are_missing(db, write_csv):
    rows = clean_rows(60, random.Random(10))
    for i, tree_id in zip(range(0, 60, 6), ['say "x"', "back\\slash", "tab\there", "ё-номер", "", "  ", "=1+1"]):
        rows[i][0] = tree_id
    path = write_csv(rows)

    reference, columnar, _, _ = stage_both(path, chunk_size=20)

    assert_same(reference, columnar)


@pytest.mark.parametrize("survey_date", [None, datetime.date(2024, 5, 20)])
def test_a_file_without_dates_needs_the_survey_date_for_its_conditions(db, write_csv, survey_date):
    rows = [row[:-1] for row in clean_rows(50, random.Random(11))]
    for i in range(0, 50, 5):
        rows[i][-1] = ""  # no condition: no date needed
    path = write_csv(rows, header=surveys.HEADER[:-1])

    reference, columnar, row_by_row, _ = stage_both(path, survey_date=survey_date, chunk_size=20)

    assert_same(reference, columnar)
    assert len(row_by_row) == (40 if survey_date is None else 0)


def test_kobo_export_with_geopoint_uuid_and_submission_time(db, tmp_path):
    chance, rows = random.Random(6), []
    for i in range(400):
        lon, lat = surveys.east(chance.uniform(-0.01, 0.01), chance.uniform(-0.01, 0.01))
        geopoint = chance.choice([f"{lat} {lon} 800 4", f"[{lat}, {lon}]", f"{lat}, {lon}", f"POINT ({lon} {lat})",
                                  "", "42.8 x", "[null, 1]"] if chance.random() < 0.1 else [f"{lat} {lon} 812 5"])
        uuid = f"u-{i // 2 if chance.random() < 0.05 else i}"
        today = chance.choice(["", "2024-05-17", "bad"]) if chance.random() < 0.2 else "2024-05-16"
        submitted = chance.choice(["2024-05-17T04:22:33", "soon", ""]) if chance.random() < 0.3 else "2024-05-17"
        rows.append([today, chance.choice(SPECIES), f"{chance.randint(2, 9)},5", chance.choice(["good", "плохое"]),
                     geopoint, uuid, submitted])
    path = surveys.write_csv(tmp_path / "kobo.csv", rows, delimiter=";", header=[
        "today", "group_tree/species", "group_tree/height", "group_tree/condition", "_geolocation", "_uuid",
        "_submission_time"])

    reference, columnar, row_by_row, rows = stage_both(path, chunk_size=64)

    assert_same(reference, columnar)
    assert row_by_row and len(row_by_row) < rows


def test_projected_coordinates_with_swaps_and_degrees(db, write_csv):
    to_utm, chance, rows = Transformer.from_crs(4326, 32643, always_xy=True), random.Random(7), []
    for i in range(300):
        easting, northing = to_utm.transform(*surveys.west(chance.uniform(-0.01, 0.01), chance.uniform(-0.01, 0.01)))
        easting, northing = f"{easting:.2f}", f"{northing:.2f}"
        trouble = chance.random()
        if trouble < 0.05:
            easting, northing = northing, easting  # swapped
        elif trouble < 0.08:
            easting, northing = "74.6", "42.87"  # degrees in a metric file
        elif trouble < 0.1:
            easting, northing = "1e30", "5"  # nowhere on Earth
        elif trouble < 0.13 and rows:
            easting, northing = rows[-1][0], rows[-1][1]  # the same point again
        elif trouble < 0.16:
            # Python's float() reads these, the importer does not all of them
            easting = chance.choice([f"{float(easting):_}", f"+{easting}", f"{easting}e0", f" {easting}", "nan"])
        rows.append([easting, northing, chance.choice(SPECIES), str(chance.randint(30, 900)), "good", "2024-05-17"])
    path = write_csv(rows, header=["easting", "northing", "species", "Окружность ствола, мм", "condition", "date"])

    reference, columnar, row_by_row, rows = stage_both(path, crs_epsg=32643, chunk_size=37)

    assert_same(reference, columnar)
    assert row_by_row and len(row_by_row) < rows


def test_windows_1251_semicolon_file_with_decimal_commas(db, tmp_path):
    chance, rows = random.Random(8), []
    for i in range(200):
        lon, lat = surveys.west(chance.uniform(-0.01, 0.01), chance.uniform(-0.01, 0.01))
        rows.append([str(i), str(lat).replace(".", ","), str(lon).replace(".", ","), chance.choice(SPECIES),
                     f"{chance.randint(2, 12)},{chance.randint(0, 9)}", str(chance.randint(5, 40)),
                     chance.choice(["удовлетворительное", "хорошее", "аварийное"]), "17.05.2024"])
    path = surveys.write_csv(tmp_path / "опись.csv", rows, delimiter=";", encoding="cp1251", header=[
        "№", "Широта", "Долгота", "Порода", "Высота, м", "Диаметр ствола, см", "Состояние", "Дата"])

    reference, columnar, _, _ = stage_both(path, chunk_size=60)

    assert_same(reference, columnar)


def typed(chance, good, *others, odds=0.06):
    return chance.choice(others) if chance.random() < odds else good


def test_geojson_properties_that_are_numbers_or_worse(db, tmp_path):
    chance, features = random.Random(9), []
    for i in range(300):
        lon, lat = surveys.west(chance.uniform(-0.01, 0.01), chance.uniform(-0.01, 0.01))
        properties = {
            "tree_id": typed(chance, f"T{i}", i, float(i), 1.5, True), "species": typed(chance, "Карагач", 7, None),
            "height": typed(chance, chance.choice([7, 7.5, 12.25]), "8", None, True, 0, -3, 1e300, float("nan"),
                            float("inf")),
            "planted year": typed(chance, None, 1990, 1990.0, 1990.5, "1990", 1650),
            "inventory id": typed(chance, None, 42, 42.0, -1, "42"), "accuracy": typed(chance, None, 3.5, 25, "bad"),
            "condition": typed(chance, "good", 1, True, None), "date": typed(chance, "2024-05-17", 20240517, None),
            "notes": typed(chance, None, "ok", ["a"], {"b": 1}, 5), "address": typed(chance, None, 12, 1.25, "ул. 1"),
        }
        geometry = {"type": "Point", "coordinates": [lon, lat]}
        if chance.random() < 0.05:
            geometry = chance.choice([None, {"type": "LineString", "coordinates": [[lon, lat], [lon, lat]]},
                                      {"type": "Point", "coordinates": [lat, 500.0]}])
        features.append({"type": "Feature", "geometry": geometry, "properties": properties})
    path = surveys.write_geojson(tmp_path / "trees.geojson", features)

    reference, columnar, row_by_row, rows = stage_both(path, chunk_size=25)

    assert_same(reference, columnar)
    assert 0 < len(row_by_row) < rows / 2


def test_workbook_numbers_and_dates(db, tmp_path):
    chance, rows = random.Random(12), []
    for i in range(150):
        lon, lat = surveys.west(chance.uniform(-0.01, 0.01), chance.uniform(-0.01, 0.01))
        rows.append([typed(chance, f"T{i}", i, 2.5), typed(chance, lat, str(lat), None), lon, "Ulmus pumila",
                     typed(chance, 7, "7.5", 7.25, None, 0), 30, "good",
                     typed(chance, datetime.datetime(2024, 5, 17, 9, 0), datetime.date(2024, 5, 17), "2024-05-17",
                           datetime.datetime(2099, 1, 1), None, odds=0.5)])
    path = surveys.write_xlsx(tmp_path / "trees.xlsx", rows)

    reference, columnar, row_by_row, rows = stage_both(path, chunk_size=25)

    assert_same(reference, columnar)
    assert len(row_by_row) < rows / 2


# The CSV reader's chunks hold the same rows as its rows(), block boundaries anywhere.

def rows_both_ways(path, size=4):
    with open_survey(path) as source:
        expected = [(row.number, row.values) for row in source.rows]
    with open_survey(path) as source:
        found = [(chunk.numbers[i], chunk.row_values(i)) for chunk in source.chunks(size) for i in range(len(chunk))]
    return expected, found


@pytest.mark.parametrize("block", [5, 16, 33, 1024])
@pytest.mark.parametrize("text", [
    "a,b,c\n1,2,3\n4,5,6\n,,\n\n7,8\n9,10,11,12\n13,14,15",
    "a,b,c\r\n1,2,3\r\n,,\r\n4,5,6\r\n",
    "a,b,c\r1,2,3\r4,5,6\r\r7,8,9\r",
    "a;b;c\n1;2;3\n4;\"5\n5\";6\n7;8;9\n\"\";\"\";\n10;11;12\n",
    "a,b\n1,2\n3,4\n5,6\n7,8\n9,\"x,y\"\n11,12\n",
    "a,b\n1,2\n" + "x" * 70 + ",y\n3,4\n",
    "a\n1\n\n2\n \n3",
])
def test_csv_chunks_hold_the_same_rows_as_rows(tmp_path, monkeypatch, block, text):
    from imports.readers import text as text_reader

    monkeypatch.setattr(text_reader, "_BLOCK_CHARS", block)
    path = tmp_path / "survey.csv"
    path.write_bytes(text.encode("utf-8"))

    expected, found = rows_both_ways(path)

    assert found == expected


def test_csv_chunks_report_an_unreadable_row_as_rows_does(tmp_path, monkeypatch):
    import csv

    from imports.errors import SurveyFileError
    from imports.readers import text as text_reader

    monkeypatch.setattr(text_reader, "_BLOCK_CHARS", 8)
    path = tmp_path / "survey.csv"
    path.write_text("a,b\n1,2\n3,4\n" + "x" * 40 + ",5\n6,7\n", encoding="utf-8")
    limit = csv.field_size_limit(30)
    try:
        with pytest.raises(SurveyFileError) as by_rows, open_survey(path) as source:
            list(source.rows)
        with pytest.raises(SurveyFileError) as by_chunks, open_survey(path) as source:
            list(source.chunks(2))
    finally:
        csv.field_size_limit(limit)

    assert str(by_chunks.value) == str(by_rows.value) and "row 4 cannot be read" in str(by_rows.value)
