import pytest

from imports import columns
from imports.errors import MappingError


def mapped(headers, mapping=None):
    return {name: column.header for name, column in columns.resolve(headers, mapping).columns.items()}


def test_english_and_russian_headers_are_matched():
    assert mapped(["Широта", "Долгота", "Порода", "Высота, м", "Диаметр ствола", "Состояние", "Дата обследования"]) == {
        "y": "Широта", "x": "Долгота", "species": "Порода", "height_m": "Высота, м",
        "trunk_diameter_cm": "Диаметр ствола", "condition": "Состояние", "observed_at": "Дата обследования"}


def test_kobo_export_headers_with_groups_and_geopoint_columns_are_matched():
    headers = ["start", "group_tree/species", "group_tree/height", "_location_latitude", "_location_longitude",
               "_location_altitude", "_location_precision", "_geolocation", "_uuid", "_submission_time", "_id"]

    result = mapped(headers)

    assert result["species"] == "group_tree/species" and result["height_m"] == "group_tree/height"
    assert (result["y"], result["x"]) == ("_location_latitude", "_location_longitude")
    assert result["precision"] == "_location_precision" and result["submission_uuid"] == "_uuid"
    assert result["submission_time"] == "_submission_time"
    assert "geolocation" not in result  # latitude and longitude columns win


def test_odk_central_headers_are_matched():
    result = mapped(["SubmissionDate", "grp-location-Latitude", "grp-location-Longitude", "grp-location-Accuracy",
                     "grp-species", "meta-instanceID", "KEY"])

    assert (result["y"], result["x"], result["precision"]) == (
        "grp-location-Latitude", "grp-location-Longitude", "grp-location-Accuracy")
    assert result["species"] == "grp-species" and result["submission_time"] == "SubmissionDate"


def test_a_unit_in_the_header_converts_the_values():
    mapping = columns.resolve(["Диаметр (мм)", "Height, cm", "lat", "lon"])

    assert mapping.columns["trunk_diameter_cm"].factor == 0.1
    assert mapping.columns["height_m"].factor == 0.01


def test_a_short_alias_never_matches_the_tail_of_a_longer_header():
    assert "trunk_diameter_cm" not in mapped(["crown d", "lat", "lon"])


def test_unknown_columns_are_listed_as_ignored():
    mapping = columns.resolve(["lat", "lon", "Бригада", "Погода"])

    assert mapping.ignored == ["Бригада", "Погода"]


def test_a_mapping_file_overrides_the_automatic_choice(tmp_path):
    path = tmp_path / "mapping.json"
    path.write_text('{"columns": {"N": "y", "E": "x", "Дерево": "species", "lat": null}, "crs": "EPSG:32643"}')

    mapping = columns.load_mapping_file(path)
    result = columns.resolve(["N", "E", "Дерево", "lat"], mapping)

    assert {n: c.header for n, c in result.columns.items()} == {"y": "N", "x": "E", "species": "Дерево"}
    assert mapping.crs == "EPSG:32643" and "lat" in result.ignored


def test_a_mapping_to_an_unknown_field_is_refused_naming_the_fields():
    with pytest.raises(MappingError, match="'Дерево' is mapped to 'tree_kind'.*fields are"):
        columns.parse_mapping({"columns": {"Дерево": "tree_kind"}})


def test_a_mapping_naming_a_column_the_file_lacks_is_refused():
    mapping = columns.parse_mapping({"columns": {"Порода дерева": "species"}})

    with pytest.raises(MappingError, match="'Порода дерева' that the file does not have"):
        columns.resolve(["lat", "lon", "species"], mapping)


def test_a_mapping_file_that_is_not_json_is_refused(tmp_path):
    path = tmp_path / "mapping.json"
    path.write_text("columns: species")

    with pytest.raises(MappingError, match="not valid JSON"):
        columns.load_mapping_file(path)
