#!/usr/bin/env python3
"""Validates a FHIR bundle written by `rapport export --format fhir`.

1. Structure: every resource (and the Bundle) with the fhir.resources R4B models (R4B differs from R4
   only in value-set versions for these resources).
2. rapport's own conformance check, since the library checks structure only: every
   QuestionnaireResponse names a Questionnaire of the bundle, every answer's linkId exists in it, a
   choice answer is one of its answer options (system and code), a score is a decimal of a read-only
   item, and every Observation is derived from a response of the bundle.
3. Self-test: a few broken copies must be rejected by the check that is meant to catch them.

Usage: fhir_check.py BUNDLE.json [--expect-no-text ITEM-SYSTEM-PREFIX]
Exit 0 when everything passes; 1 with one line per problem otherwise.
"""
import copy
import json
import sys

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

MODELS = {"Questionnaire": Questionnaire, "QuestionnaireResponse": QuestionnaireResponse, "Observation": Observation}


def structural(bundle):
    problems = []
    try:
        Bundle.model_validate(bundle)
    except Exception as e:  # pydantic.ValidationError
        problems.append(f"Bundle: {str(e).splitlines()[0]}")
    for n, entry in enumerate(bundle.get("entry", [])):
        res = entry.get("resource", {})
        model = MODELS.get(res.get("resourceType"))
        if model is None:
            problems.append(f"entry {n}: unexpected resourceType {res.get('resourceType')}")
            continue
        try:
            model.model_validate(res)
        except Exception as e:
            first = " ".join(str(e).splitlines()[:3])
            problems.append(f"entry {n} ({res['resourceType']}): {first}")
    return problems


def conformance(bundle):
    problems = []
    questionnaires = {}
    for e in bundle.get("entry", []):
        r = e["resource"]
        if r["resourceType"] == "Questionnaire":
            questionnaires[r["url"] + "|" + r["version"]] = {i["linkId"]: i for i in r.get("item", [])}
    subjects = {}
    for e in bundle.get("entry", []):
        r = e["resource"]
        if r["resourceType"] != "QuestionnaireResponse":
            continue
        subjects[e["fullUrl"]] = r.get("subject")
        items = questionnaires.get(r["questionnaire"])
        if items is None:
            problems.append(f"{e['fullUrl']}: questionnaire {r['questionnaire']} not in the bundle")
            continue
        seen = set()
        for it in r.get("item", []):
            q = items.get(it["linkId"])
            if q is None:
                problems.append(f"{e['fullUrl']}: linkId {it['linkId']} not in its Questionnaire")
                continue
            if it["linkId"] in seen:
                problems.append(f"{e['fullUrl']}: linkId {it['linkId']} answered twice")
            seen.add(it["linkId"])
            answers = it.get("answer", [])
            if len(answers) != 1:
                problems.append(f"{e['fullUrl']}: linkId {it['linkId']} has {len(answers)} answers")
            for a in answers:
                if q["type"] == "choice":
                    c = a.get("valueCoding")
                    allowed = {(o["valueCoding"].get("system"), o["valueCoding"].get("code")) for o in q.get("answerOption", [])}
                    if c is None or (c.get("system"), c.get("code")) not in allowed:
                        problems.append(f"{e['fullUrl']}: linkId {it['linkId']}: {c} is not an answer option")
                elif q["type"] == "decimal":
                    if "valueDecimal" not in a or not q.get("readOnly"):
                        problems.append(f"{e['fullUrl']}: linkId {it['linkId']}: a score needs valueDecimal on a read-only item")
                else:
                    problems.append(f"{e['fullUrl']}: linkId {it['linkId']}: unexpected item type {q['type']}")
    for e in bundle.get("entry", []):
        r = e["resource"]
        if r["resourceType"] != "Observation":
            continue
        refs = [d.get("reference") for d in r.get("derivedFrom", [])]
        if not refs or any(ref not in subjects for ref in refs):
            problems.append(f"{e['fullUrl']}: derivedFrom does not name a response of the bundle")
        elif any(subjects[ref] != r.get("subject") for ref in refs):
            problems.append(f"{e['fullUrl']}: subject differs from its response's")
    return problems


def self_test(bundle):
    """Broken copies that each check must reject (so a pass means something)."""
    failures = []
    qr_index = next(n for n, e in enumerate(bundle["entry"]) if e["resource"]["resourceType"] == "QuestionnaireResponse")
    cases = [
        ("unknown element", structural, lambda b: b["entry"][qr_index]["resource"].__setitem__("foo", 1)),
        ("missing status", structural, lambda b: b["entry"][qr_index]["resource"].pop("status")),
        ("bad authored date", structural, lambda b: b["entry"][qr_index]["resource"].__setitem__("authored", "yesterday")),
        ("unknown linkId", conformance, lambda b: b["entry"][qr_index]["resource"]["item"][0].__setitem__("linkId", "999")),
        ("answer not an option", conformance,
         lambda b: b["entry"][qr_index]["resource"]["item"][0]["answer"][0]["valueCoding"].__setitem__("code", "no-such-code")),
    ]
    for name, check, breaker in cases:
        broken = copy.deepcopy(bundle)
        breaker(broken)
        if not check(broken):
            failures.append(f"self-test: a bundle with {name} was not rejected")
    return failures


def main():
    path = sys.argv[1]
    with open(path, encoding="utf-8") as f:
        bundle = json.load(f)
    problems = structural(bundle) + conformance(bundle)
    if "--expect-no-text" in sys.argv:
        prefix = sys.argv[sys.argv.index("--expect-no-text") + 1]
        for e in bundle["entry"]:
            r = e["resource"]
            if r["resourceType"] == "Questionnaire":
                for it in r.get("item", []):
                    if it["type"] == "choice" and any(c["system"].startswith(prefix) for c in it.get("code", [])) and "text" in it:
                        problems.append(f"{r['url']} item {it['linkId']}: item text present although withheld")
    problems += self_test(bundle)
    counts = {}
    for e in bundle.get("entry", []):
        counts[e["resource"]["resourceType"]] = counts.get(e["resource"]["resourceType"], 0) + 1
    for p in problems[:50]:
        print(p)
    if problems:
        print(f"{path}: {len(problems)} problem(s)")
        return 1
    print(f"{path}: valid ({', '.join(f'{v} {k}' for k, v in sorted(counts.items()))})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
