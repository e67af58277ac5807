"""Mapbox Vector Tiles of the inventory, built by PostGIS (`ST_AsMVT`).

What a map client uses
----------------------
``GET /tiles/<layer>/<z>/<x>/<y>.pbf``
    One tile (XYZ scheme, Web Mercator, extent 4096), ``Content-Type:
    application/vnd.mapbox-vector-tile``. The MVT layer inside is named like
    the URL's layer. An empty tile is ``200`` with an empty body.
``GET /tiles/<layer>.json``
    The layer's TileJSON 3.0.0: tile URL template (carrying the same
    filters), zooms, bounds, attributes.

Layers and their attributes
    ``trees``   zoom 15 and closer: one point per tree with ``id`` (also the
                feature id), ``species_id``, ``species`` (scientific name;
                both absent when none is recorded), ``status``, ``condition``
                (``unknown`` when none is recorded). Zoom 14 and below: one
                point per cell (8 x 8 cells a tile, at its trees' centroid)
                with ``count`` and a count per condition: ``good``, ``fair``,
                ``poor``, ``critical``, ``dead``, ``unknown``. A street-zoom
                tile with more than TILE_MAX_TREES trees carries cells too.
                Withdrawn trees never appear.
    ``areas``   green areas (outlines simplified for the zoom) with ``id``,
                ``name_ru``, ``name_ky``, ``name_en``, ``kind``.
    ``reports`` open citizen reports with ``id``, ``category``, ``status``,
                ``tracking_code``; nothing personal.

Filters (``trees`` only), each a comma-separated list, combined with AND:
    ``species`` species ids, ``condition`` (good, fair, poor, critical,
    dead, unknown), ``status`` (alive, dead, removed, stump, planting_site).
    Without ``status`` every status but withdrawn is shown.

Caching: ``ETag`` (changes when the layer's data changes) and ``Cache-Control:
public, max-age=TILE_CACHE_SECONDS``; ``If-None-Match`` is answered ``304``.
An edit is in the very next tile request that reaches the server. See
`tiles.caching`.

Errors: ``{part: [message]}`` naming ``layer``, ``z``, ``x``, ``y``, ``path``
or the query parameter; ``400`` for what cannot be read (``z=abc``,
``condition=excellent``, an unknown parameter), ``404`` for what does not
exist (an unknown layer, a zoom beyond TILE_MAX_ZOOM, ``x``/``y`` outside
the zoom's grid).
"""
