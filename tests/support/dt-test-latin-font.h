/* dt-test-latin-font.h: a private fontconfig set-up that holds one Latin font, what a machine
 * without CJK fonts has. Call before Pango, GTK or fontconfig first look for a font. */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>

/* Returns the folder it made (remove it at the end); FONTCONFIG_FILE names its fonts.conf. */
static inline char *
dt_test_use_only_a_latin_font (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *font = NULL;
  g_autofree char *font_copy = NULL;
  g_autofree char *conf = NULL;
  g_autofree char *conf_path = NULL;
  g_autofree char *contents = NULL;
  char *dir;
  gsize length;
  int status;
  const char *argv[] = { "fc-match", "--format=%{file}", "Noto Sans:style=Regular", NULL };

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &font, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_file_test (font, G_FILE_TEST_IS_REGULAR));

  dir = g_dir_make_tmp ("dt-fonts-XXXXXX", &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (font, &contents, &length, &error));
  font_copy = g_build_filename (dir, "latin.ttf", NULL);
  g_assert_true (g_file_set_contents (font_copy, contents, length, &error));
  conf = g_markup_printf_escaped ("<?xml version=\"1.0\"?>\n"
                                  "<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n"
                                  "<fontconfig><dir>%s</dir><cachedir>%s/cache</cachedir>"
                                  "</fontconfig>\n", dir, dir);
  conf_path = g_build_filename (dir, "fonts.conf", NULL);
  g_assert_true (g_file_set_contents (conf_path, conf, -1, &error));
  g_setenv ("FONTCONFIG_FILE", conf_path, TRUE);
  return dir;
}

/* Removes what dt_test_use_only_a_latin_font made: its files and fontconfig's cache. */
static inline void
dt_test_remove_fonts_dir (const char *dir)
{
  const char *sub[] = { "cache", "" };

  for (guint i = 0; i < G_N_ELEMENTS (sub); i++)
    {
      g_autofree char *path = g_build_filename (dir, sub[i], NULL);
      g_autoptr(GDir) listing = g_dir_open (path, 0, NULL);
      const char *name;

      while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
        {
          g_autofree char *file = g_build_filename (path, name, NULL);

          if (!g_file_test (file, G_FILE_TEST_IS_DIR))
            g_remove (file);
        }
      g_rmdir (path);
    }
}
