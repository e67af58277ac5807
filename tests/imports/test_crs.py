import pytest

from imports import crs
from imports.errors import CoordinateSystemError


@pytest.mark.parametrize("written, code", [("EPSG:32643", 32643), ("epsg:4326", 4326), ("32642", 32642),
                                           (" EPSG : 28413 ", 28413)])
def test_allowed_epsg_codes_are_accepted(written, code):
    assert crs.parse_user_crs(written) == code


@pytest.mark.parametrize("written", ["+proj=longlat +nadgrids=@http://example.org/grid", "/etc/passwd",
                                     "PROJCS[\"x\"]", "EPSG:2154", "urn:ogc:def:crs:EPSG::9999"])
def test_anything_but_an_allowed_code_is_refused_before_gdal_or_pyproj_sees_it(written):
    with pytest.raises(CoordinateSystemError):
        crs.parse_user_crs(written)


@pytest.mark.parametrize("declared, code", [
    ('PROJCS["WGS_1984_UTM_Zone_43N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984"]],PROJECTION["Transverse_Mercator"]]',
     32643),
    ('PROJCS["WGS 84 / UTM zone 42N",GEOGCS["WGS 84"],AUTHORITY["EPSG","32642"]]', 32642),
    ("urn:ogc:def:crs:EPSG::32643", 32643), ("urn:ogc:def:crs:OGC:1.3:CRS84", 4326),
    ('GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]]]', 4326),
])
def test_a_files_own_declaration_is_identified_as_text(declared, code):
    assert crs.identify_declared(declared) == code


def test_a_declaration_outside_the_allow_list_is_not_identified():
    assert crs.identify_declared('PROJCS["RGF93 / Lambert-93",AUTHORITY["EPSG","2154"]]') is None


def test_utm_43n_metres_become_bishkek_degrees():
    lons, lats = crs.to_wgs84(32643, [467245.0], [4746392.0])

    assert lons[0] == pytest.approx(74.6, abs=0.01) and lats[0] == pytest.approx(42.87, abs=0.01)
