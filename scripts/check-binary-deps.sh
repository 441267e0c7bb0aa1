#!/usr/bin/env bash
# Fails when BINARY (the tricholog executable) loads OpenCV's codec layer or a decoder the
# project never decodes uploads with (the ones only imgcodecs brings in). Every shared library the dynamic loader resolves
# (`ldd`, so indirect dependencies count too) is checked against a deny list. libpq is denied too:
# the PostgreSQL backend is the module tricholog_postgres.so, loaded only when a postgresql://
# store is opened, so that its ~20 libraries stay out of every other command's start-up.
#   scripts/check-binary-deps.sh build/release/tricholog
set -euo pipefail
binary="${1:?usage: $0 BINARY}"
libs="$(ldd "$binary")"
denied='libopencv_imgcodecs|libgdal|libgdcm|libOpenEXR|libopenjp2|libpq\\.|libpqxx'
if grep -E "$denied" <<<"$libs"; then
  echo "check-binary-deps: $binary loads the libraries above; product code must decode photos" \
       "only through libturbojpeg, libspng, libwebp and libheif, and reach PostgreSQL only" \
       "through the tricholog_postgres.so module" >&2
  exit 1
fi
if grep -q "not found" <<<"$libs"; then
  echo "check-binary-deps: unresolved libraries:" >&2
  grep "not found" <<<"$libs" >&2
  exit 1
fi
echo "check-binary-deps: $(wc -l <<<"$libs") shared libraries, none of them denied"
