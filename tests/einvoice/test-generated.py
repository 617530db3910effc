#!/usr/bin/python3
"""Makes e-invoices with a generator — dt-einvoice-sample, or dt-einvoice-testsuite re-making
the official test suite's cases (every one through the store, the model and the writers) —
then proves each valid with the official rules: validate.py runs the XML Schema, the
CEN EN 16931 schematron and, for XRechnung files, the KoSIT schematron. Each Factur-X PDF must
pass `qpdf --check`, and the factur-x.xml it carries the same rules as a CII file.

usage: test-generated.py GENERATOR VALIDATE [generator arguments…]
Exits non-zero on any error or warning of any rule, or if the generator wrote nothing."""
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time


def main():
    generator, validate, extra = sys.argv[1], sys.argv[2], sys.argv[3:]
    out = tempfile.mkdtemp(prefix="dt-einvoice-generated.")
    try:
        began = time.monotonic()
        subprocess.run([generator, "--out", out] + extra, check=True)
        made = time.monotonic()
        pdfs = sorted(glob.glob(os.path.join(out, "*.facturx.pdf")))
        for pdf in pdfs:
            check = subprocess.run(["qpdf", "--check", pdf], capture_output=True, text=True)
            if check.returncode != 0 or "No syntax or stream encoding errors" not in check.stdout:
                print("%s: qpdf --check failed:\n%s%s" % (pdf, check.stdout, check.stderr))
                return 1
            # The embedded XML is checked as a CII file of its own.
            xml = pdf[:-len(".facturx.pdf")] + ".facturx.cii.xml"
            subprocess.run(["pdfdetach", "-savefile", "factur-x.xml", "-o", xml, pdf],
                           check=True)
        files = glob.glob(os.path.join(out, "*.xml"))
        if not files:
            print("the generator wrote no e-invoice")
            return 1
        print("%d files (%d Factur-X) made in %.1f s" % (len(files), len(pdfs), made - began),
              flush=True)
        status = subprocess.run(["/usr/bin/python3", validate, out]).returncode
        print("validated in %.1f s" % (time.monotonic() - made))
        return status
    finally:
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
