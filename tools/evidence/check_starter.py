#!/usr/bin/env python3
"""Validate the starter evidence library in data/evidence/.

Checks (exit status 1 and one line per problem if any fails):
  * both JSON files parse;
  * every CSL item has id, type, title, container-title, issued, author;
  * issued.date-parts is [[year]] or [[year, month]] with plausible values;
  * ids are unique, and are lower-case slugs;
  * the summaries file has exactly the same ids as the CSL file;
  * every summary has a tldr, a summary and tags using the allowed values;
  * every id in `cites` exists and is not the item itself;
  * study_type is one the store accepts (migration 0010's CHECK list) and every condition and
    treatment tag is a concept id of that kind in src/evidence/synonyms.cc;
  * DOI, PMID and PMCID, where present, have the right shape.

Usage: python3 tools/evidence/check_starter.py [DATA_DIR]
DATA_DIR defaults to data/evidence relative to the repository root.
"""

import json
import pathlib
import re
import sys

REQUIRED_CSL = ("id", "type", "title", "container-title", "issued", "author")
ALLOWED_CSL_TYPES = {"article-journal", "speech", "report", "webpage"}
ALLOWED_CONDITIONS = {"alopecia_areata", "atopic_dermatitis"}
ALLOWED_TREATMENTS = {
    "dupilumab",
    "baricitinib",
    "ritlecitinib",
    "deuruxolitinib",
    "tofacitinib",
    "ruxolitinib",
    "jak_inhibitor",
    "triamcinolone",
    "minoxidil",
}
ALLOWED_STUDY_TYPES = {
    "case_report",
    "case_series",
    "cohort",
    "trial",
    "review",
    "meta_analysis",
    "guideline",
    "definition",
    "other",
}
STORE_STUDY_TYPES_RE = re.compile(r"study_type IN \(([^)]*)\)", re.S)
CONCEPT_RE = re.compile(r'\{"([a-z_]+)",\s*"[^"]*",\s*"(condition|treatment|measure)"', re.S)
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DOI = re.compile(r"^10\.\d{4,9}/\S+$")
PMID = re.compile(r"^[1-9]\d{0,8}$")
PMCID = re.compile(r"^PMC\d+$")


def repository_vocabulary(root):
    """Concept ids by kind from synonyms.cc and the store's study types, or None if unreadable."""
    try:
        synonyms = (root / "src" / "evidence" / "synonyms.cc").read_text(encoding="utf-8")
        migration = (root / "src" / "store" / "migrations" / "sqlite" /
                     "0010_evidence_library.sql").read_text(encoding="utf-8")
    except OSError:
        return None
    kinds = {}
    for cid, kind in CONCEPT_RE.findall(synonyms):
        kinds.setdefault(kind, set()).add(cid)
    m = STORE_STUDY_TYPES_RE.search(migration)
    types = set(re.findall(r"'([a-z_]+)'", m.group(1))) if m else set()
    return kinds, types


