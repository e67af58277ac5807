"""Reading the mapped cells of one row into a `StagedRow`: coordinates,
species, sizes checked against the species, vocabulary words, dates and
text. Checks that need the database (inside a municipality, matching known
trees) come later, in `checks.py`."""
from __future__ import annotations

import datetime
import math
import re

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_noop

from imports import crs, values
from imports.columns import ColumnMapping
from imports.messages import Sentence
from imports.readers import SourceRow
from imports.rows import StagedRow
from imports.species import SpeciesIndex
from imports.vocabulary import CONDITIONS, DEFECTS, STATUSES, normalize
from trees.models import TreeStatus
from trees.services.trees import SIZE_LIMITS

ADDRESS_MAX, NOTES_MAX, ID_MAX = 300, 2000, 200
IMPORTABLE_STATUSES = {TreeStatus.ALIVE, TreeStatus.DEAD, TreeStatus.STUMP, TreeStatus.PLANTING_SITE}
_SIZE_FIELDS = ("trunk_diameter_cm", "height_m", "crown_diameter_m")
_SIZE_UNITS = {"trunk_diameter_cm": "cm", "height_m": "m", "crown_diameter_m": "m"}
_PLAIN_NUMBER = re.compile(r"^-?\d+(\.\d+)?$").match
_FORMULA_FIRST = frozenset("=@\t\r+-")
# Surveys repeat a few dates and words; parsing each once matters at a million rows.
_CACHE_SIZE = 10_000
_MISSING = object()


def formula_like(value: str) -> bool:
    """A trimmed, non-empty cell that a spreadsheet would run as a formula."""
    return value[0] in _FORMULA_FIRST and values.looks_like_formula(value)


