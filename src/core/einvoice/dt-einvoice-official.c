/* dt-einvoice-official.c: the official EN 16931 and XRechnung rules run on one e-invoice, as
 * tests/einvoice/validate.py runs them: the XSD (here with libxml2), then the CEN XSLT and
 * the KoSIT schematron (compiled once with SchXslt) in Saxon-HE, read back from SVRL. */
#define G_LOG_DOMAIN "dt-einvoice"

#include "config.h"

#include "dt-einvoice-official.h"
#include "dt-einvoice-xml.h"
#include "dt-error.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

/* The versions KoSIT's build writes into the XRechnung schematron's title. */
#define XR_SCHEMATRON_VERSION "2.4.0"
#define XRECHNUNG_VERSION "3.0.2"
#define DEFAULT_SAXON_JAR "/usr/share/java/Saxon-HE.jar"
#define NS_SVRL "http://purl.oclc.org/dsdl/svrl"

typedef struct
{
  char *java;
  char *saxon;
  char *rules;
} Tools;

static void
tools_clear (Tools *tools)
{
  g_clear_pointer (&tools->java, g_free);
  g_clear_pointer (&tools->saxon, g_free);
  g_clear_pointer (&tools->rules, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Tools, tools_clear)

static gboolean
find_tools (Tools   *tools,
            GError **error)
{
  const char *java = g_getenv ("DT_EINVOICE_JAVA");
  const char *saxon = g_getenv ("DT_SAXON_JAR");
  const char *rules = g_getenv ("DT_EINVOICE_RULES_DIR");
  g_autofree char *probe = NULL;

  if (java != NULL && *java != '\0')
    {
      if (!g_file_test (java, G_FILE_TEST_IS_EXECUTABLE) || g_file_test (java, G_FILE_TEST_IS_DIR))
        {
          g_set_error (error, DT_ERROR, DT_ERROR_UNAVAILABLE,
                       _("The official rules need Java, and %s (DT_EINVOICE_JAVA) is not a "
                         "program"), java);
          return FALSE;
        }
      tools->java = g_strdup (java);
    }
  else if ((tools->java = g_find_program_in_path ("java")) == NULL)
    {
      g_set_error_literal (error, DT_ERROR, DT_ERROR_UNAVAILABLE,
                           _("The official rules need Java, which is not installed (Debian "
                             "package default-jre-headless)"));
      return FALSE;
    }
  tools->saxon = g_strdup (saxon != NULL && *saxon != '\0' ? saxon : DEFAULT_SAXON_JAR);
  if (!g_file_test (tools->saxon, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, DT_ERROR, DT_ERROR_UNAVAILABLE,
                   _("The official rules need Saxon-HE, which is not at %s (Debian package "
                     "libsaxonhe-java)"), tools->saxon);
      return FALSE;
    }
  tools->rules = g_strdup (rules != NULL && *rules != '\0' ? rules : EINVOICE_RULES_DIR);
  probe = g_build_filename (tools->rules, "cen-en16931", "cii", "EN16931-CII-validation.xslt",
                            NULL);
  if (!g_file_test (probe, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, DT_ERROR, DT_ERROR_UNAVAILABLE,
                   _("The official rules are not installed in %s"), tools->rules);
      return FALSE;
    }
  return TRUE;
}

gboolean
dt_einvoice_official_available (void)
{
  g_auto(Tools) tools = { 0 };

  return find_tools (&tools, NULL);
}

/* Runs `java -jar Saxon-HE.jar ARGS…`; on failure the error carries Saxon's last lines. */
static gboolean
run_saxon (const Tools   *tools,
           const char   **args,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *err_text = NULL;

  g_ptr_array_add (argv, tools->java);
  g_ptr_array_add (argv, (char *) "-jar");
  g_ptr_array_add (argv, tools->saxon);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &local_error);
  if (process == NULL)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_UNAVAILABLE,
                   _("Java could not be started: %s"), local_error->message);
      return FALSE;
    }
  if (!g_subprocess_communicate_utf8 (process, NULL, cancellable, NULL, &err_text, &local_error))
    {
      g_subprocess_force_exit (process);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    {
      g_autofree char *tail = g_strstrip (g_strdup (err_text != NULL ? err_text : ""));
      gsize len = strlen (tail);

      g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "Saxon failed: %s",
                   len > 1000 ? tail + len - 1000 : tail);
      return FALSE;
    }
  return TRUE;
}

