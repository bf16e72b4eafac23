"""PyVRP on a folder of Solomon-layout instances, side by side with `rounds bench`.

The comparison the solver issue asks for: the same instances, machine, time
limit and concurrency as `rounds bench DIR --time-limit T --jobs J --seeds K`,
each run one process on one thread. Times, distances and loads are scaled by
10 000 (loads too, so that PyVRP's penalties for excess load and for time warp
stay in proportion) and every leg rounded up, as rounds does, so a route PyVRP accepts keeps every
window with exact distances too; each route is then checked here (windows,
capacity, every customer once) and its distance recomputed unrounded, the
figure `bks.csv` gives.

    pip install pyvrp==0.14.1
    python3 benches/pyvrp_side_by_side.py DIR TIME_LIMIT SEEDS JOBS BKS_CSV

Prints one row per instance and seed, then the mean and worst gap per family
and overall. docs/benchmarks.md shows what it measured.
"""

import csv
import glob
import os
import re
import sys
import time
from multiprocessing import Pool

import numpy as np
from pyvrp import Client, Depot, Location, ProblemData, VehicleType, solve
from pyvrp.stop import MaxRuntime

SCALE = 10_000

# Rounding room for summing exact legs in floating point.
EPSILON = 1e-9


def read_solomon(path):
    """Name, fleet size, capacity and the rows (number, x, y, demand, ready, due, service)."""
    lines = open(path).read().split("\n")
    header = next(k for k, line in enumerate(lines) if line.strip().startswith("NUMBER"))
    vehicles, capacity = map(int, lines[header + 1].split())
    rows = []
    for line in lines[header + 2 :]:
        fields = line.split()
        if len(fields) == 7 and fields[0].isdigit():
            rows.append(tuple(map(int, fields)))
    return lines[0].strip(), vehicles, capacity, rows


def run(job):
    path, limit, seed = job
    name, vehicles, capacity, rows = read_solomon(path)
    xy = np.array([(r[1], r[2]) for r in rows], dtype=float)
    exact = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(-1))
    legs = np.ceil(exact * SCALE).astype(np.int64)
    depot = rows[0]
    data = ProblemData(
        [Location(x, y) for x, y in xy],
        [
            Client(k, delivery=[r[3] * SCALE], service_duration=r[6] * SCALE, tw_early=r[4] * SCALE, tw_late=r[5] * SCALE)
            for k, r in enumerate(rows[1:], start=1)
        ],
        [Depot(0, tw_early=depot[4] * SCALE, tw_late=depot[5] * SCALE)],
        [VehicleType(vehicles, capacity=[capacity * SCALE], tw_early=depot[4] * SCALE, tw_late=depot[5] * SCALE)],
        [legs],
        [legs],
    )
    started = time.time()
    result = solve(data, stop=MaxRuntime(limit), seed=seed, collect_stats=False, display=False)
    seconds = time.time() - started
    # A client's index counts clients from 0; its row (and place) is one more.
    routes = [[a.idx + 1 for a in r.schedule() if a.is_client()] for r in result.best.routes()]
    distance, valid, seen = 0.0, result.is_feasible(), []
    for route in routes:
        clock, here, load = float(depot[4]), 0, 0
        for stop in route:
            clock = max(clock + exact[here, stop], rows[stop][4])
            valid &= clock <= rows[stop][5] + EPSILON
            clock += rows[stop][6]
            load += rows[stop][3]
            distance += exact[here, stop]
            here = stop
            seen.append(stop)
        distance += exact[here, 0]
        valid &= clock + exact[here, 0] <= depot[5] + EPSILON and load <= capacity
    valid &= sorted(seen) == list(range(1, len(rows)))
    return name, seed, len(routes), distance, seconds, valid


def family(name):
    return re.match(r"(RC|R|C)[12]", name).group(0)


def main():
    folder, limit, seeds, jobs, bks_csv = sys.argv[1:6]
    best_known = {r["instance"]: float(r["bks_distance_only"]) for r in csv.DictReader(open(bks_csv))}
    work = [
        (path, float(limit), seed)
        for path in sorted(glob.glob(os.path.join(folder, "*.txt")))
        for seed in range(1, int(seeds) + 1)
    ]
    with Pool(int(jobs)) as pool:
        solved = pool.map(run, work, chunksize=1)
    runs = []
    for name, seed, vehicles, distance, seconds, valid in solved:
        gap = 100 * (distance - best_known[name]) / best_known[name]
        runs.append((name, seed, vehicles, distance, best_known[name], gap, seconds, valid))
    print("instance seed vehicles distance best_known gap seconds valid")
    for r in runs:
        print("%s %d %d %.2f %.2f %+.2f%% %.1f %s" % r)
    gaps = {}
    for r in runs:
        gaps.setdefault(family(r[0]), []).append(r[5])
    for name, family_gaps in sorted(gaps.items()):
        print("%s mean %+.2f%% worst %+.2f%%" % (name, sum(family_gaps) / len(family_gaps), max(family_gaps)))
    overall = sum(r[5] for r in runs) / len(runs)
    print("overall mean %+.2f%%, %d of %d valid" % (overall, sum(r[7] for r in runs), len(runs)))


if __name__ == "__main__":
    main()
