#!/usr/bin/env python3
"""settings-table.py [BIN_DIR | --image IMAGE] - prints the settings table of docs/OPERATIONS.md.

Runs `dure-<svc> --help` for the four services (from BIN_DIR, default build/bin, or inside the
container image with podman) with no DURE_* variable set, so every value shown is the built-in
default, and merges the four lists: one row per setting, with the services that have it.
Defaults that differ only by the port block (71x0, 91x0) are shown once with x. Secret
settings are masked by --help ("(set)"); their default is taken from common/dure_config.c.
"""
import os
import re
import subprocess
import sys

SERVICES = ["catalog", "order", "logistics", "packaging"]
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def help_text(svc, bin_dir, image):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DURE_")}
    if image:
        cmd = ["podman", "run", "--rm", "--entrypoint", "/usr/bin/env", image,
               "-u", "DURE_HTTP_ADDRESS", "-u", "DURE_TIME_ZONE", f"dure-{svc}", "--help"]
    else:
        cmd = [os.path.join(bin_dir, f"dure-{svc}"), "--help"]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, check=False).stdout + \
        subprocess.run(cmd, env=env, capture_output=True, text=True, check=False).stderr


def parse(svc, text):
    rows = []
    prefix = f"DURE_{svc.upper()}_"
    for line in text.splitlines():
        m = re.match(r"^\s+(" + prefix + r"\S+)\s+(\S+)\s+(.*)$", line)
        if m:
            rows.append((m.group(1)[len(prefix):], m.group(2), m.group(3).strip()))
    return rows


def source_default(key):
    src = open(os.path.join(root, "common", "dure_config.c"), encoding="utf-8").read()
    m = re.search(r'\{"' + re.escape(key) + r'",\s*"([^"]*)"', src)
    return m.group(1) if m else "(set)"


def main():
    args = sys.argv[1:]
    image = None
    bin_dir = os.path.join(root, "build", "bin")
    if args[:1] == ["--image"]:
        image = args[1]
    elif args:
        bin_dir = args[0]
    settings = {}  # key -> {"order": n, "help": str, "values": {svc: value}}
    for block, svc in enumerate(SERVICES, start=1):
        rows = parse(svc, help_text(svc, bin_dir, image))
        if not rows:
            sys.exit(f"settings-table: no settings from dure-{svc} --help")
        for n, (key, value, text) in enumerate(rows):
            if value == "(set)":
                value = source_default(key)
            value = value.replace(f"71{block}", "71x").replace(f"91{block}", "91x")
            if value == '""':
                value = ""
            if key == "DB_SCHEMA" and value == svc:
                value = "the service name"
            entry = settings.setdefault(key, {"order": (n if len(settings) < 1000 else 0, block),
                                               "help": text, "values": {}})
            entry["values"][svc] = value
    print("| variable | default | meaning | services |")
    print("|---|---|---|---|")
    for key, e in sorted(settings.items(), key=lambda kv: (len(kv[1]["values"]) < 4, kv[1]["order"][1], kv[1]["order"][0])):
        svcs = list(e["values"])
        distinct = set(e["values"].values())
        if len(distinct) == 1:
            default = next(iter(distinct))
            default = f"`{default}`" if default else "(empty)"
        else:
            default = ", ".join(f"{s}: `{v}`" for s, v in e["values"].items())
        if len(svcs) == 4:
            var, who = f"`DURE_[<SVC>_]{key}`", "all"
        else:
            var, who = f"`DURE_{svcs[0].upper()}_{key}`" if len(svcs) == 1 else f"`DURE_[<SVC>_]{key}`", ", ".join(svcs)
        print(f"| {var} | {default} | {e['help'].replace('|', '/')} | {who} |")


main()
