#!/usr/bin/env python3
"""Turns BenchmarkDotNet's full JSON report (and the generator-cost JSON) into
benchmarks/results/latest.json, docs/performance.md and docs/performance-ratios.svg.

Standard library only. Run by benchmarks/run.sh; it can be re-run on kept inputs:
    python3 benchmarks/report.py --bdn FILE.json --generator FILE.json --mode full ...
"""
import argparse
import datetime
import json
import math
import os
import platform

SCENARIOS = {
    "OneRow": "one_row",
    "List500": "list_500",
    "Count": "scalar_count",
    "Stream10k": "stream_10k",
    "InsertOne": "insert_one",
    "InsertMany": "insert_many",
    "Connect": "connect",
}
SCENARIO_TITLES = {
    "one_row": "One track by key (9 columns)",
    "list_500": "500 rows into a list",
    "scalar_count": "Scalar count",
    "stream_10k": "10,000 rows streamed (IAsyncEnumerable)",
    "insert_one": "One insert, 5 parameters",
    "insert_many": "1,000 inserts in one transaction",
    "connect": "Connect + scalar query + dispose",
    "insert_many_loop": "1,000 inserts: hand-written prepared-command loop",
    "one_row_positional": "One track by key: hand-written with $1",
    "insert_one_positional": "One insert: hand-written with $1..$5",
    "insert_many_positional": "1,000 inserts: hand-written DbBatch with $1..$5",
    "one_row_prepared": "One track by key: hand-written with $1, prepared",
    "insert_one_prepared": "One insert: hand-written with $1..$5, prepared",
    "insert_many_prepared": "1,000 inserts: hand-written DbBatch with $1..$5, prepared",
    "scalar_count_prepared": "Scalar count: hand-written, prepared",
}
IMPLEMENTATIONS = {"Handwritten": "handwritten", "Sqlmint": "sqlmint", "Dapper": "dapper", "EfCore": "efcore"}
# PostgresOnly's methods: (scenario, implementation).
POSTGRES_ONLY = {
    "HandwrittenBatch": ("insert_many", "handwritten"),
    "HandwrittenBatchPositional": ("insert_many_positional", "handwritten"),
    "OneRowPositional": ("one_row_positional", "handwritten"),
    "InsertOnePositional": ("insert_one_positional", "handwritten"),
    "HandwrittenBatchPrepared": ("insert_many_prepared", "handwritten"),
    "OneRowPrepared": ("one_row_prepared", "handwritten"),
    "InsertOnePrepared": ("insert_one_prepared", "handwritten"),
    "CountPrepared": ("scalar_count_prepared", "handwritten"),
}
MAIN_ORDER = ["one_row", "list_500", "scalar_count", "stream_10k", "insert_one", "insert_many", "connect"]
DATABASES = ["sqlite", "postgresql"]
IMPL_ORDER = ["handwritten", "sqlmint", "dapper", "efcore"]
COLORS = {"sqlmint": "#2a9d8f", "dapper": "#e9c46a", "efcore": "#e76f51"}


def peer_cells(by, scenario, database, s, met):
    """'yes (1.23×)' or '**no** (0.97×)' for Sqlmint against Dapper and EF Core, counting what is met."""
    cells = []
    for peer in ["dapper", "efcore"]:
        p = by.get((scenario, database, peer))
        if p:
            ok = s["mean_ns"] < p["mean_ns"]
            met[peer] += ok
            cells.append(f"{'yes' if ok else '**no**'} ({p['mean_ns'] / s['mean_ns']:.2f}×)")
        else:
            cells.append("n/a")
    return cells


def load_interleaved(path):
    """The interleaved run's rows by (scenario, database, implementation); the PostgreSQL DbBatch floor is 'floor'."""
    with open(path, encoding="utf-8") as f:
        raw = json.load(f)
    by = {}
    for r in raw:
        scenario = SCENARIOS.get(r["class"])
        if r["method"] == "HandwrittenBatch":
            impl = "floor" if r["database"] == "postgresql" else None
        elif r["method"] == "HandwrittenPrepared":
            impl = "prepared"
        else:
            impl = IMPLEMENTATIONS.get(r["method"])
        if scenario and impl:
            by[(scenario, r["database"], impl)] = r
    return by, max((r["rounds"] for r in raw), default=0)