static gboolean
copy_file (const char  *from,
           const char  *to,
           GError     **error)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  return g_file_get_contents (from, &data, &len, error) &&
         g_file_set_contents (to, data, len, error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Every file under @rules/@relative, as paths relative to @rules, sorted. */
static void
list_files (const char *rules,
            const char *relative,
            GPtrArray  *out)
{
  g_autofree char *path = g_build_filename (rules, relative, NULL);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (relative, name, NULL);
      g_autofree char *full = g_build_filename (rules, child, NULL);

      if (g_file_test (full, G_FILE_TEST_IS_DIR))
        list_files (rules, child, out);
      else
        g_ptr_array_add (out, g_steal_pointer (&child));
    }
}

/* A key that changes with any rule file the compiled XRechnung rules come from. */
static char *
cache_key (const char  *rules,
           GError     **error)
{
  static const char * const roots[] = { "xrechnung-schematron", "peppol-bis-billing",
                                        "schxslt/xslt/2.0" };
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  g_checksum_update (sum, (const guchar *) XR_SCHEMATRON_VERSION, -1);
  for (guint r = 0; r < G_N_ELEMENTS (roots); r++)
    {
      g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);

      list_files (rules, roots[r], files);
      g_ptr_array_sort (files, compare_strings);
      for (guint i = 0; i < files->len; i++)
        {
          g_autofree char *full = g_build_filename (rules, files->pdata[i], NULL);
          g_autofree char *data = NULL;
          gsize len = 0;

          if (!g_file_get_contents (full, &data, &len, error))
            return NULL;
          g_checksum_update (sum, files->pdata[i], -1);
          g_checksum_update (sum, (const guchar *) data, len);
        }
    }
  return g_strndup (g_checksum_get_string (sum), 16);
}

/* KoSIT's build in a scratch tree: the version tokens filled in, the Peppol rules merged in
 * with peppol-into-xr.xsl (which finds rule-list.xml beside itself and the Peppol rules at
 * ../../build/bis/; the merged file includes ../common.sch), then SchXslt. */
