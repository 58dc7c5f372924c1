#!/usr/bin/env python3
"""Builds the scheduler's `runtime` input from <config-dir>/runtime.

Follows the loading rules of verwalter (spec section 1.2):
  * the folder is walked recursively; names starting with ".", ending with
    "~" or ".bak", or of the form "#...#" are skipped;
  * only *.yaml, *.yml, *.json and *.txt files are read; .txt files become
    their whole text as a string;
  * the key path is the path relative to runtime/, one key per component,
    with a yaml/yml/json/txt/d extension removed from each component;
  * intermediate keys become objects (a non-object in the way is replaced),
    the leaf is replaced by the file's value;
  * an unreadable or unparsable file is skipped.

Limitation (deliberate, stdlib only): YAML files must be "JSON-compatible
YAML", i.e. a JSON document, optionally preceded by whole-line "#" comments.
Anything else is reported on stderr and makes the script fail, so the
reference never silently disagrees with a real YAML parser.

Files are visited in sorted order (verwalter uses directory order, which
only matters when two files map to the same key; the examples avoid that).

Usage: build-runtime.py CONFIG_DIR   -> prints the runtime JSON on stdout
"""
import json
import os
import re
import sys

READ_EXTS = {"yaml", "yml", "json", "txt"}
STRIP_EXTS = {"yaml", "yml", "json", "txt", "d"}


def skipped(name):
    return (name.startswith(".") or name.endswith("~") or name.endswith(".bak")
            or re.fullmatch(r"#.*#", name) is not None)


def extension(name):
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:  # no dot, or a leading dot only
        return None
    return ext


def key_of(component):
    ext = extension(component)
    if ext in STRIP_EXTS:
        return component[: -len(ext) - 1]
    return component


def read_yaml_subset(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    body = "\n".join(l for l in lines if not l.lstrip().startswith("#"))
    if not body.strip():
        return None  # an empty YAML document is null
    try:
        return json.loads(body)
    except ValueError as e:
        raise SystemExit(f"{path}: not JSON-compatible YAML ({e}); "
                         "this reference builder only reads that subset")


def read_file(path, ext):
    if ext == "txt":
        with open(path, encoding="utf-8", newline="") as f:
            return f.read()
    if ext == "json":
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    return read_yaml_subset(path)


def build(runtime_dir):
    tree = {}
    if not os.path.isdir(runtime_dir):
        return tree
    for root, dirs, files in os.walk(runtime_dir, followlinks=True):
        dirs[:] = sorted(d for d in dirs if not skipped(d))
        for name in sorted(files):
            if skipped(name):
                continue
            ext = extension(name)
            if ext not in READ_EXTS:
                continue
            path = os.path.join(root, name)
            try:
                value = read_file(path, ext)
            except (OSError, UnicodeDecodeError, ValueError) as e:
                print(f"skipping {path}: {e}", file=sys.stderr)
                continue
            rel = os.path.relpath(path, runtime_dir).split(os.sep)
            keys = [key_of(c) for c in rel]
            node = tree
            for k in keys[:-1]:
                if not isinstance(node.get(k), dict):
                    node[k] = {}
                node = node[k]
            node[keys[-1]] = value
    return tree


def main():
    if len(sys.argv) != 2:
        raise SystemExit("usage: build-runtime.py CONFIG_DIR")
    tree = build(os.path.join(sys.argv[1], "runtime"))
    json.dump(tree, sys.stdout, indent=2, sort_keys=True, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
