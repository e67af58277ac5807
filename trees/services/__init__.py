"""Everything that writes to the inventory. Views, admin, importers, commands
and tests call these; none of them writes the tables directly."""
from trees.services.actor import Actor, system_actor
from trees.services.areas import create_green_area, update_green_area
from trees.services.errors import HistoryConflict, InvalidValue, InventoryError, OutsideMunicipality, StaleVersion
from trees.services.history import (
    correct_condition_record, log_maintenance, record_condition, retract_condition_record, retract_maintenance_event,
)
from trees.services.planting import plant_tree, revert_tree_change
from trees.services.trees import EDITABLE_FIELDS, check_tree_values, create_tree, update_tree, withdraw_tree

__all__ = [
    "Actor", "EDITABLE_FIELDS", "HistoryConflict", "InvalidValue", "InventoryError", "OutsideMunicipality",
    "StaleVersion", "check_tree_values", "correct_condition_record", "create_green_area", "create_tree", "log_maintenance",
    "plant_tree", "record_condition", "retract_condition_record", "retract_maintenance_event",
    "revert_tree_change", "system_actor", "update_green_area", "update_tree", "withdraw_tree",
]
