# sigbot: HTTP mode by default. Small (slim base, no build tools left), non-root, knowledge baked in.
#   docker build -t sigbot .
#   docker run -e SLACK_BOT_TOKEN -e SLACK_SIGNING_SECRET -p 3000:3000 sigbot
FROM python:3.12-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY knowledge ./knowledge
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir --no-index --find-links=/wheels /wheels/sigbot-*.whl \
    && rm -rf /wheels \
    && useradd --system --uid 10001 --no-create-home sigbot \
    && mkdir -p /var/lib/sigbot \
    && chown 10001 /var/lib/sigbot
# State (handled events, welcomes, feedback) in SQLite on a volume; Redis for several replicas.
ENV SIGBOT_STATE_URL=sqlite:///var/lib/sigbot/state.db
VOLUME ["/var/lib/sigbot"]
USER 10001
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:3000/healthz', timeout=2)"]
ENTRYPOINT ["sigbot"]
CMD ["serve", "--host", "0.0.0.0", "--port", "3000"]