def chart_rows(by):
    """The interleaved means in latest.json's row shape, each scenario's floor as 'handwritten', for the chart."""
    rows = []
    for (scenario, database, impl), r in by.items():
        if impl == "prepared" or (impl == "handwritten" and (scenario, database, "floor") in by):
            continue
        if impl == "floor":
            impl = "handwritten"
        rows.append({"scenario": scenario, "database": database, "implementation": impl, "mean_ns": r["mean_ns"]})
    return rows


def interleaved_section(w, path):
    """The same scenarios measured interleaved (see Interleaved.cs): the ratios a drifting machine cannot skew."""
    by, rounds = load_interleaved(path)
    w("## Interleaved measurement")
    w("")
    w("BenchmarkDotNet measures one implementation after another. On this machine the database server shares the 2 cores "
      "with the benchmark, and the speed of the machine drifts during a case, so the drift lands on whichever implementation "
      "ran at the time: in the table above, code paths that make the same driver calls differ by up to 28%. "
      f"`Sqlmint.Benchmarks --interleaved` (run by `run.sh` after the suite) measures the same scenario classes differently: "
      f"{rounds} rounds, each running a batch of about 50 ms of every implementation in a new random order, so drift falls on "
      "all of them alike. The mean is over the rounds' per-call means. On PostgreSQL the execute-many floor is the hand-written "
      "`DbBatch`, in the same table as the others.")
    w("")
    w("The Δ alloc column is exact: bytes allocated on the measuring thread (`GC.GetAllocatedBytesForCurrentThread`) per call, "
      "over all rounds, Sqlmint minus the floor. BenchmarkDotNet's column counts the whole process, so the thread pool's and "
      "timers' allocations land on whichever case is running. It is left empty for the asynchronous stream, whose "
      "continuations run on other threads.")
    w("")
    w("| Scenario | Database | Hand-written | Sqlmint | Dapper | EF Core | Sqlmint vs hand-written (≤ 1.05) | Δ alloc (≤ +64 B) | Faster than Dapper | Faster than EF Core |")
    w("|---|---|---:|---:|---:|---:|---:|---:|---|---|")
    met = {"mean": 0, "dapper": 0, "efcore": 0, "alloc": 0}
    total = 0
    counted = 0
    for scenario in MAIN_ORDER:
        for database in DATABASES:
            base = by.get((scenario, database, "floor")) or by.get((scenario, database, "handwritten"))
            s = by.get((scenario, database, "sqlmint"))
            if not base or not s:
                continue
            total += 1
            ratio = s["mean_ns"] / base["mean_ns"]
            ok_mean = ratio <= 1.05
            met["mean"] += ok_mean
            cells = peer_cells(by, scenario, database, s, met)
            times = [fmt_time(x["mean_ns"]) if x else "" for x in (base, s, by.get((scenario, database, "dapper")), by.get((scenario, database, "efcore")))]
            alloc = ""
            if scenario != "stream_10k" and "thread_allocated_bytes" in s and "thread_allocated_bytes" in base:
                delta = round(s["thread_allocated_bytes"] - base["thread_allocated_bytes"])
                ok_alloc = delta <= 64
                counted += 1
                met["alloc"] += ok_alloc
                alloc = f"{'' if ok_alloc else '**'}{fmt_delta(delta)}{'' if ok_alloc else ' (missed)**'}"
            w(f"| {SCENARIO_TITLES[scenario]} | {database} | {' | '.join(times)} | {'' if ok_mean else '**'}{ratio:.3f}{'' if ok_mean else ' (missed)**'} | {alloc} | {cells[0]} | {cells[1]} |")
    w("")
    w(f"Met in the interleaved run: mean within 5% on {met['mean']}/{total}; allocations within +64 B on {met['alloc']}/{counted} "
      f"(synchronous scenarios); faster than Dapper on {met['dapper']}/{total}; faster than EF Core on {met['efcore']}/{total}.")
    w("")
    prepared = [(scenario, by[(scenario, "postgresql", "prepared")]) for scenario in MAIN_ORDER if (scenario, "postgresql", "prepared") in by]
    if prepared:
        w("On PostgreSQL Sqlmint prepares each fixed statement (finding 11 below), which the floor above does not. "
          "The same rounds also ran hand-written code that does what Sqlmint does, `$n` parameters and `Prepare()` on each new "
          "command, so the best a hand-written command can do:")
        w("")
        w("| Scenario | Hand-written, `$n` + `Prepare()` | Sqlmint | Sqlmint vs it (≤ 1.05) | It vs the named floor |")
        w("|---|---:|---:|---:|---:|")
        ok = 0
        for scenario, r in prepared:
            s = by.get((scenario, "postgresql", "sqlmint"))
            base = by.get((scenario, "postgresql", "floor")) or by.get((scenario, "postgresql", "handwritten"))
            ratio = s["mean_ns"] / r["mean_ns"]
            ok += ratio <= 1.05
            w(f"| {SCENARIO_TITLES[scenario]} | {fmt_time(r['mean_ns'])} | {fmt_time(s['mean_ns'])} | "
              f"{'' if ratio <= 1.05 else '**'}{ratio:.3f}{'' if ratio <= 1.05 else ' (missed)**'} | {r['mean_ns'] / base['mean_ns']:.3f} |")
        w("")
        w(f"Sqlmint within 5% of prepared hand-written code: {ok}/{len(prepared)}.")
        w("")


