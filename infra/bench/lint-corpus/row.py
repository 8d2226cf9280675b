"""One corpus case's row of results.tsv: what dbops (the gate's JSON plan) and squawk (its JSON report) said."""
import json, sys
name, label, gate_exit, dbops_file, squawk_file, hygiene = sys.argv[1:7]
hygiene = set(hygiene.split())
try:
    plan = json.load(open(dbops_file))
    findings = plan["findings"]
    blocked = plan["blocked"]
except ValueError:  # Flyway refused the script: the gate exits 1 without a plan
    findings, blocked = [], gate_exit == "1"
warned = blocked or any(f["severity"] in ("warning", "critical") for f in findings)
dbops_rules = ",".join(sorted({f["ruleId"] + ":" + f["severity"] for f in findings if f["severity"] != "info"})) or "-"
try:
    violations = json.load(open(squawk_file))
except ValueError:
    violations = []
rules = sorted({v["rule_name"] for v in violations})
sq_blocked = any(r not in hygiene for r in rules)
print("\t".join([name, label, str(blocked).lower(), str(warned).lower(), dbops_rules, str(sq_blocked).lower(),
                 str(bool(rules)).lower(), ",".join(rules) or "-"]))
