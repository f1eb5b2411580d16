#!/usr/bin/env python3
"""Checks the Grafana dashboard against the alert rules and the documented meters (python3 stdlib only).

    python3 ops/check-dashboard.py [dashboard.json] [alerts.yml] [README.md]

- the dashboard parses as JSON;
- every panel (rows aside, nested ones included) has a datasource and at least one target, each with an `expr`;
- it has a panel for each figure the alerts watch (FIGURES below), and every metric an alert's `expr` names
  appears in some panel's `expr`;
- every invsync metric a panel uses is one the README's metrics table documents or an alert names; any other metric is one of the standard ones Spring,
  Micrometer and Prometheus publish (`up`, STANDARD_PREFIXES).
Exit 0 when all hold; otherwise each fault on its own line and exit 1.
"""
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# figure -> (what an expr must contain, a description for the fault message)
FIGURES = {
    "service up": (lambda e: "up" in metric_names(e), "up"),
    "discrepancies": (lambda e: "invsync_discrepancies" in metric_names(e), "invsync_discrepancies"),
    "sync lag p99": (lambda e: "invsync_sync_lag_seconds_bucket" in metric_names(e)
                     and re.search(r"histogram_quantile\s*\(\s*0?\.99\s*,", e),
                     "histogram_quantile(0.99, ... invsync_sync_lag_seconds_bucket ...)"),
    "inventory run age": (lambda e: "invsync_inventory_run_age_seconds" in metric_names(e),
                          "invsync_inventory_run_age_seconds"),
    "dead letters": (lambda e: "invsync_dlq_records_total" in metric_names(e), "invsync_dlq_records_total"),
    "push failures": (lambda e: "invsync_cart_push_total" in metric_names(e)
                      and re.search(r'outcome\s*=~?\s*"[^"]*FAILED', e),
                      'invsync_cart_push_total{outcome="FAILED"}'),
    "reconcile drift": (lambda e: "invsync_reconcile_drift_total" in metric_names(e), "invsync_reconcile_drift_total"),
}

STANDARD_PREFIXES = ("http_server_requests_", "http_client_requests_", "jvm_", "process_", "system_",
                     "kafka_", "executor_", "disk_", "logback_", "tomcat_", "application_", "spring_")

# PromQL words that look like identifiers but name no metric
KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless",
            "offset", "inf", "nan", "sum", "min", "max", "avg", "count", "stddev", "stdvar", "topk", "bottomk",
            "quantile", "count_values", "group", "atan2", "start", "end"}


def metric_names(expr):
    """The metric names a PromQL expression selects (label matchers, ranges, grouping lists and calls aside)."""
    e = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)
    e = re.sub(r"\{[^}]*\}", " ", e)
    e = re.sub(r"\[[^\]]*\]", " ", e)
    e = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", e)
    names = set()
    for m in re.finditer(r"(?<![\w:$.])([A-Za-z_:][\w:]*)(?![\w:])(?!\s*\()", e):
        if m.group(1).lower() not in KEYWORDS:
            names.add(m.group(1))
    return names


def panels(items):
    for panel in items:
        yield panel
        yield from panels(panel.get("panels", []))


def rules(text):
    """(kind, name, expr) of each rule in a rules file, kind `alert` or `record`, without a YAML parser: the expr is
    the value on the `expr:` line, or the block scalar indented under it."""
    found, lines, i = [], text.splitlines(), 0
    kind = name = None
    while i < len(lines):
        line = lines[i]
        rule = re.match(r"\s*-\s+(alert|record):\s*(\S+)", line)
        if rule:
            kind, name = rule.group(1), rule.group(2)
        m = re.match(r"(\s*)expr:\s*(.*)$", line)
        if m and kind:
            indent, value = len(m.group(1)), m.group(2).strip()
            if value in ("", ">", ">-", "|", "|-"):
                block = []
                while i + 1 < len(lines) and (not lines[i + 1].strip()
                                              or len(lines[i + 1]) - len(lines[i + 1].lstrip()) > indent):
                    i += 1
                    block.append(lines[i].strip())
                value = " ".join(block)
            found.append((kind, name, value.strip("'\"")))
        i += 1
    return found


def alerted_metrics(text):
    """The metrics the alerting rules' exprs select, a recording rule's name replaced by what it records from."""
    found = rules(text)
    recorded = {name: metric_names(expr) for kind, name, expr in found if kind == "record"}

    def resolve(names, seen=()):
        out = set()
        for n in names:
            out |= resolve(recorded[n], seen + (n,)) if n in recorded and n not in seen else {n}
        return out

    return set().union(set(), *(resolve(metric_names(expr)) for kind, _, expr in found if kind == "alert"))


def documented_meters(readme):
    """The Prometheus names in the README's metrics table: `invsync_x_seconds_bucket/_count/_sum` gives three."""
    names = set()
    for cell in re.findall(r"\(`(invsync_[\w/]+)`\)", readme):
        first, *others = cell.split("/")
        names.add(first)
        stem = first.rsplit("_", 1)[0]
        names.update(stem + suffix for suffix in others)
    return names


def main(argv):
    dashboard_path = Path(argv[1]) if len(argv) > 1 else ROOT / "ops/grafana/dashboards/invsync.json"
    alerts_path = Path(argv[2]) if len(argv) > 2 else ROOT / "ops/prometheus/alerts.yml"
    readme_path = Path(argv[3]) if len(argv) > 3 else ROOT / "README.md"
    faults = []
    try:
        dashboard = json.loads(dashboard_path.read_text(encoding="utf-8"))
    except ValueError as e:
        print(f"{dashboard_path}: not JSON: {e}")
        return 1

    exprs = []
    for panel in panels(dashboard.get("panels", [])):
        if panel.get("type") == "row":
            continue
        name = f"panel {panel.get('id')} \"{panel.get('title', '')}\""
        if not panel.get("datasource"):
            faults.append(f"{name}: no datasource")
        targets = panel.get("targets") or []
        if not targets:
            faults.append(f"{name}: no targets")
        for target in targets:
            expr = (target.get("expr") or "").strip()
            if not expr:
                faults.append(f"{name}: target {target.get('refId')} has no expr")
            else:
                exprs.append((name, expr))

    for figure, (shows, wanted) in FIGURES.items():
        if not any(shows(expr) for _, expr in exprs):
            faults.append(f"no panel shows {figure}: an expr with {wanted}")

    used = set().union(*(metric_names(expr) for _, expr in exprs)) if exprs else set()
    alerted = alerted_metrics(alerts_path.read_text(encoding="utf-8"))
    for metric in sorted(alerted - used):
        faults.append(f"{alerts_path.name} alerts on {metric}, which no panel shows")
    known = alerted | documented_meters(readme_path.read_text(encoding="utf-8"))
    for name, expr in exprs:
        for metric in sorted(metric_names(expr)):
            if metric.startswith("invsync"):
                if metric not in known:
                    faults.append(f"{name}: {metric} is neither in {readme_path.name}'s metrics table nor in an alert")
            elif metric != "up" and not metric.startswith(STANDARD_PREFIXES):
                faults.append(f"{name}: {metric} is no invsync meter and no standard one")

    for fault in faults:
        print(f"{dashboard_path.name}: {fault}")
    if faults:
        return 1
    print(f"{dashboard_path.name}: {len(exprs)} expressions; figures {', '.join(FIGURES)} all shown; "
          f"{len(alerted)} metrics of the alerts all shown")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
