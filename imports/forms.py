import json

from django import forms
from django.utils.translation import gettext_lazy as _

from imports import columns, crs
from imports.errors import MappingError
from imports.messages import shown
from imports.readers.limits import limit


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Survey file"),
                           help_text=_("CSV, XLSX (KoBoToolbox, ODK), GeoJSON, GeoPackage or a zipped Shapefile"))
    crs = forms.TypedChoiceField(label=_("Coordinate system"), required=False, coerce=int, empty_value=None,
                                 help_text=_("Leave empty for latitude/longitude (WGS 84) or what the file declares"))
    mapping = forms.FileField(label=_("Column mapping (JSON)"), required=False,
                              help_text=_('Optional: {"columns": {"Header in the file": "species"}}'))
    survey_date = forms.DateField(label=_("Survey date"), required=False,
                                  help_text=_("Used for rows without a date of their own"),
                                  widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["crs"].choices = [("", _("from the file / WGS 84"))] + crs.choices()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        most = limit("IMPORT_MAX_UPLOAD_BYTES")
        if upload.size > most:
            raise forms.ValidationError(_("The file is %(size)s bytes; at most %(most)s are accepted here.")
                                        % {"size": f"{upload.size:,}", "most": f"{most:,}"})
        return upload

    def clean_mapping(self):
        upload = self.cleaned_data.get("mapping")
        if not upload:
            return None
        if upload.size > columns.MAPPING_FILE_LIMIT_BYTES:
            raise forms.ValidationError(_("The mapping file is too large."))
        try:
            data = json.loads(upload.read().decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError) as error:
            raise forms.ValidationError(_("The mapping file is not valid JSON: %(error)s") % {"error": error}) from None
        try:
            return columns.parse_mapping(data, source=upload.name)
        except MappingError as error:
            raise forms.ValidationError(shown(error.message)) from None
