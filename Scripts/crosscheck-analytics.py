#!/usr/bin/env python3
"""Cross-check `rapport analyze --json` against an independent implementation.

The independent side reads the raw scores from `rapport export --format csv` and the instrument
files in assets/instruments/, then recomputes every rule of docs/analytics.md with numpy/scipy:
caseload SDs, rupture events, ceiling, subscale divergence, client-therapist gap, reliable and
clinically significant change, attachment quadrants, alliance-outcome (scipy.stats.pearsonr,
Fisher z), residual gains, mediation paths (numpy.linalg.lstsq) and the bootstrap interval
(xoshiro256** re-implemented here, numpy.percentile).

Usage:
  Scripts/crosscheck-analytics.py [--rapport .build/debug/rapport] [--data-dir DIR] [--tolerance 1e-9]
                                  [--analyze-args "--sd client --alliance-cutoff 3.5 --mean-alliance"]

Without --data-dir a demo caseload (rapport demo, 40 clients x 12 sessions, seed 1) is generated
in a temporary directory. Prints the largest absolute difference; exits 1 on any structural
mismatch or a difference above the tolerance.
"""

import argparse
import csv
import io
import json
import math
import os
import subprocess
import sys
import tempfile
from collections import defaultdict

import numpy as np
from scipy import stats

MASK = (1 << 64) - 1
TOL = 1e-9


# ---------------------------------------------------------------- PRNG (xoshiro256**, SplitMix64 seeding)
class Xoshiro:
    def __init__(self, seed):
        state = seed & MASK
        words = []
        for _ in range(4):
            state = (state + 0x9E3779B97F4A7C15) & MASK
            z = state
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
            words.append(z ^ (z >> 31))
        self.s = words

    @staticmethod
    def rotl(x, k):
        return ((x << k) | (x >> (64 - k))) & MASK

    def next(self):
        s = self.s
        result = (self.rotl((s[1] * 5) & MASK, 7) * 9) & MASK
        t = (s[1] << 17) & MASK
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = self.rotl(s[3], 45)
        return result

    def index(self, n):
        u = (self.next() >> 11) * 2.0**-53
        return min(n - 1, int(u * n))


# ---------------------------------------------------------------- data
def run(cmd):
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def load_instruments(assets):
    out = {}
    folder = os.path.join(assets, "instruments")
    for name in sorted(os.listdir(folder)):
        if name.endswith(".json"):
            with open(os.path.join(folder, name)) as f:
                d = json.load(f)
            out[d["id"]] = d
    return out


def scale_max(inst, scale_id):
    values = [o["value"] for o in inst["responseScale"]]
    scale = next(s for s in inst["scales"] if s["id"] == scale_id)
    hi = max(values)
    if scale["method"] == "mean":
        return float(hi)
    if scale["method"] == "sum":
        return float(hi * len(scale["items"]))
    return float(hi * (scale.get("factor") or 1))


def load_series(csv_text):
    """{client: {"instrument/rater/scale": [(session, value)]}} from the tidy CSV."""
    series = defaultdict(lambda: defaultdict(dict))
    sessions = defaultdict(set)
    for row in csv.DictReader(io.StringIO(csv_text)):
        sessions[row["client_id"]].add(int(row["session"]))
        if row["score"] == "":
            continue
        key = f'{row["instrument"]}/{row["rater"]}/{row["scale"]}'
        series[row["client_id"]][key][int(row["session"])] = float(row["score"])
    clean = {c: {k: sorted(v.items()) for k, v in d.items()} for c, d in series.items()}
    return clean, {c: len(s) for c, s in sessions.items()}


# ---------------------------------------------------------------- per-client rules
def at_least(drop, threshold):
    return drop > 0 and drop >= threshold - TOL * max(1.0, abs(threshold))


