"""Generated demo inventory, written by set-based SQL so that a million trees
load in minutes. Every row is marked as generated (channel `demo`); the
random generator is seeded, so the same arguments give the same city."""
from django.db import connection

# Species id weights roughly as in Bishkek's street surveys: elms, poplars,
# box elder and ash dominate.
SPECIES_WEIGHTS = {
    "Ulmus pumila": 22, "Populus nigra 'Italica'": 8, "Populus alba": 5, "Acer negundo": 10, "Fraxinus pennsylvanica": 9,
    "Fraxinus excelsior": 3, "Betula pendula": 4, "Picea schrenkiana": 3, "Picea pungens": 3, "Pinus sylvestris": 2,
    "Juniperus virginiana": 2, "Quercus robur": 3, "Aesculus hippocastanum": 3, "Tilia cordata": 2,
    "Salix alba": 3, "Salix babylonica": 2, "Juglans regia": 3, "Prunus armeniaca": 3, "Malus domestica": 2,
    "Robinia pseudoacacia": 4, "Styphnolobium japonicum": 2, "Catalpa bignonioides": 2, "Thuja occidentalis": 3,
    "Platanus orientalis": 1, "Morus alba": 2, "Acer platanoides": 2, "Ulmus minor": 2, "Gleditsia triacanthos": 1,
}
STREETS = ["пр. Чуй", "ул. Киевская", "ул. Московская", "пр. Манаса", "ул. Токтогула", "пр. Жибек Жолу",
           "ул. Ибраимова", "ул. Абдрахманова", "ул. Боконбаева", "пр. Эркиндик", "ул. Исанова", "пр. Мира",
           "ул. Ахунбаева", "ул. Байтик Баатыра", "ул. Тыныстанова", "ул. Шопокова", "ул. Турусбекова",
           "пр. Молодой Гвардии", "ул. Фучика", "ул. Горького", "ул. Ауэзова", "ул. Льва Толстого"]
DEFECTS = ["trunk_damage", "cavity", "lean", "dieback", "pests", "disease", "broken_branches", "bark_damage"]
WORK = ["whitewashing"] * 4 + ["sanitary_pruning"] * 3 + ["watering"] * 3 + ["crown_reduction", "pest_treatment",
                                                                            "mulching"]
CREWS = ["Бригада №1 Бишкекзеленхоз", "Бригада №2 Бишкекзеленхоз", "Бригада №3 Бишкекзеленхоз", "Волонтёры ArCha"]
CONTRACTORS = ["", "", "", "ОсОО «Жашыл Шаар» (демо)", "ОсОО «Арча Сервис» (демо)"]
REPORT_CATEGORIES = ["damaged"] * 3 + ["sick"] * 2 + ["dangerous"] * 2 + ["felled"] * 2 + ["dead", "other"]
REPORT_STATUSES = ["received"] * 3 + ["confirmed"] * 2 + ["assigned", "in_progress"] + ["resolved"] * 5 + [
    "rejected", "unable_to_fix"]


def _weighted_species_ids() -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT scientific_name, id FROM trees_species")
        ids = dict(cursor.fetchall())
    return [ids[name] for name, weight in SPECIES_WEIGHTS.items() if name in ids for _ in range(weight)]


def _pick(array_param: str) -> str:
    """SQL picking a random element of an array parameter."""
    return f"(%({array_param})s)[1 + floor(random() * cardinality(%({array_param})s))::int]"


def _execute(sql: str, params: dict) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def generate_points(*, municipality_id: int, trees: int, seed: float, progress) -> None:
    """Fill temp table demo_points: 30% in green areas, the rest along a street grid."""
    params = {"m": municipality_id, "n": trees, "seed": seed, "street_n": trees - int(trees * 0.3)}
    _execute("SELECT setseed(%(seed)s)", params)
    _execute("DROP TABLE IF EXISTS demo_points", params)
    _execute("CREATE TEMP TABLE demo_points (geom geometry(Point, 4326), green_area_id bigint) ON COMMIT DROP", params)
    _execute("""
        INSERT INTO demo_points (geom, green_area_id)
        SELECT (ST_Dump(ST_GeneratePoints(g.boundary, greatest(1, round(%(n)s * 0.3 * g.area_m2 / t.total))::int,
                                          (g.id * 7919)::int))).geom, g.id
        FROM trees_greenarea g,
             (SELECT sum(area_m2) AS total FROM trees_greenarea WHERE municipality_id = %(m)s) t
        WHERE g.municipality_id = %(m)s
    """, params)
    progress("points in green areas")
    # Street trees stand in rows a few metres either side of a grid of streets.
    _execute("""
        INSERT INTO demo_points (geom)
        SELECT p.geom FROM (
            SELECT ST_SetSRID(ST_MakePoint(
                CASE WHEN r1 < 0.5 THEN b.xmin + r2 * (b.xmax - b.xmin)
                     ELSE b.xmin + floor(r2 * 48) * 0.0052 + side * 0.00012 END,
                CASE WHEN r1 < 0.5 THEN b.ymin + floor(r3 * 34) * 0.0038 + side * 0.00009
                     ELSE b.ymin + r3 * (b.ymax - b.ymin) END), 4326) AS geom
            FROM (SELECT random() r1, random() r2, random() r3, sign(random() - 0.5) side
                  FROM generate_series(1, (%(street_n)s * 1.7)::int)) r,
                 (SELECT ST_XMin(boundary) xmin, ST_XMax(boundary) xmax, ST_YMin(boundary) ymin,
                         ST_YMax(boundary) ymax FROM trees_municipality WHERE id = %(m)s) b
        ) p, trees_municipality m
        WHERE m.id = %(m)s AND ST_Intersects(m.boundary, p.geom)
        LIMIT %(street_n)s
    """, params)
    _execute("""
        UPDATE demo_points p SET green_area_id = g.id FROM trees_greenarea g
        WHERE p.green_area_id IS NULL AND g.municipality_id = %(m)s AND ST_Intersects(g.boundary, p.geom)
    """, params)
    progress("points along streets")


