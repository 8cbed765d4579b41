# Tendarr image: `docker build -t tendarr .`, then see docker-compose.yml.

# --- build: the wheel, with the front-end packages the build hook vendors from npm ------
FROM python:3.11-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pyproject.toml build_hooks.py package.json package-lock.json README.md ./
COPY src ./src
RUN pip wheel --no-cache-dir --disable-pip-version-check --no-deps --wheel-dir /dist .

# --- runtime: the wheel and its pinned dependencies, no Node.js -------------------------
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    TENDARR_DATA_DIR=/data
COPY constraints.txt /tmp/constraints.txt
COPY --from=build /dist/ /tmp/dist/
RUN pip install -c /tmp/constraints.txt /tmp/dist/*.whl \
 && rm -rf /tmp/dist /tmp/constraints.txt \
 && groupadd --system --gid 1000 tendarr \
 && useradd --system --uid 1000 --gid tendarr --home-dir /data --no-create-home \
      --shell /usr/sbin/nologin tendarr \
 && mkdir -p /data \
 && chown tendarr:tendarr /data
USER tendarr
WORKDIR /data
VOLUME /data
EXPOSE 5757
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD python -c "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/api/health' % os.environ.get('TENDARR_PORT', '5757'), timeout=4)"
CMD ["tendarr", "serve"]
