#!/usr/bin/env python3
"""Writes every top-level (module ...) of the .wast files given, and the text of each
(module quote ...), as one .wat file each into OUT_DIR: the text reader's fuzzing seeds.
Usage: wast_modules.py OUT_DIR FILE.wast..."""
import os
import re
import sys


def forms(text):
    """Yields the top-level parenthesised forms of a script, skipping comments and strings."""
    i, depth, start, n = 0, 0, 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith(";;", i):
            i = text.find("\n", i)
            i = n if i < 0 else i
            continue
        if text.startswith("(;", i):
            nest, i = 1, i + 2
            while i < n and nest:
                if text.startswith("(;", i):
                    nest, i = nest + 1, i + 2
                elif text.startswith(";)", i):
                    nest, i = nest - 1, i + 2
                else:
                    i += 1
            continue
        if c == '"':
            i += 1
            while i < n and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
        elif c == "(":
            if depth == 0:
                start = i
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                yield text[start:i + 1]
        i += 1


def main():
    out, files = sys.argv[1], sys.argv[2:]
    os.makedirs(out, exist_ok=True)
    count = 0
    for path in files:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        for form in forms(text):
            for module in re.finditer(r"\(module\b", form):
                body = list(forms(form[module.start():]))
                if not body or " binary" in body[0][:40]:
                    continue
                count += 1
                with open(os.path.join(out, f"seed{count:05}.wat"), "w", encoding="utf-8") as f:
                    f.write(body[0])
                break
    print(f"{count} seeds")


main()
