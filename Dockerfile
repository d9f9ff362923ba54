# sigbot: HTTP mode by default. Small (slim base, no build tools left), non-root, knowledge baked in.
#   docker build -t sigbot .
#   docker run -e SLACK_BOT_TOKEN -e SLACK_SIGNING_SECRET -p 3000:3000 sigbot
# The base image is pinned by digest (python:3.12-slim); refresh it with
#   docker buildx imagetools inspect python:3.12-slim
# and the dependencies, pinned with hashes in requirements.lock, with the command at its top.
ARG PYTHON_IMAGE=python:3.12-slim@sha256:78387bc3881b8273120a12ebe6c1ab22b018ccc2c9adf565ae1ac9b536e184ea

FROM ${PYTHON_IMAGE} AS build
WORKDIR /src
COPY requirements.lock ./
RUN python -m venv /venv \
    && /venv/bin/pip install --no-cache-dir --require-hashes --only-binary=:all: -r requirements.lock
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY knowledge ./knowledge
RUN /venv/bin/pip install --no-cache-dir --no-deps .

FROM ${PYTHON_IMAGE}
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/venv/bin:$PATH
COPY --from=build /venv /venv
RUN useradd --system --uid 10001 --no-create-home sigbot \
    && mkdir -p /var/lib/sigbot \
    && chown 10001 /var/lib/sigbot
# State (handled events, welcomes, feedback) in SQLite on a volume; Redis for several replicas.
ENV SIGBOT_STATE_URL=sqlite:///var/lib/sigbot/state.db
VOLUME ["/var/lib/sigbot"]
USER 10001
# 3000: Slack requests and /healthz. 9090: /healthz and /metrics when SIGBOT_HEALTH_PORT=9090.
EXPOSE 3000 9090
HEALTHCHECK --interval=30s --timeout=3s CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:3000/healthz', timeout=2)"]
ENTRYPOINT ["sigbot"]
CMD ["serve", "--host", "0.0.0.0", "--port", "3000"]
