#!/usr/bin/env python3
"""The overall mutation score (issue 9 item 5; README "Mutation testing", "Overall").

collect: reads the samples (sample-b*.json) and Stryker JSON reports of runs over their --mutate lists, and writes
  results.json: one row per sampled mutant with the status of the widest run that tested it (a wider test set can
  only kill more; a compile error is a compile error in any run).
  usage: estimate.py collect <sampleDir> <out results.json> <stratum>=<report.json> ...
append: adds batch B's rows (sample-bB.json, statuses from the reports as in collect) to an existing results.json,
  so that a later batch can be measured on a later tree without re-running the earlier ones.
  usage: estimate.py append <sampleDir> <results.json> <B> <stratum>=<report.json> ...
estimate: the three folders measured file by file enter exactly (their killed + timeout K and non-compile-error D,
  summed from the README tables); the rest is estimated per stratum from the sample:
  score = (K + sum_h N_h (1 - c_h) p_h) / (D + sum_h N_h (1 - c_h)), N_h the stratum's mutants, c_h its sampled
  compile-error share, p_h its sampled killed share of the rest. 'Ignored' (a static mutant that --ignoreStatic
  skipped) counts as undetected, so the figure is a lower bound on top of the narrowed test sets' lower bound.
  95 % interval: bootstrap within strata (20 000 resamples, seed 1).
  A file measured whole after the sample was drawn moves out of its stratum (post-stratification): its killed +
  timeout k and non-compile-error d join K and D, its mutants leave N_h and its sampled rows are dropped.
  usage: estimate.py estimate <results.json> <K> <D> [<file>=<k>/<d>/<mutants> ...]
"""
import json, random, sys
from collections import Counter

POP = {'numeric': 8076, 'claim': 3462, 'certified': 2010}
RANK = {'CompileError': 4, 'Killed': 3, 'Timeout': 3, 'Survived': 1, 'NoCoverage': 1, 'Ignored': 0}


def key_of_report(fn, m):
    l = m['location']
    return (fn, l['start']['line'], l['start']['column'], l['end']['line'], l['end']['column'], m['mutatorName'], m.get('replacement'))


def key_of_sample(m):
    l = m['loc']  # 0-based lines and columns (Stryker's API); reports are 1-based in both
    s, e = l['start'], l['end']
    return (m['file'], s['line'] + 1, s['column'] + 1, e['line'] + 1, e['column'] + 1, m['mutator'], m['replacement'])


def best_statuses(pairs):
    best = {}
    for pair in pairs:
        g, rep = pair.split('=', 1)
        for fn, v in json.load(open(rep))['files'].items():
            for m in v['mutants']:
                k = (g,) + key_of_report(fn, m)
                if k not in best or RANK[m['status']] > RANK[best[k]]:
                    best[k] = m['status']
    return best


def batch_rows(sample_dir, b, best):
    rows = []
    for g, ms in json.load(open(f'{sample_dir}/sample-b{b}.json')).items():
        for m in ms:
            k = key_of_sample(m)
            rows.append({'batch': b, 'stratum': g, 'file': m['file'], 'line': k[1], 'column': k[2],
                         'mutator': m['mutator'], 'replacement': m['replacement'],
                         'status': best.get((g,) + k, 'NotRun')})
    return rows


def collect(sample_dir, out, pairs):
    best = best_statuses(pairs)
    rows, b = [], 1
    while True:
        try:
            rows += batch_rows(sample_dir, b, best)
        except FileNotFoundError:
            break
        b += 1
    json.dump(rows, open(out, 'w'), indent=0)
    print(Counter((r['stratum'], r['status']) for r in rows))


def append(sample_dir, results, b, pairs):
    rows = json.load(open(results))
    if any(r['batch'] == b for r in rows):
        raise SystemExit(f'{results} already holds batch {b}')
    new = batch_rows(sample_dir, b, best_statuses(pairs))
    json.dump(rows + new, open(results, 'w'), indent=0)
    print(f'batch {b}:', Counter((r['stratum'], r['status']) for r in new))


def score(by, K, D, out=None):
    k_sum = d_sum = 0.0
    for g, sts in by.items():
        c = Counter(sts)
        n, ce = len(sts), c['CompileError']
        kill = c['Killed'] + c['Timeout']
        und = len(sts) - ce - kill
        nonce = POP[g] * (n - ce) / n
        p = kill / (kill + und)
        if out is not None:
            out[g] = (n, dict(c), kill, kill + und, p, nonce)
        k_sum += nonce * p
        d_sum += nonce
    return (K + k_sum) / (D + d_sum), k_sum, d_sum


def estimate(results, K, D, exact=()):
    rows = json.load(open(results))
    for spec in exact:
        f, nums = spec.split('=', 1)
        k, d, mutants = (int(x) for x in nums.split('/'))
        strata = {r['stratum'] for r in rows if r['file'] == f}
        dropped = sum(r['file'] == f for r in rows)
        rows = [r for r in rows if r['file'] != f]
        g = strata.pop() if strata else ('certified' if f.startswith('src/certified/') else 'claim' if f.startswith(('src/claim/', 'src/define/')) else 'numeric')
        POP[g] -= mutants
        K, D = K + k, D + d
        print(f'{f}: measured whole, {k} of {d}; {dropped} sampled rows dropped from {g}')
    if any(r['status'] == 'NotRun' for r in rows):
        raise SystemExit('some sampled mutants were not run: ' + str(sum(r['status'] == 'NotRun' for r in rows)))
    by = {}
    for r in rows:
        by.setdefault(r['stratum'], []).append(r['status'])
    parts = {}
    total, ks, ds = score(by, K, D, parts)
    for g, (n, c, kill, d, p, nonce) in parts.items():
        print(f'{g}: {POP[g]} mutants, {n} sampled {c}: {kill} of {d} killed = {100 * p:.1f} % (~{nonce:.0f} non-compile-error)')
    print(f'sampled strata together: {100 * ks / ds:.1f} % of ~{ds:.0f}; measured folders: {K} of {D} = {100 * K / D:.1f} %')
    rng, bs = random.Random(1), []
    for _ in range(20000):
        try:
            bs.append(score({g: [v[rng.randrange(len(v))] for _ in v] for g, v in by.items()}, K, D)[0])
        except ZeroDivisionError:
            pass
    bs.sort()
    lo, hi = bs[int(0.025 * len(bs))], bs[int(0.975 * len(bs))]
    below = sum(x < 0.75 for x in bs) / len(bs)
    print(f'overall: {100 * total:.1f} % (95 % interval {100 * lo:.1f}-{100 * hi:.1f} %; bootstrap share below 75 %: {below:.3f})')


if __name__ == '__main__':
    if sys.argv[1:2] == ['collect']:
        collect(sys.argv[2], sys.argv[3], sys.argv[4:])
    elif sys.argv[1:2] == ['append']:
        append(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5:])
    elif sys.argv[1:2] == ['estimate']:
        estimate(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5:])
    else:
        raise SystemExit(__doc__)
