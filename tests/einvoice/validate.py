#!/usr/bin/python3
"""Validates e-invoices (UN/CEFACT CII D16B, UBL 2.1 Invoice and CreditNote) offline with the
official rules: the XML Schema, the CEN EN 16931 schematron and, for files that claim
XRechnung, the KoSIT XRechnung schematron (with its merged Peppol rules).

Usage: validate.py [--expect-invalid] [--json] FILE_OR_DIR...

Each rule set runs in one JVM for all files, since a JVM start costs seconds. Exit status 0
when every file has no error and no warning (information is printed but passes); with
--expect-invalid, 0 when every file has at least one. 77 (a skipped test) when Java or
Saxon-HE is missing and DT_EINVOICE_RULES_OPTIONAL is set; without it, a missing tool fails.
"""

import argparse
import concurrent.futures
import fcntl
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
import xml.parsers.expat
from pathlib import Path

RULES = Path(__file__).resolve().parent / "rules"
CEN = RULES / "cen-en16931"
XR = RULES / "xrechnung-schematron"
PEPPOL = RULES / "peppol-bis-billing"
SCHXSLT = RULES / "schxslt" / "xslt" / "2.0"

# The versions written into the XRechnung schematron's title, as KoSIT's build does.
XR_SCHEMATRON_VERSION = "2.4.0"
XRECHNUNG_VERSION = "3.0.2"

RULE_VERSIONS = {
    "schema": "UN/CEFACT CII D16B (uncoupled code lists), OASIS UBL 2.1",
    "en16931": "CEN EN 16931 validation artefacts 1.3.14.2",
    "xrechnung": "KoSIT XRechnung schematron %s (XRechnung %s) with Peppol BIS Billing 3.0.19"
    % (XR_SCHEMATRON_VERSION, XRECHNUNG_VERSION),
}

NS_RSM = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
NS_RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
NS_UBL_INVOICE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
NS_UBL_CREDIT_NOTE = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
NS_CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
NS_SVRL = "http://purl.oclc.org/dsdl/svrl"

ROOTS = {
    NS_RSM + " CrossIndustryInvoice": "cii",
    NS_UBL_INVOICE + " Invoice": "ubl-invoice",
    NS_UBL_CREDIT_NOTE + " CreditNote": "ubl-creditnote",
}

# Where each syntax names the specification it claims (BT-24).
SPEC_ID_PATHS = {
    "cii": (NS_RSM + " ExchangedDocumentContext",
            NS_RAM + " GuidelineSpecifiedDocumentContextParameter", NS_RAM + " ID"),
    "ubl-invoice": (NS_CBC + " CustomizationID",),
    "ubl-creditnote": (NS_CBC + " CustomizationID",),
}

SCHEMAS = {
    "cii": CEN / "cii" / "schema" / "CrossIndustryInvoice_100pD16B.xsd",
    "ubl-invoice": RULES / "ubl-2.1" / "xsdrt" / "maindoc" / "UBL-Invoice-2.1.xsd",
    "ubl-creditnote": RULES / "ubl-2.1" / "xsdrt" / "maindoc" / "UBL-CreditNote-2.1.xsd",
}

FAILING_FLAGS = ("fatal", "error", "warning")
CHECK_ORDER = ("schema", "en16931", "xrechnung")
SYNTAX_FAMILY = {"cii": "cii", "ubl-invoice": "ubl", "ubl-creditnote": "ubl"}


class Document:
    def __init__(self, path):
        self.path = path
        self.syntax = None
        self.spec_id = ""
        self.xrechnung = False
        self.checks = []
        self.messages = []

    def checked(self, rule_set):
        # Rule sets run in parallel threads; keep the report in the order they apply.
        self.checks = sorted(self.checks + [rule_set], key=CHECK_ORDER.index)

    def add(self, rule_set, rule_id, flag, text, location=""):
        self.messages.append({"rule_set": rule_set, "id": rule_id, "flag": flag,
                              "text": text, "location": location})

    def count(self, flags):
        return sum(1 for m in self.messages if m["flag"] in flags)

    @property
    def ok(self):
        return self.count(FAILING_FLAGS) == 0


