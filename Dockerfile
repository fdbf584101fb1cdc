# Production image: dependencies built in one stage, a slim non-root runtime in the other.
# Start: migrations forwards, then uvicorn workers. Configure with DATABASE_URL, SECRET_KEY, PUBLIC_BASE_URL.
FROM python:3.11-slim AS build
WORKDIR /src
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
COPY pyproject.toml README.md piccolo_conf.py ./
COPY app ./app
COPY solver ./solver
RUN pip install --no-cache-dir --upgrade pip && pip install --no-cache-dir .

FROM python:3.11-slim
# pg_dump and pg_restore: `ceremonia backup` and `restore` on PostgreSQL.
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 ceremonia
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY --chown=ceremonia:ceremonia . /app
# The source tree comes first on the path: templates, assets and locales are found beside app/.
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONPATH=/app \
    PYTHONUNBUFFERED=1 \
    CEREMONIA_ENV=production \
    CEREMONIA_VAR=/app/var \
    WORKERS=2
RUN mkdir -p /app/var && chown ceremonia:ceremonia /app/var
USER ceremonia
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health')"
CMD ["sh", "-c", "python -m app migrate && exec python -m app serve --host 0.0.0.0 --port 8000 --workers ${WORKERS}"]
