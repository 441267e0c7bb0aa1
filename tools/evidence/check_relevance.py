#!/usr/bin/env python3
"""Validate the hand-judged relevance set and the demo posts it refers to (issue 20).

Checks on data/evidence/relevance/judgments.json (exit status 1 and one line per problem if any fails):
  * format_version is 1 and how_judged is a non-empty text;
  * at least MIN_QUERIES queries, each naming a distinct starter-library study;
  * every query grades EVERY other starter study and EVERY demo post explicitly (0s included), and
    nothing else (no unknown ids, no self-judgment);
  * every grade is an integer 0, 1 or 2;
  * no post marked "off_topic" is graded above 0 for any query;
  * a post that links a query study (its "studies") is graded 2 for that query.
Checks on data/evidence/demo-posts.json:
  * format_version 1; authors with unique keys, a display name and role patient or physician, at least
    one physician; posts with unique kebab-case ids, a known author, a category among treatment,
    progress, research, chat, is_this_regrowth, non-empty title and body, days_ago and upvotes >= 0,
    "studies" naming starter-library ids, boolean off_topic; comments at most two levels deep with
    known authors, non-empty bodies and days_ago not older than their post.

Usage: python3 tools/evidence/check_relevance.py [DATA_DIR]
DATA_DIR defaults to data/evidence relative to the repository root.
"""

import json
import pathlib
import re
import sys

MIN_QUERIES = 30
CATEGORIES = {"treatment", "progress", "research", "chat", "is_this_regrowth"}
ROLES = {"patient", "physician"}
KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def _is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def check_posts(posts_doc, study_ids):
    errors = []
    if not isinstance(posts_doc, dict) or posts_doc.get("format_version") != 1:
        return ["demo-posts.json: top level must be an object with format_version 1"]
    authors = posts_doc.get("authors")
    posts = posts_doc.get("posts")
    if not isinstance(authors, list) or not isinstance(posts, list):
        return ["demo-posts.json: authors and posts must be lists"]
    keys = set()
    for i, a in enumerate(authors):
        where = f"demo-posts authors[{i}]"
        if not isinstance(a, dict):
            errors.append(f"{where}: not an object")
            continue
        k = a.get("key")
        if not isinstance(k, str) or not k or k in keys:
            errors.append(f"{where}: key missing or duplicate")
        keys.add(k)
        if not isinstance(a.get("display_name"), str) or not a["display_name"].strip():
            errors.append(f"{where}: display_name missing")
        if a.get("role") not in ROLES:
            errors.append(f"{where}: role must be one of {sorted(ROLES)}")
    if not any(isinstance(a, dict) and a.get("role") == "physician" for a in authors):
        errors.append("demo-posts: at least one physician author is required")

    def check_comments(comments, depth, where, post_age):
        if not isinstance(comments, list):
            errors.append(f"{where}: comments/replies must be a list")
            return
        if comments and depth > 2:
            errors.append(f"{where}: comments nested deeper than two levels")
        for j, c in enumerate(comments):
            w = f"{where}.{'comments' if depth == 1 else 'replies'}[{j}]"
            if not isinstance(c, dict):
                errors.append(f"{w}: not an object")
                continue
            if c.get("author") not in keys:
                errors.append(f"{w}: unknown author {c.get('author')!r}")
            if not isinstance(c.get("body"), str) or not c["body"].strip():
                errors.append(f"{w}: empty body")
            age = c.get("days_ago")
            if not _is_int(age) or age < 0 or (_is_int(post_age) and age > post_age):
                errors.append(f"{w}: days_ago must be an integer between 0 and the post's age")
            check_comments(c.get("replies", []), depth + 1, w, post_age)

    ids = set()
    for i, p in enumerate(posts):
        where = f"demo-posts posts[{i}]"
        if not isinstance(p, dict):
            errors.append(f"{where}: not an object")
            continue
        pid = p.get("id")
        where = f"post {pid}"
        if not isinstance(pid, str) or not KEBAB.match(pid):
            errors.append(f"{where}: id must be kebab-case")
        if pid in ids:
            errors.append(f"{where}: duplicate id")
        ids.add(pid)
        if p.get("author") not in keys:
            errors.append(f"{where}: unknown author {p.get('author')!r}")
        if p.get("category") not in CATEGORIES:
            errors.append(f"{where}: category {p.get('category')!r} not allowed")
        for k in ("title", "body"):
            if not isinstance(p.get(k), str) or not p[k].strip():
                errors.append(f"{where}: {k} must be a non-empty string")
        for k in ("days_ago", "upvotes"):
            if not _is_int(p.get(k)) or p[k] < 0:
                errors.append(f"{where}: {k} must be a non-negative integer")
        if not isinstance(p.get("off_topic"), bool):
            errors.append(f"{where}: off_topic must be true or false")
        linked = p.get("studies")
        if not isinstance(linked, list):
            errors.append(f"{where}: studies must be a list")
        else:
            for s in linked:
                if s not in study_ids:
                    errors.append(f"{where}: links unknown study {s!r}")
            if p.get("off_topic") is True and linked:
                errors.append(f"{where}: an off-topic post must not link studies")
        check_comments(p.get("comments", []), 1, where, p.get("days_ago"))
    return errors


