"""The dry run's verdict on each row: errors reject it, warnings do not.
Every message names the row's column and value."""
import datetime

import pytest
from pyproj import Transformer

from imports import columns
from imports.models import ImportRow, RowAction
from tests.imports import surveys
from trees.models import Tree


def dry_run(path, **options):
    batch = surveys.run(path, commit=False, **options)
    assert not Tree.objects.exists()
    return batch, surveys.report(batch)


def only_message(row, level="error"):
    found = [m for m in row.messages if m["level"] == level]
    assert len(found) == 1, row.messages
    return found[0]


def test_a_clean_file_plans_new_trees_and_writes_nothing(city, write_csv):
    batch, rows = dry_run(write_csv([surveys.row("A1", surveys.west()), surveys.row("A2", surveys.east())]))

    assert (batch.status, batch.rows_total, batch.trees_created, batch.rows_rejected) == ("validated", 2, 2, 0)
    assert [r.action for r in rows.values()] == [RowAction.CREATE, RowAction.CREATE]
    assert rows[2].source_ref == "A1"


def test_missing_and_unreadable_coordinates_are_rejected(city, write_csv):
    batch, rows = dry_run(write_csv([surveys.row("A1", ("", "")), surveys.row("A2", ("74,6x", "42.87"))]))

    assert only_message(rows[2])["text"] == "no coordinates: the row has no point"
    message = only_message(rows[3])
    assert (message["column"], message["value"], message["text"]) == ("lon", "74,6x", "74,6x is not a number")


def test_a_point_outside_every_municipality_is_rejected(city, write_csv):
    _, rows = dry_run(write_csv([surveys.row("A1", (75.5, 42.5))]))

    assert rows[2].action == RowAction.REJECTED
    assert only_message(rows[2])["text"] == "(75.500000, 42.500000) is outside every municipality in the inventory"


def test_swapped_latitude_and_longitude_are_detected_and_said(city, write_csv):
    lon, lat = surveys.west()
    _, rows = dry_run(write_csv([surveys.row("A1", (lat, lon))]))

    message = only_message(rows[2])
    assert message["column"] == "lat, lon"
    assert message["text"].startswith("latitude and longitude look swapped: read the other way round the point "
                                      "lies in Testgrad")


def utm(point):
    return Transformer.from_crs(4326, 32643, always_xy=True).transform(*point)


def test_swapped_utm_easting_and_northing_are_detected(city, write_csv):
    easting, northing = utm(surveys.west())
    # Russian surveying convention: X is the northing. Read as easting, it is swapped.
    path = write_csv([["A1", f"{easting:.2f}", f"{northing:.2f}"]], header=["id", "Y", "X"])

    _, rows = dry_run(path, crs="EPSG:32643")

    assert "look swapped" in only_message(rows[2])["text"]


def test_utm_coordinates_with_their_crs_are_placed_in_the_city(city, write_csv):
    easting, northing = utm(surveys.west())
    path = write_csv([["A1", f"{easting:.2f}", f"{northing:.2f}", "Карагач"]], header=["id", "X", "Y", "вид"])

    batch, rows = dry_run(path, crs="EPSG:32643")

    assert rows[2].action == RowAction.CREATE and batch.crs_epsg == 32643


def test_metres_read_as_degrees_ask_for_the_coordinate_system(city, write_csv):
    _, rows = dry_run(write_csv([["A1", "4746392", "467245"]], header=["id", "y", "x"]))

    assert "are not degrees; if the file is in metres, give its coordinate system" in only_message(rows[2])["text"]


def test_the_same_point_twice_in_the_file_is_imported_once(city, write_csv):
    _, rows = dry_run(write_csv([surveys.row("A1", surveys.west()), surveys.row("A2", surveys.east()),
                                 surveys.row("A3", surveys.west())]))

    assert rows[2].action == RowAction.CREATE
    assert rows[4].action == RowAction.REJECTED
    assert only_message(rows[4])["text"] == "the same point as row 2: a tree surveyed twice? imported once"


def test_the_same_kobo_submission_twice_is_imported_once(city, write_csv):
    header = ["_uuid", "lat", "lon"]
    _, rows = dry_run(write_csv([["u-1", *reversed(surveys.west())], ["u-1", *reversed(surveys.east())]],
                                header=header))

    assert only_message(rows[3])["text"] == "the same submission as row 2; imported once"