static gboolean
compile_xrechnung_into (const Tools   *tools,
                        const char    *work,
                        const char    *syntax,
                        const char    *output,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autofree char *name = g_strdup_printf ("XRechnung-%s-validation", syntax);
  g_autofree char *lower = g_ascii_strdown (syntax, -1);
  g_autofree char *xr = g_build_filename (tools->rules, "xrechnung-schematron", NULL);
  g_autofree char *sources = g_build_filename (xr, "src", "validation", "schematron", NULL);
  g_autofree char *source_path = g_strdup_printf ("%s/%s/%s.sch", sources, lower, name);
  g_autofree char *xsl_dir = g_build_filename (work, "src", "xsl", NULL);
  g_autofree char *bis_dir = g_build_filename (work, "build", "bis", NULL);
  g_autofree char *tmp_dir = g_build_filename (work, "tmp", NULL);
  g_autofree char *merged_dir = g_build_filename (work, "schematron", lower, NULL);
  g_autofree char *filled = g_strdup_printf ("%s/%s.sch", tmp_dir, name);
  g_autofree char *merged = g_strdup_printf ("%s/%s.sch", merged_dir, name);
  g_autofree char *source = NULL;
  g_autoptr(GString) text = NULL;
  const char * const copies[][2] = {
    { "xrechnung-schematron/src/xsl/peppol-into-xr.xsl", "src/xsl/peppol-into-xr.xsl" },
    { "xrechnung-schematron/src/xsl/rule-list.xml", "src/xsl/rule-list.xml" },
    { "xrechnung-schematron/src/validation/schematron/common.sch", "schematron/common.sch" },
    { "peppol-bis-billing/PEPPOL-EN16931-CII.sch", "build/bis/PEPPOL-EN16931-CII.sch" },
    { "peppol-bis-billing/PEPPOL-EN16931-UBL.sch", "build/bis/PEPPOL-EN16931-UBL.sch" },
  };

  if (g_mkdir_with_parents (xsl_dir, 0700) != 0 || g_mkdir_with_parents (bis_dir, 0700) != 0 ||
      g_mkdir_with_parents (tmp_dir, 0700) != 0 || g_mkdir_with_parents (merged_dir, 0700) != 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_IO, "cannot make folders in %s: %s", work,
                   g_strerror (errno));
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (copies); i++)
    {
      g_autofree char *from = g_build_filename (tools->rules, copies[i][0], NULL);
      g_autofree char *to = g_build_filename (work, copies[i][1], NULL);

      if (!copy_file (from, to, error))
        return FALSE;
    }
  if (!g_file_get_contents (source_path, &source, NULL, error))
    return FALSE;
  text = g_string_new (source);
  g_string_replace (text, "@xr-schematron.version.full@", XR_SCHEMATRON_VERSION, 0);
  g_string_replace (text, "@xrechnung.version@", XRECHNUNG_VERSION, 0);
  if (!g_file_set_contents (filled, text->str, text->len, error))
    return FALSE;

  {
    g_autofree char *merge_xsl = g_build_filename (xsl_dir, "peppol-into-xr.xsl", NULL);
    g_autofree char *pipeline = g_build_filename (tools->rules, "schxslt", "xslt", "2.0",
                                                  "pipeline-for-svrl.xsl", NULL);
    g_autofree char *s1 = g_strconcat ("-s:", filled, NULL);
    g_autofree char *x1 = g_strconcat ("-xsl:", merge_xsl, NULL);
    g_autofree char *o1 = g_strconcat ("-o:", merged, NULL);
    g_autofree char *p1 = g_strconcat ("syntax=", syntax, NULL);
    g_autofree char *s2 = g_strconcat ("-s:", merged, NULL);
    g_autofree char *x2 = g_strconcat ("-xsl:", pipeline, NULL);
    g_autofree char *o2 = g_strconcat ("-o:", output, NULL);
    const char *merge_args[] = { s1, x1, o1, p1, NULL };
    const char *compile_args[] = { s2, x2, o2, NULL };

    return run_saxon (tools, merge_args, cancellable, error) &&
           run_saxon (tools, compile_args, cancellable, error);
  }
}

/* The compiled XRechnung rules for @syntax ("CII" or "UBL"), from the cache or made now;
 * a lock keeps two processes from compiling into the same place at once. */
