#!/usr/bin/env python3
"""End-to-end check of `tricholog export --format csv` (docs/csv.md), run by ctest.

Builds a demo store, exports it as JSON (the store's own record) and as CSV, then reads every
CSV file back with Python's csv module and compares each value with the JSON record: the CSV
holds the same values as the store. Scores the CSV adds (SALT, AA-IGA, EASI) are recomputed
here from the stored inputs with the published formulas, independently of the C++ code:
SALT = 0.40 top + 0.24 back + 0.18 left + 0.18 right (Olsen 2004), AA-IGA bands (Wyrwich 2020),
EASI region weights (Hanifin 2001). Also checks RFC 4180 framing (CRLF, one header row), the
header against dictionary.csv, the folder rules (a second export replaces the first; a foreign
non-empty folder and the store's own folder are refused) and the --json summary.

Usage: csv_export_check.py TRICHOLOG_BINARY WORK_DIR DATA_DIR
Exit 0 when every check passes; prints each failure and exits 1 otherwise.
"""

import csv
import io
import json
import os
import shutil
import subprocess
import sys

FAILURES = []


def check(condition, message):
    if not condition:
        FAILURES.append(message)
    return condition


def run(binary, args, env, expect=0):
    proc = subprocess.run([binary] + args, env=env, capture_output=True, text=True, timeout=900)
    if proc.returncode != expect:
        raise SystemExit(
            f"`tricholog {' '.join(args)}` exited {proc.returncode}, expected {expect}\n"
            f"stdout: {proc.stdout[-2000:]}\nstderr: {proc.stderr[-2000:]}")
    return proc


def unguard(text):
    """The inverse of the formula guard (docs/csv.md): one leading ' before = + - @ TAB CR '."""
    if len(text) >= 2 and text[0] == "'" and text[1] in "=+-@\t\r'":
        return text[1:]
    return text


def read_csv(path):
    raw = open(path, "rb").read()
    text = raw.decode("utf-8")
    # RFC 4180: every record ends with CRLF; no bare LF outside quoted fields. The csv module
    # with newline='' keeps line ends inside quoted fields, so count records both ways.
    check(text.endswith("\r\n"), f"{path}: does not end with CRLF")
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    check(len(rows) >= 1, f"{path}: no header row")
    header = rows[0]
    for i, row in enumerate(rows[1:], start=2):
        check(len(row) == len(header), f"{path}: record {i} has {len(row)} fields, not {len(header)}")
    return header, [dict(zip(header, row)) for row in rows[1:]]


def text_eq(where, csv_value, stored):
    expected = "" if stored is None else str(stored)
    check(unguard(csv_value) == expected, f"{where}: CSV {csv_value!r} != stored {expected!r}")


def int_eq(where, csv_value, stored):
    expected = "" if stored is None else str(int(stored))
    check(csv_value == expected, f"{where}: CSV {csv_value!r} != stored {expected!r}")


def num_eq(where, csv_value, stored, decimals):
    if stored is None:
        check(csv_value == "", f"{where}: CSV {csv_value!r} for an absent value")
        return
    if not check(csv_value != "", f"{where}: empty for stored {stored}"):
        return
    decimals_seen = len(csv_value.split(".")[1]) if "." in csv_value else 0
    check(decimals_seen == decimals, f"{where}: {csv_value!r} has {decimals_seen} decimals, not {decimals}")
    check(abs(float(csv_value) - float(stored)) <= 0.5 * 10 ** -decimals + 1e-9,
          f"{where}: CSV {csv_value} != stored {stored} at {decimals} decimals")


def bool_eq(where, csv_value, stored):
    check(csv_value == ("true" if stored else "false"), f"{where}: CSV {csv_value!r} != {stored}")


def aa_iga(salt):
    # Wyrwich 2020 bands 0; 1-20; 21-49; 50-94; 95-100, fractions to the band not yet crossed.
    if salt <= 0:
        return 0
    if salt <= 20:
        return 1
    if salt < 50:
        return 2
    if salt < 95:
        return 3
    return 4


EASI_REGIONS = ["head_neck", "upper_limbs", "trunk", "lower_limbs"]
EASI_ADULT = {"head_neck": 0.1, "upper_limbs": 0.2, "trunk": 0.3, "lower_limbs": 0.4}
EASI_CHILD = {"head_neck": 0.2, "upper_limbs": 0.2, "trunk": 0.3, "lower_limbs": 0.3}


def by_id(rows, key):
    out = {}
    for r in rows:
        check(r[key] not in out, f"{key} {r[key]} appears twice")
        out[r[key]] = r
    return out


