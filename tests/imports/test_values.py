import datetime

import pytest

from imports import values


@pytest.mark.parametrize("written, expected", [("12", 12.0), ("12.5", 12.5), ("12,5", 12.5), (" 1 200,5 ", 1200.5),
                                               ("-3.25", -3.25), (7, 7.0), (2.5, 2.5), ("1e2", 100.0)])
def test_numbers_are_read_with_a_decimal_comma_or_point(written, expected):
    assert values.number(written) == expected


@pytest.mark.parametrize("written", ["abc", "12 см", "", "1.2.3", "nan", "inf", True])
def test_what_is_not_a_number_is_refused(written):
    with pytest.raises(values.BadValue):
        values.number(written)


@pytest.mark.parametrize("written, expected", [
    ("2024-05-17", datetime.datetime(2024, 5, 17)),
    ("17.05.2024", datetime.datetime(2024, 5, 17)),
    ("17/05/2024", datetime.datetime(2024, 5, 17)),
    ("17.05.2024 10:30", datetime.datetime(2024, 5, 17, 10, 30)),
    ("2024-05-17T04:22:33", datetime.datetime(2024, 5, 17, 4, 22, 33)),
])
def test_dates_in_iso_and_russian_order_are_read_in_bishkek_time(written, expected, settings):
    moment = values.moment(written)

    assert moment.replace(tzinfo=None) == expected
    assert str(moment.tzinfo) == settings.TIME_ZONE


def test_a_date_with_an_offset_keeps_it():
    moment = values.moment("2024-05-17T10:22:33.000+06:00")

    assert moment.utcoffset() == datetime.timedelta(hours=6)


@pytest.mark.parametrize("written, reason", [("31.02.2024", "not a date"), ("2099-01-01", "in the future"),
                                             ("1850-01-01", "before 1900"), ("вчера", "not a date")])
def test_impossible_dates_are_refused_with_the_reason(written, reason):
    with pytest.raises(values.BadValue, match=reason):
        values.moment(written)


@pytest.mark.parametrize("written", ["42.87 74.6 812.4 4.5", "[42.87, 74.6]", "42.87, 74.6", "POINT (74.6 42.87)"])
def test_geopoints_of_odk_kobo_and_wkt_give_latitude_then_longitude(written):
    assert values.geopoint(written) == (42.87, 74.6)


@pytest.mark.parametrize("cell", ["=cmd|' /C calc'!A0", "@SUM(A1)", "+HYPERLINK(\"x\")", "-2+3+cmd|' /C calc'!A0"])
def test_formula_like_cells_are_recognised(cell):
    assert values.looks_like_formula(cell)


@pytest.mark.parametrize("cell", ["-5", "- сухие ветки", "ул. Киевская, 12", "+7"])
def test_ordinary_text_and_negative_numbers_are_not_formulas(cell):
    assert not values.looks_like_formula(cell)