def load_rows(bdn_path):
    with open(bdn_path, encoding="utf-8") as f:
        report = json.load(f)
    rows = []
    for b in report["Benchmarks"]:
        stats = b.get("Statistics")
        if not stats:
            continue
        params = dict(p.split("=", 1) for p in (b.get("Parameters") or "").split("&") if "=" in p)
        database = params.get("Database", "")
        cls, method = b["Type"], b["Method"]
        if cls == "PostgresOnly":
            if method not in POSTGRES_ONLY:
                continue
            scenario, impl = POSTGRES_ONLY[method]
        elif cls in SCENARIOS and method in IMPLEMENTATIONS:
            scenario, impl = SCENARIOS[cls], IMPLEMENTATIONS[method]
            # On PostgreSQL the execute-many floor is the hand-written DbBatch (PostgresOnly.HandwrittenBatch);
            # the prepared-command loop is reported beside it.
            if scenario == "insert_many" and impl == "handwritten" and database == "postgresql":
                scenario = "insert_many_loop"
        else:
            continue
        memory = b.get("Memory") or {}
        mean = stats["Mean"]
        margin = (stats.get("ConfidenceInterval") or {}).get("Margin")
        rows.append({
            "scenario": scenario,
            "database": database,
            "implementation": impl,
            "mean_ns": round(mean, 1),
            "allocated_bytes": int(memory.get("BytesAllocatedPerOperation", 0)),
            "_stddev_ns": stats.get("StandardDeviation"),
            "_margin_ns": margin,
            "_n": stats.get("N"),
        })
    return report, rows


def fmt_time(ns):
    if ns >= 1e6:
        return f"{ns / 1e6:,.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:,.1f} µs"
    return f"{ns:,.0f} ns"


def fmt_bytes(b):
    if b >= 10 * 1024 * 1024:
        return f"{b / 1024 / 1024:,.1f} MB"
    if b >= 10 * 1024:
        return f"{b / 1024:,.1f} KB"
    return f"{b:,} B"


def fmt_delta(b):
    sign = "+" if b > 0 else ("−" if b < 0 else "±")
    return f"{sign}{fmt_bytes(abs(b))}"


def index(rows):
    return {(r["scenario"], r["database"], r["implementation"]): r for r in rows}