@pytest.mark.parametrize("column, value, expected", [
    ("height_m", "500", "500 m is beyond any tree (at most 120 m) (was it written in centimetres?)"),
    ("height_m", "0", "0 m is not a size; it must be more than 0"),
    ("height_m", "-4", "-4 m is not a size; it must be more than 0"),
    ("height_m", "30", "30 m is larger than any Ulmus pumila grows (at most 25 m)"),
    ("trunk_diameter_cm", "2000", "2000 cm is beyond any tree (at most 1000 cm) (was it written in millimetres?)"),
    ("trunk_diameter_cm", "abc", "abc is not a number"),
])
def test_implausible_sizes_are_rejected_naming_column_and_value(city, write_csv, column, value, expected):
    point = surveys.west()
    values = {"height_m": "8", "trunk_diameter_cm": "30", column: value}
    _, rows = dry_run(write_csv([surveys.row("A1", point, height=values["height_m"],
                                             diameter=values["trunk_diameter_cm"])]))

    message = only_message(rows[2])
    assert (message["column"], message["value"], message["text"]) == (column, value, expected)


def test_unreadable_and_future_dates_are_rejected(city, write_csv):
    tomorrow_plus = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    _, rows = dry_run(write_csv([surveys.row("A1", surveys.west(), date="32.13.2024"),
                                 surveys.row("A2", surveys.east(), date=tomorrow_plus)]))

    assert only_message(rows[2])["text"] == "32.13.2024 is not a date; write it as 2024-05-17 or 17.05.2024"
    assert only_message(rows[3])["text"] == f"{tomorrow_plus} is in the future"


def test_a_condition_without_any_date_is_rejected_unless_the_survey_date_is_given(city, write_csv):
    path = write_csv([surveys.row("A1", surveys.west(), date="")])

    _, rows = dry_run(path)
    assert "a condition needs the date it was observed" in only_message(rows[2])["text"]

    ImportRow.objects.all().delete()
    _, rows = dry_run(path, survey_date=datetime.date(2024, 6, 1))
    assert rows[2].action == RowAction.CREATE


def test_unknown_species_and_condition_words_are_rejected(city, write_csv):
    _, rows = dry_run(write_csv([surveys.row("A1", surveys.west(), species="Пальма"),
                                 surveys.row("A2", surveys.east(), condition="so-so")]))

    assert only_message(rows[2])["column"] == "species"
    assert only_message(rows[3])["text"] == "condition so-so is not one of good, fair, poor, critical, dead"


def test_a_missing_species_is_a_warning(city, write_csv):
    _, rows = dry_run(write_csv([surveys.row("A1", surveys.west(), species="")]))

    assert rows[2].action == RowAction.CREATE and rows[2].has_warnings
    assert only_message(rows[2], "warning")["text"] == "no species given; the tree is recorded without one"


def test_formula_cells_are_rejected(city, write_csv):
    path = write_csv([["A1", *reversed(surveys.west()), "Карагач", "8", "30", "good", "2024-05-17",
                       "=cmd|' /C calc'!A0"]], header=surveys.HEADER + ["address"])

    _, rows = dry_run(path)

    message = only_message(rows[2])
    assert (message["column"], message["value"]) == ("address", "=cmd|' /C calc'!A0")
    assert "formula" in message["text"]


def test_a_coarse_gps_fix_is_a_warning(city, write_csv):
    path = write_csv([[*reversed(surveys.west()), "25"]], header=["_location_latitude", "_location_longitude",
                                                                  "_location_precision"])

    _, rows = dry_run(path)

    assert rows[2].action == RowAction.CREATE
    assert "only accurate to 25 m" in only_message(rows[2], "warning")["text"]


def test_kobo_csv_export_with_groups_geolocation_and_russian_values(city, tmp_path):
    lon, lat = surveys.west()
    path = tmp_path / "kobo.csv"
    path.write_text(
        "start;end;group_tree/vid;group_tree/Высота_дерева;group_tree/sostoyanie;_geolocation;_uuid;_submission_time\n"
        f"2024-05-17T09:00:00.000+06:00;x;Карагач;7,5;хорошее;[{lat}, {lon}];u-77;2024-05-17T04:22:33\n",
        encoding="utf-8")

    batch, rows = dry_run(path, mapping=columns.parse_mapping(
        {"columns": {"group_tree/vid": "species", "group_tree/sostoyanie": "condition"}}))

    assert rows[2].action == RowAction.CREATE, rows[2].messages
    assert rows[2].source_ref == "u-77"
    assert any("'_geolocation' → geolocation" in note["text"] for note in batch.notes)


def test_circumference_becomes_diameter_and_units_convert(city, write_csv):
    path = write_csv([[*reversed(surveys.west()), "Карагач", "94.2", "850"]],
                     header=["lat", "lon", "species", "Окружность ствола", "Высота, см"])

    batch = surveys.run(path)

    tree = Tree.objects.get()
    assert (tree.trunk_diameter_cm, tree.height_m) == (30.0, 8.5)
    assert batch.trees_created == 1