def rupture_events(points, cfg):
    values = [v for _, v in points]
    found = []
    for rule in ["stiles", "strauss", "reliableDrop", "belowCutoff"]:
        i = max(1, cfg["minimumSessions"] - 1)
        while i < len(points):
            earlier = np.array(values[:i])
            v = values[i]
            prev = values[i - 1]
            own = float(np.std(earlier, ddof=1)) if len(earlier) >= 2 else None
            shared = cfg["caseloadSD"]
            if cfg["deviationSource"] == "client":
                sd = own
            elif cfg["deviationSource"] == "caseload":
                sd = shared
            else:
                both = [x for x in (own, shared) if x is not None]
                sd = max(both) if both else None
            if sd is not None and sd <= 0:
                sd = None
            level = None
            if rule == "stiles" and cfg["stilesSDs"] is not None and sd is not None:
                mean = float(np.mean(earlier))
                if at_least(mean - v, cfg["stilesSDs"] * sd):
                    level = mean
            elif rule == "strauss" and cfg["straussSDs"] is not None and sd is not None:
                if at_least(prev - v, cfg["straussSDs"] * sd):
                    level = prev
            elif rule == "reliableDrop" and cfg["reliableChange"]:
                if at_least(prev - v, cfg["reliableChange"]):
                    level = prev
            elif rule == "belowCutoff" and cfg["levelCutoff"] is not None:
                if v < cfg["levelCutoff"]:
                    level = cfg["levelCutoff"]
            if level is None:
                i += 1
                continue
            trough, back = i, None
            for j in range(i + 1, len(points)):
                if values[j] >= level - TOL * max(1.0, abs(level)):
                    back = j
                    break
                if values[j] < values[trough]:
                    trough = j
            repaired = back is not None and back - i <= cfg["repairWindow"]
            found.append(dict(
                rule=rule, start=points[i][0], trough=points[trough][0], troughValue=values[trough],
                preDropLevel=level, depth=level - values[trough],
                length=(back if back is not None else len(points)) - i, repaired=repaired,
                repairedAt=points[back][0] if repaired else None, open=back is None))
            if back is None:
                break
            i = back
    order = ["stiles", "strauss", "reliableDrop", "belowCutoff"]
    return sorted(found, key=lambda e: (e["start"], order.index(e["rule"])))


def outcome_change(inst, points):
    if len(points) < 2:
        return None
    rc = inst.get("reliableChange") or {}
    cutoff = inst.get("cutoff")
    pre, post = points[0][1], points[-1][1]
    change = post - pre
    if rc.get("value"):
        index = None
        reliable = abs(change) >= rc["value"] - 1e-9 * max(1, rc["value"])
    elif rc.get("sd") and rc.get("reliability") is not None:
        index = change / (rc["sd"] * math.sqrt(2) * math.sqrt(1 - rc["reliability"]))
        reliable = abs(index) > 1.96
    else:
        return None
    higher_better = cutoff is not None and not cutoff["higherIsWorse"]
    improvement = change if higher_better else -change

    def clinical(x):
        if cutoff is None:
            return None
        return x <= cutoff["value"] if higher_better else x >= cutoff["value"]

    if reliable and improvement > 0:
        status = "recovered" if clinical(pre) is True and clinical(post) is False else "reliablyImproved"
    elif reliable and improvement < 0:
        status = "reliablyDeteriorated"
    else:
        status = "noReliableChange"
    return dict(pre=pre, post=post, change=change, index=index, reliable=reliable, status=status,
                preSession=points[0][0], postSession=points[-1][0])


def quadrant(anx, avo, cut):
    return {(False, False): "secure", (True, False): "preoccupied", (False, True): "dismissing",
            (True, True): "fearful"}[(anx > cut, avo > cut)]


# ---------------------------------------------------------------- caseload
def measure_value(points, measure):
    if measure == "mean":
        return float(np.mean([v for _, v in points])) if points else None
    return next((v for s, v in points if s == measure), None)


def residual_gain(pre, post):
    pre, post = np.asarray(pre), np.asarray(post)
    zpre = (pre - pre.mean()) / pre.std(ddof=1)
    zpost = (post - post.mean()) / post.std(ddof=1)
    r = np.corrcoef(pre, post)[0, 1]
    return zpost - r * zpre


def paths(x, m, y):
    x, m, y = map(np.asarray, (x, m, y))
    dx, dm = x - x.mean(), m - m.mean()
    s11, s22, s12 = dx @ dx, dm @ dm, dx @ dm
    if s11 <= 0 or s22 <= 0 or s11 * s22 - s12 * s12 <= 1e-12 * s11 * s22:
        return None
    ones = np.ones_like(x)
    a = np.linalg.lstsq(np.column_stack([ones, x]), m, rcond=None)[0][1]
    c = np.linalg.lstsq(np.column_stack([ones, x]), y, rcond=None)[0][1]
    both = np.linalg.lstsq(np.column_stack([ones, x, m]), y, rcond=None)[0]
    return dict(a=a, b=both[2], c=c, cPrime=both[1], indirect=a * both[2])


