# Production image: the app under gunicorn, static files collected and served
# by WhiteNoise (or by a proxy from the shared volume).
FROM python:3.11-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends gdal-bin libgdal32 libgeos-c1v5 libproj25 \
        gettext nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml ./
RUN pip install --no-cache-dir -e .
COPY package*.json ./
RUN if [ -f package.json ]; then npm ci --no-audit --no-fund; fi
COPY . .
RUN DATABASE_URL=postgis://build@localhost/build python manage.py collectstatic --no-input \
    && python manage.py compilemessages -v 0
EXPOSE 8000
CMD ["sh", "-c", "python manage.py migrate --no-input && gunicorn greenmap.wsgi:application --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY:-4} --timeout 60"]
