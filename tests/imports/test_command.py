"""python manage.py import_survey, as a volunteer runs it."""
import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from imports.models import ImportBatch
from tests.imports import surveys
from trees.models import Tree


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_survey", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_dry_run_reports_and_writes_nothing(city, volunteer, write_csv):
    path = write_csv([surveys.row("A1", surveys.west()), surveys.row("A2", (75.5, 42.5))])

    out, err = run(path, "--dry-run", "--user", "volunteer1")

    assert "(dry run): 2 rows; 1 new trees" in out and "1 rejected" in out
    assert "row 3: lat, lon: (75.500000, 42.500000) is outside every municipality" in out
    assert "1 rejected rows would not be imported." in out
    assert "reading" in err and "100%" in err  # the progress bar
    assert not Tree.objects.exists()
    assert ImportBatch.objects.get().created_by == volunteer


def test_import_with_crs_mapping_and_report(city, volunteer, tmp_path, write_csv):
    from pyproj import Transformer
    easting, northing = Transformer.from_crs(4326, 32643, always_xy=True).transform(*surveys.west())
    path = write_csv([["1", f"{northing:.2f}", f"{easting:.2f}", "Карагач", "=1+2"]],
                     header=["№", "Север", "Восток", "Дерево", "Примечание"])
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"columns": {"Север": "northing", "Восток": "easting", "Дерево": "species"}}))
    report = tmp_path / "report.csv"

    out, _ = run(path, "--crs", "EPSG:32643", "--mapping", mapping, "--report", report, "--no-progress")

    assert "committed): 1 rows; 0 new trees" in out  # the formula rejects the row
    lines = list(csv.reader(report.open(encoding="utf-8")))
    assert lines[0][:3] == ["row", "id in the survey", "outcome"]
    assert lines[1][2] == "rejected" and lines[1][7] == "'=1+2"  # defused for spreadsheets


def test_the_command_line_speaks_english_whatever_the_sites_language(city, write_csv, tmp_path, settings):
    settings.LANGUAGE_CODE = "ru"  # the site's default; a command activates no language of its own
    report = tmp_path / "report.csv"

    out, _ = run(write_csv([surveys.row("A1", (75.5, 42.5))]), "--dry-run", "--report", report, "--no-progress")

    assert "columns used: " in out and "is outside every municipality in the inventory" in out
    lines = list(csv.reader(report.open(encoding="utf-8")))
    assert lines[1][-1] == "(75.500000, 42.500000) is outside every municipality in the inventory"


def test_a_committed_import_prints_what_it_did(city, write_csv):
    out, _ = run(write_csv([surveys.row("A1", surveys.west())]), "--no-progress")

    assert "committed): 1 rows; 1 new trees, 0 updated" in out and "1 condition records" in out
    assert Tree.objects.count() == 1


def test_a_bad_file_is_a_clear_error_and_writes_nothing(city, tmp_path):
    path = tmp_path / "survey.csv"
    path.write_bytes(b"\x00\x01\x02garbage")

    with pytest.raises(CommandError, match="not a text file.*\nNothing was written."):
        run(path)
    assert not ImportBatch.objects.exists()


def test_a_missing_file_and_a_bad_date_option_are_clear_errors(city, tmp_path, write_csv):
    with pytest.raises(CommandError, match="does not exist"):
        run(tmp_path / "nope.csv")
    with pytest.raises(CommandError, match="--survey-date 'May' is not a date"):
        run(write_csv([surveys.row("A1", surveys.west())]), "--survey-date", "May")
    with pytest.raises(CommandError, match="there is no user 'ghost'"):
        run(write_csv([surveys.row("A1", surveys.west())]), "--user", "ghost")
