"""Named reads of the inventory, used by the API (and open to tiles and the
map). Write paths live in `trees.services`; these only select."""
from trees.selectors.areas import administrative_area_list, green_area_list
from trees.selectors.catalog import species_list
from trees.selectors.geojson import feature, features_json
from trees.selectors.history import condition_record_list, maintenance_event_list, subject_point
from trees.selectors.reports import report_list
from trees.selectors.trees import current_condition_records, tree_list, within_distance

__all__ = [
    "administrative_area_list", "condition_record_list", "current_condition_records", "feature", "features_json",
    "green_area_list", "maintenance_event_list", "report_list", "species_list", "subject_point", "tree_list",
    "within_distance",
]