def insert_trees(*, municipality_id: int, progress) -> int:
    params = {"m": municipality_id, "species": _weighted_species_ids(), "streets": STREETS}
    count = _execute(f"""
        INSERT INTO trees_tree (municipality_id, location, species_id, status, planted_year, trunk_diameter_cm,
            height_m, crown_diameter_m, address, green_area_id, district_id, council_area_id, external_ids,
            current_condition, current_condition_at, created_at, created_via, updated_at, updated_via, version)
        SELECT %(m)s, t.geom, CASE WHEN t.status = 'planting_site' THEN NULL ELSE s.id END, t.status,
            CASE WHEN t.status IN ('alive', 'dead') THEN t.year END,
            CASE WHEN t.status IN ('alive', 'dead', 'stump')
                 THEN round(least(s.max_trunk_diameter_cm * 0.8, 3 + t.age * (0.5 + t.r * 0.6))::numeric, 0) END,
            CASE WHEN t.status IN ('alive', 'dead')
                 THEN round(least(s.max_height_m * 0.85, 1.5 + t.age * (0.25 + t.r * 0.2))::numeric, 1) END,
            CASE WHEN t.status IN ('alive', 'dead')
                 THEN round(least(20, 0.8 + t.age * (0.12 + t.r * 0.1))::numeric, 1) END,
            CASE WHEN t.green_area_id IS NULL THEN {_pick('streets')} || ', ' || (1 + floor(random() * 180))::int
                 ELSE '' END,
            t.green_area_id,
            (SELECT a.id FROM trees_administrativearea a WHERE a.municipality_id = %(m)s AND a.level = 'district'
               AND ST_Intersects(a.boundary, t.geom) ORDER BY a.id LIMIT 1),
            (SELECT a.id FROM trees_administrativearea a WHERE a.municipality_id = %(m)s AND a.level = 'council_area'
               AND ST_Intersects(a.boundary, t.geom) ORDER BY a.id LIMIT 1),
            '{{}}'::jsonb,
            CASE WHEN t.status IN ('alive', 'dead') THEN t.condition END,
            CASE WHEN t.status IN ('alive', 'dead') THEN now() - (random() * 1400 || ' days')::interval END,
            now(), 'demo', now(), 'demo', 1
        FROM (
            SELECT p.geom, p.green_area_id, q.status, q.condition, q.r, q.year, 2026 - q.year AS age, q.species_id
            FROM demo_points p,
            LATERAL (SELECT r, year, species_id,
                CASE WHEN u < 0.010 THEN 'planting_site' WHEN u < 0.030 THEN 'removed' WHEN u < 0.040 THEN 'stump'
                     WHEN c >= 0.96 THEN 'dead' ELSE 'alive' END AS status,
                CASE WHEN c < 0.45 THEN 'good' WHEN c < 0.75 THEN 'fair' WHEN c < 0.89 THEN 'poor'
                     WHEN c < 0.96 THEN 'critical' ELSE 'dead' END AS condition
                FROM (SELECT random() u, random() c, random() r, (1950 + floor(random() * 75))::int AS year,
                             {_pick('species')} AS species_id, p.geom AS depends_on_row) x) q
        ) t JOIN trees_species s ON s.id = t.species_id
    """, params)
    progress("trees")
    return count


def insert_condition_history(*, municipality_id: int, progress) -> int:
    params = {"m": municipality_id, "defects": DEFECTS,
              "conditions": ["good", "good", "good", "fair", "fair", "poor"]}
    # The newest record matches the tree's current condition; half of the
    # trees also have an older observation from an earlier survey.
    count = _execute(f"""
        INSERT INTO trees_conditionrecord (municipality_id, tree_id, observed_at, condition, defects, notes, source,
            retracts, recorded_at, channel)
        SELECT municipality_id, id, current_condition_at, current_condition,
               CASE WHEN current_condition IN ('poor', 'critical') THEN ARRAY[{_pick('defects')}]::varchar[]
                    ELSE '{{}}'::varchar[] END,
               '', 'inspection', false, now(), 'demo'
        FROM trees_tree WHERE municipality_id = %(m)s AND current_condition IS NOT NULL
        UNION ALL
        SELECT municipality_id, id, current_condition_at - ((400 + random() * 1500) || ' days')::interval,
               {_pick('conditions')}, '{{}}'::varchar[], '', 'survey_import', false, now(), 'demo'
        FROM trees_tree WHERE municipality_id = %(m)s AND current_condition IS NOT NULL AND random() < 0.5
    """, params)
    progress("condition records")
    return count


