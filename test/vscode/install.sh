#!/usr/bin/env bash
# Installs what the real-VS-Code tests need on a fresh Debian machine (idempotent):
#   - apt: chromium (the browser Playwright drives), and build-essential python3 pkg-config
#     libkrb5-dev ripgrep (code-server's native modules build with node-gyp; kerberos needs
#     libkrb5-dev; Debian's rg seeds @vscode/ripgrep's download cache).
#   - code-server 4.100.3 (= VS Code 1.100.3, the last release that runs on Node 20) from npm,
#     into $BPL_CACHE (default ~/.cache/backprop-lint/code-server), outside this project's
#     node_modules so `npm ci` stays light; complete when $BPL_CACHE/.installed says so (below).
# Usage: test/vscode/install.sh        (prints where code-server is and how long it took)
set -euo pipefail
T0=$(date +%s)
CS_VERSION=4.100.3
BPL_CACHE="${BPL_CACHE:-$HOME/.cache/backprop-lint/code-server}"
CS_BIN="$BPL_CACHE/node_modules/.bin/code-server"
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"

# 1. system packages (skip apt entirely when all are present)
PKGS=(chromium build-essential python3 pkg-config libkrb5-dev ripgrep)
MISSING=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || MISSING+=("$p")
done
if [ ${#MISSING[@]} -gt 0 ]; then
  echo "[install] apt-get install ${MISSING[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${MISSING[@]}" >/dev/null
else
  echo "[install] apt packages already present"
fi

# 2. code-server, installed into a temporary folder beside $BPL_CACHE and renamed into place, with
# a marker written last: a folder without the marker (an install still running, or one that
# failed or was interrupted) is never taken for an installed code-server, so two `npm test` runs at
# once each install their own copy (the first to finish is kept) rather than one starting the
# other's half-finished one. run.mjs and lib.mjs check the same marker.
MARKER="$BPL_CACHE/.installed"
installed() { [ "$(cat "$MARKER" 2>/dev/null || true)" = "code-server@$CS_VERSION" ]; }
if installed; then
  echo "[install] code-server $CS_VERSION already in $BPL_CACHE"
else
  mkdir -p "$(dirname "$BPL_CACHE")"
  STAGE="$(mktemp -d "$BPL_CACHE.installing.XXXXXX")"
  trap 'rm -rf "$STAGE"' EXIT
  echo "[install] npm install code-server@$CS_VERSION into $STAGE (then renamed to $BPL_CACHE)"
  # @vscode/ripgrep's postinstall downloads rg from GitHub (no internet here): seed its download
  # cache with Debian's rg, packed the way it expects (rg at the top level of the tarball); the
  # tarball is also written under a temporary name and renamed, for a concurrent run's sake.
  RG_CACHE="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-1.15.11"
  RG_TGZ="$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
  if [ ! -s "$RG_TGZ" ]; then
    mkdir -p "$RG_CACHE"
    T="$(mktemp -d)"; cp "$(command -v rg)" "$T/rg"
    tar czf "$T/rg.tar.gz" -C "$T" rg && mv -f "$T/rg.tar.gz" "$RG_TGZ"; rm -rf "$T"
  fi
  echo '{"name":"bpl-code-server-cache","private":true}' > "$STAGE/package.json"
  # unsafe_perm: code-server's postinstall refuses to run as root without it (npm 11 dropped the
  # option but still passes the env var). yes: node-pty's postinstall runs `npx node-gyp`, which a
  # `yes=false` in ~/.npmrc would cancel.
  (cd "$STAGE" && npm_config_unsafe_perm=true npm_config_yes=true \
    npm install --no-audit --no-fund --no-save --loglevel=error "code-server@$CS_VERSION")
  [ -x "$STAGE/node_modules/.bin/code-server" ] || { echo "[install] npm did not install code-server" >&2; exit 1; }
  echo "code-server@$CS_VERSION" > "$STAGE/.installed"   # last: the install is complete
  if installed; then
    echo "[install] another run installed code-server $CS_VERSION meanwhile; keeping that one"
  else
    # A folder there without the marker is an unfinished or older install: set it aside first.
    if [ -e "$BPL_CACHE" ] && ! installed; then
      OLD="$BPL_CACHE.old.$$"
      mv -T "$BPL_CACHE" "$OLD" 2>/dev/null && echo "[install] moved an incomplete install aside to $OLD"
    fi
    # rename(2) into place: atomic, and it fails if another run's install got there first.
    if mv -T "$STAGE" "$BPL_CACHE" 2>/dev/null; then
      trap - EXIT
    elif installed; then
      echo "[install] another run installed code-server $CS_VERSION meanwhile; keeping that one"
    else
      echo "[install] could not move $STAGE to $BPL_CACHE" >&2; exit 1
    fi
  fi
  if [ -n "${OLD:-}" ]; then rm -rf "$OLD"; fi
fi
X="$(mktemp -d)"
V="$(XDG_CONFIG_HOME="$X" XDG_DATA_HOME="$X" "$CS_BIN" --version 2>/dev/null | grep -v '\] info ' | head -1)"
rm -rf "$X"
echo "[install] code-server: $CS_BIN ($V)"
echo "[install] chromium: $(command -v chromium) ($(chromium --version 2>/dev/null | head -1))"
echo "[install] done in $(( $(date +%s) - T0 )) s"
