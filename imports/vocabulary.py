"""Words surveys use, in English, Russian and Kyrgyz: column headers for
each field the importer understands, and the values of the inventory's
vocabularies (condition, status, defects). Compared after `normalize`."""
from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s_\-/\\.:,;()\[\]{}\"'«»]+")


def normalize(word) -> str:
    """Lower case, ё as е, any run of separators as one space."""
    return _SEPARATORS.sub(" ", str(word).lower().replace("ё", "е")).strip()


# field: (description for people, header aliases). `x` holds longitude, or
# easting in a projected coordinate system; `y` latitude or northing.
FIELDS = {
    "x": ("longitude, or easting in a projected system", [
        "x", "longitude", "lon", "long", "lng", "easting", "east", "долгота", "координата x", "узундук"]),
    "y": ("latitude, or northing in a projected system", [
        "y", "latitude", "lat", "northing", "north", "широта", "координата y", "кеңдик"]),
    "geolocation": ("a geopoint 'latitude longitude [altitude accuracy]' or [latitude, longitude]", [
        "geolocation", "location", "geopoint", "gps", "point", "coordinates", "координаты", "геолокация",
        "местоположение", "координаттар", "gps координаты"]),
    "altitude": ("altitude of the GPS fix (not used)", [
        "altitude", "alt", "elevation", "высота над уровнем моря", "абсолютная высота"]),
    "precision": ("accuracy of the GPS fix in metres", ["precision", "accuracy", "gps accuracy", "точность"]),
    "species": ("species: Latin name, synonym or common name", [
        "species", "tree species", "species name", "scientific name", "latin name", "common name", "taxon",
        "вид", "вид дерева", "порода", "порода дерева", "название", "название породы", "латинское название",
        "түрү", "дарактын түрү"]),
    "trunk_diameter_cm": ("trunk diameter at breast height", [
        "trunk diameter", "diameter", "dbh", "stem diameter", "диаметр", "диаметр ствола",
        "диаметр на высоте 1 3 м", "диаметр ствола на высоте 1 3 м", "сөңгөктүн диаметри", "d"]),
    "trunk_circumference_cm": ("trunk circumference at breast height", [
        "circumference", "trunk circumference", "girth", "окружность", "окружность ствола", "обхват",
        "обхват ствола", "длина окружности ствола"]),
    "height_m": ("height of the tree", [
        "height", "tree height", "высота", "высота дерева", "бийиктиги", "бийиктик", "h"]),
    "crown_diameter_m": ("crown diameter", [
        "crown diameter", "crown", "crown spread", "crown width", "диаметр кроны", "крона", "ширина кроны",
        "таажынын диаметри"]),
    "planted_year": ("year of planting", [
        "planted year", "year planted", "planting year", "planted", "год посадки", "отургузулган жылы"]),
    "status": ("alive, dead (standing), stump or planting site", ["status", "tree status", "статус"]),
    "condition": ("condition: good, fair, poor, critical or dead", [
        "condition", "health", "tree condition", "condition class", "состояние", "состояние дерева",
        "оценка состояния", "категория состояния", "абалы", "абал"]),
    "defects": ("defects, separated by spaces, commas or semicolons", [
        "defects", "damage", "problems", "повреждения", "дефекты", "болезни и повреждения", "кемчиликтер"]),
    "observed_at": ("date of the observation", [
        "date", "observed at", "observation date", "survey date", "inspection date", "дата", "дата обследования",
        "дата осмотра", "дата наблюдения", "today", "күнү", "датасы"]),
    "submission_time": ("when the form was submitted (used when there is no date)", [
        "submission time", "submissiondate", "submission date", "submitted at"]),
    "address": ("address or landmark", [
        "address", "street", "landmark", "адрес", "улица", "ориентир", "адрес ориентир", "дарек"]),
    "notes": ("notes", ["notes", "note", "comment", "comments", "remarks", "примечание", "примечания",
                        "комментарий", "заметки", "эскертүү"]),
    "survey_id": ("the tree's number in the survey", [
        "tree id", "tree no", "tree number", "survey id", "tag", "номер", "номер дерева", "id дерева", "бирка",
        "метка", "n", "no", "№", "#", "№ дерева", "№ п п"]),
    "submission_uuid": ("the form submission's unique id (KoBo _uuid, ODK instanceID)", [
        "uuid", "instanceid", "instance id", "key"]),
    "inventory_tree_id": ("the tree's number in this inventory, to update that tree", [
        "inventory tree id", "inventory id", "greenmap id", "номер в реестре", "реестровый номер",
        "инвентарный номер"]),
}

# Names a mapping file may use for the same fields.
FIELD_SYNONYMS = {"longitude": "x", "easting": "x", "latitude": "y", "northing": "y"}

# Unit words that may close a header, and the factor to the field's unit.
UNITS = {
    "trunk_diameter_cm": {"cm": 1, "см": 1, "mm": 0.1, "мм": 0.1, "m": 100, "м": 100},
    "trunk_circumference_cm": {"cm": 1, "см": 1, "mm": 0.1, "мм": 0.1, "m": 100, "м": 100},
    "height_m": {"m": 1, "м": 1, "cm": 0.01, "см": 0.01},
    "crown_diameter_m": {"m": 1, "м": 1, "cm": 0.01, "см": 0.01},
}

CONDITION_WORDS = {
    "good": ["good", "хорошее", "хорошее состояние", "хор", "здоровое", "жакшы"],
    "fair": ["fair", "satisfactory", "удовлетворительное", "удовл", "среднее", "ослабленное", "орточо", "орто"],
    "poor": ["poor", "bad", "плохое", "неудовлетворительное", "неудовл", "сильно ослабленное", "начар"],
    "critical": ["critical", "dying", "аварийное", "критическое", "усыхающее", "кооптуу"],
    "dead": ["dead", "сухое", "сухостой", "погибшее", "мертвое", "кургак", "өлгөн"],
}

STATUS_WORDS = {
    "alive": ["alive", "living", "живое", "растет", "растущее", "тирүү"],
    "dead": ["dead", "standing dead", "сухостой", "погибшее", "кургак"],
    "stump": ["stump", "пень", "дүмүр"],
    "planting_site": ["planting site", "место посадки", "посадочное место", "empty pit", "лунка"],
}

DEFECT_WORDS = {
    "trunk_damage": ["trunk damage", "механические повреждения", "повреждение ствола", "повреждения ствола"],
    "cavity": ["cavity", "дупло", "дупла"],
    "lean": ["lean", "наклон", "крен"],
    "dieback": ["dieback", "crown dieback", "суховершинность", "сухие ветви", "усыхание кроны"],
    "pests": ["pests", "вредители"],
    "disease": ["disease", "болезнь", "болезни", "гниль"],
    "broken_branches": ["broken branches", "обломанные ветви", "сломанные ветви"],
    "root_damage": ["root damage", "повреждение корней"],
    "bark_damage": ["bark damage", "повреждение коры", "ошмыгивание"],
    "utility_conflict": ["utility conflict", "провода", "конфликт с проводами", "wires"],
}


def _index(words: dict[str, list[str]]) -> dict[str, str]:
    return {normalize(word): value for value, aliases in words.items() for word in [value, *aliases]}


HEADER_ALIASES = _index({field: aliases for field, (_, aliases) in FIELDS.items()})
CONDITIONS = _index(CONDITION_WORDS)
STATUSES = _index(STATUS_WORDS)
DEFECTS = _index(DEFECT_WORDS)