def insert_maintenance_log(*, municipality_id: int, progress) -> int:
    params = {"m": municipality_id, "work": WORK, "crews": CREWS, "contractors": CONTRACTORS}
    count = _execute(f"""
        INSERT INTO trees_maintenanceevent (municipality_id, tree_id, kind, performed_at, performed_by, contractor,
            notes, retracts, recorded_at, channel)
        SELECT municipality_id, id, {_pick('work')}, now() - ((5 + random() * 2000) || ' days')::interval,
               {_pick('crews')}, {_pick('contractors')}, '', false, now(), 'demo'
        FROM trees_tree WHERE municipality_id = %(m)s AND status = 'alive' AND random() < 0.6
        UNION ALL
        SELECT municipality_id, id, 'felling', now() - ((30 + random() * 900) || ' days')::interval,
               {_pick('crews')}, '', 'Аварийное дерево (демо)', false, now(), 'demo'
        FROM trees_tree WHERE municipality_id = %(m)s AND status IN ('removed', 'stump')
        UNION ALL
        SELECT municipality_id, id, 'planting', make_timestamptz(planted_year, 4, 15, 10, 0, 0),
               {_pick('crews')}, {_pick('contractors')}, '', false, now(), 'demo'
        FROM trees_tree WHERE municipality_id = %(m)s AND status = 'alive' AND planted_year >= 2016
    """, params)
    progress("maintenance events")
    return count


def insert_reports(*, municipality_id: int, reports: int, progress) -> int:
    params = {"m": municipality_id, "n": reports, "categories": REPORT_CATEGORIES, "statuses": REPORT_STATUSES}
    count = _execute(f"""
        INSERT INTO trees_citizenreport (municipality_id, location, tree_id, category, description, contact, status,
            tracking_code, district_id, council_area_id, channel, received_at, acknowledged_at, resolved_at)
        SELECT %(m)s, r.location, r.tree_id, r.category, 'Сгенерированное демо-обращение', '', r.status,
               'GB' || upper(substr(md5(r.n::text || random()::text), 1, 8)),
               r.district_id, r.council_area_id, 'web', r.received_at,
               CASE WHEN r.status <> 'received' THEN r.received_at + (2 + random() * 70 || ' hours')::interval END,
               CASE WHEN r.status IN ('resolved', 'unable_to_fix', 'rejected')
                    THEN r.received_at + (24 + random() * 600 || ' hours')::interval END
        FROM (
            SELECT g.n, t.id AS tree_id, ST_Translate(t.location, (random() - 0.5) * 0.00004,
                   (random() - 0.5) * 0.00004) AS location, t.district_id, t.council_area_id,
                   {_pick('categories')} AS category, {_pick('statuses')} AS status,
                   now() - (random() * 365 || ' days')::interval AS received_at
            FROM (SELECT n, b.low + floor(random() * (b.high - b.low))::bigint AS target
                  FROM generate_series(1, %(n)s) n,
                       (SELECT min(id) AS low, max(id) AS high FROM trees_tree WHERE municipality_id = %(m)s) b) g
            -- A random existing tree, found through the primary key index.
            CROSS JOIN LATERAL (SELECT id, location, district_id, council_area_id FROM trees_tree
                                WHERE municipality_id = %(m)s AND status <> 'planting_site' AND id >= g.target
                                ORDER BY id LIMIT 1) t
        ) r
    """, params)
    _insert_report_history(municipality_id)
    progress("citizen reports")
    return count


def _insert_report_history(municipality_id: int) -> None:
    """Status events for the demo reports, so their tracking pages tell what
    happened: received, then (when it moved on) the status it reached."""
    _execute("""
        INSERT INTO trees_reportstatusevent (municipality_id, report_id, previous_status, status, reason, comment,
            recorded_at, channel)
        SELECT municipality_id, id, '', 'received', '', '', received_at, 'demo'
        FROM trees_citizenreport WHERE municipality_id = %(m)s
        UNION ALL
        SELECT municipality_id, id, 'received', status,
               CASE WHEN status = 'rejected' THEN 'not_responsible' ELSE '' END,
               CASE status WHEN 'resolved' THEN 'Работы выполнены (демо)'
                           WHEN 'unable_to_fix' THEN 'Дерево на частной территории (демо)'
                           WHEN 'rejected' THEN 'Не в ведении мэрии (демо)' ELSE '' END,
               coalesce(resolved_at, acknowledged_at), 'demo'
        FROM trees_citizenreport WHERE municipality_id = %(m)s AND status <> 'received'
    """, {"m": municipality_id})