class ToolMissing(Exception):
    pass


def inspect(doc):
    """Finds the syntax and the specification id with expat; refuses DTDs, which no e-invoice
    has and which could make the rule engines fetch or expand entities."""
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    stack = []
    spec_text = []
    state = {"root": None}

    def on_doctype(*args):
        raise ValueError("a document type declaration (DTD) is not allowed in an e-invoice")

    def on_start(name, attrs):
        stack.append(name)
        if state["root"] is None:
            state["root"] = name
            doc.syntax = ROOTS.get(name)

    def on_end(name):
        stack.pop()

    def on_text(data):
        if doc.syntax and tuple(stack[1:]) == SPEC_ID_PATHS[doc.syntax]:
            spec_text.append(data)

    parser.StartDoctypeDeclHandler = on_doctype
    parser.StartElementHandler = on_start
    parser.EndElementHandler = on_end
    parser.CharacterDataHandler = on_text
    try:
        with open(doc.path, "rb") as f:
            parser.ParseFile(f)
    except xml.parsers.expat.ExpatError as e:
        doc.add("xml", "XML", "fatal",
                "not well-formed XML: %s" % xml.parsers.expat.ErrorString(e.code),
                "line %d, column %d" % (e.lineno, e.offset + 1))
        return
    except ValueError as e:
        doc.add("xml", "XML", "fatal", str(e))
        return
    except OSError as e:
        doc.add("xml", "XML", "fatal", "cannot read the file: %s" % e.strerror)
        return
    if doc.syntax is None:
        root = state["root"].split(" ")
        doc.add("xml", "XML", "fatal",
                "the root element {%s}%s is neither a CII CrossIndustryInvoice nor a UBL Invoice "
                "or CreditNote" % (root[0] if len(root) == 2 else "", root[-1]))
        return
    doc.spec_id = "".join(spec_text).strip()
    doc.xrechnung = "xrechnung" in doc.spec_id.lower()


def collect(arguments):
    paths = []
    for arg in arguments:
        p = Path(arg)
        if p.is_dir():
            found = sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() == ".xml")
            if not found:
                raise ValueError("no .xml file in the directory %s" % arg)
            paths.extend(found)
        elif p.is_file():
            paths.append(p)
        else:
            raise ValueError("%s is neither a file nor a directory" % arg)
    return [Document(p.resolve()) for p in paths]


def find_tools():
    """Returns (java, saxon jar, xmllint) or raises ToolMissing naming what is missing."""
    java = os.environ.get("DT_JAVA") or shutil.which("java")
    saxon = Path(os.environ.get("DT_SAXON_JAR", "/usr/share/java/Saxon-HE.jar"))
    xmllint = shutil.which("xmllint")
    missing = []
    if not java:
        missing.append("java (Debian package default-jre-headless)")
    if not saxon.is_file():
        missing.append("Saxon-HE at %s (Debian package libsaxonhe-java)" % saxon)
    if not xmllint:
        missing.append("xmllint (Debian package libxml2-utils)")
    if missing:
        raise ToolMissing("; ".join(missing))
    return java, saxon, xmllint


# xmllint prefixes each message with the file name it was given; the final verdict per file is
# "<file> validates" or "<file> fails to validate".
XMLLINT_CHUNK = 500
LINE_RE = re.compile(r"^(?P<line>\d+): (?P<text>.*)$")


