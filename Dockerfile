# syntax=docker/dockerfile:1
# wix-mcp container image: a static binary on distroless, as a non-root user.
#
#   docker build --build-arg VERSION=0.1.0 -t wix-mcp .
#   docker run -i --rm -e WIX_API_KEY -e WIX_ACCOUNT_ID wix-mcp                 # stdio
#   docker run --rm -p 127.0.0.1:8080:8080 -e WIX_API_KEY -e WIX_ACCOUNT_ID \
#     -e WIX_MCP_HTTP_TOKEN wix-mcp --transport http                          # http on :8080
#
# Base images are pinned by digest: multi-arch index digests that many public
# Dockerfiles pin too (the golang one is 1.26.8-alpine). No Docker engine or
# registry was reachable where this was written, so they were not pulled
# here; refresh them deliberately with
#   docker buildx imagetools inspect golang:1.26-alpine
#   docker buildx imagetools inspect gcr.io/distroless/static-debian12:nonroot
#
# scripts/docker-equivalent-build.sh runs the build command below (the RUN
# line starting with "CGO_ENABLED=0 go build") outside Docker and checks the
# result, so keep the flags on that one line.

FROM golang:1.26-alpine@sha256:51a7c389a5ddaf82f527191a1e9bff9928655130a44e4975dd1d7e0acf59f1ae AS build
ARG VERSION=dev
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/wix-mcp ./cmd/wix-mcp

# static-debian12 carries CA certificates, /etc/passwd with the nonroot user
# (uid 65532) and tzdata, and nothing else: no shell, no package manager.
FROM gcr.io/distroless/static-debian12:nonroot@sha256:afa5c872c891853ca7fcf1f12c3edb23f7eeef36189728842dd51042ff57f7ab
ARG VERSION=dev
LABEL io.modelcontextprotocol.server.name="io.github.wix-mcp/wix-mcp" \
      org.opencontainers.image.title="wix-mcp" \
      org.opencontainers.image.description="MCP server for safe access to Wix through Wix API keys" \
      org.opencontainers.image.source="https://github.com/wix-mcp/wix-mcp" \
      org.opencontainers.image.version="${VERSION}"
COPY --from=build /out/wix-mcp /usr/local/bin/wix-mcp
USER nonroot:nonroot
# Inside a container the HTTP transports must listen on all interfaces to be
# reachable through a published port. wix-mcp then requires the bearer token
# (--unsafe-no-auth is refused off loopback) and checks Host and Origin.
# Publish the port on the host's loopback only: -p 127.0.0.1:8080:8080.
ENV WIX_MCP_ADDR=0.0.0.0:8080
EXPOSE 8080
# stdio unless --transport http or sse is given.
ENTRYPOINT ["/usr/local/bin/wix-mcp"]
