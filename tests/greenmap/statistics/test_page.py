"""The public statistics page: tables a person can read, charts a person can
look at, names shown as text whatever they contain."""
import re
from html.parser import HTMLParser

from trees.models import AdministrativeArea

XSS_NAME = '<img src=x onerror="window.__xss=1">Sverdlov</script><script>window.__xss=2</script>'


class Elements(HTMLParser):
    """Counts the elements of a page and collects its table cells' text."""

    def __init__(self):
        super().__init__()
        self.tags, self.cells, self._cell = [], [], None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("td", "th"):
            self._cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.cells.append(self._cell.strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data

    def count(self, tag, **attrs):
        return sum(1 for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items()))


def _page(client, **params):
    response = client.get("/statistics/", params, HTTP_ACCEPT_LANGUAGE="en")
    elements = Elements()
    elements.feed(response.content.decode())
    return response, elements


def test_page_shows_each_district_in_a_table_and_in_charts(client, district_city):
    response, page = _page(client)

    assert response.status_code == 200
    assert "West" in page.cells and "East" in page.cells
    west = page.cells.index("West")
    # The first table: received, open, resolved, rejected, unable, confirm median.
    assert page.cells[west + 1: west + 7] == ["2", "1", "1", "0", "0", "2 h"]
    assert page.cells[west + 8] == "3 d"  # resolved in 72 hours
    assert page.count("svg") == 4
    # The outcome chart has a resolved and an open segment for the West, with
    # readable titles on hover.
    assert re.search(r"<title>West — resolved: 1</title>", response.content.decode())
    assert page.count("rect", fill="#2e7d32") >= 2


def test_chart_coordinates_are_plain_numbers_in_any_language(client, district_city):
    response = client.get("/statistics/", HTTP_ACCEPT_LANGUAGE="ru")

    svg = re.findall(r'<rect x="([^"]+)" y="([^"]+)" width="([^"]+)"', response.content.decode())
    assert svg
    for values in svg:
        for value in values:
            float(value)  # "12,5" (a Russian decimal comma) would break the drawing


def test_trees_by_condition_table(client, district_city):
    response, page = _page(client)

    cells = page.cells
    east = len(cells) - 1 - cells[::-1].index("East")
    # good, fair, poor, critical, dead, not assessed, all
    assert cells[east + 1: east + 8] == ["0", "0", "0", "0", "1", "0", "1"]


def test_markup_in_names_is_shown_as_text(client, district_city):
    AdministrativeArea.objects.filter(code="west").update(name_en=XSS_NAME, name_ru=XSS_NAME)

    response = client.get("/statistics/", HTTP_ACCEPT_LANGUAGE="en")

    html = response.content.decode()
    assert "<img src=x" not in html and "<script>window.__xss" not in html
    assert "&lt;img src=x onerror=" in html


def test_bad_period_shows_the_form_with_the_error(client, district_city):
    response, page = _page(client, **{"from": "tomorrow"})

    assert response.status_code == 400
    assert "&#x27;tomorrow&#x27; is not a date" in response.content.decode()
    html = response.content.decode()
    assert 'name="from"' in html and 'name="until"' in html  # the period form is still there to fix
    assert page.count("svg") == 0


def test_links_to_the_data_keep_the_chosen_period(client, district_city):
    response = client.get("/statistics/", {"from": "2024-01-01", "until": "2024-03-31", "level": "district"})

    assert 'href="/statistics/reports.json?municipality=testgrad&amp;level=district&amp;from=2024-01-01&amp;' \
           'until=2024-03-31"' in response.content.decode()
