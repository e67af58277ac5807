"""Condition history and maintenance log. Both are append-only, enforced by
database triggers (see migration 0002): a correction is a new row whose
`corrects` points at the row it corrects; `retracts` marks a correction that
says the corrected row should not count at all (used to undo imports)."""
from django.contrib.gis.db import models
from django.contrib.postgres.fields import ArrayField
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trees.models.attribution import Attributed
from trees.models.choices import ConditionClass, ConditionSource, Defect, MaintenanceKind

ONE_SUBJECT = (Q(tree__isnull=False) & Q(green_area__isnull=True)) | (Q(tree__isnull=True) & Q(green_area__isnull=False))


class ConditionRecord(Attributed):
    municipality = models.ForeignKey("trees.Municipality", on_delete=models.PROTECT, related_name="+")
    # Both are indexed with observed_at (Meta), which serves lookups by either alone.
    tree = models.ForeignKey("trees.Tree", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="condition_records", db_index=False)
    green_area = models.ForeignKey("trees.GreenArea", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="condition_records", db_index=False)
    observed_at = models.DateTimeField(_("observed at"))
    condition = models.CharField(_("condition"), max_length=16, choices=ConditionClass.choices, null=True, blank=True)
    defects = ArrayField(models.CharField(max_length=24, choices=Defect.choices), default=list, blank=True,
                         verbose_name=_("defects"))
    notes = models.TextField(_("notes"), blank=True)
    source = models.CharField(_("source"), max_length=16, choices=ConditionSource.choices)
    corrects = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections")
    retracts = models.BooleanField(_("retracts the corrected record"), default=False)

    class Meta:
        verbose_name = _("condition record")
        verbose_name_plural = _("condition records")
        ordering = ["-observed_at", "-id"]
        indexes = [models.Index(fields=["tree", "-observed_at"]), models.Index(fields=["green_area", "-observed_at"])]
        constraints = [
            models.CheckConstraint(condition=ONE_SUBJECT, name="condition_record_one_subject"),
            models.CheckConstraint(condition=Q(retracts=True, corrects__isnull=False, condition__isnull=True)
                                   | Q(retracts=False, condition__isnull=False), name="condition_record_retraction"),
        ]

    def __str__(self):
        return f"{self.get_condition_display() or _('retraction')} @ {self.observed_at:%Y-%m-%d}"


class MaintenanceEvent(Attributed):
    municipality = models.ForeignKey("trees.Municipality", on_delete=models.PROTECT, related_name="+")
    tree = models.ForeignKey("trees.Tree", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="maintenance_events")
    green_area = models.ForeignKey("trees.GreenArea", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="maintenance_events")
    kind = models.CharField(_("kind of work"), max_length=24, choices=MaintenanceKind.choices)
    performed_at = models.DateTimeField(_("performed at"))
    performed_by = models.CharField(_("performed by"), max_length=200, blank=True,
                                    help_text=_("Crew or person who did the work"))
    contractor = models.CharField(_("contractor"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    corrects = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections")
    retracts = models.BooleanField(_("retracts the corrected event"), default=False)

    class Meta:
        verbose_name = _("maintenance event")
        verbose_name_plural = _("maintenance events")
        ordering = ["-performed_at", "-id"]
        indexes = [models.Index(fields=["tree", "-performed_at"]), models.Index(fields=["green_area", "-performed_at"])]
        constraints = [
            models.CheckConstraint(condition=ONE_SUBJECT, name="maintenance_event_one_subject"),
            models.CheckConstraint(condition=Q(retracts=False) | Q(corrects__isnull=False),
                                   name="maintenance_event_retraction"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} @ {self.performed_at:%Y-%m-%d}"