def compare(out_dir, record):
    files = {}
    dictionary_header, dictionary = read_csv(os.path.join(out_dir, "dictionary.csv"))
    check(dictionary_header == ["file", "column", "type", "decimals", "unit", "allowed",
                                "description", "source"], f"dictionary.csv header {dictionary_header}")
    declared = {}
    for row in dictionary:
        declared.setdefault(row["file"], []).append(row)
    for name, columns in declared.items():
        header, rows = read_csv(os.path.join(out_dir, name))
        check(header == [c["column"] for c in columns], f"{name}: header {header} differs from dictionary.csv")
        files[name] = rows
    expected_files = {"patient.csv", "conditions.csv", "courses.csv", "administrations.csv",
                      "sessions.csv", "scores.csv", "zones.csv", "photos.csv",
                      "injection_site_reactions.csv", "adverse_events.csv", "decisions.csv",
                      "notes.csv"}
    check(set(files) == expected_files, f"files {sorted(files)}")
    on_disk = set(os.listdir(out_dir))
    check(on_disk == expected_files | {"dictionary.csv", "README.md", ".tricholog-csv-export"},
          f"folder holds {sorted(on_disk)}")
    decimals = {(r["file"], r["column"]): int(r["decimals"] or 0) for r in dictionary}

    p = record["patient"]
    pid = p["id"]
    for name, rows in files.items():
        for i, r in enumerate(rows):
            check(unguard(r["patient_id"]) == pid, f"{name}[{i}].patient_id")

    check(len(files["patient.csv"]) == 1, "patient.csv: one row")
    pr = files["patient.csv"][0]
    text_eq("patient.display_name", pr["display_name"], p["display_name"])
    int_eq("patient.birth_year", pr["birth_year"], p["birth_year"])
    text_eq("patient.created_at", pr["created_at"], p["created_at"])

    def same_ids(name, key, stored_list):
        rows = by_id(files[name], key)
        check([unguard(k) for k in rows] == [s["id"] for s in stored_list],
              f"{name}: ids or their order differ from the store")
        return {unguard(k): v for k, v in rows.items()}

    conditions = same_ids("conditions.csv", "condition_id", record["conditions"])
    for c in record["conditions"]:
        r = conditions[c["id"]]
        for col in ["kind", "snomed_code", "icd10_code", "icd11_code", "subtype", "onset"]:
            text_eq(f"condition {c['id']}.{col}", r[col], c[col])

    courses = same_ids("courses.csv", "course_id", record["courses"])
    for c in record["courses"]:
        r = courses[c["id"]]
        for col in ["condition_id", "protocol_id", "treatment_class", "medication", "dosing",
                    "reason", "start_date", "end_date"]:
            text_eq(f"course {c['id']}.{col}", r[col], c[col])
        bool_eq(f"course {c['id']}.off_label", r["off_label"], c["off_label"])

    admins = same_ids("administrations.csv", "administration_id", record["administrations"])
    for a in record["administrations"]:
        r = admins[a["id"]]
        text_eq(f"administration {a['id']}.course_id", r["course_id"], a["course_id"])
        text_eq(f"administration {a['id']}.given_on", r["given_on"], a["given_on"])
        num_eq(f"administration {a['id']}.dose_mg", r["dose_mg"], a["dose_mg"],
               decimals[("administrations.csv", "dose_mg")])
        text_eq(f"administration {a['id']}.injection_site", r["injection_site"], a["injection_site"])

    sessions = same_ids("sessions.csv", "session_id", record["sessions"])
    scores = {}
    for r in files["scores.csv"]:
        key = (unguard(r["session_id"]), r["measure"], unguard(r["component"]))
        check(key not in scores, f"scores.csv: {key} twice")
        scores[key] = r
    zones = {}
    for r in files["zones.csv"]:
        zones.setdefault(unguard(r["session_id"]), []).append(r)
    photos = {}
    for r in files["photos.csv"]:
        photos.setdefault(unguard(r["session_id"]), []).append(r)
    reactions = {}
    for r in files["injection_site_reactions.csv"]:
        reactions.setdefault(unguard(r["session_id"]), []).append(r)
    score_rows = 0
    dp = decimals[("scores.csv", "value")]
    for s in record["sessions"]:
        sid = s["id"]
        r = sessions[sid]
        where = f"session {sid}"
        text_eq(where + ".session_date", r["session_date"], s["session_date"])
        int_eq(where + ".week", r["week"], s["week"])
        text_eq(where + ".course_id", r["course_id"], s["course_id"])
        for col in ["itch_nrs", "poem", "dlqi"]:
            int_eq(f"{where}.{col}", r[col], s[col])
        vellus = s["vellus_fraction"]
        num_eq(where + ".vellus_percent", r["vellus_percent"],
               None if vellus is None else vellus * 100, decimals[("sessions.csv", "vellus_percent")])
        text_eq(where + ".patient_reported_hair_change", r["patient_reported_hair_change"],
                s.get("patient_reported_hair_change"))
        int_eq(where + ".photo_count", r["photo_count"], len(s["photos"]))
        text_eq(where + ".recorded_by", r["recorded_by"], s["recorded_by"])
        text_eq(where + ".recorded_at", r["recorded_at"], s["recorded_at"])

        # SALT and AA-IGA, recomputed from the stored regions.
        regions = {x["region"]: x for x in s["salt_regions"]}
        salt = None
        if set(regions) == {"top", "back", "left", "right"}:
            salt = (0.40 * regions["top"]["loss_pct"] + 0.24 * regions["back"]["loss_pct"] +
                    0.18 * regions["left"]["loss_pct"] + 0.18 * regions["right"]["loss_pct"])
        num_eq(where + ".salt", r["salt"], salt, decimals[("sessions.csv", "salt")])
        int_eq(where + ".aa_iga", r["aa_iga"], None if salt is None else aa_iga(salt))
        if salt is not None:
            num_eq(where + " scores salt/total", scores[(sid, "salt", "total")]["value"], salt, dp)
            num_eq(where + " scores aa_iga", scores[(sid, "aa_iga", "total")]["value"], aa_iga(salt), dp)
            score_rows += 2
        for name, x in regions.items():
            row = scores[(sid, "salt", name)]
            num_eq(f"{where} scores salt/{name}", row["value"], x["loss_pct"], dp)
            text_eq(f"{where} scores salt/{name}.confirmation", row["confirmation"], x["confirmation"])
            score_rows += 1

        # EASI, recomputed from the stored region inputs with the patient's age that year.
        easi = None
        if s["easi_regions"]:
            year = int(s["session_date"][:4])
            age = 18 if p["birth_year"] is None else max(0, year - p["birth_year"])
            weights = EASI_CHILD if age < 8 else EASI_ADULT
            easi = 0.0
            for x in s["easi_regions"]:
                signs = x["erythema"] + x["induration"] + x["excoriation"] + x["lichenification"]
                contribution = weights[x["region"]] * signs * x["area_score"]
                easi += contribution
                for part in ["area_score", "erythema", "induration", "excoriation", "lichenification"]:
                    num_eq(f"{where} scores easi/{x['region']}.{part}",
                           scores[(sid, "easi", f"{x['region']}.{part}")]["value"], x[part], dp)
                num_eq(f"{where} scores easi/{x['region']}.score",
                       scores[(sid, "easi", f"{x['region']}.score")]["value"], contribution, dp)
                score_rows += 6
            num_eq(where + " scores easi/total", scores[(sid, "easi", "total")]["value"], easi, dp)
            score_rows += 1
        num_eq(where + ".easi", r["easi"], easi, decimals[("sessions.csv", "easi")])
        for measure in ["itch_nrs", "poem", "dlqi"]:
            if s[measure] is not None:
                num_eq(f"{where} scores {measure}", scores[(sid, measure, "total")]["value"], s[measure], dp)
                score_rows += 1

        zs = zones.get(sid, [])
        check(len(zs) == len(s["zone_densities"]), f"{where}: {len(zs)} zone rows")
        for i, (zr, z) in enumerate(zip(zs, s["zone_densities"])):
            int_eq(f"{where} zone {i}.ordinal", zr["ordinal"], i)
            text_eq(f"{where} zone {i}.zone", zr["zone"], z["zone"])
            num_eq(f"{where} zone {i}.hairs_per_cm2", zr["hairs_per_cm2"], z["hairs_per_cm2"],
                   decimals[("zones.csv", "hairs_per_cm2")])
        ps = photos.get(sid, [])
        check(len(ps) == len(s["photos"]), f"{where}: {len(ps)} photo rows")
        for i, (pr_, ph) in enumerate(zip(ps, s["photos"])):
            for col in ["view", "sha256"]:
                text_eq(f"{where} photo {i}.{col}", pr_[col], ph[col])
            for col in ["width_px", "height_px"]:
                int_eq(f"{where} photo {i}.{col}", pr_[col], ph[col])
        rs = reactions.get(sid, [])
        check(len(rs) == len(s["injection_site_reactions"]), f"{where}: {len(rs)} reaction rows")
        for i, (rr, x) in enumerate(zip(rs, s["injection_site_reactions"])):
            text_eq(f"{where} reaction {i}.site", rr["site"], x["site"])
            text_eq(f"{where} reaction {i}.reaction", rr["reaction"], x["reaction"])
            int_eq(f"{where} reaction {i}.ctcae_grade", rr["ctcae_grade"], x["ctcae_grade"])
    check(score_rows == len(files["scores.csv"]),
          f"scores.csv has {len(files['scores.csv'])} rows; the store implies {score_rows}")

    events = same_ids("adverse_events.csv", "adverse_event_id", record["adverse_events"])
    for e in record["adverse_events"]:
        r = events[e["id"]]
        for col in ["course_id", "term", "meddra_code", "ctcae_version", "onset", "resolved",
                    "action_taken"]:
            text_eq(f"adverse event {e['id']}.{col}", r[col], e[col])
        int_eq(f"adverse event {e['id']}.ctcae_grade", r["ctcae_grade"], e["ctcae_grade"])
        bool_eq(f"adverse event {e['id']}.serious", r["serious"], e["serious"])

    decisions = same_ids("decisions.csv", "decision_id", record.get("decisions", []))
    for d in record.get("decisions", []):
        r = decisions[d["id"]]
        for col in ["course_id", "decided_on", "decision", "reason", "decided_by", "recorded_at"]:
            text_eq(f"decision {d['id']}.{col}", r[col], d[col])
        int_eq(f"decision {d['id']}.week", r["week"], d["week"])

    notes = same_ids("notes.csv", "note_id", record["notes"])
    for n in record["notes"]:
        r = notes[n["id"]]
        for col in ["session_id", "author_user_id", "written_at", "text"]:
            text_eq(f"note {n['id']}.{col}", r[col], n[col])
    return {name: len(rows) for name, rows in files.items()}


