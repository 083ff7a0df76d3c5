# Planner: one image for the web process (gunicorn) and the worker (celery).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core curl \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install --upgrade pip && pip install -e .
COPY . .
RUN DEBUG=1 python manage.py catalogs compile \
 && DEBUG=0 SECRET_KEY=build-only TASKS_IN_PROCESS=1 python manage.py collectstatic --noinput

RUN useradd --create-home planner && mkdir -p /app/var/media && chown -R planner /app/var
USER planner
EXPOSE 8000
CMD ["gunicorn", "planner.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", "--access-logfile", "-"]
