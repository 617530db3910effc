/* dt-api-file-input.c: a file sent to the REST API as the raw body or as multipart/form-data,
 * turned into the {data_base64, file_name} input its operation takes over MCP too. A form
 * cannot carry the Bearer token and the Origin guard refuses web pages, so accepting these
 * types here opens no cross-site path that JSON-only bodies close elsewhere. */
#define G_LOG_DOMAIN "dt-api"

#include "dt-api-private.h"

#include <string.h>

#include "dt-error.h"
#include "dt-server-guard.h"

static gboolean
type_listed (const char *content_type,
             const char *media_types)
{
  g_auto(GStrv) types = g_strsplit (media_types, " ", -1);

  for (guint i = 0; types[i] != NULL; i++)
    if (types[i][0] != '\0' && dt_guard_content_type_is (content_type, types[i]))
      return TRUE;
  return FALSE;
}

/* The filename parameter of a Content-Disposition header, when it is plain text. */
static char *
file_name_of (SoupMessageHeaders *headers,
              const char        **out_part_name)
{
  g_autoptr(GHashTable) params = NULL;
  char *disposition = NULL;
  const char *name;
  char *result = NULL;

  if (out_part_name != NULL)
    *out_part_name = NULL;
  if (!soup_message_headers_get_content_disposition (headers, &disposition, &params))
    return NULL;
  g_free (disposition);
  name = g_hash_table_lookup (params, "filename");
  if (name != NULL && g_utf8_validate (name, -1, NULL) && strlen (name) <= 255)
    result = g_path_get_basename (name);
  if (out_part_name != NULL && g_hash_table_lookup (params, "name") != NULL)
    *out_part_name = g_intern_string (g_hash_table_lookup (params, "name"));
  return result;
}

static JsonObject *
input_for (GBytes     *file,
           const char *file_name)
{
  JsonObject *input = json_object_new ();
  g_autofree char *base64 = g_base64_encode (g_bytes_get_data (file, NULL),
                                             g_bytes_get_size (file));

  json_object_set_string_member (input, "data_base64", base64);
  if (file_name != NULL)
    json_object_set_string_member (input, "file_name", file_name);
  return input;
}

JsonObject *
dt_api_file_input (DtRequest   *request,
                   const char  *media_types,
                   guint       *out_status,
                   GError     **error)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (request->msg);
  const char *type = dt_request_get_header (request, "Content-Type");
  g_autoptr(SoupMultipart) multipart = NULL;
  g_autofree char *file_name = NULL;
  GBytes *found = NULL;
  const char *found_name = NULL;
  int n;

  if (type != NULL && type_listed (type, media_types))
    {
      file_name = file_name_of (headers, NULL);
      return input_for (request->body, file_name);
    }
  if (!dt_guard_content_type_is (type, "multipart/form-data"))
    {
      *out_status = SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE;
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "Send the file as the body with Content-Type %s, as multipart/form-data "
                   "with one file, or as JSON {\"data_base64\": …} (got “%s”)", media_types,
                   type != NULL ? type : "none");
      return NULL;
    }
  multipart = soup_multipart_new_from_message (headers, request->body);
  n = multipart != NULL ? soup_multipart_get_length (multipart) : 0;
  for (int i = 0; i < n; i++)
    {
      SoupMessageHeaders *part_headers;
      GBytes *part_body;
      g_autofree char *name = NULL;
      const char *part_name;

      if (!soup_multipart_get_part (multipart, i, &part_headers, &part_body))
        continue;
      name = file_name_of (part_headers, &part_name);
      /* The file is the part with a file name; plain fields are not taken. */
      if (name == NULL)
        continue;
      if (found != NULL)
        {
          *out_status = SOUP_STATUS_BAD_REQUEST;
          g_set_error_literal (error, DT_ERROR, DT_ERROR_INVALID,
                               "The multipart/form-data body carries more than one file; send "
                               "one e-invoice per request");
          return NULL;
        }
      found = part_body;
      g_free (file_name);
      file_name = g_steal_pointer (&name);
      found_name = part_name;
    }
  if (found == NULL || g_bytes_get_size (found) == 0)
    {
      *out_status = SOUP_STATUS_BAD_REQUEST;
      g_set_error_literal (error, DT_ERROR, DT_ERROR_INVALID,
                           multipart == NULL
                           ? "The multipart/form-data body cannot be read (is the boundary "
                             "right?)"
                           : "The multipart/form-data body carries no file: send one part "
                             "with Content-Disposition: form-data; name=\"file\"; "
                             "filename=\"…\"");
      return NULL;
    }
  g_debug ("taking the file of form field %s", found_name ? found_name : "(unnamed)");
  return input_for (found, file_name);
}
