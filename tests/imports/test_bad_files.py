"""Files that cannot be imported get one clear error; nothing is written,
not even a batch."""
import os
import zipfile

import pytest

from imports.errors import SurveyFileError
from imports.models import ImportBatch
from tests.imports import surveys
from trees.models import Tree


def refused(path, **options):
    with pytest.raises(SurveyFileError) as error:
        surveys.run(path, **options)
    assert not ImportBatch.objects.exists() and not Tree.objects.exists()
    return error.value.message


def test_empty_file(city, tmp_path):
    path = tmp_path / "survey.csv"
    path.write_bytes(b"")

    assert refused(path) == "survey.csv is empty"


def test_binary_garbage(city, tmp_path):
    path = tmp_path / "survey.csv"
    path.write_bytes(os.urandom(4096) + b"\x00\x01")

    assert "not a text file" in refused(path)


def test_a_csv_that_is_really_an_xlsx_workbook(city, tmp_path):
    real = surveys.write_xlsx(tmp_path / "book.xlsx", [["A1", 42.87, 74.58, "Ulmus pumila"]])
    path = tmp_path / "survey.csv"
    path.write_bytes(real.read_bytes())

    assert refused(path) == ("survey.csv is an Excel workbook (XLSX) despite its name; rename it to match "
                             "or export it again as CSV text")


@pytest.mark.parametrize("head, kind", [(b"%PDF-1.7\n", "a PDF document"), (b"\xd0\xcf\x11\xe0\xa1\xb1", "old Excel .xls"),
                                        (b"\x89PNG\r\n\x1a\n", "a PNG image")])
def test_wrong_formats_are_named(city, tmp_path, head, kind):
    path = tmp_path / "survey.csv"
    path.write_bytes(head + b"\x00" * 100)

    assert kind in refused(path)


def test_no_coordinate_columns(city, write_csv):
    path = write_csv([["A1", "Карагач"]], header=["id", "Порода"])

    message = refused(path)

    assert "has no coordinate columns" in message and "'id', 'Порода'" in message


def test_a_latitude_without_longitude(city, write_csv):
    assert "has a latitude column ('Широта') but no longitude column" in refused(
        write_csv([["42.87"]], header=["Широта"]))


def test_a_header_without_rows(city, write_csv):
    assert refused(write_csv([])) == "the file has a header but no rows"


def test_a_file_without_a_header(city, tmp_path):
    path = tmp_path / "survey.csv"
    path.write_text(",,,\n")

    assert "has no header row" in refused(path)


def zip_with(path, members: dict, compression=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_a_zip_with_a_path_leaving_the_folder(city, tmp_path):
    path = zip_with(tmp_path / "survey.zip", {"trees.shp": b"x", "../../etc/evil.dbf": b"x"})

    assert "unsafe path ('../../etc/evil.dbf')" in refused(path)
    assert not (tmp_path.parent / "etc").exists()


def test_a_zip_with_an_absolute_path(city, tmp_path):
    path = zip_with(tmp_path / "survey.zip", {"trees.shp": b"x", "/tmp/evil.shx": b"x"})

    assert "unsafe path" in refused(path)


def test_a_zip_with_too_many_members(city, tmp_path, settings):
    settings.IMPORT_ZIP_MAX_MEMBERS = 10
    path = zip_with(tmp_path / "survey.zip", {f"part{i}.shp": b"x" for i in range(11)})

    assert "holds 11 files; at most 10" in refused(path)


def test_a_zip_bomb(city, tmp_path):
    path = zip_with(tmp_path / "survey.zip", {"trees.shp": b"\x00" * (20 * 1024 * 1024)})

    assert "such compression is refused as a zip bomb" in refused(path)


def test_a_zip_unpacking_beyond_the_limit(city, tmp_path, settings):
    settings.IMPORT_ZIP_MAX_BYTES = 1000
    path = zip_with(tmp_path / "survey.zip", {"trees.shp": os.urandom(600), "trees.dbf": os.urandom(600)})

    assert "unpacks to 1,200 bytes; at most 1,000" in refused(path)


def test_a_zip_without_a_shapefile(city, tmp_path):
    path = zip_with(tmp_path / "survey.zip", {"notes.txt": b"hello"})

    assert "zip archive without a shapefile or workbook" in refused(path)


def test_a_shapefile_without_its_dbf(city, tmp_path):
    path = zip_with(tmp_path / "survey.zip", {"trees.shp": b"x", "trees.shx": b"x"})

    assert "trees.shp comes without its .dbf file" in refused(path)


def test_broken_json(city, tmp_path):
    path = tmp_path / "survey.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [')

    assert "is not valid JSON" in refused(path)


def test_json_that_is_not_geojson(city, tmp_path):
    path = tmp_path / "survey.geojson"
    path.write_text('{"trees": [1, 2]}')

    assert "not a GeoJSON FeatureCollection" in refused(path)


def test_a_coordinate_system_that_is_not_an_epsg_code(city, write_csv):
    path = write_csv([surveys.row("A1", surveys.west())])

    assert "is not an EPSG code" in refused(path, crs="+proj=longlat +nadgrids=@http://example.org/x")


def test_a_coordinate_system_off_the_allow_list(city, write_csv):
    assert "EPSG:2154 is not on the allow-list" in refused(write_csv([surveys.row("A1", surveys.west())]),
                                                            crs="EPSG:2154")


def test_a_shapefile_whose_prj_is_not_on_the_allow_list_asks_for_the_code(city, tmp_path):
    geojson = surveys.write_geojson(tmp_path / "s.geojson", [surveys.point_feature((74.58, 42.87), n=1)])
    folder = tmp_path / "shp"
    surveys.ogr2ogr(geojson, folder, "ESRI Shapefile", "-t_srs", "EPSG:3395")
    path = surveys.zip_folder(folder, tmp_path / "survey.zip")

    assert "not on the allow-list" in refused(path) and "give it (for example EPSG:32643)" in refused(path)


def test_a_damaged_workbook(city, tmp_path):
    path = zip_with(tmp_path / "survey.xlsx", {"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"not xml"})

    assert "is not a readable Excel workbook" in refused(path)


def test_a_cell_larger_than_csv_allows(city, tmp_path):
    path = tmp_path / "survey.csv"
    path.write_text("lat,lon,notes\n42.87,74.58," + "x" * 200_000 + "\n")

    assert "row 2 cannot be read as CSV" in refused(path)


def test_too_many_rows(city, write_csv, settings):
    settings.IMPORT_MAX_ROWS = 3

    assert "more than 3 rows" in refused(write_csv([surveys.row(f"A{i}", surveys.west(i * 1e-4)) for i in range(4)]))