static char *
compiled_xrechnung (const Tools   *tools,
                    const char    *syntax,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autofree char *key = cache_key (tools->rules, error);
  g_autofree char *base = g_build_filename (g_get_user_cache_dir (), "doubletime",
                                            "einvoice-rules", NULL);
  g_autofree char *target = NULL;
  g_autofree char *output = NULL;
  g_autofree char *lock_path = NULL;
  g_autofree char *work = NULL;
  g_autofree char *staged = NULL;
  g_autoptr(GError) local_error = NULL;
  int lock;
  gboolean ok;

  if (key == NULL)
    return NULL;
  target = g_build_filename (base, key, NULL);
  output = g_strdup_printf ("%s/XRechnung-%s-validation.xsl", target, syntax);
  if (g_file_test (output, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&output);
  if (g_mkdir_with_parents (target, 0700) != 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_IO, "cannot make %s: %s", target,
                   g_strerror (errno));
      return NULL;
    }
  lock_path = g_build_filename (base, ".lock", NULL);
  lock = g_open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (lock < 0 || flock (lock, LOCK_EX) != 0)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_IO, "cannot lock %s: %s", lock_path,
                   g_strerror (errno));
      if (lock >= 0)
        close (lock);
      return NULL;
    }
  if (g_file_test (output, G_FILE_TEST_IS_REGULAR))
    {
      close (lock);
      return g_steal_pointer (&output);
    }
  work = g_build_filename (base, "compile-XXXXXX", NULL);
  if (g_mkdtemp (work) == NULL)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_IO, "cannot make a folder in %s: %s", base,
                   g_strerror (errno));
      close (lock);
      return NULL;
    }
  staged = g_strdup_printf ("%s/XRechnung-%s-validation.xsl", work, syntax);
  g_debug ("compiling the XRechnung %s rules into %s", syntax, target);
  ok = compile_xrechnung_into (tools, work, syntax, staged, cancellable, &local_error) &&
       g_rename (staged, output) == 0;
  remove_tree (work);
  close (lock);
  if (!ok)
    {
      if (local_error != NULL && g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, DT_ERROR, DT_ERROR_UNAVAILABLE,
                     _("The XRechnung rules could not be compiled: %s"),
                     local_error != NULL ? local_error->message : g_strerror (errno));
      return NULL;
    }
  return g_steal_pointer (&output);
}

static void
add_problem (GPtrArray          *problems,
             DtEinvoiceSeverity  severity,
             const char         *rule,
             const char         *message)
{
  DtEinvoiceProblem *problem = g_new0 (DtEinvoiceProblem, 1);

  problem->severity = severity;
  /* Rule ids are few and live as long as the program: interned, as the core check's
   * literals do. */
  problem->rule = g_intern_string (rule);
  problem->business_term = "";
  problem->field = "";
  problem->message = g_strdup (message);
  g_ptr_array_add (problems, problem);
}

static void
schema_error_cb (void              *user_data,
                 const xmlError    *xml_error)
{
  GPtrArray *problems = user_data;
  g_autofree char *text = g_strstrip (g_strdup (xml_error->message != NULL ? xml_error->message
                                                                           : "invalid"));
  g_autofree char *message = g_strdup_printf ("line %d: %s", xml_error->line, text);

  add_problem (problems, DT_EINVOICE_ERROR, "XSD", message);
}

static gboolean
check_schema (const Tools       *tools,
              xmlDoc            *doc,
              DtEinvoiceSyntax   syntax,
              GPtrArray         *problems,
              GError           **error)
{
  const char *relative = syntax == DT_EINVOICE_SYNTAX_CII
                           ? "cen-en16931/cii/schema/CrossIndustryInvoice_100pD16B.xsd"
                         : syntax == DT_EINVOICE_SYNTAX_UBL_INVOICE
                           ? "ubl-2.1/xsdrt/maindoc/UBL-Invoice-2.1.xsd"
                           : "ubl-2.1/xsdrt/maindoc/UBL-CreditNote-2.1.xsd";
  g_autofree char *path = g_build_filename (tools->rules, relative, NULL);
  xmlSchemaParserCtxt *parser = xmlSchemaNewParserCtxt (path);
  xmlSchema *schema = parser != NULL ? xmlSchemaParse (parser) : NULL;
  xmlSchemaValidCtxt *valid;
  int result;

  if (parser != NULL)
    xmlSchemaFreeParserCtxt (parser);
  if (schema == NULL)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_UNAVAILABLE,
                   _("The schema %s could not be read"), path);
      return FALSE;
    }
  valid = xmlSchemaNewValidCtxt (schema);
  xmlSchemaSetValidStructuredErrors (valid, (xmlStructuredErrorFunc) schema_error_cb, problems);
  result = xmlSchemaValidateDoc (valid, doc);
  if (result != 0 && dt_einvoice_problems_find (problems, "XSD") == NULL)
    add_problem (problems, DT_EINVOICE_ERROR, "XSD", "the file does not match the schema");
  xmlSchemaFreeValidCtxt (valid);
  xmlSchemaFree (schema);
  return TRUE;
}

