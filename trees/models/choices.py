"""The inventory's vocabularies. Values are stable identifiers stored in the
database and used by the API; labels are translated for people."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """Through which door a change entered the inventory."""

    WEB = "web", _("web map")
    API = "api", _("REST API")
    ADMIN = "admin", _("admin")
    IMPORT = "import", _("survey import")
    REPORT = "report", _("citizen report")
    DEMO = "demo", _("generated demo data")
    SYSTEM = "system", _("system")


class TreeStatus(models.TextChoices):
    ALIVE = "alive", _("alive")
    DEAD = "dead", _("dead (standing)")
    REMOVED = "removed", _("removed")
    STUMP = "stump", _("stump")
    PLANTING_SITE = "planting_site", _("planting site")
    # Never existed as entered (an undone import, a duplicate entry): the row
    # and its history stay for the record, public maps and lists leave it out.
    WITHDRAWN = "withdrawn", _("withdrawn (entered in error)")


class ConditionClass(models.TextChoices):
    """Five-class condition scale used in European urban tree inventories."""

    GOOD = "good", _("good")
    FAIR = "fair", _("fair")
    POOR = "poor", _("poor")
    CRITICAL = "critical", _("critical")
    DEAD = "dead", _("dead")


class Defect(models.TextChoices):
    TRUNK_DAMAGE = "trunk_damage", _("trunk damage")
    CAVITY = "cavity", _("cavity")
    LEAN = "lean", _("lean")
    DIEBACK = "dieback", _("crown dieback")
    PESTS = "pests", _("pests")
    DISEASE = "disease", _("disease")
    BROKEN_BRANCHES = "broken_branches", _("broken branches")
    ROOT_DAMAGE = "root_damage", _("root damage")
    BARK_DAMAGE = "bark_damage", _("bark damage")
    UTILITY_CONFLICT = "utility_conflict", _("conflict with wires or buildings")


class ConditionSource(models.TextChoices):
    INSPECTION = "inspection", _("inspection")
    SURVEY_IMPORT = "survey_import", _("survey import")
    VERIFIED_REPORT = "verified_report", _("verified citizen report")
    CORRECTION = "correction", _("correction")


class MaintenanceKind(models.TextChoices):
    SANITARY_PRUNING = "sanitary_pruning", _("sanitary pruning")
    CROWN_REDUCTION = "crown_reduction", _("crown reduction")
    WATERING = "watering", _("watering")
    PEST_TREATMENT = "pest_treatment", _("pest treatment")
    WHITEWASHING = "whitewashing", _("trunk whitewashing")
    MULCHING = "mulching", _("mulching")
    FELLING = "felling", _("felling")
    STUMP_REMOVAL = "stump_removal", _("stump removal")
    PLANTING = "planting", _("planting")
    OTHER = "other", _("other")


class GreenAreaKind(models.TextChoices):
    PARK = "park", _("park")
    SQUARE = "square", _("square")
    BOULEVARD = "boulevard", _("boulevard")
    STREET_GREENERY = "street_greenery", _("street greenery")
    FOREST_PARK = "forest_park", _("forest park")
    GARDEN = "garden", _("garden")


class AdministrativeLevel(models.TextChoices):
    DISTRICT = "district", _("district")
    COUNCIL_AREA = "council_area", _("city council area")


class ReportCategory(models.TextChoices):
    DAMAGED = "damaged", _("damaged tree")
    SICK = "sick", _("sick tree")
    DANGEROUS = "dangerous", _("dangerous tree")
    FELLED = "felled", _("felled or cut tree")
    DEAD = "dead", _("dead tree")
    OTHER = "other", _("other problem")


class ReportStatus(models.TextChoices):
    RECEIVED = "received", _("received")
    CONFIRMED = "confirmed", _("confirmed")
    REJECTED = "rejected", _("rejected")
    ASSIGNED = "assigned", _("assigned")
    IN_PROGRESS = "in_progress", _("in progress")
    RESOLVED = "resolved", _("resolved")
    UNABLE_TO_FIX = "unable_to_fix", _("unable to fix")
