from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from trees.models.naming import name_in


class Species(models.Model):
    scientific_name = models.CharField(_("scientific name"), max_length=200, unique=True)
    genus = models.CharField(_("genus"), max_length=100)
    family = models.CharField(_("family"), max_length=100)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_ky = models.CharField(_("name (Kyrgyz)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    synonyms = ArrayField(models.CharField(max_length=200), default=list, blank=True,
                          help_text=_("Other scientific or local names that surveys use"))
    native_to_kyrgyzstan = models.BooleanField(_("native to Kyrgyzstan"), default=False)
    # Upper bounds of plausible size, used to flag survey typos.
    max_height_m = models.FloatField(_("largest plausible height (m)"), default=40)
    max_trunk_diameter_cm = models.FloatField(_("largest plausible trunk diameter (cm)"), default=250)

    class Meta:
        verbose_name = _("species")
        verbose_name_plural = _("species")
        ordering = ["scientific_name"]

    def __str__(self):
        return self.scientific_name

    def local_name(self, language: str | None = None) -> str:
        """The common name in the given (or the active) language."""
        return name_in(self, language, fallback="name_en")
