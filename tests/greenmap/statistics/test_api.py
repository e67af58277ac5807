"""The statistics JSON API, as a journalist's script or the city's
dashboard would read it."""
import pytest


def test_report_figures_per_district_for_the_default_period(client, district_city):
    document = client.get("/statistics/reports.json").json()

    assert (document["municipality"], document["level"]) == ("testgrad", "district")
    east, west = document["areas"]
    assert (west["code"], west["received"], west["open"], west["resolved"]) == ("west", 2, 1, 1)
    assert west["hours_to_confirm"] == {"median": 2.0, "p90": 2.0}
    assert west["hours_to_resolve"] == {"median": 72.0, "p90": 72.0}
    assert (east["received"], east["open"], east["hours_to_confirm"]["median"]) == (1, 1, 5.0)
    assert east["hours_to_resolve"] == {"median": None, "p90": None}
    assert (document["total"]["received"], document["total"]["code"]) == (3, None)
    assert sum(week["received"] for week in document["weeks"]) == 3


def test_a_period_before_the_reports_counts_nothing(client, district_city):
    document = client.get("/statistics/reports.json", {"from": "2020-01-01", "until": "2020-12-31"}).json()

    assert [a["received"] for a in document["areas"]] == [0, 0]
    assert (document["from"], document["until"]) == ("2020-01-01", "2020-12-31")


def test_trees_by_condition(client, district_city):
    document = client.get("/statistics/trees.json", {"municipality": "testgrad"}).json()

    assert [(a["code"], a["by_condition"], a["standing_trees"]) for a in document["areas"]] == [
        ("east", {"dead": 1}, 1), ("west", {"good": 2}, 2)]
    assert document["total"]["standing_trees"] == 3


def test_names_follow_the_visitors_language(client, district_city):
    kyrgyz = client.get("/statistics/reports.json", HTTP_ACCEPT_LANGUAGE="ky").json()

    assert [a["name"] for a in kyrgyz["areas"]] == ["east", "Батыш"]


@pytest.mark.parametrize("params, status, name, message", [
    ({"from": "last monday"}, 400, "from", "is not a date"),
    ({"until": "2024-02-30"}, 400, "until", "is not a date"),
    ({"from": "2024-05-02", "until": "2024-05-01"}, 400, "from", "starts after it ends"),
    ({"from": "1000-01-01"}, 400, "from", "outside the years"),
    ({"from": "2000-01-01", "until": "2024-01-01"}, 400, "from", "longer than"),
    ({"level": "street"}, 400, "level", "is not a level"),
    ({"municipality": "atlantis"}, 404, "municipality", "no municipality 'atlantis'"),
    ({"municipality": "test\x00grad"}, 400, "municipality", "contains a NUL character"),
])
def test_bad_parameters_are_named_in_the_answer(client, district_city, params, status, name, message):
    for url in ("/statistics/reports.json", "/statistics/trees.json"):
        response = client.get(url, params)

        assert response.status_code == status
        [error] = response.json()["errors"][name]
        assert message in error


def test_figures_are_public_data(client, district_city):
    response = client.get("/statistics/reports.json")

    assert response["Access-Control-Allow-Origin"] == "*"
    assert client.post("/statistics/reports.json").status_code == 405
