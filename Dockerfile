# claimtrack: one binary serving the site. By default its SQLite file is on
# the /data volume:
#   docker build -t claimtrack . && docker run -p 8080:8080 -v claimtrack-data:/data claimtrack
# Set CLAIMTRACK_DATABASE to a postgres:// URL for PostgreSQL; `docker compose
# up` starts it that way, with PostgreSQL and a mail catcher (docker-compose.yml).

# Build: go-sqlite3 is C, so cgo is on; the runtime image must share the
# builder's Debian release (and glibc).
FROM golang:1.26-trixie AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
# Only the sources; .dockerignore keeps local databases, dumps and mail out
# of the build context as well.
COPY cmd ./cmd
COPY internal ./internal
COPY db ./db
COPY ui ./ui
RUN CGO_ENABLED=1 go build -trimpath -ldflags "-s -w" -o /out/claimtrack ./cmd/claimtrack

FROM debian:trixie-slim
# ca-certificates for the HTTPS sources that later versions re-check.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --user-group --home-dir /data --shell /usr/sbin/nologin claimtrack \
 && mkdir -p /data && chown claimtrack:claimtrack /data
COPY --from=build /out/claimtrack /usr/local/bin/claimtrack

ENV CLAIMTRACK_ADDR=0.0.0.0:8080 \
    CLAIMTRACK_DATABASE=/data/claimtrack.db
USER claimtrack
WORKDIR /data
VOLUME /data
EXPOSE 8080
# Slim images have no curl: the binary checks its own /readyz. The start
# period covers waiting for another instance's migrations on a shared
# PostgreSQL.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["claimtrack", "healthcheck"]
# docker stop sends SIGTERM: requests drain within CLAIMTRACK_SHUTDOWN_TIMEOUT.
ENTRYPOINT ["claimtrack"]
CMD ["serve"]