static xmlNode *
child_named (xmlNode    *parent,
             const char *name)
{
  for (xmlNode *child = parent != NULL ? parent->children : NULL; child; child = child->next)
    if (child->type == XML_ELEMENT_NODE && strcmp ((const char *) child->name, name) == 0)
      return child;
  return NULL;
}

/* BT-24, the specification the file claims: only XRechnung files get the KoSIT rules. */
static gboolean
claims_xrechnung (xmlDoc           *doc,
                  DtEinvoiceSyntax  syntax)
{
  xmlNode *root = xmlDocGetRootElement (doc);
  xmlNode *id = syntax == DT_EINVOICE_SYNTAX_CII
                  ? child_named (child_named (child_named (root, "ExchangedDocumentContext"),
                                              "GuidelineSpecifiedDocumentContextParameter"),
                                 "ID")
                  : child_named (root, "CustomizationID");
  g_autofree char *text = NULL;
  g_autofree char *lower = NULL;
  xmlChar *content;

  if (id == NULL)
    return FALSE;
  content = xmlNodeGetContent (id);
  text = g_strdup ((const char *) content);
  xmlFree (content);
  lower = g_ascii_strdown (text != NULL ? text : "", -1);
  return strstr (lower, "xrechnung") != NULL;
}

/* Every failed assert and successful report in the SVRL at @path, but information. */
static gboolean
read_svrl (const char  *path,
           GPtrArray   *problems,
           GError     **error)
{
  g_autoptr(xmlDoc) svrl = xmlReadFile (path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
                                                    XML_PARSE_NOWARNING);
  xmlNode *root = svrl != NULL ? xmlDocGetRootElement (svrl) : NULL;

  if (root == NULL)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_UNAVAILABLE,
                   _("The validation report %s could not be read"), path);
      return FALSE;
    }
  for (xmlNode *node = root->children; node != NULL; node = node->next)
    {
      g_autofree char *flag = NULL;
      g_autofree char *id = NULL;
      g_autoptr(GString) text = g_string_new (NULL);
      xmlChar *value;

      if (node->type != XML_ELEMENT_NODE || node->ns == NULL ||
          strcmp ((const char *) node->ns->href, NS_SVRL) != 0 ||
          (strcmp ((const char *) node->name, "failed-assert") != 0 &&
           strcmp ((const char *) node->name, "successful-report") != 0))
        continue;
      value = xmlGetProp (node, (const xmlChar *) "flag");
      flag = g_ascii_strdown (value != NULL ? (const char *) value : "error", -1);
      xmlFree (value);
      if (strcmp (flag, "information") == 0)
        continue;
      value = xmlGetProp (node, (const xmlChar *) "id");
      id = g_strdup (value != NULL ? (const char *) value : "(no id)");
      xmlFree (value);
      for (xmlNode *part = node->children; part != NULL; part = part->next)
        if (part->type == XML_ELEMENT_NODE && strcmp ((const char *) part->name, "text") == 0)
          {
            xmlChar *content = xmlNodeGetContent (part);
            g_auto(GStrv) words = g_strsplit_set ((const char *) content, " \t\r\n", -1);

            xmlFree (content);
            for (guint i = 0; words[i] != NULL; i++)
              if (*words[i] != '\0')
                g_string_append_printf (text, "%s%s", text->len > 0 ? " " : "", words[i]);
          }
      add_problem (problems, strcmp (flag, "warning") == 0 ? DT_EINVOICE_WARNING
                                                           : DT_EINVOICE_ERROR,
                   id, text->str);
    }
  return TRUE;
}

