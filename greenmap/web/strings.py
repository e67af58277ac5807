"""Interface text the map's JavaScript shows, translated on the server so
that one message catalogue serves templates and script alike."""
from django.utils.translation import gettext as _


def map_strings() -> dict:
    return {
        "species": _("Species"), "status": _("Status"), "condition": _("Condition"),
        "planted": _("Planted"), "trunk": _("Trunk diameter"), "height": _("Height"), "crown": _("Crown diameter"),
        "address": _("Address"), "area": _("Green area"), "district": _("District"),
        "history": _("Condition history"), "work": _("Maintenance"), "noHistory": _("No records yet."),
        "noWork": _("No work logged yet."), "reportThis": _("Report a problem with this tree"),
        "recordCondition": _("Record condition"), "logWork": _("Log work"), "nearbyReports": _("Open reports nearby"),
        "noNearbyReports": _("No open reports nearby."), "cm": _("cm"), "m": _("m"), "unknown": _("unknown"),
        "trees": _("trees"), "pickPoint": _("Tap the map where the problem is."),
        "pickPlanting": _("Tap the map where the new tree stands."), "sending": _("Sending…"),
        "sent": _("Thank you! Your report was received."), "trackingCode": _("Tracking code"),
        "follow": _("Follow your report"), "error": _("Something went wrong. Please try again."),
        "saved": _("Saved."), "notFound": _("Nothing found."), "locateFailed": _("Your location is not available."),
        "treeNumber": _("Tree"), "loading": _("Loading…"), "close": _("Close"), "report": _("Report"),
        "photos": _("Photos"), "by": _("by"), "contractor": _("contractor"), "defects": _("defects"),
    }