class RowNormalizer:
    """Reads the mapped cells of each row; knows the file's coordinate
    system and the species list."""

    def __init__(self, *, mapping: ColumnMapping, species: SpeciesIndex, crs_epsg: int, has_geometry: bool,
                 survey_date: datetime.date | None = None):
        self.mapping = mapping
        self.species = species
        self.crs_epsg = crs_epsg
        self.has_geometry = has_geometry
        self.survey_date = survey_date
        self.today = timezone.localdate()
        self.max_gps_error_m = float(getattr(settings, "IMPORT_MAX_GPS_ERROR_M", 10))
        self._geographic = {code: geographic for code, (_, geographic) in crs.allowed_codes().items()}
        self._fields = [(name, column.index) for name, column in mapping.columns.items()]
        self._factors = {name: column.factor for name, column in mapping.columns.items()}
        self._moments: dict[str, datetime.datetime] = {}
        self._words: dict[tuple, str | None] = {}

    def normalize(self, source: SourceRow) -> StagedRow:
        row = StagedRow(source.number)
        cells, raw = {}, source.values
        for name, index in self._fields:
            value = raw[index] if index < len(raw) else None
            if value is None or value == "":
                continue
            if isinstance(value, str):
                value = value.strip()
                if not value:
                    continue
                if formula_like(value):
                    row.error(self._header(name), value, gettext_noop(
                        "looks like a spreadsheet formula; formulas are refused (type the value itself)"))
                    continue
            cells[name] = value
        self._point(source, cells, row)
        self._species(cells, row)
        self._sizes(cells, row)
        self._vocabulary(cells, row)
        self._dates(cells, row)
        self._texts(cells, row)
        return row

    def _header(self, name: str) -> str:
        column = self.mapping.columns.get(name)
        return column.header if column else name

    def _point(self, source: SourceRow, cells: dict, row: StagedRow) -> None:
        if source.point is not None:
            row.x, row.y, row.point_crs = source.point[0], source.point[1], self.crs_epsg
        elif source.geometry_problem:
            row.error("geometry", "", source.geometry_problem)
            return
        elif cells.get("x") is not None and cells.get("y") is not None:
            row.x = self._number(cells, "x", row)
            row.y = self._number(cells, "y", row)
            row.point_crs = self.crs_epsg
        elif cells.get("geolocation") is not None:
            try:
                # ODK and KoBo geopoints are always WGS84 latitude first.
                row.y, row.x = values.geopoint(cells["geolocation"])
                row.point_crs = crs.WGS84
            except values.BadValue as error:
                row.error(self._header("geolocation"), cells["geolocation"], error.sentence)
        else:
            where = [self._header(n) for n in ("x", "y", "geolocation") if n in self.mapping.columns]
            row.error(", ".join(where) or "geometry", "", gettext_noop("no coordinates: the row has no point"))
            return
        if row.x is not None and row.y is not None:
            self._plausible_for_crs(row)
        self._precision(cells, row)

    def _precision(self, cells: dict, row: StagedRow) -> None:
        if cells.get("precision") is not None:
            try:
                accuracy = values.number(cells["precision"])
                if accuracy > self.max_gps_error_m:
                    row.warn(self._header("precision"), cells["precision"],
                             gettext_noop("the GPS fix is only accurate to %(accuracy)s m; matching to known trees "
                                          "may be wrong"), accuracy=f"{accuracy:g}")
            except values.BadValue:
                pass  # accuracy is advisory only

    def _plausible_for_crs(self, row: StagedRow) -> None:
        if not (math.isfinite(row.x) and math.isfinite(row.y)):
            row.error("coordinates", f"{row.x}, {row.y}", gettext_noop("coordinates are not finite numbers"))
            row.x = row.y = None
            return
        looks_like_degrees = abs(row.x) <= 180 and abs(row.y) <= 180
        geographic = self._geographic[row.point_crs]
        if geographic and not looks_like_degrees:
            row.error("coordinates", f"{row.x}, {row.y}",
                      gettext_noop("(%(x)s, %(y)s) are not degrees; if the file is in metres, give its coordinate "
                                   "system (for example EPSG:32643)"), x=f"{row.x:g}", y=f"{row.y:g}")
            row.x = row.y = None
        elif not geographic and looks_like_degrees:
            row.error("coordinates", f"{row.x}, {row.y}",
                      gettext_noop("(%(x)s, %(y)s) look like degrees, but the file is read as EPSG:%(code)s, "
                                   "which is in metres; import it as EPSG:4326"),
                      x=f"{row.x:g}", y=f"{row.y:g}", code=row.point_crs)
            row.x = row.y = None

    def _number(self, cells: dict, name: str, row: StagedRow) -> float | None:
        raw = cells.get(name)
        if raw is None:
            return None
        if type(raw) is str and _PLAIN_NUMBER(raw):
            value = float(raw)
        else:
            try:
                value = values.number(raw)
            except values.BadValue as error:
                row.error(self._header(name), raw, error.sentence)
                return None
        factor = self._factors[name]
        return value if factor == 1 else value * factor

    def _species(self, cells: dict, row: StagedRow) -> None:
        written = cells.get("species")
        if written is None:
            if "species" in self.mapping.columns:
                row.warn(self._header("species"), "",
                         gettext_noop("no species given; the tree is recorded without one"))
            return
        found = self.species.match(str(written))
        if found.problem:
            row.error(self._header("species"), written, found.problem)
        row.species_id = found.species_id

    def _sizes(self, cells: dict, row: StagedRow) -> None:
        if "trunk_circumference_cm" in cells:
            circumference = self._number(cells, "trunk_circumference_cm", row)
            if circumference is not None:
                row.trunk_diameter_cm = round(circumference / math.pi, 1)
                self._check_size(row, "trunk_diameter_cm", "trunk_circumference_cm", cells)
        for name in _SIZE_FIELDS:
            if name in cells:
                value = self._number(cells, name, row)
                if value is not None:
                    setattr(row, name, value)
                    self._check_size(row, name, name, cells)
        year = cells.get("planted_year")
        if year is not None:
            try:
                row.planted_year = values.whole_number(year)
                if not 1700 <= row.planted_year <= self.today.year + 1:
                    row.error(self._header("planted_year"), year,
                              gettext_noop("%(year)s is not a plausible planting year"), year=row.planted_year)
                    row.planted_year = None
            except values.BadValue as error:
                row.error(self._header("planted_year"), year, error.sentence)

    def _check_size(self, row: StagedRow, name: str, column: str, cells: dict) -> None:
        problem = self._size_problem(name, getattr(row, name), row.species_id)
        if problem:
            row.error(self._header(column), cells.get(column), problem)
            setattr(row, name, None)

    def _size_problem(self, name: str, value: float, species_id: int | None) -> Sentence | str:
        """Why a size cannot be right, or "" when it can."""
        low, high = SIZE_LIMITS[name]
        metres = _SIZE_UNITS[name] == "m"
        if value <= low:
            return Sentence(gettext_noop("%(value)s m is not a size; it must be more than %(low)s") if metres
                            else gettext_noop("%(value)s cm is not a size; it must be more than %(low)s"),
                            value=f"{value:g}", low=f"{low:g}")
        if value > high:
            return Sentence(gettext_noop("%(value)s m is beyond any tree (at most %(high)s m) (was it written in "
                                         "centimetres?)") if metres
                            else gettext_noop("%(value)s cm is beyond any tree (at most %(high)s cm) (was it written "
                                              "in millimetres?)"), value=f"{value:g}", high=f"{high:g}")
        if species_id is not None:
            max_height, max_diameter = self.species.limits[species_id]
            limit = {"height_m": max_height, "trunk_diameter_cm": max_diameter}.get(name)
            if limit is not None and value > limit:
                return Sentence(gettext_noop("%(value)s m is larger than any %(species)s grows (at most %(limit)s m)")
                                if metres else gettext_noop("%(value)s cm is larger than any %(species)s grows "
                                                            "(at most %(limit)s cm)"),
                                value=f"{value:g}", species=self.species.names[species_id], limit=f"{limit:g}")
        return ""

    def _vocabulary(self, cells: dict, row: StagedRow) -> None:
        condition = cells.get("condition")
        if condition is not None:
            row.condition = self._word(CONDITIONS, condition)
            if row.condition is None:
                row.error(self._header("condition"), condition,
                          gettext_noop("condition %(value)s is not one of good, fair, poor, critical, dead"),
                          value=f"{condition!s:.40}")
        status = cells.get("status")
        if status is not None:
            row.status = self._word(STATUSES, status)
            if row.status not in IMPORTABLE_STATUSES:
                row.error(self._header("status"), status,
                          gettext_noop("status %(value)s is not one of alive, dead, stump, planting site"),
                          value=f"{status!s:.40}")
                row.status = None
        defects = cells.get("defects")
        if defects is not None:
            row.defects = self._defects(str(defects), row)

    def _word(self, vocabulary: dict, written) -> str | None:
        key = (id(vocabulary), written)
        found = self._words.get(key, _MISSING)
        if found is _MISSING:
            found = vocabulary.get(normalize(written))
            if len(self._words) < _CACHE_SIZE:
                self._words[key] = found
        return found

    def _defects(self, written: str, row: StagedRow) -> list[str]:
        found = []
        for part in re.split(r"[,;\n]+", written):
            key = normalize(part)
            if not key:
                continue
            if key in DEFECTS:
                found.append(DEFECTS[key])
                continue
            for word in key.split(" "):
                if word in DEFECTS:
                    found.append(DEFECTS[word])
                else:
                    row.warn(self._header("defects"), part.strip(),
                             gettext_noop("defect %(word)s is not recognised; left out"), word=repr(word))
        return list(dict.fromkeys(found))

    def _dates(self, cells: dict, row: StagedRow) -> None:
        for name in ("observed_at", "submission_time"):
            raw = cells.get(name)
            if raw is None:
                continue
            try:
                row.observed_at = self._moment(raw)
                break
            except values.BadValue as error:
                row.error(self._header(name), raw, error.sentence)
                return
        if row.observed_at is None and self.survey_date is not None:
            row.observed_at = timezone.make_aware(datetime.datetime.combine(self.survey_date, datetime.time()))
        if row.condition and row.observed_at is None:
            row.error(self._header("condition"), cells.get("condition"), gettext_noop(
                "a condition needs the date it was observed: add a date column or give the survey date"))

    def _moment(self, raw) -> datetime.datetime:
        if not isinstance(raw, str):
            return values.moment(raw, today=self.today)
        found = self._moments.get(raw)
        if found is None:
            found = values.moment(raw, today=self.today)
            if len(self._moments) < _CACHE_SIZE:
                self._moments[raw] = found
        return found

    def _texts(self, cells: dict, row: StagedRow) -> None:
        for name, limit in (("address", ADDRESS_MAX), ("notes", NOTES_MAX)):
            raw = cells.get(name)
            if raw is None:
                continue
            try:
                setattr(row, name, values.text(raw, max_length=limit))
            except values.BadValue as error:
                row.error(self._header(name), raw, error.sentence)
        if row.notes and not row.condition:
            row.warn(self._header("notes"), row.notes, gettext_noop(
                "notes are kept with a condition record; this row has no condition, so they are left out"))
            row.notes = ""
        for name in ("survey_id", "submission_uuid"):
            raw = cells.get(name)
            if raw is None:
                continue
            try:
                row.external_ids[name] = values.text(raw, max_length=ID_MAX)
            except values.BadValue as error:
                row.error(self._header(name), raw, error.sentence)
        row.source_ref = row.external_ids.get("survey_id") or row.external_ids.get("submission_uuid", "")
        raw = cells.get("inventory_tree_id")
        if raw is not None:
            try:
                row.inventory_tree_id = values.whole_number(raw)
                if row.inventory_tree_id <= 0:
                    raise values.BadValue(gettext_noop("%(value)s is not a tree number"), value=f"{raw!s:.40}")
            except values.BadValue as error:
                row.error(self._header("inventory_tree_id"), raw, error.sentence)
                row.inventory_tree_id = None