def check_judgments(doc, study_ids, posts):
    errors = []
    if not isinstance(doc, dict) or doc.get("format_version") != 1:
        return ["judgments.json: top level must be an object with format_version 1"]
    if not isinstance(doc.get("how_judged"), str) or not doc["how_judged"].strip():
        errors.append("judgments.json: how_judged must be a non-empty text")
    queries = doc.get("queries")
    if not isinstance(queries, list):
        return errors + ["judgments.json: queries must be a list"]
    post_ids = {p["id"] for p in posts if isinstance(p, dict) and "id" in p}
    off_topic = {p["id"] for p in posts if isinstance(p, dict) and p.get("off_topic") is True}
    linked = {}
    for p in posts:
        if isinstance(p, dict):
            for s in p.get("studies") or []:
                linked.setdefault(s, set()).add(p.get("id"))
    seen = set()
    for i, q in enumerate(queries):
        if not isinstance(q, dict):
            errors.append(f"queries[{i}]: not an object")
            continue
        qid = q.get("study")
        where = f"query {qid}"
        if qid not in study_ids:
            errors.append(f"queries[{i}]: study {qid!r} is not a starter-library id")
            continue
        if qid in seen:
            errors.append(f"{where}: duplicate query")
        seen.add(qid)
        for kind, universe in (("studies", study_ids - {qid}), ("posts", post_ids)):
            grades = q.get(kind)
            if not isinstance(grades, dict):
                errors.append(f"{where}: {kind} must be an object")
                continue
            for k in sorted(set(grades) - universe):
                errors.append(f"{where}: {kind} grades unknown or self id {k!r}")
            for k in sorted(universe - set(grades)):
                errors.append(f"{where}: {kind} misses a grade for {k!r}")
            for k, g in grades.items():
                if not _is_int(g) or g not in (0, 1, 2):
                    errors.append(f"{where}: grade for {k!r} must be 0, 1 or 2, not {g!r}")
            if kind == "posts":
                for k in sorted(off_topic):
                    if _is_int(grades.get(k)) and grades[k] > 0:
                        errors.append(f"{where}: off-topic post {k!r} graded {grades[k]}")
                for k in sorted(linked.get(qid, ())):
                    if grades.get(k) != 2:
                        errors.append(f"{where}: post {k!r} links this study but is graded {grades.get(k)!r}")
    if len(seen) < MIN_QUERIES:
        errors.append(f"judgments.json: {len(seen)} queries, at least {MIN_QUERIES} required")
    return errors


def check(data_dir):
    errors = []

    def load(rel):
        try:
            with open(data_dir / rel, encoding="utf-8") as f:
                return json.load(f)
        except (OSError, ValueError) as e:
            errors.append(f"{rel}: cannot parse: {e}")
            return None

    csl = load("starter-library.csl.json")
    posts_doc = load("demo-posts.json")
    judgments = load("relevance/judgments.json")
    if csl is None or posts_doc is None or judgments is None:
        return errors, None
    study_ids = {item.get("id") for item in csl if isinstance(item, dict)}
    errors += check_posts(posts_doc, study_ids)
    posts = posts_doc.get("posts") if isinstance(posts_doc, dict) else None
    errors += check_judgments(judgments, study_ids, posts if isinstance(posts, list) else [])
    return errors, judgments


def main(argv):
    root = pathlib.Path(__file__).resolve().parents[2]
    data_dir = pathlib.Path(argv[1]) if len(argv) > 1 else root / "data" / "evidence"
    errors, judgments = check(data_dir)
    for e in errors:
        print(e)
    if errors:
        print(f"FAIL: {len(errors)} problem(s) in {data_dir}")
        return 1
    counts = {0: 0, 1: 0, 2: 0}
    for q in judgments["queries"]:
        for kind in ("studies", "posts"):
            for g in q[kind].values():
                counts[g] += 1
    print(f"OK: {len(judgments['queries'])} queries, {sum(counts.values())} graded pairs "
          f"(2: {counts[2]}, 1: {counts[1]}, 0: {counts[0]}) in {data_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
