# syntax=docker/dockerfile:1
# IKZ-Portal: one image for web (gunicorn), Celery worker and beat, and the one-off
# commands (migrate, backups). Build: docker compose build; see README.md "Betrieb".

# --- static files from npm (KERN UX, htmx): self-hosted, no CDN ------------------------
FROM node:20-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts --loglevel=error

# --- the application -------------------------------------------------------------------
FROM python:3.13-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=ikz_portal.settings.production \
    XDG_CACHE_HOME=/app/var/cache \
    MEDIA_ROOT=/app/media

# Pango/HarfBuzz (with subsetting) and fonts for WeasyPrint, gettext for compilemessages,
# the PostgreSQL client for backups (scripts/backup.sh), curl-free health checks via Python.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
        fontconfig fonts-dejavu-core shared-mime-info \
        gettext postgresql-client \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 ikz \
    && useradd --system --uid 10001 --gid ikz --home-dir /app --shell /usr/sbin/nologin ikz

WORKDIR /app

# Runtime dependencies only (pyproject's [project] list), pinned by requirements.lock.
COPY pyproject.toml requirements.lock ./
# Optional extras (--build-arg EXTRA_PIP="…"); S3 media needs none: django-storages[s3]
# and boto3 are runtime dependencies.
ARG EXTRA_PIP=""
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/runtime.txt \
    && pip install -r /tmp/runtime.txt -c requirements.lock \
    && if [ -n "$EXTRA_PIP" ]; then pip install $EXTRA_PIP; fi \
    && rm /tmp/runtime.txt

COPY --from=assets /build/node_modules ./node_modules
COPY . .

# The PDF fonts as TrueType beside their WOFF2 files, so that no worker decompresses
# them (core.pdf.build_fonts; it only finds static files, the local settings do).
RUN DJANGO_SETTINGS_MODULE=ikz_portal.settings.local python manage.py build_pdf_fonts

# collectstatic (compressed manifest) and compilemessages run at build time; the
# settings need values to import, none of which end up in the image.
RUN SECRET_KEY=build-only-not-a-secret-0123456789-abcdefghijklmnopqrstuvwxyz \
    DATABASE_URL=postgres://build@localhost:5432/build REDIS_URL=redis://localhost:6379/0 \
    EMAIL_URL=smtp://localhost:25 ALLOWED_HOSTS=build SITE_URL=https://build \
    IKZ_OPERATOR_ADDRESS=build IKZ_OPERATOR_EMAIL=build@localhost \
    sh -c "python manage.py collectstatic --noinput -v0 \
        && if [ -d locale ]; then python manage.py compilemessages -v0 --ignore=node_modules; fi" \
    && fc-cache -f \
    && mkdir -p /app/media /app/var/beat /app/var/cache /app/backups \
    && chown -R ikz:ikz /app/media /app/var /app/backups

USER ikz
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status == 200 else 1)"]

CMD ["gunicorn", "ikz_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--worker-class", "gthread", "--threads", "4", "--timeout", "30", "--graceful-timeout", "30", "--max-requests", "1000", "--max-requests-jitter", "100", "--no-control-socket"]
