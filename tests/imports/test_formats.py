"""Every format, end to end: the file in, trees out, in the right place."""
import datetime

import pytest

from imports.models import RowAction
from tests.imports import surveys
from trees.models import Tree


def imported(path, **options):
    batch = surveys.run(path, **options)
    return batch, surveys.report(batch)


def test_windows_1251_semicolon_csv_from_a_kyrgyz_office(city, tmp_path):
    lon, lat = surveys.west()
    path = surveys.write_csv(tmp_path / "опись.csv", [["1", f"{lat}".replace(".", ","), f"{lon}".replace(".", ","),
                                                       "Карагач", "12,5", "40", "удовлетворительное", "17.05.2024"]],
                             header=["№", "Широта", "Долгота", "Порода", "Высота, м", "Диаметр ствола, см",
                                     "Состояние", "Дата"], delimiter=";", encoding="cp1251")

    batch, rows = imported(path)

    tree = Tree.objects.get()
    assert rows[2].action == RowAction.CREATE
    assert (tree.species.scientific_name, tree.height_m, tree.trunk_diameter_cm, tree.current_condition) == (
        "Ulmus pumila", 12.5, 40.0, "fair")
    assert tree.location.x == pytest.approx(lon) and tree.district.code == "west"


def test_kobo_xlsx_export_with_date_cells(city, tmp_path):
    lon, lat = surveys.east()
    path = surveys.write_xlsx(tmp_path / "kobo.xlsx", [
        [datetime.datetime(2024, 5, 17, 9, 0), "Acer negundo", 6, "good", lat, lon, 3.5, "u-1"],
        [datetime.datetime(2024, 5, 17, 9, 5), "=HYPERLINK(\"http://x\")", 6, "good", lat + 0.001, lon, 3.5, "u-2"],
    ], header=["start", "tree/species", "tree/height", "tree/condition", "_location_latitude",
               "_location_longitude", "_location_precision", "_uuid"])

    batch, rows = imported(path, survey_date=datetime.date(2024, 5, 17))

    assert rows[2].action == RowAction.CREATE and rows[3].action == RowAction.REJECTED
    assert "formula" in surveys.texts(rows[3])
    tree = Tree.objects.get()
    assert tree.external_ids == {"submission_uuid": "u-1"} and tree.district.code == "east"


def test_geojson_features(city, tmp_path):
    path = surveys.write_geojson(tmp_path / "trees.geojson", [
        surveys.point_feature(surveys.west(), species="Тополь белый", condition="poor", date="2024-05-17"),
        {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[74.5, 42.8], [74.6, 42.8]]},
         "properties": {"species": "Тополь белый"}}])

    batch, rows = imported(path)

    assert rows[1].action == RowAction.CREATE
    assert rows[2].action == RowAction.REJECTED
    assert "the feature has a LineString geometry; a tree is a point" in surveys.texts(rows[2])
    assert Tree.objects.get().species.scientific_name == "Populus alba"


def test_geopackage_from_qgis(city, tmp_path):
    geojson = surveys.write_geojson(tmp_path / "s.geojson", [surveys.point_feature(surveys.east(), вид="Орех")])
    path = surveys.ogr2ogr(geojson, tmp_path / "trees.gpkg", "GPKG")

    batch, rows = imported(path)

    assert rows[1].action == RowAction.CREATE and batch.file_format == "gpkg"
    assert Tree.objects.get().species.scientific_name == "Juglans regia"


def test_zipped_shapefile_in_utm_43n(city, tmp_path):
    geojson = surveys.write_geojson(tmp_path / "s.geojson", [surveys.point_feature(surveys.west(), Порода="Карагач")])
    folder = tmp_path / "shp"
    surveys.ogr2ogr(geojson, folder, "ESRI Shapefile", "-t_srs", "EPSG:32643", "-lco", "ENCODING=UTF-8")
    path = surveys.zip_folder(folder, tmp_path / "survey.zip")

    batch, rows = imported(path)

    tree = Tree.objects.get()
    assert batch.crs_epsg == 32643 and rows[1].action == RowAction.CREATE
    assert (tree.location.x, tree.location.y) == pytest.approx(surveys.west(), abs=1e-6)


def test_a_shapefile_without_prj_takes_the_chosen_coordinate_system(city, tmp_path):
    geojson = surveys.write_geojson(tmp_path / "s.geojson", [surveys.point_feature(surveys.west(), n=1)])
    folder = tmp_path / "shp"
    surveys.ogr2ogr(geojson, folder, "ESRI Shapefile", "-t_srs", "EPSG:32643")
    next(folder.glob("*.prj")).unlink()
    path = surveys.zip_folder(folder, tmp_path / "survey.zip")

    batch, _ = imported(path, crs="EPSG:32643")

    assert batch.trees_created == 1
    assert Tree.objects.get().location.x == pytest.approx(surveys.west()[0], abs=1e-6)