def run_schema(xmllint, docs):
    by_syntax = {}
    for d in docs:
        by_syntax.setdefault(d.syntax, []).append(d)
    chunks = []
    for syntax, group in sorted(by_syntax.items()):
        # Many files per call, but not so many that the command line outgrows the system's limit.
        chunks.extend((syntax, group[i:i + XMLLINT_CHUNK])
                      for i in range(0, len(group), XMLLINT_CHUNK))
    for syntax, group in chunks:
        names = {str(d.path): d for d in group}
        result = subprocess.run([xmllint, "--noout", "--nonet", "--schema", str(SCHEMAS[syntax])]
                                + list(names), capture_output=True, text=True)
        verdict = {}
        schema_failed = False
        for raw in result.stderr.splitlines():
            if "failed to compile" in raw or raw.startswith("WXS schema"):
                schema_failed = True
            # The longest name that prefixes the line, should one file name extend another.
            name = max((n for n in names if raw.startswith(n)), key=len, default=None)
            if name is None:
                continue
            doc = names[name]
            rest = raw[len(str(doc.path)):]
            if rest in (" validates", " fails to validate"):
                verdict[doc] = rest.strip()
                continue
            m = LINE_RE.match(rest.lstrip(":"))
            if m:
                doc.add("schema", "XSD", "fatal", m.group("text").strip(),
                        "line " + m.group("line"))
            elif rest.strip():
                doc.add("schema", "XSD", "fatal", rest.strip(" :"))
        for doc in group:
            doc.checked("schema")
            if verdict.get(doc) != "validates" and doc.ok:
                doc.add("schema", "XSD", "fatal",
                        "xmllint did not confirm the file against %s%s"
                        % (SCHEMAS[syntax].name,
                           " (the schema did not compile)" if schema_failed else ""))


def saxon_command(java, saxon, *args):
    return [java, "-jar", str(saxon)] + list(args)


def run_java(command):
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError("%s failed (exit %d):\n%s"
                           % (" ".join(command[2:4]), result.returncode, result.stderr.strip()))


def cache_key():
    h = hashlib.sha256(XR_SCHEMATRON_VERSION.encode())
    for root in (XR, PEPPOL, SCHXSLT):
        for p in sorted(root.rglob("*")):
            if p.is_file():
                h.update(str(p.relative_to(RULES)).encode())
                h.update(p.read_bytes())
    return h.hexdigest()[:16]


