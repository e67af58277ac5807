from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trees.models.attribution import Attributed
from trees.models.choices import Channel, ConditionClass, TreeStatus


class Tree(models.Model):
    """One tree (or planting site) of the inventory. Never deleted: a felled
    tree keeps its row with status `removed`. Written only through
    `trees.services`, which keep the derived fields and `version` right."""

    # Indexed by (municipality, status) below, which serves lookups by municipality too.
    municipality = models.ForeignKey("trees.Municipality", on_delete=models.PROTECT, related_name="trees",
                                     db_index=False)
    location = models.PointField(_("location"), srid=4326)
    species = models.ForeignKey("trees.Species", verbose_name=_("species"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="trees")
    status = models.CharField(_("status"), max_length=16, choices=TreeStatus.choices, default=TreeStatus.ALIVE)
    planted_year = models.PositiveSmallIntegerField(_("planted year"), null=True, blank=True)
    trunk_diameter_cm = models.FloatField(_("trunk diameter at breast height (cm)"), null=True, blank=True)
    height_m = models.FloatField(_("height (m)"), null=True, blank=True)
    crown_diameter_m = models.FloatField(_("crown diameter (m)"), null=True, blank=True)
    address = models.CharField(_("address or landmark"), max_length=300, blank=True)
    green_area = models.ForeignKey("trees.GreenArea", verbose_name=_("green area"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="trees")
    # Derived spatially from `location` by the services.
    district = models.ForeignKey("trees.AdministrativeArea", verbose_name=_("district"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="district_trees", editable=False)
    council_area = models.ForeignKey("trees.AdministrativeArea", verbose_name=_("city council area"), null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="council_trees", editable=False)
    # Ids the tree has in surveys, e.g. {"kobo_uuid": "...", "survey_2024": "A-17"}.
    external_ids = models.JSONField(_("external ids"), default=dict, blank=True)
    # Derived from the newest condition record, in the same transaction.
    current_condition = models.CharField(_("current condition"), max_length=16, choices=ConditionClass.choices,
                                         null=True, blank=True, editable=False)
    current_condition_at = models.DateTimeField(_("condition observed at"), null=True, blank=True, editable=False)

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", editable=False)
    created_via = models.CharField(max_length=16, choices=Channel.choices, editable=False)
    created_via_ref = models.BigIntegerField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", editable=False)
    updated_via = models.CharField(max_length=16, choices=Channel.choices, editable=False)
    updated_via_ref = models.BigIntegerField(null=True, blank=True, editable=False)
    # Optimistic locking: every change increments it; a writer that read an
    # older version is refused instead of silently overwriting.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("tree")
        verbose_name_plural = _("trees")
        indexes = [
            models.Index(fields=["municipality", "status"]),
            models.Index(fields=["current_condition"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(trunk_diameter_cm__gt=0, trunk_diameter_cm__lte=1000)
                                   | Q(trunk_diameter_cm__isnull=True), name="tree_trunk_diameter_plausible"),
            models.CheckConstraint(condition=Q(height_m__gt=0, height_m__lte=120) | Q(height_m__isnull=True),
                                   name="tree_height_plausible"),
            models.CheckConstraint(condition=Q(crown_diameter_m__gt=0, crown_diameter_m__lte=80)
                                   | Q(crown_diameter_m__isnull=True), name="tree_crown_diameter_plausible"),
            models.CheckConstraint(condition=Q(planted_year__gte=1700, planted_year__lte=2200)
                                   | Q(planted_year__isnull=True), name="tree_planted_year_plausible"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.species or _('unknown species')}"


class TreeChange(Attributed):
    """Append-only log of attribute changes: `changes` maps each changed field
    to [old, new]. Lets an import batch be undone and answers 'who moved this
    tree'."""

    # Indexed by the unique (tree, version) below.
    tree = models.ForeignKey(Tree, on_delete=models.PROTECT, related_name="changes", db_index=False)
    version = models.PositiveIntegerField(_("version after the change"))
    changes = models.JSONField(_("changes"))

    class Meta:
        verbose_name = _("tree change")
        verbose_name_plural = _("tree changes")
        ordering = ["tree", "version"]
        constraints = [models.UniqueConstraint(fields=["tree", "version"], name="tree_change_version_unique")]
