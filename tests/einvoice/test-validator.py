#!/usr/bin/python3
"""Proves that validate.py runs the official rules: every vendored valid sample passes all rule
sets that apply to it, and copies broken on purpose at run time are each reported with the rule
the norm names for that fault.

Usage: test-validator.py samples|mutations
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
VALIDATE = HERE / "validate.py"
RULES = HERE / "rules"
CEN_EXAMPLES = RULES / "cen-en16931" / "examples"
TESTSUITE = RULES / "xrechnung-testsuite"

failures = []


def check(condition, what):
    print("%s - %s" % ("ok" if condition else "not ok", what))
    if not condition:
        failures.append(what)


def run(args, env=None):
    began = time.monotonic()
    result = subprocess.run([sys.executable, str(VALIDATE)] + [str(a) for a in args],
                            capture_output=True, text=True, env=env)
    print("# validate.py %s: exit %d in %.1f s"
          % (" ".join(str(a) for a in args[:3]), result.returncode, time.monotonic() - began))
    return result


def run_json(args):
    result = run(["--json"] + args)
    try:
        report = json.loads(result.stdout)
    except ValueError:
        print(result.stdout + result.stderr)
        raise
    for name, seconds in report["timings"].items():
        print("#   %s: %.2f s" % (name, seconds))
    return result.returncode, {Path(f["path"]).name: f for f in report["files"]}


def test_samples():
    cen = sorted(CEN_EXAMPLES.rglob("*.xml"))
    kosit = sorted(TESTSUITE.rglob("*.xml"))
    check(len(cen) >= 20 and len(kosit) >= 40, "found %d CEN and %d XRechnung samples"
          % (len(cen), len(kosit)))
    code, files = run_json([CEN_EXAMPLES, TESTSUITE])
    check(code == 0, "validate.py exits 0 on all %d vendored samples" % len(files))
    for p in cen + kosit:
        f = files.get(p.name)
        if f is None:
            check(False, "%s was reported" % p.name)
            continue
        expected = ["schema", "en16931"] + (["xrechnung"] if p in kosit else [])
        bad = [m for m in f["messages"] if m["flag"] != "information"]
        check(f["checks"] == expected and not bad and f["valid"],
              "%s passes %s with 0 errors and 0 warnings%s"
              % (p.name, "+".join(expected),
                 "" if not bad else ": " + "; ".join("%s %s" % (m["flag"], m["id"]) for m in bad)))
    # Information is shown but does not fail: the test suite has BR-DE-TMP-32 notes.
    informed = [n for n, f in files.items()
                if any(m["flag"] == "information" for m in f["messages"])]
    check(informed and all(files[n]["valid"] for n in informed),
          "%d samples carry information messages and still pass" % len(informed))


def edit(source, old, new, count=1):
    text = source.read_text()
    assert text.count(old) >= count, "%s no longer contains %r" % (source.name, old)
    return text.replace(old, new, count)


# name, source file, edit (old, new), expected rule set, expected rule id, why
MUTATIONS = [
    ("cii-line-total.xml", CEN_EXAMPLES / "cii" / "CII_example1.xml",
     ("<ram:LineTotalAmount>19.9</ram:LineTotalAmount>",
      "<ram:LineTotalAmount>19.91</ram:LineTotalAmount>"),
     "en16931", "BR-CO-10", "a CII line total one cent off no longer sums to BT-106"),
    ("ubl-line-total.xml", CEN_EXAMPLES / "ubl" / "ubl-tc434-example1.xml",
     ('<cbc:LineExtensionAmount currencyID="EUR">19.90</cbc:LineExtensionAmount>',
      '<cbc:LineExtensionAmount currencyID="EUR">19.91</cbc:LineExtensionAmount>'),
     "en16931", "BR-CO-10", "a UBL line total one cent off no longer sums to BT-106"),
    ("xr-cii-no-buyer-reference.xml", TESTSUITE / "cii" / "01.01a-INVOICE_uncefact.xml",
     ("<ram:BuyerReference>04011000-12345-03</ram:BuyerReference>", ""),
     "xrechnung", "BR-DE-15", "an XRechnung CII without the buyer reference (Leitweg-ID)"),
    ("xr-ubl-no-buyer-reference.xml", TESTSUITE / "ubl" / "01.01a-INVOICE_ubl.xml",
     ("<cbc:BuyerReference>04011000-12345-03</cbc:BuyerReference>", ""),
     "xrechnung", "BR-DE-15", "an XRechnung UBL without the buyer reference (Leitweg-ID)"),
    ("cii-unknown-element.xml", CEN_EXAMPLES / "cii" / "CII_example1.xml",
     ("<rsm:ExchangedDocument>", "<rsm:ExchangedDocument><ram:NotAnElement>1</ram:NotAnElement>"),
     "schema", "XSD", "a CII element the D16B schema does not know"),
    ("ubl-unknown-element.xml", CEN_EXAMPLES / "ubl" / "ubl-tc434-example1.xml",
     ("<cbc:ID>12115118</cbc:ID>",
      "<cbc:ID>12115118</cbc:ID><cbc:NotAnElement>1</cbc:NotAnElement>"),
     "schema", "XSD", "a UBL element the 2.1 schema does not know"),
    ("cii-amount-not-a-number.xml", CEN_EXAMPLES / "cii" / "CII_example1.xml",
     ("<ram:LineTotalAmount>19.9</ram:LineTotalAmount>",
      "<ram:LineTotalAmount>abc</ram:LineTotalAmount>"),
     "en16931", "SAXON", "an amount that is no number stops the EN 16931 rules on that file"),
    ("ubl-warning-only.xml", CEN_EXAMPLES / "ubl" / "ubl-tc434-example1.xml",
     ("<cbc:ID>12115118</cbc:ID>",
      "<cbc:ID>12115118</cbc:ID><cbc:UUID>6e6f3b3c-5d1a-4c5b-9a38-0c0c2a1b9d11</cbc:UUID>"),
     "en16931", "UBL-CR-005", "a schema-valid UUID the EN 16931 UBL rules warn about"),
]

# Files that must be refused before any rule engine sees them.
REFUSED = [
    ("truncated.xml", lambda: (CEN_EXAMPLES / "cii" / "CII_example1.xml").read_text()[:400],
     "not well-formed"),
    ("doctype.xml", lambda: '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaa">]>\n'
     '<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">&a;</Invoice>\n',
     "document type declaration"),
    ("not-an-invoice.xml", lambda: '<?xml version="1.0"?>\n<Order xmlns="urn:example"/>\n',
     "neither a CII CrossIndustryInvoice nor a UBL Invoice"),
]


def test_mutations():
    with tempfile.TemporaryDirectory(prefix="dt-einvoice-") as tmp:
        bad = Path(tmp) / "bad"
        bad.mkdir()
        for name, source, (old, new), _, _, _ in MUTATIONS:
            (bad / name).write_text(edit(source, old, new))
        for name, make, _ in REFUSED:
            (bad / name).write_text(make())

        code, files = run_json([bad])
        check(code == 1, "validate.py exits 1 when files are invalid")
        for name, source, _, rule_set, rule_id, why in MUTATIONS:
            f = files[name]
            hits = [m for m in f["messages"] if m["id"] == rule_id and m["rule_set"] == rule_set]
            check(not f["valid"] and hits and all(m["text"] for m in hits),
                  "%s: %s is reported as %s by the %s rules" % (name, why, rule_id, rule_set))
        # The one-cent mutations also break the VAT breakdown of that category.
        check(any(m["id"] == "BR-S-08" for m in files["cii-line-total.xml"]["messages"]),
              "the CII line total also fails BR-S-08 (VAT category base amount)")
        warned = files["ubl-warning-only.xml"]["messages"]
        check(warned and all(m["flag"] == "warning" for m in warned),
              "a file with only warnings is invalid (warnings fail): %s"
              % ", ".join("%s %s" % (m["flag"], m["id"]) for m in warned))
        unknown = [m for m in files["cii-unknown-element.xml"]["messages"] if m["id"] == "XSD"]
        check(unknown and "NotAnElement" in unknown[0]["text"] and unknown[0]["location"],
              "the schema error names the element and its line: %s"
              % (unknown[0] if unknown else ""))
        for name, _, words in REFUSED:
            f = files[name]
            check(not f["valid"] and f["checks"] == []
                  and any(words in m["text"] for m in f["messages"]),
                  "%s is refused before the rules run (%s)" % (name, words))

        result = run([bad / "xr-cii-no-buyer-reference.xml"])
        check(result.returncode == 1 and "fatal BR-DE-15 [xrechnung]: [BR-DE-15]" in result.stdout,
              "the text report prints the flag, the id, the rule set and the rule's text")

        result = run(["--expect-invalid", bad])
        check(result.returncode == 0, "--expect-invalid exits 0 when every file is invalid")
        result = run(["--expect-invalid", bad / "cii-line-total.xml",
                      CEN_EXAMPLES / "cii" / "CII_example2.xml"])
        check(result.returncode == 1 and "CII_example2.xml to be invalid" in result.stderr,
              "--expect-invalid exits 1 and names the file that passed")

    env = dict(os.environ, DT_SAXON_JAR="/nonexistent/Saxon-HE.jar")
    env.pop("DT_EINVOICE_RULES_OPTIONAL", None)
    result = run([CEN_EXAMPLES], env=env)
    check(result.returncode == 1 and "libsaxonhe-java" in result.stderr,
          "without Saxon the validator fails and names the package")
    env["DT_EINVOICE_RULES_OPTIONAL"] = "1"
    result = run([CEN_EXAMPLES], env=env)
    check(result.returncode == 77 and "SKIP" in result.stdout,
          "without Saxon and with DT_EINVOICE_RULES_OPTIONAL it skips (77)")
    result = run([Path(tempfile.gettempdir()) / "dt-no-such-invoice.xml"])
    check(result.returncode == 2 and "neither a file nor a directory" in result.stderr,
          "a path that does not exist is a usage error")


def main():
    began = time.monotonic()
    {"samples": test_samples, "mutations": test_mutations}[sys.argv[1]]()
    print("# %s: %.1f s, %d failed" % (sys.argv[1], time.monotonic() - began, len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
