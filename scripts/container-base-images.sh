#!/usr/bin/env bash
# What the container suite (test/containers/) and `npm run docker:build` need on a Debian machine:
#   1. Debian's docker.io, docker-compose (1.29) and debootstrap (apt), when missing;
#   2. a running Docker Engine (dockerd started by hand when none answers: no systemd needed);
#   3. the official base images the Dockerfiles and docker-compose.yml name, node:20-bookworm-slim
#      and redis:7.2-alpine: kept when present, pulled when a registry answers, and only when
#      neither, built here as local stand-ins under the same names:
#        node:20-bookworm-slim  Debian bookworm (debootstrap from this machine's apt mirror) with
#                               this machine's Node 20 and npm in /usr/local, as the official image
#        redis:7.2-alpine       the same Debian base with Debian's redis-server (7.0), user redis
#                               999:1000 owning /data and WORKDIR /data, as the official image
#      Both trust this machine's extra CA certificates (a TLS proxy may sit in front of apt/npm).
# Safe to run twice. Needs root. Usage: bash scripts/container-base-images.sh
set -euo pipefail
DOCKER=${DOCKER:-/usr/bin/docker}
DOCKERD_LOG=${DOCKERD_LOG:-/tmp/sentinel-dockerd.log}
log() { echo "container-base-images: $*"; }

packages=(docker.io docker-compose debootstrap)
missing=()
for pkg in "${packages[@]}"; do
  [[ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)" == "install ok installed" ]] || missing+=("$pkg")
done
if ((${#missing[@]})); then
  log "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! "$DOCKER" info >/dev/null 2>&1; then
  log "starting dockerd (log: $DOCKERD_LOG)"
  setsid /usr/sbin/dockerd --storage-driver=overlay2 >"$DOCKERD_LOG" 2>&1 </dev/null &
  for _ in $(seq 1 120); do "$DOCKER" info >/dev/null 2>&1 && break; sleep 0.5; done
  "$DOCKER" info >/dev/null 2>&1 || { tail -n 20 "$DOCKERD_LOG"; log "dockerd did not start"; exit 1; }
fi

# Present, or pulled: the real image is always preferred to a stand-in.
available() {
  "$DOCKER" image inspect "$1" >/dev/null 2>&1 && return 0
  log "pulling $1"
  timeout 180 "$DOCKER" pull "$1" >/dev/null 2>&1
}

need=()
for image in node:20-bookworm-slim redis:7.2-alpine; do
  available "$image" || need+=("$image")
done
if ((${#need[@]} == 0)); then
  log "ready: node:20-bookworm-slim and redis:7.2-alpine present"
  exit 0
fi
log "no registry has ${need[*]}: building local stand-ins"

work=$(mktemp -d /tmp/sentinel-base-images.XXXXXX)
trap 'rm -rf "$work"' EXIT

if ! "$DOCKER" image inspect local/debian:bookworm >/dev/null 2>&1; then
  mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1)
  [[ -n "$mirror" ]] || mirror=$(awk '$1 == "deb" { print $2; exit }' /etc/apt/sources.list 2>/dev/null)
  [[ -n "$mirror" ]] || { log "no Debian mirror found in /etc/apt"; exit 1; }
  log "debootstrap bookworm from $mirror (about a minute)"
  debootstrap --variant=minbase bookworm "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
    || { tail -n 20 "$work/debootstrap.log"; exit 1; }
  tar -C "$work/rootfs" -c . | "$DOCKER" import - local/debian:bookworm >/dev/null
  rm -rf "$work/rootfs"
fi

mkdir -p "$work/ctx"
# An empty placeholder keeps the COPY valid on machines without extra certificates.
touch "$work/ctx/none.crt"
cp /usr/local/share/ca-certificates/*.crt "$work/ctx/" 2>/dev/null || true
# As the official Debian images: apt keeps no package cache in image layers.
common='COPY *.crt /usr/local/share/ca-certificates/
RUN rm -f /usr/local/share/ca-certificates/none.crt \
 && echo '"'"'APT::Keep-Downloaded-Packages "false"; Dir::Cache::pkgcache ""; Dir::Cache::srcpkgcache "";'"'"' >/etc/apt/apt.conf.d/docker-clean \
 && apt-get update -qq && apt-get install -y -qq --no-install-recommends ca-certificates >/dev/null \
 && update-ca-certificates >/dev/null && apt-get clean && rm -rf /var/lib/apt/lists/*
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt'

build() { # image, Dockerfile text
  printf '%s\n' "$2" >"$work/ctx/Dockerfile"
  log "building $1 (stand-in)"
  "$DOCKER" build -q -t "$1" "$work/ctx" >/dev/null
}

if [[ " ${need[*]} " == *" node:20-bookworm-slim "* ]]; then
  node_bin=$(command -v node)
  [[ "$("$node_bin" -v)" == v20.* ]] || { log "this machine's node is $("$node_bin" -v), not 20"; exit 1; }
  npm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")
  cp "$node_bin" "$work/ctx/node"
  cp -a "$npm_dir" "$work/ctx/npm"
  build node:20-bookworm-slim "FROM local/debian:bookworm
$common
COPY node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \\
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \\
 && groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node
CMD [\"node\"]"
  rm -rf "$work/ctx/node" "$work/ctx/npm"
fi

if [[ " ${need[*]} " == *" redis:7.2-alpine "* ]]; then
  build redis:7.2-alpine "FROM local/debian:bookworm
$common
RUN groupadd --system --gid 1000 redis && useradd --system --uid 999 --gid 1000 --no-create-home redis \\
 && apt-get update -qq && apt-get install -y -qq --no-install-recommends redis-server >/dev/null \\
 && apt-get clean && rm -rf /var/lib/apt/lists/* && install -d -o 999 -g 1000 /data
WORKDIR /data
EXPOSE 6379
CMD [\"redis-server\"]"
fi

log "ready: $("$DOCKER" image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep -E '^(node:20-bookworm-slim|redis:7.2-alpine) ' | tr '\n' ' ')"