def svg_chart(rows, path, title):
    """Grouped horizontal bars: mean time of Sqlmint, Dapper and EF Core relative to hand-written, log scale."""
    by = index(rows)
    groups = []
    for scenario in MAIN_ORDER:
        for database in DATABASES:
            base = by.get((scenario, database, "handwritten"))
            if not base:
                continue
            bars = []
            for impl in ["sqlmint", "dapper", "efcore"]:
                r = by.get((scenario, database, impl))
                if r:
                    bars.append((impl, r["mean_ns"] / base["mean_ns"]))
            groups.append((f"{scenario} · {database}", bars))
    if not groups:
        return
    ratios = [v for _, bars in groups for _, v in bars]
    lo = min(0.5, min(ratios) * 0.9)
    hi = max(2.0, max(ratios) * 1.15)
    left, right, top, bar_h, gap = 210, 70, 70, 11, 12
    width = 900
    plot_w = width - left - right
    height = top + sum(len(b) * bar_h + gap for _, b in groups) + 50

    def x(v):
        return left + plot_w * (math.log10(v) - math.log10(lo)) / (math.log10(hi) - math.log10(lo))

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{width / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">{title}</text>']
    # Legend.
    lx = left
    for impl in ["sqlmint", "dapper", "efcore"]:
        out.append(f'<rect x="{lx}" y="32" width="12" height="12" fill="{COLORS[impl]}"/>')
        out.append(f'<text x="{lx + 16}" y="42">{impl}</text>')
        lx += 90
    out.append(f'<line x1="{lx + 10}" y1="38" x2="{lx + 30}" y2="38" stroke="#555" stroke-dasharray="4,3"/>')
    out.append(f'<text x="{lx + 34}" y="42">1.05 (target for sqlmint)</text>')
    # Grid.
    ticks = [t for t in [0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 20, 50, 100, 200] if lo <= t <= hi]
    for t in ticks:
        out.append(f'<line x1="{x(t):.1f}" y1="{top - 8}" x2="{x(t):.1f}" y2="{height - 40}" stroke="{"#000" if t == 1 else "#ddd"}" stroke-width="{1.5 if t == 1 else 1}"/>')
        out.append(f'<text x="{x(t):.1f}" y="{height - 26}" text-anchor="middle">{t:g}×</text>')
    out.append(f'<line x1="{x(1.05):.1f}" y1="{top - 8}" x2="{x(1.05):.1f}" y2="{height - 40}" stroke="#555" stroke-dasharray="4,3"/>')
    y = top
    for label, bars in groups:
        gh = len(bars) * bar_h
        out.append(f'<text x="{left - 8}" y="{y + gh / 2 + 4:.1f}" text-anchor="end">{label}</text>')
        for impl, v in bars:
            x0, x1 = x(min(1, v)), x(max(1, v))
            out.append(f'<rect x="{x0:.1f}" y="{y}" width="{max(1, x1 - x0):.1f}" height="{bar_h - 1}" fill="{COLORS[impl]}"/>')
            out.append(f'<text x="{x1 + 3:.1f}" y="{y + bar_h - 2}" font-size="9">{v:.2f}</text>')
            y += bar_h
        y += gap
    out.append("</svg>")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bdn", required=True)
    ap.add_argument("--generator")
    ap.add_argument("--mode", default="full")
    ap.add_argument("--nproc", default=str(os.cpu_count()))
    ap.add_argument("--load-before", default="")
    ap.add_argument("--load-after", default="")
    ap.add_argument("--commit", default="")
    ap.add_argument("--json-out", default="benchmarks/results/latest.json")
    ap.add_argument("--page", default="docs/performance.md")
    ap.add_argument("--svg", default="docs/performance-ratios.svg")
    ap.add_argument("--notes", default="benchmarks/notes.md")
    ap.add_argument("--seconds", default="")
    ap.add_argument("--interleaved", default="benchmarks/results/interleaved.json",
                    help="the interleaved measurement (Sqlmint.Benchmarks --interleaved), if present")
    ap.add_argument("--date", default="", help="the run's date (default: now), when re-rendering kept inputs")
    a = ap.parse_args()

    report, rows = load_rows(a.bdn)
    rows.sort(key=lambda r: (
        MAIN_ORDER.index(r["scenario"]) if r["scenario"] in MAIN_ORDER else 100 + len(r["scenario"]),
        r["scenario"], DATABASES.index(r["database"]) if r["database"] in DATABASES else 9,
        IMPL_ORDER.index(r["implementation"])))
    os.makedirs(os.path.dirname(a.json_out), exist_ok=True)
    with open(a.json_out, "w", encoding="utf-8") as f:
        json.dump([{k: v for k, v in r.items() if not k.startswith("_")} for r in rows], f, indent=2)
        f.write("\n")
    # The chart shows the interleaved run when there is one: its ratios are the ones the page says to read.
    interleaved = a.interleaved and os.path.exists(a.interleaved)
    svg_chart(chart_rows(load_interleaved(a.interleaved)[0]) if interleaved else rows, a.svg,
              "Mean time relative to hand-written ADO.NET, " + ("interleaved run" if interleaved else "BenchmarkDotNet run")
              + " (log scale; 1.0 = hand-written, lower is faster)")

    by = index(rows)
    gen = None
    if a.generator and os.path.exists(a.generator):
        with open(a.generator, encoding="utf-8") as f:
            gen = json.load(f)
    host = report.get("HostEnvironmentInfo", {})
    today = a.date or datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    cpu = host.get("ProcessorName", platform.processor() or "?")
    md = []
    w = md.append
    w("# Performance")
    w("")
    w("<!-- Generated by benchmarks/run.sh (benchmarks/report.py) from a BenchmarkDotNet run; the analysis comes from benchmarks/notes.md. -->")
    w("")
    w(f"* **Run:** {today}, `{a.mode}` mode ({'3 warmups + 15 measured iterations of ~250 ms' if a.mode == 'full' else '1 warmup + 3 iterations of ~100 ms: indicative only'}), "
      f"BenchmarkDotNet {report.get('Title', '').split('-')[0] and host.get('BenchmarkDotNetVersion', '')}, in-process toolchain, memory diagnoser on."
      + (f" Suite time: {a.seconds} s." if a.seconds else ""))
    w(f"* **Machine:** `nproc` = {a.nproc}; {cpu}; {host.get('OsVersion', platform.platform())}; {host.get('RuntimeVersion', '')}.")
    w(f"* **Load average** (1/5/15 min) before the suite: {a.load_before or '?'}; after: {a.load_after or '?'}. Other jobs shared this machine; see the error column.")
    if a.commit:
        w(f"* **Code:** `{a.commit}`.")
    w("* **Databases:** SQLite (a file copy of Chinook, snake_case names, WAL, `synchronous=NORMAL`) and PostgreSQL 15 (a private throwaway cluster, "
      "`fsync=off`, on 127.0.0.1), both loaded with Chinook plus `bench_row` (10,000 rows) and `bench_insert` (the write target).")
    w("* **Peers:** Dapper 2.1.86; EF Core 10.0.14 (`Microsoft.EntityFrameworkCore.Sqlite`; 10.0.0 is not on the package mirror, 10.0.14 is) and "
      "`Npgsql.EntityFrameworkCore.PostgreSQL` 10.0.0 (on the mirror, so EF Core runs on both databases). Npgsql 10.0.0, Microsoft.Data.Sqlite 10.0.14.")
    w("")
    w("How to run: `benchmarks/run.sh` (full; about 15 min on 2 cores) or `benchmarks/run.sh --quick` (about 4–5 min including the build and the generator-cost program, on this loaded machine). Extra arguments go to BenchmarkDotNet, "
      "e.g. `benchmarks/run.sh --quick --filter '*OneRow*'`. Output: `benchmarks/results/latest.json`, this page, and the chart below.")
    w("")
    w("![Mean time relative to hand-written](performance-ratios.svg)")
    w("")
    w("The chart shows the interleaved measurement (see below): every implementation runs in each round, in random order, "
      "so a drift in the machine's speed cannot favour one of them. The BenchmarkDotNet table follows.")
    w("")

    # Results table.
    w("## Results")
    w("")
    w("Ratios are to hand-written ADO.NET on the same database; Δ alloc is the extra managed memory allocated per call. "
      "± is BenchmarkDotNet's 99.9% confidence half-interval as a share of the mean.")
    w("")
    w("| Scenario | Database | Implementation | Mean | ± | Ratio | Allocated | Δ alloc |")
    w("|---|---|---|---:|---:|---:|---:|---:|")
    for scenario in MAIN_ORDER:
        for database in DATABASES:
            base = by.get((scenario, database, "handwritten"))
            for impl in IMPL_ORDER:
                r = by.get((scenario, database, impl))
                if not r:
                    continue
                err = f"{100 * r['_margin_ns'] / r['mean_ns']:.0f}%" if r.get("_margin_ns") and r["mean_ns"] else ""
                ratio = f"{r['mean_ns'] / base['mean_ns']:.2f}" if base else ""
                delta = fmt_delta(r["allocated_bytes"] - base["allocated_bytes"]) if base else ""
                name = impl
                if scenario == "insert_many" and database == "postgresql" and impl == "handwritten":
                    name = "handwritten (DbBatch)"
                elif scenario == "insert_many" and impl == "handwritten":
                    name = "handwritten (prepared loop)"
                w(f"| {SCENARIO_TITLES[scenario]} | {database} | {name} | {fmt_time(r['mean_ns'])} | {err} | {ratio} | {fmt_bytes(r['allocated_bytes'])} | {delta} |")
    w("")
    extras = [r for r in rows if r["scenario"] not in MAIN_ORDER]
    if extras:
        w("Hand-written variants reported beside the floor (PostgreSQL):")
        w("")
        w("| Variant | Mean | ± | Allocated | vs. the named-parameter floor |")
        w("|---|---:|---:|---:|---:|")
        floor_of = {"insert_many_loop": "insert_many", "one_row_positional": "one_row",
                    "insert_one_positional": "insert_one", "insert_many_positional": "insert_many",
                    "one_row_prepared": "one_row", "insert_one_prepared": "insert_one",
                    "insert_many_prepared": "insert_many", "scalar_count_prepared": "scalar_count"}
        for r in extras:
            base = by.get((floor_of.get(r["scenario"], ""), r["database"], "handwritten"))
            err = f"{100 * r['_margin_ns'] / r['mean_ns']:.0f}%" if r.get("_margin_ns") else ""
            ratio = f"{r['mean_ns'] / base['mean_ns']:.2f}× time, {fmt_delta(r['allocated_bytes'] - base['allocated_bytes'])}" if base else ""
            w(f"| {SCENARIO_TITLES.get(r['scenario'], r['scenario'])} | {fmt_time(r['mean_ns'])} | {err} | {fmt_bytes(r['allocated_bytes'])} | {ratio} |")
        w("")

    # Targets.
    w("## Targets")
    w("")
    w("| Scenario | Database | Sqlmint mean vs hand-written (≤ 1.05) | Δ alloc (≤ +64 B) | Faster than Dapper | Faster than EF Core |")
    w("|---|---|---:|---:|---|---|")
    met = {"mean": 0, "alloc": 0, "dapper": 0, "efcore": 0}
    total = 0
    for scenario in MAIN_ORDER:
        for database in DATABASES:
            base = by.get((scenario, database, "handwritten"))
            s = by.get((scenario, database, "sqlmint"))
            if not base or not s:
                continue
            total += 1
            ratio = s["mean_ns"] / base["mean_ns"]
            delta = s["allocated_bytes"] - base["allocated_bytes"]
            ok_mean, ok_alloc = ratio <= 1.05, delta <= 64
            cells = peer_cells(by, scenario, database, s, met)
            met["mean"] += ok_mean
            met["alloc"] += ok_alloc
            w(f"| {SCENARIO_TITLES[scenario]} | {database} | {'' if ok_mean else '**'}{ratio:.3f}{'' if ok_mean else ' (missed)**'} | "
              f"{'' if ok_alloc else '**'}{fmt_delta(delta)}{'' if ok_alloc else ' (missed)**'} | {cells[0]} | {cells[1]} |")
    w("")
    w(f"Met: mean within 5% on {met['mean']}/{total}; allocations within +64 B on {met['alloc']}/{total}; "
      f"faster than Dapper on {met['dapper']}/{total}; faster than EF Core on {met['efcore']}/{total}.")
    w("")
    s = by.get(("insert_many", "postgresql", "sqlmint"))
    d = by.get(("insert_many", "postgresql", "dapper"))
    if s and d:
        x = d["mean_ns"] / s["mean_ns"]
        w(f"Execute-many on PostgreSQL: Dapper's `Execute(sql, list)` takes {fmt_time(d['mean_ns'])}, Sqlmint's DbBatch {fmt_time(s['mean_ns'])}: "
          f"**{x:.1f}×** faster (target ≥ 3×: {'met' if x >= 3 else 'missed'}).")
        w("")

    if a.interleaved and os.path.exists(a.interleaved):
        interleaved_section(w, a.interleaved)

    # Positional and prepared.
    w("## PostgreSQL: positional parameters and prepared statements (issue item 5)")
    w("")
    w("On an Npgsql connection the generated code sends the SQL rewritten at build time to `$1…$n` with unnamed parameters "
      "(`__positional = __connection is NpgsqlConnection`), so Npgsql skips parsing the SQL, and it prepares each fixed statement "
      "(`Prepare()`; on the server once per physical connection, then a lookup). The floor above is hand-written code with "
      "named `@p` parameters that prepares nothing; the ratios below compare Sqlmint to it, and two hand-written variants to the "
      "same floor: `$n` alone, and `$n` with `Prepare()` (what Sqlmint does). BenchmarkDotNet run:")
    w("")
    w("| Scenario | Sqlmint / hand-written (named) | hand-written `$n` / hand-written (named) | hand-written `$n` + `Prepare()` / hand-written (named) |")
    w("|---|---:|---:|---:|")
    for scenario in ["one_row", "insert_one", "insert_many", "scalar_count"]:
        base = by.get((scenario, "postgresql", "handwritten"))
        s = by.get((scenario, "postgresql", "sqlmint"))
        cells = [by.get((scenario + suffix, "postgresql", "handwritten")) for suffix in ("_positional", "_prepared")]
        if base and s:
            ratios = " | ".join(f"{v['mean_ns'] / base['mean_ns']:.3f}" if v else "" for v in cells)
            w(f"| {SCENARIO_TITLES[scenario]} | {s['mean_ns'] / base['mean_ns']:.3f} | {ratios} |")
    w("")

    # Generator cost.
    w("## Generator cost (issue item 6)")
    w("")
    if gen:
        ok = gen["full_run_median_ms"] < 1000
        w(f"`benchmarks/GeneratorCost` builds a compilation with {gen['methods']:,} `[Query]`/`[Execute]` methods (10 classes; lists, single rows, "
          f"scalars, async, streams, executes) and drives the generator with `CSharpGeneratorDriver`:")
        w("")
        w("| Measure | Time |")
        w("|---|---:|")
        w(f"| Full run, fresh driver and fresh compilation symbols (median of {gen['runs']}; min {gen['full_run_min_ms']:,} ms, max {gen['full_run_max_ms']:,} ms) | **{gen['full_run_median_ms']:,} ms** |")
        w(f"| First run in the process (includes JIT of Roslyn and the generator) | {gen['cold_ms']:,} ms |")
        w(f"| Run after an edit to an unrelated file (median) | {gen['unrelated_edit_median_ms']:,} ms |")
        w("")
        w(f"It wrote {gen['files']} files ({gen['generated_chars']:,} characters), with no errors. Target < 1 s for a full run: "
          f"**{'met' if ok else 'missed'}**. After the unrelated edit, {gen['unrelated_edit_reemitted']} of {gen['unrelated_edit_outputs']} outputs "
          f"were re-emitted ({'none: every output Cached/Unchanged' if gen['unrelated_edit_reemitted'] == 0 else 'target missed'}); "
          "the same property is asserted by tests/GeneratorTests/Pipeline/IncrementalCachingTests.cs.")
    else:
        w("Not measured in this run.")
    w("")
    if os.path.exists(a.notes):
        with open(a.notes, encoding="utf-8") as f:
            w(f.read().rstrip())
        w("")
    with open(a.page, "w", encoding="utf-8") as f:
        f.write("\n".join(md))
    print(f"wrote {a.json_out} ({len(rows)} rows), {a.page}, {a.svg}")


if __name__ == "__main__":
    main()
