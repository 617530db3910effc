/* fuzz-json-reader.c: the strict JSON reader every request body goes through, against
 * json-glib's parser. Oracles: no crash, and a tree or an error, never both or neither; a text
 * the reader accepts, json-glib accepts too and reads to the same tree (compared as written
 * text), except where a literal integer has more digits than 64 bits hold (json-glib wraps
 * it, the reader keeps it as a double); and the written tree reads back to itself. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dt-json-reader.h"
#include "dt-json-writer.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Whether the text has a run of 19 digits or more outside strings. */
static gboolean
has_long_integer (const char *text,
                  gsize       length)
{
  gboolean in_string = FALSE;
  gsize run = 0;

  for (gsize i = 0; i < length; i++)
    {
      if (in_string)
        {
          if (text[i] == '\\')
            i++;
          else if (text[i] == '"')
            in_string = FALSE;
          continue;
        }
      if (text[i] == '"')
        in_string = TRUE;
      run = g_ascii_isdigit (text[i]) ? run + 1 : 0;
      if (run >= 19)
        return TRUE;
    }
  return FALSE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = (const char *) data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autofree char *ours = NULL;
  g_autofree char *theirs = NULL;
  g_autofree char *second = NULL;

  if (size > 64 * 1024)
    return 0;
  root = dt_json_read (text, size, 32, &error);
  if ((root == NULL) == (error == NULL))
    abort ();
  if (root == NULL)
    {
      if (error->domain != DT_JSON_READ_ERROR || error->message[0] == '\0')
        abort ();
      return 0;
    }

  ours = dt_json_to_text (root, NULL);
  again = dt_json_read (ours, strlen (ours), 32, NULL);
  if (again == NULL)
    abort ();
  second = dt_json_to_text (again, NULL);
  if (strcmp (ours, second) != 0)
    abort ();

  if (has_long_integer (text, size))
    return 0;
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, text, (gssize) size, NULL) ||
      json_parser_get_root (parser) == NULL)
    {
      g_printerr ("json-glib refused what the reader read as %s\n", ours);
      abort ();
    }
  theirs = dt_json_to_text (json_parser_get_root (parser), NULL);
  if (strcmp (ours, theirs) != 0)
    {
      g_printerr ("the reader read %s, json-glib %s\n", ours, theirs);
      abort ();
    }
  return 0;
}
