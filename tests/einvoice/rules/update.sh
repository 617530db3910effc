#!/bin/sh
# Re-creates the vendored rule artefacts in this folder from git clones of their upstream
# repositories, at the pinned tags below. Usage: update.sh SOURCES_DIR, where SOURCES_DIR holds
# clones (bare or not) named eInvoicing-EN16931, xrechnung-schematron, peppol-bis-invoice-3,
# schxslt, xrechnung-testsuite and ubl-release-package. To move to a newer release, change the
# tags here, run it, run the einvoice suite, and update the README.md of each folder.
set -eu

CEN_TAG=validation-1.3.14.2
XR_TAG=release-2.4.0
XR_SCHXSLT_FIX=f79510ed53e6af67ec7b33518fa493d9d90bcc1a
PEPPOL_TAG=v3.0.19
SCHXSLT_TAG=refs/tags/v1.10.1
TESTSUITE_TAG=release-2025-07-10
UBL_COMMIT=69d9f20

[ $# -eq 1 ] || { echo "usage: $0 SOURCES_DIR" >&2; exit 2; }
src=$1
here=$(cd "$(dirname "$0")" && pwd)

# show REPO REV PATH DEST: writes one file of REPO at REV to DEST.
show () {
  mkdir -p "$(dirname "$4")"
  git -C "$src/$1" show "$2:$3" > "$4"
}

# --- CEN EN 16931 validation artefacts (EUPL 1.2) ---
d=$here/cen-en16931
rm -rf "$d/cii" "$d/ubl" "$d/examples"
show eInvoicing-EN16931 $CEN_TAG LICENSE.txt "$d/LICENCE"
for s in cii ubl; do
  S=$(echo $s | tr a-z A-Z)
  f=$s/xslt/EN16931-$S-validation.xslt
  show eInvoicing-EN16931 $CEN_TAG $f "$d/$s/${f##*/}"
done
# The code-list-uncoupled D16B schema, as KoSIT's validator uses: code lists are checked by the
# schematron, which follows the newer lists, not by the 2016 schema.
cii_xsd="cii/schema/D16B SCRDM (Subset)/uncoupled clm/CII/uncefact/data/standard"
for f in CrossIndustryInvoice_100pD16B CrossIndustryInvoice_QualifiedDataType_100pD16B \
    CrossIndustryInvoice_ReusableAggregateBusinessInformationEntity_100pD16B \
    CrossIndustryInvoice_UnqualifiedDataType_100pD16B; do
  show eInvoicing-EN16931 $CEN_TAG "$cii_xsd/$f.xsd" "$d/cii/schema/$f.xsd"
done
for n in 1 2 3 4 5 6 7 8 9; do
  show eInvoicing-EN16931 $CEN_TAG cii/examples/CII_example$n.xml \
    "$d/examples/cii/CII_example$n.xml"
done
for n in 01 02 Z; do
  show eInvoicing-EN16931 $CEN_TAG cii/examples/CII_business_example_$n.xml \
    "$d/examples/cii/CII_business_example_$n.xml"
done
for n in 1 2 3 4 5 6 7 8 9 10; do
  show eInvoicing-EN16931 $CEN_TAG ubl/examples/ubl-tc434-example$n.xml \
    "$d/examples/ubl/ubl-tc434-example$n.xml"
done
show eInvoicing-EN16931 $CEN_TAG ubl/examples/ubl-tc434-creditnote1.xml \
  "$d/examples/ubl/ubl-tc434-creditnote1.xml"

# --- OASIS UBL 2.1 runtime schemas (the CEN repository only links to them) ---
d=$here/ubl-2.1
rm -rf "$d/xsdrt"
# The package has no licence file: its notice is the copyright comment that closes each schema.
{ echo "Copyright (c) OASIS Open 2013. All Rights Reserved."; echo
  git -C "$src/ubl-release-package" show $UBL_COMMIT:xsd/maindoc/UBL-Invoice-2.1.xsd |
    sed -n '/===== Copyright Notice =====/,/-->/p' | sed '1d;$d' | sed 's/^  //; s/ *$//'
} > "$d/LICENCE"
for f in $(git -C "$src/ubl-release-package" ls-tree --name-only $UBL_COMMIT xsdrt/common/); do
  show ubl-release-package $UBL_COMMIT "$f" "$d/$f"
done
for f in Invoice CreditNote; do
  show ubl-release-package $UBL_COMMIT xsdrt/maindoc/UBL-$f-2.1.xsd \
    "$d/xsdrt/maindoc/UBL-$f-2.1.xsd"
done

# --- KoSIT XRechnung schematron sources (Apache 2.0) ---
d=$here/xrechnung-schematron
rm -rf "$d/src"
show xrechnung-schematron $XR_TAG LICENSE "$d/LICENCE"
for f in src/validation/schematron/common.sch \
    src/validation/schematron/cii/XRechnung-CII-validation.sch \
    src/validation/schematron/ubl/XRechnung-UBL-validation.sch \
    src/xsl/peppol-into-xr.xsl src/xsl/rule-list.xml; do
  show xrechnung-schematron $XR_TAG $f "$d/$f"
done
# The merge stylesheet of 2.4.0 puts the Peppol functions after the include of common.sch, where
# SchXslt (unlike the ISO skeleton 2.4.0 was built with) no longer sees them; upstream moved
# them in the commit that switched to SchXslt. Apply exactly that change.
git -C "$src/xrechnung-schematron" show $XR_SCHXSLT_FIX -- src/xsl/peppol-into-xr.xsl \
  > "$d/schxslt-function-order.patch"
(cd "$d" && patch -s -p1 < schxslt-function-order.patch)

# --- Peppol BIS Billing 3.0 rules, merged into XRechnung by the stylesheet above ---
d=$here/peppol-bis-billing
rm -f "$d"/*.sch
# The repository has no licence file; the notice each rule file opens with is its terms.
git -C "$src/peppol-bis-invoice-3" show $PEPPOL_TAG:rules/sch/PEPPOL-EN16931-UBL.sch |
  sed -n '/^<!--/,/-->/p' | sed '1d;$d' > "$d/LICENCE"
for s in CII UBL; do
  show peppol-bis-invoice-3 $PEPPOL_TAG rules/sch/PEPPOL-EN16931-$s.sch "$d/PEPPOL-EN16931-$s.sch"
done

# --- SchXslt, the Schematron-to-XSLT compiler (MIT) ---
d=$here/schxslt
rm -rf "$d/xslt"
show schxslt $SCHXSLT_TAG LICENSE "$d/LICENCE"
schxslt_dir=core/src/main/resources/xslt
for f in $(git -C "$src/schxslt" ls-tree -r --name-only $SCHXSLT_TAG $schxslt_dir/2.0/); do
  show schxslt $SCHXSLT_TAG "$f" "$d/xslt/${f#$schxslt_dir/}"
done

# --- KoSIT XRechnung test suite: the standard business cases without large attachments ---
d=$here/xrechnung-testsuite
rm -rf "$d/cii" "$d/ubl"
show xrechnung-testsuite $TESTSUITE_TAG LICENSE "$d/LICENCE"
for c in 01.01a 01.02a 01.03a 01.04a 01.05a 01.06a 01.07a 01.08a 01.09a 01.10a 01.11a 01.12a \
    01.13a 01.14a 01.17a 01.18a 01.19a 01.20a 01.21a 03.03a 03.06a; do
  show xrechnung-testsuite $TESTSUITE_TAG src/test/business-cases/standard/$c-INVOICE_uncefact.xml \
    "$d/cii/$c-INVOICE_uncefact.xml"
  show xrechnung-testsuite $TESTSUITE_TAG src/test/business-cases/standard/$c-INVOICE_ubl.xml \
    "$d/ubl/$c-INVOICE_ubl.xml"
done
for c in 01.05_minimal_test 01.06_minimal_test; do
  show xrechnung-testsuite $TESTSUITE_TAG src/test/technical-cases/cius/${c}_uncefact.xml \
    "$d/cii/${c}_uncefact.xml"
  show xrechnung-testsuite $TESTSUITE_TAG src/test/technical-cases/cius/${c}_ubl.xml \
    "$d/ubl/${c}_ubl.xml"
done
du -sh "$here"