def main():
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    binary, work, data_dir = sys.argv[1:]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(os.path.join(work, "home"))
    env = dict(os.environ, TRICHOLOG_HOME=os.path.join(work, "home"), TRICHOLOG_DATA_DIR=data_dir)
    env.pop("SOURCE_DATE_EPOCH", None)
    db = "sqlite:" + os.path.join(work, "demo.db")
    run(binary, ["demo", "--db", db, "--photo-size", "320x240"], env)
    record_path = os.path.join(work, "record.json")
    run(binary, ["export", "--db", db, "--format", "json", "--out", record_path], env)
    record = json.load(open(record_path, encoding="utf-8"))
    check(len(record.get("decisions", [])) == 1, "the demo records one decision")

    out = os.path.join(work, "csv")
    summary = json.loads(run(binary, ["export", "--db", db, "--format", "csv", "--out", out,
                                      "--json"], env).stdout)
    counts = compare(out, record)
    listed = {f["name"]: f["rows"] for f in summary["files"]}
    for name, rows in counts.items():
        check(listed.get(name) == rows, f"--json summary says {listed.get(name)} rows for {name}, file has {rows}")
    check(summary["replaced"] is False, "first export reported as replacing")

    # A second export replaces the first whole (it is ours); the values are the same.
    stray = os.path.join(out, "stray.txt")
    open(stray, "w").write("left by hand")
    again = json.loads(run(binary, ["export", "--db", db, "--format", "csv", "--out", out,
                                    "--json"], env).stdout)
    check(again["replaced"] is True, "second export not reported as replacing")
    check(not os.path.exists(stray), "the replaced folder kept a stray file")
    compare(out, record)
    check(not [n for n in os.listdir(work) if "tricholog-csv-tmp" in n], "a temp folder was left")

    # A foreign non-empty folder, the store's photo folder, a missing --out: refused, untouched.
    foreign = os.path.join(work, "foreign")
    os.makedirs(foreign)
    open(os.path.join(foreign, "keep.txt"), "w").write("mine")
    err = run(binary, ["export", "--db", db, "--format", "csv", "--out", foreign], env, 1).stderr
    check("not empty" in err, f"foreign folder: {err.strip()}")
    check(os.listdir(foreign) == ["keep.txt"], "the foreign folder was changed")
    err = run(binary, ["export", "--db", db, "--format", "csv", "--out",
                       os.path.join(work, "demo.db.blobs", "csv")], env, 1).stderr
    check("photo folder" in err, f"photo folder: {err.strip()}")
    err = run(binary, ["export", "--db", db, "--format", "csv"], env, 1).stderr
    check("--out DIR" in err, f"no --out: {err.strip()}")

    for name in sorted(counts):
        print(f"{name:32} {counts[name]:6d} rows")
    if FAILURES:
        for f in FAILURES[:200]:
            print("FAIL:", f)
        print(f"{len(FAILURES)} failures")
        return 1
    print("csv export check: every file read back with the csv module matches the store")
    return 0


if __name__ == "__main__":
    sys.exit(main())
