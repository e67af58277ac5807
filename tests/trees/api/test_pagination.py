"""Pages a client can follow to the end, with a hard cap on their size."""
from tests.factories import make_tree, west_point


def test_following_next_links_visits_every_tree_once(city, by, anonymous):
    planted = [make_tree(west_point(dx=n * 0.0001), by=by).pk for n in range(7)]

    seen, url, pages = [], "/api/v1/trees/?page_size=3", 0
    while url:
        body = anonymous.get(url).json()
        assert body["numberMatched"] == 7 and body["numberReturned"] == len(body["features"])
        seen += [feature["id"] for feature in body["features"]]
        url = next((link["href"] for link in body["links"] if link["rel"] == "next"), None)
        pages += 1

    assert seen == planted and pages == 3


def test_pages_link_back_to_the_previous_one(city, by, anonymous):
    for n in range(4):
        make_tree(west_point(dx=n * 0.0001), by=by)

    links = {link["rel"]: link["href"] for link in anonymous.get("/api/v1/trees/?page_size=2&page=2").json()["links"]}

    assert "next" not in links
    assert links["prev"] == "http://testserver/api/v1/trees/?page_size=2"


def test_a_page_past_the_end_is_empty_but_still_counts_the_matches(city, by, anonymous):
    make_tree(by=by)

    body = anonymous.get("/api/v1/trees/?page=5").json()

    assert body["features"] == [] and body["numberMatched"] == 1 and body["numberReturned"] == 0


def test_page_size_past_the_cap_is_refused_not_trimmed(city, anonymous, settings):
    settings.GREENMAP = {**settings.GREENMAP, "API_MAX_PAGE_SIZE": 50}

    response = anonymous.get("/api/v1/trees/?page_size=51")

    assert response.status_code == 400
    assert response.json() == {"page_size": ["51 is more than the maximum of 50"]}
