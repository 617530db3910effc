/* dt-redirect.c: redirect URI validation at registration and matching at authorization. */
#define G_LOG_DOMAIN "dt-auth"

#include <string.h>

#include "dt-error.h"
#include "dt-redirect.h"

static const char *const forbidden_schemes[] = {
  "javascript", "data", "file", "vbscript", "about", "blob", "ftp", "ws", "wss", "filesystem",
  "view-source", "chrome", "resource", "jar", NULL
};

static gboolean
is_loopback_literal (const char *host)
{
  return g_strcmp0 (host, "127.0.0.1") == 0 || g_strcmp0 (host, "::1") == 0 ||
         g_strcmp0 (host, "[::1]") == 0;
}

static GUri *
parse (const char  *uri,
       GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  GUri *parsed;

  /* ENCODED: compare what was sent, never a decoded form ("/a%2Fb" is not "/a/b"). */
  parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED | G_URI_FLAGS_HAS_PASSWORD, &local_error);
  if (parsed == NULL)
    g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "The redirect URI “%s” is not a valid URI",
                 uri);
  return parsed;
}

gboolean
dt_redirect_uri_valid (const char  *uri,
                       GError     **error)
{
  g_autoptr(GUri) parsed = NULL;
  const char *scheme;
  const char *host;

  if (uri == NULL || *uri == '\0')
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "A redirect URI is empty");
      return FALSE;
    }
  if (strlen (uri) > DT_REDIRECT_MAX_LEN)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "A redirect URI is longer than %d characters", DT_REDIRECT_MAX_LEN);
      return FALSE;
    }
  for (const char *p = uri; *p != '\0'; p++)
    if ((guchar) *p <= 0x20 || (guchar) *p >= 0x7f || *p == '\\')
      {
        g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                     "The redirect URI “%s” contains a space, a control character, a backslash "
                     "or a non-ASCII character", uri);
        return FALSE;
      }
  if (strchr (uri, '#') != NULL)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "The redirect URI “%s” has a fragment (#…), which is not allowed", uri);
      return FALSE;
    }

  parsed = parse (uri, error);
  if (parsed == NULL)
    return FALSE;
  scheme = g_uri_get_scheme (parsed);
  host = g_uri_get_host (parsed);

  for (guint i = 0; forbidden_schemes[i] != NULL; i++)
    if (g_ascii_strcasecmp (scheme, forbidden_schemes[i]) == 0)
      {
        g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                     "The redirect URI “%s” uses the scheme “%s:”, which is not allowed", uri,
                     scheme);
        return FALSE;
      }
  if (g_uri_get_userinfo (parsed) != NULL || strchr (uri, '@') != NULL)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "The redirect URI “%s” contains a user name or password (…@), which is not "
                   "allowed", uri);
      return FALSE;
    }

  if (g_str_equal (scheme, "http"))
    {
      if (!is_loopback_literal (host) && g_strcmp0 (host, "localhost") != 0)
        {
          g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                       "The redirect URI “%s” uses http on a host that is not this computer: "
                       "use http://127.0.0.1:PORT/…, http://[::1]:PORT/…, "
                       "http://localhost:PORT/… or https", uri);
          return FALSE;
        }
      return TRUE;
    }
  if (g_str_equal (scheme, "https"))
    {
      if (host == NULL || *host == '\0')
        {
          g_set_error (error, DT_ERROR, DT_ERROR_INVALID, "The redirect URI “%s” has no host",
                       uri);
          return FALSE;
        }
      return TRUE;
    }
  /* RFC 8252 §7.1: private-use schemes are reverse domain names, e.g. com.example.app:/cb. */
  if (strchr (scheme, '.') == NULL)
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "The redirect URI “%s” uses the scheme “%s:”; use http on a loopback "
                   "address, https, or a reverse-domain scheme such as com.example.app:/callback",
                   uri, scheme);
      return FALSE;
    }
  if (host != NULL && *host != '\0')
    {
      g_set_error (error, DT_ERROR, DT_ERROR_INVALID,
                   "The private-use redirect URI “%s” must not name a host (use “%s:/path”)",
                   uri, scheme);
      return FALSE;
    }
  return TRUE;
}

gboolean
dt_redirect_uri_matches (const char *registered,
                         const char *requested)
{
  g_autoptr(GUri) a = NULL;
  g_autoptr(GUri) b = NULL;

  if (registered == NULL || requested == NULL)
    return FALSE;
  if (g_str_equal (registered, requested))
    return TRUE;
  if (strchr (requested, '#') != NULL || strchr (requested, '@') != NULL ||
      !g_str_has_prefix (registered, "http://") || !g_str_has_prefix (requested, "http://"))
    return FALSE;

  a = parse (registered, NULL);
  b = parse (requested, NULL);
  if (a == NULL || b == NULL)
    return FALSE;

  /* Only the port of a loopback IP literal may vary: native apps get it from the OS. */
  if (!is_loopback_literal (g_uri_get_host (a)) ||
      g_strcmp0 (g_uri_get_host (a), g_uri_get_host (b)) != 0)
    return FALSE;
  if (g_strcmp0 (g_uri_get_path (a), g_uri_get_path (b)) != 0 ||
      g_strcmp0 (g_uri_get_query (a), g_uri_get_query (b)) != 0 ||
      g_uri_get_userinfo (b) != NULL || g_uri_get_fragment (b) != NULL)
    return FALSE;

  /* The rest of the text must be identical too: rebuild both without the port. */
  {
    g_autofree char *ra = g_uri_join (G_URI_FLAGS_ENCODED, "http", NULL, g_uri_get_host (a), -1,
                                      g_uri_get_path (a), g_uri_get_query (a), NULL);
    g_autofree char *rb = g_uri_join (G_URI_FLAGS_ENCODED, "http", NULL, g_uri_get_host (b), -1,
                                      g_uri_get_path (b), g_uri_get_query (b), NULL);
    g_autofree char *na = NULL;
    g_autofree char *nb = NULL;
    const char *ta = strpbrk (registered + 7, "/?");
    const char *tb = strpbrk (requested + 7, "/?");

    if (g_strcmp0 (ra, rb) != 0)
      return FALSE;
    /* The authority must be literally "HOST" or "HOST:digits" in both: nothing else. */
    na = ta != NULL ? g_strndup (registered + 7, ta - (registered + 7)) : g_strdup (registered + 7);
    nb = tb != NULL ? g_strndup (requested + 7, tb - (requested + 7)) : g_strdup (requested + 7);
    for (guint i = 0; i < 2; i++)
      {
        const char *hp = i == 0 ? na : nb;
        const char *h = g_str_has_prefix (hp, "[::1]") ? "[::1]" : "127.0.0.1";
        const char *rest;

        if (!g_str_has_prefix (hp, h))
          return FALSE;
        rest = hp + strlen (h);
        if (*rest == '\0')
          continue;
        if (*rest != ':' || rest[1] == '\0')
          return FALSE;
        for (const char *d = rest + 1; *d != '\0'; d++)
          if (!g_ascii_isdigit (*d))
            return FALSE;
      }
    return g_str_equal (ta != NULL ? ta : "", tb != NULL ? tb : "");
  }
}

char *
dt_redirect_uri_host (const char *uri)
{
  g_autoptr(GUri) parsed = parse (uri, NULL);

  if (parsed == NULL)
    return g_strdup (uri);
  if (g_uri_get_host (parsed) != NULL && *g_uri_get_host (parsed) != '\0')
    return g_strdup (g_uri_get_host (parsed));
  return g_strdup (g_uri_get_scheme (parsed));
}
