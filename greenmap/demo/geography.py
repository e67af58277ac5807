"""Generated demo geography for Bishkek. The outlines are rough, hand-drawn
approximations (real boundaries come from the city's cadastre), good enough
to exercise every spatial query; the demo marks them as generated."""
from shapely.geometry import Point, Polygon, box
from shapely.geometry import MultiPolygon as ShapelyMultiPolygon

CITY = {
    "code": "bishkek", "name_ru": "Бишкек (демо)", "name_ky": "Бишкек (демо)", "name_en": "Bishkek (demo)",
    "outline": [(74.470, 42.840), (74.500, 42.810), (74.560, 42.800), (74.640, 42.805), (74.700, 42.820),
                (74.715, 42.860), (74.705, 42.905), (74.660, 42.925), (74.580, 42.930), (74.510, 42.915),
                (74.475, 42.885), (74.470, 42.840)],
}

# The four districts split the city at roughly Chui Avenue and Sovetskaya Street.
CENTRE = (74.600, 42.870)
DISTRICTS = [
    ("leninsky", "Ленинский район", "Ленин району", "Leninsky District", "sw"),
    ("pervomaisky", "Первомайский район", "Биринчи Май району", "Pervomaisky District", "nw"),
    ("sverdlovsky", "Свердловский район", "Свердлов району", "Sverdlovsky District", "ne"),
    ("oktyabrsky", "Октябрьский район", "Октябрь району", "Oktyabrsky District", "se"),
]

# name_ru, name_ky, name_en, kind, centre lon/lat, half-size in degrees lon/lat
GREEN_AREAS = [
    ("Площадь Ала-Тоо", "Ала-Тоо аянты", "Ala-Too Square", "square", (74.6036, 42.8764), (0.0020, 0.0010)),
    ("Дубовый парк", "Эмен паркы", "Oak Park", "park", (74.6085, 42.8778), (0.0020, 0.0012)),
    ("Парк им. Панфилова", "Панфилов атындагы парк", "Panfilov Park", "park", (74.5995, 42.8805), (0.0022, 0.0013)),
    ("Бульвар Эркиндик", "Эркиндик бульвары", "Erkindik Boulevard", "boulevard", (74.6075, 42.8665), (0.0005, 0.0075)),
    ("Бульвар Молодой Гвардии", "Жаш Гвардия бульвары", "Molodaya Gvardiya Boulevard", "boulevard", (74.5770, 42.8700), (0.0006, 0.0150)),
    ("Парк Ататюрк", "Ататүрк паркы", "Ataturk Park", "park", (74.5935, 42.8395), (0.0030, 0.0022)),
    ("Парк Победы им. Д. Асанова", "Д. Асанов атындагы Жеңиш паркы", "Victory Park", "park", (74.6150, 42.8440), (0.0025, 0.0015)),
    ("Ботанический сад им. Гареева", "Гареев атындагы ботаника багы", "Gareev Botanical Garden", "garden", (74.6420, 42.8500), (0.0060, 0.0040)),
    ("Карагачевая роща", "Кара жыгач токою", "Karagach Grove", "forest_park", (74.6280, 42.9000), (0.0050, 0.0030)),
    ("Парк Дружбы", "Достук паркы", "Friendship Park", "park", (74.6380, 42.8660), (0.0025, 0.0015)),
    ("Парк им. Фучика", "Фучик атындагы парк", "Fucik Park", "park", (74.6230, 42.8860), (0.0018, 0.0012)),
    ("Сквер у филармонии", "Филармониянын жанындагы сквер", "Philharmonic Square", "square", (74.5925, 42.8745), (0.0015, 0.0008)),
    ("Парк Молодёжный", "Жаштар паркы", "Youth Park", "park", (74.5690, 42.8550), (0.0020, 0.0015)),
    ("Южный лесопарк", "Түштүк токой паркы", "Southern Forest Park", "forest_park", (74.6000, 42.8150), (0.0080, 0.0030)),
    ("Северный лесопарк", "Түндүк токой паркы", "Northern Forest Park", "forest_park", (74.5500, 42.9050), (0.0070, 0.0030)),
    ("Сквер Тоголок Молдо", "Тоголок Молдо скверы", "Togolok Moldo Square", "square", (74.6160, 42.8730), (0.0012, 0.0008)),
    ("Парк Восток-5", "Восток-5 паркы", "Vostok-5 Park", "park", (74.6600, 42.8480), (0.0020, 0.0015)),
    ("Парк Джал", "Жал паркы", "Dzhal Park", "park", (74.5600, 42.8250), (0.0025, 0.0018)),
    ("Сквер Ахунбаева", "Ахунбаев скверы", "Akhunbaev Square", "square", (74.6050, 42.8400), (0.0012, 0.0008)),
    ("Бульвар Жибек Жолу", "Жибек Жолу бульвары", "Zhibek Zholu Boulevard", "boulevard", (74.6000, 42.8895), (0.0200, 0.0004)),
    ("Парк Асанбай", "Асанбай паркы", "Asanbai Park", "park", (74.6380, 42.8290), (0.0022, 0.0015)),
    ("Сквер Ошский", "Ош скверы", "Osh Bazaar Square", "square", (74.5750, 42.8750), (0.0010, 0.0007)),
    ("Парк Адинай", "Адинай паркы", "Adinai Park", "park", (74.5300, 42.8600), (0.0020, 0.0015)),
    ("Сквер Токтогула", "Токтогул скверы", "Toktogul Square", "square", (74.5950, 42.8680), (0.0010, 0.0006)),
    ("Парк Келечек", "Келечек паркы", "Kelechek Park", "park", (74.6700, 42.8850), (0.0022, 0.0015)),
    ("Озеленение пр. Чуй", "Чүй пр. жашылдандыруу", "Chui Avenue Greenery", "street_greenery", (74.6000, 42.8760), (0.0300, 0.0002)),
    ("Озеленение пр. Манаса", "Манас пр. жашылдандыруу", "Manas Avenue Greenery", "street_greenery", (74.5870, 42.8600), (0.0002, 0.0180)),
    ("Сад Лебединовка", "Лебединовка багы", "Lebedinovka Garden", "garden", (74.6950, 42.8850), (0.0020, 0.0015)),
    ("Сквер Байтик Баатыра", "Байтик Баатыр скверы", "Baitik Baatyr Square", "square", (74.6130, 42.8550), (0.0010, 0.0007)),
    ("Парк Кок-Жар", "Көк-Жар паркы", "Kok-Zhar Park", "park", (74.6250, 42.8200), (0.0025, 0.0015)),
]


