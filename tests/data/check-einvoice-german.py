#!/usr/bin/python3
"""Fails when a message marked for translation in src/core/einvoice/ (the readiness check
above all) has no German: missing from po/de.po, fuzzy there, or with an empty msgstr."""
import glob
import os
import re
import subprocess
import sys
import tempfile

top = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..")
sources = sorted(glob.glob(os.path.join(top, "src", "core", "einvoice", "*.c")))
de_po = os.path.join(top, "po", "de.po")
if not sources:
    sys.exit(f"no sources under {top}/src/core/einvoice")

with tempfile.TemporaryDirectory() as tmp:
    pot = os.path.join(tmp, "einvoice.pot")
    subprocess.run(["xgettext", "--from-code=UTF-8", "--keyword=_", "--keyword=N_",
                    "--keyword=C_:1c,2", "--keyword=NC_:1c,2", "--keyword=ngettext:1,2",
                    "--add-location=file", "-o", pot] + sources, check=True)
    if not os.path.exists(pot):
        sys.exit("xgettext found no translatable message in src/core/einvoice")
    merged = os.path.join(tmp, "merged.po")
    # Without fuzzy matching, a message de.po lacks comes out of msgmerge untranslated.
    subprocess.run(["msgmerge", "--quiet", "--no-fuzzy-matching", "-o", merged, de_po, pot],
                   check=True)
    problems = []
    for kind, option in (("no German", "--untranslated"), ("fuzzy German", "--only-fuzzy")):
        listed = subprocess.run(["msgattrib", option, "--no-obsolete", "--no-wrap",
                                 "--no-location", merged],
                                check=True, capture_output=True, text=True).stdout
        for entry in re.split(r"\n\n+", listed):
            msgid = "".join(re.findall(r'^(?:msgid )?"(.*)"$',
                                       entry.split("msgstr")[0], re.MULTILINE))
            if msgid:
                problems.append(f"po/de.po has {kind} for \"{msgid}\"")
    if problems:
        sys.exit("\n".join(problems))
    with open(pot, encoding="utf-8") as f:
        count = sum(1 for line in f if line.startswith("msgid ")) - 1
    print(f"all {count} messages of src/core/einvoice have German in po/de.po")