def compile_xrechnung(java, saxon):
    """Merges the Peppol rules into the XRechnung schematron (KoSIT's build step) and compiles
    both syntaxes with SchXslt, once per rule version, into a cache outside the repository."""
    base = Path(os.environ.get("DT_EINVOICE_RULES_CACHE")
                or Path(tempfile.gettempdir()) / "doubletime-einvoice-rules")
    target = base / cache_key()
    outputs = {s: target / ("XRechnung-%s-validation.xsl" % s.upper()) for s in ("cii", "ubl")}
    if all(p.is_file() for p in outputs.values()):
        return outputs, False
    base.mkdir(parents=True, exist_ok=True)
    with open(base / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if all(p.is_file() for p in outputs.values()):
            return outputs, False
        work = Path(tempfile.mkdtemp(prefix="compile-", dir=base))
        try:
            # The merge stylesheet finds rule-list.xml beside itself and the Peppol rules at
            # ../../build/bis/, and the merged files include ../common.sch: rebuild that tree.
            shutil.copytree(XR / "src" / "xsl", work / "src" / "xsl")
            (work / "build" / "bis").mkdir(parents=True)
            for sch in PEPPOL.glob("*.sch"):
                shutil.copy(sch, work / "build" / "bis" / sch.name)
            (work / "tmp").mkdir()
            for s in ("cii", "ubl"):
                (work / "schematron" / s).mkdir(parents=True)
            shutil.copy(XR / "src" / "validation" / "schematron" / "common.sch",
                        work / "schematron" / "common.sch")

            def build(syntax):
                name = "XRechnung-%s-validation" % syntax.upper()
                sources = XR / "src" / "validation" / "schematron"
                source = (sources / syntax / (name + ".sch")).read_text()
                source = source.replace("@xr-schematron.version.full@", XR_SCHEMATRON_VERSION)
                source = source.replace("@xrechnung.version@", XRECHNUNG_VERSION)
                (work / "tmp" / (name + ".sch")).write_text(source)
                merged = work / "schematron" / syntax / (name + ".sch")
                run_java(saxon_command(java, saxon, "-s:%s" % (work / "tmp" / (name + ".sch")),
                                       "-xsl:%s" % (work / "src" / "xsl" / "peppol-into-xr.xsl"),
                                       "-o:%s" % merged, "syntax=" + syntax.upper()))
                run_java(saxon_command(java, saxon, "-s:%s" % merged,
                                       "-xsl:%s" % (SCHXSLT / "pipeline-for-svrl.xsl"),
                                       "-o:%s" % (work / (name + ".xsl"))))

            with concurrent.futures.ThreadPoolExecutor(2) as pool:
                for f in [pool.submit(build, s) for s in ("cii", "ubl")]:
                    f.result()
            staged = work / "out"
            staged.mkdir()
            for s, p in outputs.items():
                shutil.move(str(work / p.name), str(staged / p.name))
            if target.exists():
                shutil.rmtree(target)
            os.replace(staged, target)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return outputs, True


def run_rule_set(java, saxon, rule_set, stylesheet, docs):
    """Runs one compiled schematron over all docs in one Saxon call (a directory in, a directory
    out) and records every failed assert and successful report."""
    with tempfile.TemporaryDirectory(prefix="dt-svrl-") as tmp:
        src = Path(tmp) / "in"
        out = Path(tmp) / "out"
        src.mkdir()
        out.mkdir()
        for i, d in enumerate(docs):
            os.symlink(d.path, src / ("%05d.xml" % i))
        result = subprocess.run(saxon_command(java, saxon, "-s:%s" % src, "-o:%s" % out,
                                              "-xsl:%s" % stylesheet),
                                capture_output=True, text=True)
        stopped = saxon_failures(result.stderr)
        for i, d in enumerate(docs):
            d.checked(rule_set)
            svrl = out / ("%05d.xml" % i)
            if svrl.name in stopped:
                # Saxon goes on with the other files; this one's report is cut off.
                d.add(rule_set, "SAXON", "fatal",
                      "the %s rules stopped on this file: %s" % (rule_set, stopped[svrl.name]))
                continue
            if not svrl.is_file():
                d.add(rule_set, "SAXON", "fatal",
                      "the %s rules could not run on this file (Saxon exit %d): %s"
                      % (rule_set, result.returncode, result.stderr.strip()[-2000:]))
                continue
            read_svrl(d, rule_set, svrl)


# Saxon names the file it failed on after the error code and message.
SAXON_CODE_RE = re.compile(r"^\s+([A-Z]{4}\d{4}): ")
SAXON_FILE_RE = re.compile(r"^While processing (\d{5}\.xml): (.*)$")


def saxon_failures(stderr):
    failures = {}
    code = None
    for line in stderr.splitlines():
        m = SAXON_CODE_RE.match(line)
        if m:
            code = m.group(1)
        m = SAXON_FILE_RE.match(line)
        if m:
            failures[m.group(1)] = "%s%s" % (code + " " if code else "", m.group(2))
            code = None
    return failures


def read_svrl(doc, rule_set, svrl):
    try:
        tree = ET.parse(svrl)
    except ET.ParseError as e:
        doc.add(rule_set, "SVRL", "fatal", "unreadable validation report: %s" % e)
        return
    for el in tree.iter():
        if el.tag not in ("{%s}failed-assert" % NS_SVRL, "{%s}successful-report" % NS_SVRL):
            continue
        text = " ".join("".join(t.itertext()) for t in el.findall("{%s}text" % NS_SVRL))
        flag = (el.get("flag") or "error").strip().lower()
        if flag not in ("fatal", "error", "warning", "information"):
            flag = "error"
        doc.add(rule_set, el.get("id") or "(no id)", flag, " ".join(text.split()),
                el.get("location", ""))


def validate(docs, java, saxon, xmllint, timings):
    for d in docs:
        inspect(d)
    usable = [d for d in docs if d.syntax]

    started = time.monotonic()
    if usable:
        run_schema(xmllint, usable)
    timings["schema"] = time.monotonic() - started

    jobs = []
    for family in ("cii", "ubl"):
        members = [d for d in usable if SYNTAX_FAMILY[d.syntax] == family]
        if members:
            jobs.append(("en16931", CEN / family / ("EN16931-%s-validation.xslt" % family.upper()),
                         members))
    xr_docs = {f: [d for d in usable if d.xrechnung and SYNTAX_FAMILY[d.syntax] == f]
               for f in ("cii", "ubl")}
    if any(xr_docs.values()):
        started = time.monotonic()
        compiled, fresh = compile_xrechnung(java, saxon)
        if fresh:
            timings["compile"] = time.monotonic() - started
        for family, members in xr_docs.items():
            if members:
                jobs.append(("xrechnung", compiled[family], members))

    def timed(job):
        began = time.monotonic()
        run_rule_set(java, saxon, *job)
        return job[0], job[1].name, time.monotonic() - began

    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        for rule_set, name, seconds in pool.map(timed, jobs):
            timings["%s (%s)" % (rule_set, name)] = seconds


def print_text(docs, expect_invalid):
    for d in docs:
        verdict = "valid" if d.ok else "INVALID"
        kind = d.syntax or "unknown"
        if d.xrechnung:
            kind += ", XRechnung"
        print("%s: %s [%s; checked: %s; %d errors, %d warnings, %d information]"
              % (d.path, verdict, kind, ", ".join(d.checks) or "nothing",
                 d.count(("fatal", "error")), d.count(("warning",)), d.count(("information",))))
        for m in d.messages:
            where = " at %s" % m["location"] if m["location"] else ""
            print("  %s %s [%s]: %s%s" % (m["flag"], m["id"], m["rule_set"], m["text"], where))


def main():
    ap = argparse.ArgumentParser(description="Validate CII and UBL e-invoices with the official "
                                 "EN 16931 and XRechnung rules.")
    ap.add_argument("--expect-invalid", action="store_true",
                    help="succeed only if every file has at least one error or warning")
    ap.add_argument("--json", action="store_true", help="print one JSON report on stdout")
    ap.add_argument("paths", nargs="+", metavar="FILE_OR_DIR")
    args = ap.parse_args()

    try:
        java, saxon, xmllint = find_tools()
    except ToolMissing as e:
        if os.environ.get("DT_EINVOICE_RULES_OPTIONAL"):
            print("SKIP: the official e-invoice rules cannot run, missing: %s" % e)
            return 77
        print("validate.py: the official e-invoice rules cannot run, missing: %s. "
              "Install them with `sh tools/install-deps.sh --test`." % e, file=sys.stderr)
        return 1

    try:
        docs = collect(args.paths)
    except ValueError as e:
        ap.error(str(e))
    timings = {}
    started = time.monotonic()
    try:
        validate(docs, java, saxon, xmllint, timings)
    except RuntimeError as e:
        print("validate.py: %s" % e, file=sys.stderr)
        return 1
    timings["total"] = time.monotonic() - started

    failing = [d for d in docs if not d.ok]
    passing = [d for d in docs if d.ok]
    if args.json:
        json.dump({"rules": RULE_VERSIONS,
                   "files": [{"path": str(d.path), "syntax": d.syntax, "spec_id": d.spec_id,
                              "xrechnung": d.xrechnung, "checks": d.checks, "valid": d.ok,
                              "messages": d.messages} for d in docs],
                   "summary": {"files": len(docs), "valid": len(passing), "invalid": len(failing)},
                   "timings": {k: round(v, 3) for k, v in timings.items()}},
                  sys.stdout, indent=1)
        print()
    else:
        print_text(docs, args.expect_invalid)
        print("%d files: %d valid, %d invalid; %s"
              % (len(docs), len(passing), len(failing),
                 ", ".join("%s %.1f s" % (k, v) for k, v in timings.items())))
    if args.expect_invalid:
        for d in passing:
            print("validate.py: expected %s to be invalid, but it passed" % d.path, file=sys.stderr)
        return 1 if passing else 0
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