/* One compiled schematron over the file; a file Saxon stops on is a problem of its own. */
static gboolean
run_rules (const Tools   *tools,
           const char    *stylesheet,
           const char    *input,
           const char    *svrl,
           GPtrArray     *problems,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autofree char *s = g_strconcat ("-s:", input, NULL);
  g_autofree char *x = g_strconcat ("-xsl:", stylesheet, NULL);
  g_autofree char *o = g_strconcat ("-o:", svrl, NULL);
  const char *args[] = { s, x, o, NULL };
  g_autoptr(GError) local_error = NULL;

  if (!run_saxon (tools, args, cancellable, &local_error))
    {
      if (!g_error_matches (local_error, DT_ERROR, DT_ERROR_INVALID))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      add_problem (problems, DT_EINVOICE_ERROR, "SAXON", local_error->message);
      return TRUE;
    }
  return read_svrl (svrl, problems, error);
}

static int
severity_first (gconstpointer a,
                gconstpointer b)
{
  const DtEinvoiceProblem *pa = *(const DtEinvoiceProblem * const *) a;
  const DtEinvoiceProblem *pb = *(const DtEinvoiceProblem * const *) b;

  return (int) pa->severity - (int) pb->severity;
}

GPtrArray *
dt_einvoice_official_check (GBytes        *xml,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_auto(Tools) tools = { 0 };
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *input = NULL;
  DtEinvoiceSyntax syntax;
  const char *family;
  gsize len = 0;
  const char *data;
  gboolean ok;

  g_return_val_if_fail (xml != NULL, NULL);

  if (!find_tools (&tools, error))
    return NULL;
  data = g_bytes_get_data (xml, &len);
  doc = dt_einvoice_xml_read (data, len, &syntax, error);
  if (doc == NULL)
    return NULL;
  problems = g_ptr_array_new_with_free_func ((GDestroyNotify) dt_einvoice_problem_free);
  if (!check_schema (&tools, doc, syntax, problems, error))
    return NULL;

  dir = g_dir_make_tmp ("dt-einvoice-official-XXXXXX", error);
  if (dir == NULL)
    return NULL;
  input = g_build_filename (dir, "invoice.xml", NULL);
  family = syntax == DT_EINVOICE_SYNTAX_CII ? "CII" : "UBL";
  ok = g_file_set_contents (input, data, len, error);
  if (ok)
    {
      g_autofree char *lower = g_ascii_strdown (family, -1);
      g_autofree char *name = g_strdup_printf ("EN16931-%s-validation.xslt", family);
      g_autofree char *cen = g_build_filename (tools.rules, "cen-en16931", lower, name, NULL);
      g_autofree char *svrl = g_build_filename (dir, "en16931.svrl", NULL);

      ok = run_rules (&tools, cen, input, svrl, problems, cancellable, error);
    }
  if (ok && claims_xrechnung (doc, syntax))
    {
      g_autofree char *compiled = compiled_xrechnung (&tools, family, cancellable, error);
      g_autofree char *svrl = g_build_filename (dir, "xrechnung.svrl", NULL);

      ok = compiled != NULL &&
           run_rules (&tools, compiled, input, svrl, problems, cancellable, error);
    }
  remove_tree (dir);
  if (!ok)
    return NULL;
  g_ptr_array_sort (problems, severity_first);
  return g_steal_pointer (&problems);
}

static void
check_thread_cb (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *problems = dt_einvoice_official_check (task_data, cancellable, &error);

  if (problems == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, problems, (GDestroyNotify) g_ptr_array_unref);
}

void
dt_einvoice_official_check_async (GBytes              *xml,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (xml != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dt_einvoice_official_check_async);
  g_task_set_task_data (task, g_bytes_ref (xml), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, check_thread_cb);
}

GPtrArray *
dt_einvoice_official_check_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
