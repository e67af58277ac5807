"""The inventory's tables, one module per part of the domain."""
from trees.models.area import GreenArea
from trees.models.choices import (
    AdministrativeLevel, Channel, ConditionClass, ConditionSource, Defect, GreenAreaKind, MaintenanceKind,
    ReportCategory, ReportStatus, TreeStatus,
)
from trees.models.history import ConditionRecord, MaintenanceEvent
from trees.models.municipality import AdministrativeArea, Municipality
from trees.models.report import CitizenReport, QueuedReport, StaffArea
from trees.models.report_event import RejectionReason, ReportStatusEvent
from trees.models.species import Species
from trees.models.tree import Tree, TreeChange

__all__ = [
    "AdministrativeArea", "AdministrativeLevel", "Channel", "CitizenReport", "ConditionClass", "ConditionRecord",
    "ConditionSource", "Defect", "GreenArea", "GreenAreaKind", "MaintenanceEvent", "MaintenanceKind",
    "Municipality", "QueuedReport", "RejectionReason", "ReportCategory", "ReportStatus", "ReportStatusEvent", "Species", "StaffArea",
    "Tree", "TreeChange", "TreeStatus",
]