def check(data_dir, root=None):
    errors = []
    vocab = repository_vocabulary(root) if root is not None else None
    if vocab is not None:
        kinds, store_types = vocab
        if not kinds.get("condition") or not kinds.get("treatment") or not store_types:
            errors.append("could not read concept ids from synonyms.cc or study types from migration 0010")
        else:
            for v in sorted(ALLOWED_CONDITIONS - kinds["condition"]):
                errors.append(f"allowed condition {v!r} is not a condition concept in synonyms.cc")
            for v in sorted(ALLOWED_TREATMENTS - kinds["treatment"]):
                errors.append(f"allowed treatment {v!r} is not a treatment concept in synonyms.cc")
            for v in sorted(ALLOWED_STUDY_TYPES - store_types):
                errors.append(f"allowed study_type {v!r} is not accepted by the store (migration 0010)")

    def load(name):
        path = data_dir / name
        try:
            with open(path, encoding="utf-8") as f:
                return json.load(f)
        except (OSError, ValueError) as e:
            errors.append(f"{name}: cannot parse: {e}")
            return None

    csl = load("starter-library.csl.json")
    summaries = load("starter-summaries.json")
    if csl is None or summaries is None:
        return errors
    if not isinstance(csl, list):
        return ["starter-library.csl.json: top level must be an array"]
    if not isinstance(summaries, dict):
        return ["starter-summaries.json: top level must be an object"]

    ids = []
    for i, item in enumerate(csl):
        where = f"csl[{i}]"
        if not isinstance(item, dict):
            errors.append(f"{where}: not an object")
            continue
        where = f"csl[{i}] ({item.get('id', '?')})"
        for key in REQUIRED_CSL:
            if key not in item:
                errors.append(f"{where}: missing {key}")
        cid = item.get("id")
        if isinstance(cid, str):
            ids.append(cid)
            if not SLUG.match(cid):
                errors.append(f"{where}: id is not a lower-case slug")
        else:
            errors.append(f"{where}: id must be a string")
        if item.get("type") not in ALLOWED_CSL_TYPES:
            errors.append(f"{where}: type {item.get('type')!r} not allowed")
        for key in ("title", "container-title"):
            if key in item and (not isinstance(item[key], str) or not item[key].strip()):
                errors.append(f"{where}: {key} must be a non-empty string")
        issued = item.get("issued")
        parts = issued.get("date-parts") if isinstance(issued, dict) else None
        if not (isinstance(parts, list) and len(parts) == 1 and isinstance(parts[0], list)
                and 1 <= len(parts[0]) <= 2 and all(isinstance(p, int) for p in parts[0])):
            errors.append(f"{where}: issued must be {{'date-parts': [[year]]}} or [[year, month]]")
        else:
            year = parts[0][0]
            if not 1900 <= year <= 2100:
                errors.append(f"{where}: implausible year {year}")
            if len(parts[0]) == 2 and not 1 <= parts[0][1] <= 12:
                errors.append(f"{where}: month out of range")
        authors = item.get("author")
        if not isinstance(authors, list):
            errors.append(f"{where}: author must be a list")
        else:
            for a in authors:
                if not isinstance(a, dict) or not (a.get("family") or a.get("literal")):
                    errors.append(f"{where}: each author needs family (or literal)")
        for key, pattern in (("DOI", DOI), ("PMID", PMID), ("PMCID", PMCID)):
            if key in item:
                value = item[key]
                if not isinstance(value, str) or not pattern.match(value):
                    errors.append(f"{where}: {key} {value!r} has the wrong shape")
        for key in ("doi", "pmid", "pmcid"):
            if key in item:
                errors.append(f"{where}: use upper-case CSL variable {key.upper()}")

    seen = set()
    for cid in ids:
        if cid in seen:
            errors.append(f"duplicate id {cid}")
        seen.add(cid)

    for cid in sorted(seen - summaries.keys()):
        errors.append(f"{cid}: in CSL file but has no summary")
    for cid in sorted(summaries.keys() - seen):
        errors.append(f"{cid}: has a summary but no CSL item")

    for cid, s in summaries.items():
        where = f"summary {cid}"
        if not isinstance(s, dict):
            errors.append(f"{where}: not an object")
            continue
        for key in ("tldr", "summary"):
            if not isinstance(s.get(key), str) or not s[key].strip():
                errors.append(f"{where}: {key} must be a non-empty string")
        tags = s.get("tags")
        if not isinstance(tags, dict):
            errors.append(f"{where}: tags must be an object")
        else:
            for key, allowed in (("conditions", ALLOWED_CONDITIONS),
                                 ("treatments", ALLOWED_TREATMENTS)):
                values = tags.get(key)
                if not isinstance(values, list):
                    errors.append(f"{where}: tags.{key} must be a list")
                    continue
                for v in values:
                    if v not in allowed:
                        errors.append(f"{where}: tags.{key} value {v!r} not allowed")
                if len(values) != len(set(values)):
                    errors.append(f"{where}: tags.{key} has duplicates")
            if tags.get("study_type") not in ALLOWED_STUDY_TYPES:
                errors.append(f"{where}: study_type {tags.get('study_type')!r} not allowed")
            extra = set(tags) - {"conditions", "treatments", "study_type"}
            if extra:
                errors.append(f"{where}: unknown tag keys {sorted(extra)}")
        cites = s.get("cites", [])
        if not isinstance(cites, list):
            errors.append(f"{where}: cites must be a list")
        else:
            for c in cites:
                if c == cid:
                    errors.append(f"{where}: cites itself")
                elif c not in seen:
                    errors.append(f"{where}: cites unknown id {c!r}")
        extra = set(s) - {"tldr", "summary", "tags", "cites"}
        if extra:
            errors.append(f"{where}: unknown keys {sorted(extra)}")

    return errors


def main(argv):
    root = pathlib.Path(__file__).resolve().parents[2]
    data_dir = pathlib.Path(argv[1]) if len(argv) > 1 else root / "data" / "evidence"
    errors = check(data_dir, root)
    for e in errors:
        print(e)
    if errors:
        print(f"FAIL: {len(errors)} problem(s) in {data_dir}")
        return 1
    with open(data_dir / "starter-library.csl.json", encoding="utf-8") as f:
        n = len(json.load(f))
    print(f"OK: {n} studies in {data_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
