/* dt-db-migrations.c: the schema, one step per version. Released steps are never edited:
 * a change to the schema is a new step at the end. */
#define G_LOG_DOMAIN "dt-db"

#include "dt-db-private.h"

/* Money is integer minor units with an ISO 4217 code beside it; rates are minor units per
 * hour; instants are UTC seconds; calendar days (issue and due dates) are local "YYYY-MM-DD". */
static const char *const migrations[] = {
  /* 0 → 1: the freelancer's business. */
  "CREATE TABLE profile ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  name TEXT NOT NULL DEFAULT '',"
  "  business_name TEXT NOT NULL DEFAULT '',"
  "  address TEXT NOT NULL DEFAULT '',"
  "  email TEXT NOT NULL DEFAULT '',"
  "  tax_id TEXT NOT NULL DEFAULT '',"
  "  currency TEXT NOT NULL DEFAULT 'EUR' CHECK (length(currency) = 3),"
  "  hourly_rate INTEGER NOT NULL DEFAULT 0 CHECK (hourly_rate >= 0),"
  "  invoice_footer TEXT NOT NULL DEFAULT '',"
  "  logo BLOB,"
  "  updated_at INTEGER NOT NULL DEFAULT 0,"
  "  version INTEGER NOT NULL DEFAULT 1"
  ") STRICT;"
  "INSERT INTO profile (id) VALUES (1);"

  "CREATE TABLE clients ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),"
  "  email TEXT NOT NULL DEFAULT '',"
  "  address TEXT NOT NULL DEFAULT '',"
  "  currency TEXT NOT NULL CHECK (length(currency) = 3),"
  "  tax_id TEXT NOT NULL DEFAULT '',"
  "  payment_terms_days INTEGER NOT NULL DEFAULT 30 CHECK (payment_terms_days BETWEEN 0 AND 365),"
  "  rate INTEGER CHECK (rate IS NULL OR rate >= 0),"
  "  notes TEXT NOT NULL DEFAULT '',"
  "  archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  version INTEGER NOT NULL DEFAULT 1"
  ") STRICT;"
  "CREATE INDEX clients_name ON clients (name COLLATE NOCASE);"

  "CREATE TABLE projects ("
  "  id INTEGER PRIMARY KEY,"
  "  client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE RESTRICT,"
  "  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),"
  "  color TEXT NOT NULL DEFAULT '#3584e4',"
  "  rate INTEGER CHECK (rate IS NULL OR rate >= 0),"
  "  budget_minutes INTEGER CHECK (budget_minutes IS NULL OR budget_minutes >= 0),"
  "  budget_amount INTEGER CHECK (budget_amount IS NULL OR budget_amount >= 0),"
  "  notes TEXT NOT NULL DEFAULT '',"
  "  archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  version INTEGER NOT NULL DEFAULT 1"
  ") STRICT;"
  "CREATE INDEX projects_client ON projects (client_id);"

  "CREATE TABLE tasks ("
  "  id INTEGER PRIMARY KEY,"
  "  project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE RESTRICT,"
  "  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 500),"
  "  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),"
  "  billable INTEGER NOT NULL DEFAULT 1 CHECK (billable IN (0, 1)),"
  "  rate INTEGER CHECK (rate IS NULL OR rate >= 0),"
  "  estimate_minutes INTEGER CHECK (estimate_minutes IS NULL OR estimate_minutes >= 0),"
  "  notes TEXT NOT NULL DEFAULT '',"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  version INTEGER NOT NULL DEFAULT 1"
  ") STRICT;"
  "CREATE INDEX tasks_project ON tasks (project_id);"

  "CREATE TABLE tags ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),"
  "  color TEXT NOT NULL DEFAULT '',"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  version INTEGER NOT NULL DEFAULT 1"
  ") STRICT;"
  "CREATE UNIQUE INDEX tags_name ON tags (name COLLATE NOCASE);"

  "CREATE TABLE invoices ("
  "  id INTEGER PRIMARY KEY,"
  "  number TEXT UNIQUE,"
  "  kind TEXT NOT NULL DEFAULT 'invoice' CHECK (kind IN ('invoice', 'credit_note')),"
  "  credit_for_id INTEGER REFERENCES invoices (id) ON DELETE RESTRICT,"
  "  client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE RESTRICT,"
  "  status TEXT NOT NULL DEFAULT 'draft'"
  "    CHECK (status IN ('draft', 'sent', 'partially_paid', 'paid', 'void')),"
  "  currency TEXT NOT NULL CHECK (length(currency) = 3),"
  "  issue_date TEXT,"
  "  due_date TEXT,"
  "  period_from TEXT,"
  "  period_to TEXT,"
  "  discount_bp INTEGER NOT NULL DEFAULT 0 CHECK (discount_bp BETWEEN 0 AND 10000),"
  "  discount_fixed INTEGER NOT NULL DEFAULT 0 CHECK (discount_fixed >= 0),"
  "  subtotal INTEGER NOT NULL DEFAULT 0,"
  "  discount INTEGER NOT NULL DEFAULT 0,"
  "  tax_total INTEGER NOT NULL DEFAULT 0,"
  "  total INTEGER NOT NULL DEFAULT 0,"
  "  paid INTEGER NOT NULL DEFAULT 0,"
  "  notes TEXT NOT NULL DEFAULT '',"
  "  terms TEXT NOT NULL DEFAULT '',"
  "  bill_to TEXT NOT NULL DEFAULT '{}',"
  "  sent_at INTEGER,"
  "  sent_to TEXT,"
  "  voided_at INTEGER,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  version INTEGER NOT NULL DEFAULT 1"
  ") STRICT;"
  "CREATE INDEX invoices_client ON invoices (client_id, status);"
  "CREATE INDEX invoices_status ON invoices (status, due_date);"

  "CREATE TABLE invoice_lines ("
  "  id INTEGER PRIMARY KEY,"
  "  invoice_id INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  kind TEXT NOT NULL CHECK (kind IN ('time', 'hourly', 'fixed')),"
  "  description TEXT NOT NULL,"
  "  project_id INTEGER REFERENCES projects (id) ON DELETE RESTRICT,"
  "  task_id INTEGER REFERENCES tasks (id) ON DELETE RESTRICT,"
  "  quantity INTEGER NOT NULL,"
  "  unit TEXT NOT NULL CHECK (unit IN ('minutes', 'milliunits')),"
  "  raw_minutes INTEGER,"
  "  unit_price INTEGER NOT NULL,"
  "  amount INTEGER NOT NULL,"
  "  tax_rate_bp INTEGER NOT NULL DEFAULT 0 CHECK (tax_rate_bp BETWEEN 0 AND 10000),"
  "  rule_note TEXT NOT NULL DEFAULT ''"
  ") STRICT;"
  "CREATE INDEX invoice_lines_invoice ON invoice_lines (invoice_id, position);"

  "CREATE TABLE time_entries ("
  "  id INTEGER PRIMARY KEY,"
  "  project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE RESTRICT,"
  "  task_id INTEGER REFERENCES tasks (id) ON DELETE RESTRICT,"
  "  start_at INTEGER NOT NULL,"
  "  end_at INTEGER CHECK (end_at IS NULL OR end_at >= start_at),"
  "  note TEXT NOT NULL DEFAULT '',"
  "  billable INTEGER NOT NULL DEFAULT 1 CHECK (billable IN (0, 1)),"
  "  invoice_line_id INTEGER REFERENCES invoice_lines (id) ON DELETE SET NULL,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  version INTEGER NOT NULL DEFAULT 1"
  ") STRICT;"
  "CREATE INDEX time_entries_start ON time_entries (start_at);"
  "CREATE INDEX time_entries_project_start ON time_entries (project_id, start_at);"
  "CREATE INDEX time_entries_task ON time_entries (task_id);"
  "CREATE INDEX time_entries_line ON time_entries (invoice_line_id) WHERE invoice_line_id IS NOT NULL;"
  /* At most one running timer, enforced by the database itself. */
  "CREATE UNIQUE INDEX time_entries_one_running ON time_entries ((end_at IS NULL))"
  "  WHERE end_at IS NULL;"

  "CREATE TABLE time_entry_tags ("
  "  entry_id INTEGER NOT NULL REFERENCES time_entries (id) ON DELETE CASCADE,"
  "  tag_id INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,"
  "  PRIMARY KEY (entry_id, tag_id)"
  ") STRICT, WITHOUT ROWID;"
  "CREATE INDEX time_entry_tags_tag ON time_entry_tags (tag_id, entry_id);"

  "CREATE TABLE rules ("
  "  id INTEGER PRIMARY KEY,"
  "  kind TEXT NOT NULL CHECK (kind IN ('rate', 'rounding')),"
  "  name TEXT NOT NULL DEFAULT '',"
  "  client_id INTEGER REFERENCES clients (id) ON DELETE CASCADE,"
  "  project_id INTEGER REFERENCES projects (id) ON DELETE CASCADE,"
  "  task_id INTEGER REFERENCES tasks (id) ON DELETE CASCADE,"
  "  tag_id INTEGER REFERENCES tags (id) ON DELETE CASCADE,"
  "  priority INTEGER NOT NULL DEFAULT 0,"
  "  rate INTEGER CHECK (rate IS NULL OR rate >= 0),"
  "  increment_minutes INTEGER CHECK (increment_minutes IS NULL OR increment_minutes BETWEEN 1 AND 60),"
  "  direction TEXT CHECK (direction IS NULL OR direction IN ('up', 'nearest', 'down')),"
  "  apply_to TEXT CHECK (apply_to IS NULL OR apply_to IN ('entry', 'line')),"
  "  minimum_minutes INTEGER CHECK (minimum_minutes IS NULL OR minimum_minutes >= 0),"
  "  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  version INTEGER NOT NULL DEFAULT 1,"
  "  CHECK (kind <> 'rate' OR rate IS NOT NULL),"
  "  CHECK (kind <> 'rounding' OR (increment_minutes IS NOT NULL AND direction IS NOT NULL"
  "                                 AND apply_to IS NOT NULL))"
  ") STRICT;"

  "CREATE TABLE invoice_counters ("
  "  series TEXT NOT NULL,"
  "  year INTEGER NOT NULL,"
  "  next INTEGER NOT NULL CHECK (next >= 1),"
  "  PRIMARY KEY (series, year)"
  ") STRICT;"

  "CREATE TABLE payments ("
  "  id INTEGER PRIMARY KEY,"
  "  invoice_id INTEGER NOT NULL REFERENCES invoices (id) ON DELETE RESTRICT,"
  "  amount INTEGER NOT NULL CHECK (amount > 0),"
  "  paid_on TEXT NOT NULL,"
  "  method TEXT NOT NULL DEFAULT '',"
  "  note TEXT NOT NULL DEFAULT '',"
  "  created_at INTEGER NOT NULL"
  ") STRICT;"
  "CREATE INDEX payments_invoice ON payments (invoice_id);"
  "CREATE INDEX payments_paid_on ON payments (paid_on);"

  "CREATE TABLE settings ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL"
  ") STRICT;",

  /* 1 → 2: the authorization server: apps, what the user approved, codes, tokens, audit. */
  "CREATE TABLE oauth_clients ("
  "  id INTEGER PRIMARY KEY,"
  "  client_id TEXT NOT NULL UNIQUE,"
  "  kind TEXT NOT NULL CHECK (kind IN ('public', 'private')),"
  "  name TEXT NOT NULL,"
  "  secret_hash BLOB,"
  "  redirect_uris TEXT NOT NULL DEFAULT '[]',"
  "  metadata TEXT NOT NULL DEFAULT '{}',"
  "  target TEXT CHECK (target IS NULL OR target IN ('api', 'mcp')),"
  "  scopes TEXT NOT NULL DEFAULT '',"
  "  created_at INTEGER NOT NULL,"
  "  approved_at INTEGER,"
  "  last_used_at INTEGER,"
  "  CHECK (kind <> 'private' OR (secret_hash IS NOT NULL AND target IS NOT NULL))"
  ") STRICT;"
  "CREATE INDEX oauth_clients_unapproved ON oauth_clients (created_at) WHERE approved_at IS NULL;"

  "CREATE TABLE grants ("
  "  id INTEGER PRIMARY KEY,"
  "  client_id INTEGER NOT NULL REFERENCES oauth_clients (id) ON DELETE CASCADE,"
  "  target TEXT NOT NULL CHECK (target IN ('api', 'mcp')),"
  "  scopes TEXT NOT NULL,"
  "  approved_at INTEGER NOT NULL,"
  "  approved_via TEXT NOT NULL CHECK (approved_via IN ('dialog', 'cli', 'private')),"
  "  confirm_sensitive INTEGER NOT NULL DEFAULT 1 CHECK (confirm_sensitive IN (0, 1)),"
  "  last_used_at INTEGER,"
  "  revoked_at INTEGER"
  ") STRICT;"
  "CREATE INDEX grants_client ON grants (client_id);"

  "CREATE TABLE auth_codes ("
  "  id INTEGER PRIMARY KEY,"
  "  code_hash BLOB NOT NULL UNIQUE,"
  "  grant_id INTEGER NOT NULL REFERENCES grants (id) ON DELETE CASCADE,"
  "  redirect_uri TEXT NOT NULL,"
  "  code_challenge TEXT NOT NULL,"
  "  target TEXT NOT NULL CHECK (target IN ('api', 'mcp')),"
  "  scopes TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  expires_at INTEGER NOT NULL,"
  "  used_at INTEGER"
  ") STRICT;"

  "CREATE TABLE tokens ("
  "  id INTEGER PRIMARY KEY,"
  "  token_hash BLOB NOT NULL UNIQUE,"
  "  kind TEXT NOT NULL CHECK (kind IN ('access', 'refresh')),"
  "  grant_id INTEGER NOT NULL REFERENCES grants (id) ON DELETE CASCADE,"
  "  family_id INTEGER,"
  "  parent_id INTEGER,"
  "  code_id INTEGER REFERENCES auth_codes (id) ON DELETE SET NULL,"
  "  target TEXT NOT NULL CHECK (target IN ('api', 'mcp')),"
  "  scopes TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  expires_at INTEGER NOT NULL,"
  "  used_at INTEGER,"
  "  revoked_at INTEGER"
  ") STRICT;"
  "CREATE INDEX tokens_grant ON tokens (grant_id);"
  "CREATE INDEX tokens_family ON tokens (family_id) WHERE family_id IS NOT NULL;"
  "CREATE INDEX tokens_code ON tokens (code_id) WHERE code_id IS NOT NULL;"

  "CREATE TABLE audit_log ("
  "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  at INTEGER NOT NULL,"
  "  event TEXT NOT NULL,"
  "  outcome TEXT NOT NULL DEFAULT 'ok',"
  "  client_id TEXT,"
  "  client_name TEXT,"
  "  grant_id INTEGER,"
  "  token_id INTEGER,"
  "  target TEXT,"
  "  scopes TEXT,"
  "  object TEXT,"
  "  detail TEXT,"
  "  host TEXT,"
  "  origin TEXT,"
  "  user_agent TEXT"
  ") STRICT;"
  "CREATE INDEX audit_log_client ON audit_log (client_id, seq);"
  /* Append-only: the record of what an app did cannot be edited by anything using SQL. */
  "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
  "  BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;"
  "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
  "  BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;",

  /* 2 → 3: billing. Why the last e-mail of an invoice failed (it stays a draft), and an index
   * of the work not billed yet, which the candidates and the Billing Hub read: on a large
   * history it is a small part of the table. */
  "ALTER TABLE invoices ADD COLUMN send_error TEXT;"
  "CREATE INDEX time_entries_unbilled ON time_entries (project_id, start_at)"
  "  WHERE invoice_line_id IS NULL;"
  "CREATE INDEX invoices_credit_for ON invoices (credit_for_id) WHERE credit_for_id IS NOT NULL;",

  /* 3 → 4: the Billing Hub prices all unbilled work at once; an index that carries what it
   * reads spares a table lookup per entry (a quarter of a large history can be unbilled). */
  "DROP INDEX time_entries_unbilled;"
  "CREATE INDEX time_entries_unbilled ON time_entries (project_id, start_at, end_at, task_id,"
  "  billable) WHERE invoice_line_id IS NULL;",

  /* 4 → 5: reports and the Billing Hub read every entry of a range, so their indexes carry
   * all they read and SQLite never visits the table row. The start index keeps start_at
   * first (lists, overlaps and day totals seek on it). The unbilled index holds only what the
   * hub prices (billable, finished) and carries the columns its WHERE names: without them
   * SQLite 3.40 does not treat a partial index as covering. */
  "DROP INDEX time_entries_start;"
  "CREATE INDEX time_entries_start ON time_entries (start_at, project_id, task_id, end_at,"
  "  billable, invoice_line_id);"
  "DROP INDEX time_entries_unbilled;"
  "CREATE INDEX time_entries_unbilled ON time_entries (project_id, task_id, start_at, end_at,"
  "  billable, invoice_line_id) WHERE invoice_line_id IS NULL AND billable = 1"
  "  AND end_at IS NOT NULL;",

  /* 5 → 6: every candidates call, report and hub first loads the tasks with a rate of their
   * own and the non-billable ones: a few of many (1,663 and 1,533 of 20,000 on the benchmark
   * database), which a partial index each finds without reading the others. The columns
   * named in their WHERE are in them, so they cover the reads. */
  "CREATE INDEX tasks_rated ON tasks (rate) WHERE rate IS NOT NULL;"
  "CREATE INDEX tasks_unbillable ON tasks (project_id, billable) WHERE billable = 0;",

  /* 6 → 7: an issued invoice keeps the seller's details as they were when it was issued, as
   * it keeps the client's (bill_to): a new address in the profile must not change invoices
   * already sent. '{}' (drafts, and invoices issued before this step) reads the profile. */
  "ALTER TABLE invoices ADD COLUMN seller TEXT NOT NULL DEFAULT '{}';",

  /* 7 → 8: the logo is part of the seller's details an issued invoice keeps. Each logo is
   * kept once, by its SHA-256, however many invoices show it; an invoice's kept details name
   * it ("logo": the hex digest, "" for none). Details kept before this step have no "logo"
   * and show the profile's. Kept logos are never deleted: issued invoices are never deleted
   * either. */
  "CREATE TABLE seller_logos ("
  "  id INTEGER PRIMARY KEY,"
  "  sha256 TEXT NOT NULL UNIQUE,"
  "  data BLOB NOT NULL"
  ") STRICT;",

  /* 8 → 9: what an EN 16931 e-invoice (XRechnung, Factur-X) needs beyond the printed invoice.
   * The seller's and buyer's tax identifiers, structured address parts (address stays the
   * street lines), electronic addresses, bank details and VAT categories (UNTDID 5305: S, Z,
   * E, AE, K, G, O). An empty category on a client, invoice or line means "the one above":
   * line → invoice → client → profile. An existing tax id that reads as a VAT ID (two letters,
   * then letters or digits) becomes the VAT ID, and its prefix the country; any other becomes
   * the seller's tax number. */
  "ALTER TABLE profile ADD COLUMN vat_id TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE profile ADD COLUMN tax_number TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE profile ADD COLUMN phone TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE profile ADD COLUMN city TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE profile ADD COLUMN postcode TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE profile ADD COLUMN country TEXT NOT NULL DEFAULT ''"
  "  CHECK (country = '' OR (length(country) = 2 AND country GLOB '[A-Z][A-Z]'));"
  "ALTER TABLE profile ADD COLUMN iban TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE profile ADD COLUMN bic TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE profile ADD COLUMN creditor_id TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE profile ADD COLUMN payment_means TEXT NOT NULL DEFAULT '58'"
  "  CHECK (payment_means IN ('30', '58', '59'));"
  "ALTER TABLE profile ADD COLUMN electronic_address TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE profile ADD COLUMN electronic_address_scheme TEXT NOT NULL DEFAULT 'EM';"
  "ALTER TABLE profile ADD COLUMN vat_category TEXT NOT NULL DEFAULT 'S'"
  "  CHECK (vat_category IN ('S', 'Z', 'E', 'AE', 'K', 'G', 'O'));"
  "ALTER TABLE profile ADD COLUMN vat_exemption_reason TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE profile ADD COLUMN vat_exemption_code TEXT NOT NULL DEFAULT '';"
  "UPDATE profile SET vat_id = upper(replace(tax_id, ' ', ''))"
  "  WHERE length(replace(tax_id, ' ', '')) >= 4"
  "    AND upper(replace(tax_id, ' ', '')) GLOB '[A-Z][A-Z][0-9A-Z]*'"
  "    AND NOT upper(replace(tax_id, ' ', '')) GLOB '*[^0-9A-Z]*';"
  "UPDATE profile SET tax_number = tax_id WHERE vat_id = '' AND tax_id <> '';"
  "UPDATE profile SET country = CASE substr(vat_id, 1, 2) WHEN 'EL' THEN 'GR'"
  "  ELSE substr(vat_id, 1, 2) END WHERE vat_id <> '';"

  "ALTER TABLE clients ADD COLUMN buyer_reference TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE clients ADD COLUMN vat_id TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE clients ADD COLUMN city TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE clients ADD COLUMN postcode TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE clients ADD COLUMN country TEXT NOT NULL DEFAULT ''"
  "  CHECK (country = '' OR (length(country) = 2 AND country GLOB '[A-Z][A-Z]'));"
  "ALTER TABLE clients ADD COLUMN electronic_address TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE clients ADD COLUMN electronic_address_scheme TEXT NOT NULL DEFAULT 'EM';"
  "ALTER TABLE clients ADD COLUMN einvoice_format TEXT NOT NULL DEFAULT 'pdf'"
  "  CHECK (einvoice_format IN ('pdf', 'facturx', 'xrechnung-cii', 'xrechnung-ubl'));"
  "ALTER TABLE clients ADD COLUMN vat_category TEXT NOT NULL DEFAULT ''"
  "  CHECK (vat_category IN ('', 'S', 'Z', 'E', 'AE', 'K', 'G', 'O'));"
  "ALTER TABLE clients ADD COLUMN vat_exemption_reason TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE clients ADD COLUMN vat_exemption_code TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE clients ADD COLUMN iban TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE clients ADD COLUMN mandate_reference TEXT NOT NULL DEFAULT '';"
  "UPDATE clients SET vat_id = upper(replace(tax_id, ' ', ''))"
  "  WHERE length(replace(tax_id, ' ', '')) >= 4"
  "    AND upper(replace(tax_id, ' ', '')) GLOB '[A-Z][A-Z][0-9A-Z]*'"
  "    AND NOT upper(replace(tax_id, ' ', '')) GLOB '*[^0-9A-Z]*';"
  "UPDATE clients SET country = CASE substr(vat_id, 1, 2) WHEN 'EL' THEN 'GR'"
  "  ELSE substr(vat_id, 1, 2) END WHERE vat_id <> '';"

  "ALTER TABLE invoices ADD COLUMN order_reference TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE invoices ADD COLUMN vat_category TEXT NOT NULL DEFAULT ''"
  "  CHECK (vat_category IN ('', 'S', 'Z', 'E', 'AE', 'K', 'G', 'O'));"
  "ALTER TABLE invoices ADD COLUMN vat_exemption_reason TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE invoices ADD COLUMN vat_exemption_code TEXT NOT NULL DEFAULT '';"

  "ALTER TABLE invoice_lines ADD COLUMN unit_code TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE invoice_lines ADD COLUMN vat_category TEXT NOT NULL DEFAULT ''"
  "  CHECK (vat_category IN ('', 'S', 'Z', 'E', 'AE', 'K', 'G', 'O'));",

  /* 9 → 10: e-invoices received from suppliers (import_einvoice). The file itself is kept
   * beside the database, named by its SHA-256, so it can be shown again exactly as it came;
   * the row holds what lists need and the hash that finds the file (and refuses it when it
   * changed). The same file received twice is one row. */
  "CREATE TABLE received_einvoices ("
  "  id INTEGER PRIMARY KEY,"
  "  sha256 TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),"
  "  file_name TEXT NOT NULL DEFAULT '',"
  "  content_type TEXT NOT NULL CHECK (content_type IN ('application/xml', 'application/pdf')),"
  "  size INTEGER NOT NULL CHECK (size > 0),"
  "  syntax TEXT NOT NULL,"
  "  number TEXT NOT NULL DEFAULT '',"
  "  seller_name TEXT NOT NULL DEFAULT '',"
  "  issue_date TEXT NOT NULL DEFAULT '',"
  "  currency TEXT NOT NULL DEFAULT '',"
  "  payable INTEGER NOT NULL DEFAULT 0,"
  "  received_at INTEGER NOT NULL"
  ") STRICT;",

  /* 10 → 11: roll-ups of the work (see core/rollups/dt-rollups.h). Derived data only:
   * built from the raw rows after this migration, kept exact in every write's transaction,
   * checked and repaired by `doubletime check`. Until rollup_state says they are complete
   * (and for the time zone they were built in), answers read the raw rows. A database
   * without time entries has nothing to build. */
  "CREATE TABLE rollup_state ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  zone TEXT NOT NULL DEFAULT '',"
  "  built_through INTEGER NOT NULL DEFAULT 0,"
  "  complete INTEGER NOT NULL DEFAULT 0 CHECK (complete IN (0, 1))"
  ") STRICT;"
  "INSERT INTO rollup_state (id, complete) "
  "  VALUES (1, NOT EXISTS (SELECT 1 FROM time_entries));"
  "CREATE TABLE work_days ("
  "  day INTEGER NOT NULL,"
  "  project_id INTEGER NOT NULL,"
  "  invoiced INTEGER NOT NULL CHECK (invoiced IN (0, 1)),"
  "  billable_entries INTEGER NOT NULL,"
  "  non_billable_entries INTEGER NOT NULL,"
  "  billable_seconds INTEGER NOT NULL,"
  "  non_billable_seconds INTEGER NOT NULL,"
  "  raw_minutes INTEGER NOT NULL,"
  "  billed_minutes INTEGER NOT NULL,"
  "  amount INTEGER NOT NULL,"
  "  PRIMARY KEY (day, project_id, invoiced)"
  ") STRICT, WITHOUT ROWID;"
  "CREATE INDEX work_days_project ON work_days (project_id, day);"
  "CREATE TABLE work_months ("
  "  month INTEGER NOT NULL,"
  "  project_id INTEGER NOT NULL,"
  "  invoiced INTEGER NOT NULL CHECK (invoiced IN (0, 1)),"
  "  billable_entries INTEGER NOT NULL,"
  "  non_billable_entries INTEGER NOT NULL,"
  "  billable_seconds INTEGER NOT NULL,"
  "  non_billable_seconds INTEGER NOT NULL,"
  "  raw_minutes INTEGER NOT NULL,"
  "  billed_minutes INTEGER NOT NULL,"
  "  amount INTEGER NOT NULL,"
  "  PRIMARY KEY (month, project_id, invoiced)"
  ") STRICT, WITHOUT ROWID;"
  "CREATE INDEX work_months_project ON work_months (project_id, month);"
  "CREATE TABLE unbilled_work ("
  "  project_id INTEGER PRIMARY KEY,"
  "  entries INTEGER NOT NULL,"
  "  minutes INTEGER NOT NULL,"
  "  amount INTEGER NOT NULL,"
  "  oldest_start INTEGER NOT NULL"
  ") STRICT;",

  /* 11 → 12: the name the seller trades under when it is not the legal one (BT-28), for
   * e-invoices: a sole trader registered under their own name who bills as a studio. ''
   * writes no trading name. Issued invoices keep it with the other seller details. */
  "ALTER TABLE profile ADD COLUMN trading_name TEXT NOT NULL DEFAULT '';",

  /* 12 → 13: the Billing Hub reads the invoices still open (drafts and unpaid ones): a few
   * dozen, where ten years keep thousands. The hub's query names the same terms, so SQLite
   * reads this index instead of every invoice. */
  "CREATE INDEX invoices_open ON invoices (client_id) "
  "WHERE status IN ('draft', 'sent', 'partially_paid') AND kind = 'invoice';",

  /* 13 → 14: recurring invoices. A template's lines are fixed fees; recurring_drafts holds
   * one row per (template, period) that ever had a draft, made in the draft's transaction:
   * its key is what keeps a restart, a clock change or a second device from making a second
   * draft for the same period. A deleted draft keeps its row (invoice_id NULL), so the
   * period is not made again behind the user's back. */
  "CREATE TABLE recurring_templates ("
  "  id INTEGER PRIMARY KEY,"
  "  client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE RESTRICT,"
  "  name TEXT NOT NULL,"
  "  frequency TEXT NOT NULL CHECK (frequency IN ('monthly', 'quarterly', 'yearly')),"
  "  day_of_month INTEGER NOT NULL CHECK (day_of_month BETWEEN 1 AND 31),"
  "  start_date TEXT NOT NULL,"
  "  end_date TEXT,"
  "  notes TEXT NOT NULL DEFAULT '',"
  "  terms TEXT,"
  "  auto_send INTEGER NOT NULL DEFAULT 0 CHECK (auto_send IN (0, 1)),"
  "  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),"
  "  version INTEGER NOT NULL DEFAULT 1,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL) STRICT;"
  "CREATE TABLE recurring_template_lines ("
  "  template_id INTEGER NOT NULL REFERENCES recurring_templates (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  description TEXT NOT NULL,"
  "  quantity INTEGER NOT NULL CHECK (quantity > 0),"
  "  unit_price INTEGER NOT NULL CHECK (unit_price >= 0),"
  "  unit_code TEXT NOT NULL DEFAULT '',"
  "  tax_rate_bp INTEGER NOT NULL DEFAULT -1 CHECK (tax_rate_bp BETWEEN -1 AND 10000),"
  "  PRIMARY KEY (template_id, position)) STRICT, WITHOUT ROWID;"
  "CREATE TABLE recurring_drafts ("
  "  template_id INTEGER NOT NULL REFERENCES recurring_templates (id) ON DELETE CASCADE,"
  "  period TEXT NOT NULL,"
  "  invoice_id INTEGER REFERENCES invoices (id) ON DELETE SET NULL,"
  "  created_at INTEGER NOT NULL,"
  "  PRIMARY KEY (template_id, period)) STRICT, WITHOUT ROWID;"
  "CREATE INDEX recurring_drafts_invoice ON recurring_drafts (invoice_id);",

  /* 14 → 15: expenses paid for a client (core/expenses/dt-expenses.h). amount is the net
   * price in minor units of currency; input_vat the VAT on the receipt, which the user
   * reclaims and which is never billed (invoice lines carry the output VAT). A re-billable
   * expense is billed on one invoice line (net × (1 + markup_bp / 10000)) and locked while it
   * is; removing the line unbills it. The receipt file is kept beside the database under
   * receipts/, named by its SHA-256; its type is the one its bytes show. */
  "CREATE TABLE expenses ("
  "  id INTEGER PRIMARY KEY,"
  "  spent_on TEXT NOT NULL CHECK (spent_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),"
  "  client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE RESTRICT,"
  "  project_id INTEGER REFERENCES projects (id) ON DELETE RESTRICT,"
  "  category TEXT NOT NULL DEFAULT '' CHECK (length(category) <= 100),"
  "  description TEXT NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),"
  "  amount INTEGER NOT NULL CHECK (amount > 0),"
  "  currency TEXT NOT NULL CHECK (length(currency) = 3),"
  "  vat_rate_bp INTEGER NOT NULL DEFAULT 0 CHECK (vat_rate_bp BETWEEN 0 AND 10000),"
  "  input_vat INTEGER NOT NULL DEFAULT 0 CHECK (input_vat BETWEEN 0 AND amount),"
  "  billable INTEGER NOT NULL DEFAULT 1 CHECK (billable IN (0, 1)),"
  "  markup_bp INTEGER NOT NULL DEFAULT 0 CHECK (markup_bp BETWEEN 0 AND 100000),"
  "  receipt_sha256 TEXT CHECK (receipt_sha256 IS NULL OR length(receipt_sha256) = 64),"
  "  receipt_type TEXT CHECK (receipt_type IS NULL"
  "    OR receipt_type IN ('application/pdf', 'image/png', 'image/jpeg')),"
  "  receipt_size INTEGER CHECK (receipt_size IS NULL OR receipt_size > 0),"
  "  receipt_name TEXT NOT NULL DEFAULT '',"
  "  invoice_line_id INTEGER REFERENCES invoice_lines (id) ON DELETE SET NULL,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  version INTEGER NOT NULL DEFAULT 1,"
  "  CHECK ((receipt_sha256 IS NULL) = (receipt_type IS NULL))"
  ") STRICT;"
  "CREATE INDEX expenses_client ON expenses (client_id, spent_on);"
  "CREATE INDEX expenses_line ON expenses (invoice_line_id) WHERE invoice_line_id IS NOT NULL;"
  "CREATE INDEX expenses_receipt ON expenses (receipt_sha256) WHERE receipt_sha256 IS NOT NULL;",

  /* 15 → 16: payment reminders (dt-reminders.h). reminder_levels holds the default levels
   * (client 0) and any client's own; invoice_reminders each reminder sent, once per level,
   * with the fee and interest it asked for. */
  "CREATE TABLE reminder_levels ("
  "  client_id INTEGER NOT NULL DEFAULT 0,"
  "  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),"
  "  after_days INTEGER NOT NULL CHECK (after_days BETWEEN 1 AND 3650),"
  "  fee INTEGER NOT NULL DEFAULT 0 CHECK (fee >= 0),"
  "  interest_bp INTEGER NOT NULL DEFAULT 0 CHECK (interest_bp BETWEEN 0 AND 10000),"
  "  PRIMARY KEY (client_id, level)) STRICT, WITHOUT ROWID;"
  "INSERT INTO reminder_levels (client_id, level, after_days) VALUES (0, 1, 7), (0, 2, 14), "
  "  (0, 3, 28);"
  "CREATE TABLE invoice_reminders ("
  "  invoice_id INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,"
  "  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),"
  "  sent_on TEXT NOT NULL,"
  "  fee INTEGER NOT NULL CHECK (fee >= 0),"
  "  interest INTEGER NOT NULL CHECK (interest >= 0),"
  "  created_at INTEGER NOT NULL,"
  "  PRIMARY KEY (invoice_id, level)) STRICT, WITHOUT ROWID;",
};

int
dt_db_migrations_count (void)
{
  return G_N_ELEMENTS (migrations);
}

const char *
dt_db_migration_sql (int from_version)
{
  g_return_val_if_fail (from_version >= 0 && from_version < (int) G_N_ELEMENTS (migrations), NULL);
  return migrations[from_version];
}