# ---------------------------------------------------------------- comparison
class Comparer:
    def __init__(self):
        self.largest = (0.0, "")
        self.problems = []

    def num(self, where, ours, theirs, tol):
        if ours is None or theirs is None:
            if ours is not None or theirs is not None:
                self.problems.append(f"{where}: {ours} vs {theirs}")
            return
        d = abs(float(ours) - float(theirs))
        if d > self.largest[0]:
            self.largest = (d, where)
        if d > tol:
            self.problems.append(f"{where}: {ours} vs {theirs} (difference {d:.3g})")

    def same(self, where, ours, theirs):
        if ours != theirs:
            self.problems.append(f"{where}: {ours!r} vs {theirs!r}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rapport", default=".build/debug/rapport")
    ap.add_argument("--data-dir")
    ap.add_argument("--assets", default="assets")
    ap.add_argument("--tolerance", type=float, default=1e-9)
    ap.add_argument("--analyze-args", default="", help='extra options for rapport analyze, e.g. "--sd client"')
    args = ap.parse_args()

    tmp = None
    data_dir = args.data_dir
    if data_dir is None:
        tmp = tempfile.TemporaryDirectory()
        data_dir = os.path.join(tmp.name, "demo")
        run([args.rapport, "demo", "--data-dir", data_dir])

    extra = args.analyze_args.split()
    report = json.loads(run([args.rapport, "analyze", "--json", "--data-dir", data_dir] + extra))
    series, session_counts = load_series(run([args.rapport, "export", "--format", "csv", "--data-dir", data_dir]))
    instruments = load_instruments(args.assets)
    opts = report["options"]
    cmp = Comparer()
    tol = args.tolerance

    # Caseload SDs.
    alliance_keys = []
    for inst_id in (opts["clientAlliance"], opts["therapistAlliance"]):
        rater = instruments[inst_id]["rater"]
        for scale in opts["ruptureScales"]:
            alliance_keys.append((inst_id, f"{inst_id}/{rater}/{scale}", scale))
    sds = {}
    for _, key, _ in alliance_keys:
        values = [v for c in series.values() for _, v in c.get(key, [])]
        sds[key] = float(np.std(values, ddof=1))
        cmp.num(f"caseloadSD {key}", report["caseloadSDs"].get(key), sds[key], tol)

    clients = {c["clientID"]: c for c in report["clients"]}
    cmp.same("client ids", sorted(clients), sorted(session_counts))
    events_checked = 0
    for cid in sorted(session_counts):
        ours = clients.get(cid)
        if ours is None:
            continue
        s = series.get(cid, {})
        cmp.same(f"{cid} sessions", ours["sessions"], session_counts[cid])
        # Ruptures and ceilings.
        expected, ceilings = [], []
        for inst_id, key, scale in alliance_keys:
            inst = instruments[inst_id]
            rc = inst.get("reliableChange") or {}
            rc_value = rc.get("value")
            if rc_value is None and rc.get("sd") and rc.get("reliability") is not None:
                rc_value = 1.96 * rc["sd"] * math.sqrt(2) * math.sqrt(1 - rc["reliability"])
            cut = inst.get("cutoff")
            cfg = dict(opts["rupture"])
            cfg["caseloadSD"] = cfg.get("caseloadSD", sds[key])
            primary = scale == inst["primaryScale"]
            cfg["reliableChange"] = cfg.get("reliableChange", rc_value if primary else None)
            cfg["levelCutoff"] = cfg.get(
                "levelCutoff", cut["value"] if primary and cut and not cut["higherIsWorse"] else None)
            for k in ("stilesSDs", "straussSDs"):
                cfg.setdefault(k, None)
            pts = s.get(key, [])
            expected += [dict(e, series=key) for e in rupture_events(pts, cfg)]
            top = scale_max(inst, scale)
            if len(pts) >= cfg["minimumSessions"] and all(v >= top - 1e-9 for _, v in pts):
                ceilings.append((key, len(pts)))
        got = ours["ruptures"]
        cmp.same(f"{cid} rupture count", len(got), len(expected))
        for g, e in zip(sorted(got, key=lambda x: (x["series"], x["start"], x["rule"])),
                        sorted(expected, key=lambda x: (x["series"], x["start"], x["rule"]))):
            where = f'{cid} {e["series"]} {e["rule"]}@{e["start"]}'
            for k in ("series", "rule", "start", "trough", "length", "repaired", "repairedAt", "open"):
                cmp.same(f"{where} {k}", g[k], e[k])
            for k in ("depth", "troughValue", "preDropLevel"):
                cmp.num(f"{where} {k}", g[k], e[k], tol)
            events_checked += 1
        cmp.same(f"{cid} ceilings", sorted((c["series"], c["sessions"]) for c in ours["ceilings"]), sorted(ceilings))

        # Gap and divergence.
        ca, ta = opts["clientAlliance"], opts["therapistAlliance"]
        cr, tr = instruments[ca]["rater"], instruments[ta]["rater"]
        for scale_gap in ours["gap"]["scales"]:
            sc = scale_gap["scale"]
            cl = dict(s.get(f"{ca}/{cr}/{sc}", []))
            th = dict(s.get(f"{ta}/{tr}/{sc}", []))
            both = sorted(set(cl) & set(th))
            gaps = np.array([cl[k] - th[k] for k in both])
            cmp.same(f"{cid} gap {sc} sessions", [g["session"] for g in scale_gap["sessions"]], both)
            cmp.num(f"{cid} gap {sc} mean", scale_gap["meanGap"], float(gaps.mean()), tol)
            cmp.num(f"{cid} gap {sc} mean abs", scale_gap["meanAbsoluteGap"], float(np.abs(gaps).mean()), tol)
        subs = {sc: dict(s.get(f"{ca}/{cr}/{sc}", [])) for sc in opts["allianceSubscales"]}
        div = []
        for session in sorted(set().union(*[set(v) for v in subs.values()])):
            vals = {k: v[session] for k, v in subs.items() if session in v}
            if len(vals) >= 2:
                d = max(vals.values()) - min(vals.values())
                if d > 0 and d >= opts["divergenceThreshold"] - 1e-9 * max(1, opts["divergenceThreshold"]):
                    div.append((session, d))
        cmp.same(f"{cid} divergence sessions", [d["session"] for d in ours["divergence"]], [d[0] for d in div])
        for d, e in zip(ours["divergence"], div):
            cmp.num(f"{cid} divergence {e[0]}", d["difference"], e[1], tol)

        # Outcomes.
        got_out = {o["instrument"]: o for o in ours["outcomes"]}
        for inst_id in opts["outcomes"]:
            inst = instruments.get(inst_id)
            if inst is None:
                continue
            e = outcome_change(inst, s.get(f'{inst_id}/{inst["rater"]}/{inst["primaryScale"]}', []))
            g = got_out.get(inst_id)
            cmp.same(f"{cid} {inst_id} present", g is not None, e is not None)
            if g and e:
                cmp.same(f"{cid} {inst_id} status", g["change"]["status"], e["status"])
                cmp.num(f"{cid} {inst_id} change", g["change"]["change"], e["change"], tol)
                cmp.num(f"{cid} {inst_id} index", g["change"].get("index"), e["index"], tol)

        # Attachment.
        for inst_id in opts["attachment"]:
            rater = instruments[inst_id]["rater"]
            anx = dict(s.get(f"{inst_id}/{rater}/anxiety", []))
            avo = dict(s.get(f"{inst_id}/{rater}/avoidance", []))
            pts = [(k, anx[k], avo[k]) for k in sorted(set(anx) & set(avo))]
            if pts:
                att = ours.get("attachment") or {"points": []}
                cmp.same(f"{cid} attachment instrument", ours.get("attachmentInstrument"), inst_id)
                cmp.same(f"{cid} attachment quadrants", [p["quadrant"] for p in att["points"]],
                         [quadrant(a, v, opts["attachmentCut"]) for _, a, v in pts])
                for p, (_, a, v) in zip(att["points"], pts):
                    cmp.num(f"{cid} attachment anxiety", p["anxiety"], a, tol)
                    cmp.num(f"{cid} attachment avoidance", p["avoidance"], v, tol)
                break

    # Alliance-outcome.
    measure = opts["allianceMeasure"]
    outcome = instruments[opts["caseloadOutcome"]]
    okey = f'{outcome["id"]}/{outcome["rater"]}/{outcome["primaryScale"]}'
    akey = f'{opts["clientAlliance"]}/{instruments[opts["clientAlliance"]]["rater"]}/{opts["allianceScale"]}'
    rows, excluded = [], []
    for cid in sorted(session_counts):
        s = series.get(cid, {})
        a = measure_value(s.get(akey, []), measure)
        o = s.get(okey, [])
        if a is None:
            excluded.append(cid)
        elif len(o) < 2:
            excluded.append(cid)
        else:
            rows.append((cid, a, o[0][1], o[-1][1]))
    ao = report["allianceOutcome"]
    cmp.same("allianceOutcome n", ao["n"], len(rows))
    cmp.same("allianceOutcome excluded", [e["clientID"] for e in ao["excluded"]], excluded)
    rg = residual_gain([r[2] for r in rows], [r[3] for r in rows])
    res = stats.pearsonr([r[1] for r in rows], rg)
    r = float(res.statistic)
    z = stats.norm.ppf(0.975)
    half = z / math.sqrt(len(rows) - 3)
    cmp.num("allianceOutcome r", ao["r"], r, tol)
    cmp.num("allianceOutcome p", ao["p"], float(res.pvalue), tol)
    cmp.num("allianceOutcome ci lower", ao["ci"][0], math.tanh(math.atanh(r) - half), tol)
    cmp.num("allianceOutcome ci upper", ao["ci"][1], math.tanh(math.atanh(r) + half), tol)
    for inc, g in zip(ao["included"], rg):
        cmp.num(f'residual gain {inc["clientID"]}', inc["residualGain"], float(g), tol)

    # Mediation.
    ikey = f'{opts["identification"]}/{instruments[opts["identification"]]["rater"]}/{opts["identificationScale"]}'
    mrows, mexcluded = [], []
    for cid in sorted(session_counts):
        s = series.get(cid, {})
        x = measure_value(s.get(ikey, []), measure)
        m = measure_value(s.get(akey, []), measure)
        o = s.get(okey, [])
        if x is None or m is None or len(o) < 2:
            mexcluded.append(cid)
        else:
            mrows.append((x, m, o[0][1], o[-1][1]))
    med = report["mediation"]
    cmp.same("mediation excluded", [e["clientID"] for e in med["excluded"]], mexcluded)
    x = np.array([r[0] for r in mrows])
    m = np.array([r[1] for r in mrows])
    y = residual_gain([r[2] for r in mrows], [r[3] for r in mrows])
    full = paths(x, m, y)
    for k in ("a", "b", "c", "cPrime", "indirect"):
        cmp.num(f"mediation {k}", med[k], full[k], tol)
    rng = Xoshiro(med["seed"])
    n = len(mrows)
    est, skipped = [], 0
    for _ in range(med["resamples"]):
        idx = [rng.index(n) for _ in range(n)]
        p = paths(x[idx], m[idx], y[idx])
        if p is None:
            skipped += 1
        else:
            est.append(p["indirect"])
    lo, hi = np.percentile(est, [2.5, 97.5])
    cmp.same("mediation skipped resamples", med["skippedResamples"], skipped)
    cmp.num("mediation ci lower", med["ci"][0], lo, tol)
    cmp.num("mediation ci upper", med["ci"][1], hi, tol)

    print(f"clients {len(clients)}, rupture events {events_checked}, alliance-outcome n {ao['n']}, "
          f"mediation n {med['n']} with {med['resamples']} resamples")
    print(f"largest absolute difference: {cmp.largest[0]:.3g} ({cmp.largest[1]})")
    if cmp.problems:
        print(f"{len(cmp.problems)} mismatches:")
        for p in cmp.problems[:30]:
            print("  " + p)
        sys.exit(1)
    print("all checks agree within tolerance", args.tolerance)


if __name__ == "__main__":
    main()
