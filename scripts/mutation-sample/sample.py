#!/usr/bin/env python3
"""Draws batch B of the simple random sample behind the overall mutation score estimate (issue 9 item 5; README
"Mutation testing", "Overall"). Population: every mutant of list-mutants.mjs outside the three folders measured
file by file (src/theory, src/certify, src/certified/ufm). One seeded shuffle; batch B is entries (B-1)n..Bn-1 of
it, so every batch is itself a simple random sample. Writes, per stratum (numeric: linalg, models, geometry,
losses; claim: claim, define; certified: the rest of src/certified), the sample and Stryker's --mutate list with
each mutant's exact range (file:line:col-line:col, 1-based lines, 0-based columns as Stryker reads them).

usage: sample.py <mutants.json> <outDir> <batch> <n> [seed=20261204]
"""
import json, random, sys

mutants_file, out, batch, n = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
seed = int(sys.argv[5]) if len(sys.argv) > 5 else 20261204
ms = json.load(open(mutants_file))
measured = ('src/theory/', 'src/certify/', 'src/certified/ufm/')
pop = [m for m in ms if not m['file'].startswith(measured)]
strata = {
    'numeric': ('src/linalg/', 'src/models/', 'src/geometry/', 'src/losses/'),
    'claim': ('src/claim/', 'src/define/'),
    'certified': ('src/certified/',),
}


def stratum(f):
    for g, prefixes in strata.items():
        if f.startswith(prefixes):
            return g
    raise SystemExit('no stratum for ' + f)


perm = pop[:]
random.Random(seed).shuffle(perm)
chosen = perm[(batch - 1) * n : batch * n]
by = {}
for m in chosen:
    by.setdefault(stratum(m['file']), []).append(m)
sizes = {g: sum(stratum(m['file']) == g for m in pop) for g in strata}
print(f'population {len(pop)} {sizes}; batch {batch}: ' + str({g: len(v) for g, v in by.items()}))
json.dump(by, open(f'{out}/sample-b{batch}.json', 'w'))
for g, v in by.items():
    pats = sorted(
        {
            f"{m['file']}:{m['loc']['start']['line'] + 1}:{m['loc']['start']['column']}-"
            f"{m['loc']['end']['line'] + 1}:{m['loc']['end']['column']}"
            for m in v
        }
    )
    open(f'{out}/mutate-b{batch}-{g}.txt', 'w').write(','.join(pats))
