"""Serializers document the GeoJSON the API emits (built by PostGIS from
their field sources) and validate the bodies it accepts."""
