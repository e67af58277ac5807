"""Each format read into header names, cell values and points."""
import datetime

import pytest

from imports.readers import open_survey
from tests.imports import surveys


def rows_of(path, name=None):
    with open_survey(path, name=name) as source:
        return source, list(source.rows)


def test_comma_separated_utf8_with_byte_order_mark(tmp_path):
    path = tmp_path / "s.csv"
    path.write_bytes("\ufeffid,lat,lon,Порода\nA1,42.87,74.58,Карагач\n".encode("utf-8"))

    source, rows = rows_of(path)

    assert source.headers == ["id", "lat", "lon", "Порода"]
    assert rows[0].number == 2 and rows[0].values == ["A1", "42.87", "74.58", "Карагач"]


def test_semicolon_separated_windows_1251_with_decimal_commas(tmp_path):
    path = surveys.write_csv(tmp_path / "s.csv", [["1", "42,87", "74,58", "Карагач", "12,5"]],
                             header=["№", "Широта", "Долгота", "Порода", "Высота"], delimiter=";", encoding="cp1251")

    source, rows = rows_of(path)

    assert source.headers == ["№", "Широта", "Долгота", "Порода", "Высота"]
    assert rows[0].values == ["1", "42,87", "74,58", "Карагач", "12,5"]
    assert "Windows-1251, semicolon-separated" in source.notes[0]


def test_blank_lines_are_skipped_but_keep_the_row_numbers_a_spreadsheet_shows(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("lat,lon\n42.87,74.58\n\n42.88,74.59\n")

    _, rows = rows_of(path)

    assert [r.number for r in rows] == [2, 4]


def test_xlsx_first_sheet_with_dates_as_cells(tmp_path):
    when = datetime.datetime(2024, 5, 17, 9, 30)
    path = surveys.write_xlsx(tmp_path / "s.xlsx", [["A1", 42.87, 74.58, "Ulmus pumila", 8, 30, "good", when]])

    source, rows = rows_of(path)

    assert source.headers == surveys.HEADER and source.file_format == "xlsx"
    assert rows[0].number == 2 and rows[0].values[1] == 42.87 and rows[0].values[7] == when


def test_geojson_points_with_properties(tmp_path):
    path = surveys.write_geojson(tmp_path / "s.geojson", [
        surveys.point_feature((74.58, 42.87), species="Карагач", height=8),
        {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": []}, "properties": {"species": "x"}}])

    source, rows = rows_of(path)

    assert source.headers == ["species", "height"] and source.declared_crs == 4326
    assert rows[0].point == (74.58, 42.87) and rows[0].values == ["Карагач", 8]
    assert rows[1].point is None and "Polygon geometry; a tree is a point" in rows[1].geometry_problem


def test_geojson_legacy_crs_member_is_matched_against_the_allow_list(tmp_path):
    path = tmp_path / "s.geojson"
    path.write_text('{"type": "FeatureCollection", "crs": {"type": "name", "properties": '
                    '{"name": "urn:ogc:def:crs:EPSG::32643"}}, "features": []}')

    source, _ = rows_of(path)

    assert source.declared_crs == 32643


def test_geopackage_point_layer_written_by_gdal(tmp_path):
    geojson = surveys.write_geojson(tmp_path / "s.geojson", [
        surveys.point_feature((74.58, 42.87), species="Карагач", height=8.5)])
    path = surveys.ogr2ogr(geojson, tmp_path / "s.gpkg", "GPKG", "-nln", "trees")

    source, rows = rows_of(path)

    assert source.file_format == "gpkg" and source.declared_crs == 4326
    assert "species" in source.headers
    assert rows[0].point == pytest.approx((74.58, 42.87))
    assert rows[0].values[source.headers.index("species")] == "Карагач"


def test_zipped_shapefile_in_utm_with_cyrillic_attributes(tmp_path):
    geojson = surveys.write_geojson(tmp_path / "s.geojson", [
        surveys.point_feature((74.58, 42.87), Порода="Карагач", height=8.5)])
    folder = tmp_path / "shp"
    surveys.ogr2ogr(geojson, folder, "ESRI Shapefile", "-t_srs", "EPSG:32643", "-lco", "ENCODING=CP1251")
    path = surveys.zip_folder(folder, tmp_path / "survey.zip")

    source, rows = rows_of(path)

    assert source.file_format == "shapefile" and source.declared_crs == 32643
    assert rows[0].values[source.headers.index("Порода")] == "Карагач"
    assert rows[0].point[0] == pytest.approx(466_000, abs=3000)