def city_outline() -> Polygon:
    return Polygon(CITY["outline"])


def district_shapes() -> dict[str, Polygon]:
    x0, y0 = CENTRE
    quadrants = {"sw": box(74.0, 42.0, x0, y0), "nw": box(74.0, y0, x0, 43.5),
                 "ne": box(x0, y0, 75.5, 43.5), "se": box(x0, 42.0, 75.5, y0)}
    city = city_outline()
    return {code: city.intersection(quadrants[q]) for code, *_, q in DISTRICTS}


def council_area_shapes(district: Polygon, cells: int = 3) -> list[Polygon]:
    """The district cut into a grid of council areas (empty cells dropped)."""
    minx, miny, maxx, maxy = district.bounds
    dx, dy = (maxx - minx) / cells, (maxy - miny) / cells
    pieces = [district.intersection(box(minx + i * dx, miny + j * dy, minx + (i + 1) * dx, miny + (j + 1) * dy))
              for j in range(cells) for i in range(cells)]
    return [p for p in pieces if p.area > 1e-7 and p.geom_type == "Polygon"]


def green_area_shape(kind: str, centre, half) -> Polygon:
    (x, y), (hx, hy) = centre, half
    if kind in {"park", "garden", "forest_park"}:
        # Parks as rounded shapes so the map does not look like a chessboard.
        return _ellipse(x, y, hx, hy)
    return box(x - hx, y - hy, x + hx, y + hy)


def _ellipse(x, y, hx, hy) -> Polygon:
    circle = Point(0, 0).buffer(1, quad_segs=8)
    return Polygon([(x + px * hx, y + py * hy) for px, py in circle.exterior.coords])


def as_multi(shape) -> ShapelyMultiPolygon:
    return shape if shape.geom_type == "MultiPolygon" else ShapelyMultiPolygon([shape])
