/* dt-invoice-preview.c: paints the recorded pages of dt-invoice-pdf, stacked and scaled to the
 * widget's width, so what the window shows is what the PDF prints. */
#define G_LOG_DOMAIN "dt-invoice-preview"

#include "config.h"

#include <glib/gi18n.h>

#include "dt-invoice-pdf.h"
#include "dt-invoice-preview.h"

#define PAGE_GAP 18

struct _DtInvoicePreview
{
  GtkWidget  parent_instance;

  GPtrArray *pages;   /* cairo recording surfaces */
  double     page_w;
  double     page_h;
  char      *problem; /* why the document cannot be printed, or NULL */
};

G_DEFINE_FINAL_TYPE (DtInvoicePreview, dt_invoice_preview, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_PROBLEM,
  PROP_HAS_PROBLEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
dt_invoice_preview_finalize (GObject *object)
{
  DtInvoicePreview *self = DT_INVOICE_PREVIEW (object);

  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_free (self->problem);

  G_OBJECT_CLASS (dt_invoice_preview_parent_class)->finalize (object);
}

static void
dt_invoice_preview_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  DtInvoicePreview *self = DT_INVOICE_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;
    case PROP_HAS_PROBLEM:
      g_value_set_boolean (value, self->problem != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GtkSizeRequestMode
dt_invoice_preview_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
dt_invoice_preview_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  DtInvoicePreview *self = DT_INVOICE_PREVIEW (widget);
  guint n = self->pages != NULL ? self->pages->len : 0;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 200;
      *natural = n > 0 ? (int) self->page_w : 200;
    }
  else
    {
      int width = for_size > 0 ? for_size : (int) self->page_w;
      double scale = self->page_w > 0 ? width / self->page_w : 0;

      *minimum = *natural = n > 0 ? (int) (n * self->page_h * scale + (n - 1) * PAGE_GAP) : 0;
    }
}

static void
dt_invoice_preview_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  DtInvoicePreview *self = DT_INVOICE_PREVIEW (widget);
  int width = gtk_widget_get_width (widget);
  double scale, page_height;

  if (self->pages == NULL || self->pages->len == 0 || self->page_w <= 0)
    return;

  scale = width / self->page_w;
  page_height = self->page_h * scale;

  for (guint i = 0; i < self->pages->len; i++)
    {
      graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, i * (page_height + PAGE_GAP), width,
                                                   page_height);
      GskRoundedRect outline;
      cairo_t *cr;

      /* Paper: white with a soft shadow, whatever the style, as it will print. */
      gsk_rounded_rect_init_from_rect (&outline, &bounds, 2);
      gtk_snapshot_append_outset_shadow (snapshot, &outline, &(GdkRGBA) { 0, 0, 0, 0.25 },
                                         0, 1, 0, 4);
      gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 1, 1, 1, 1 }, &bounds);

      cr = gtk_snapshot_append_cairo (snapshot, &bounds);
      cairo_translate (cr, bounds.origin.x, bounds.origin.y);
      cairo_scale (cr, scale, scale);
      cairo_set_source_surface (cr, g_ptr_array_index (self->pages, i), 0, 0);
      cairo_paint (cr);
      cairo_destroy (cr);
    }
}

static void
dt_invoice_preview_class_init (DtInvoicePreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = dt_invoice_preview_finalize;
  object_class->get_property = dt_invoice_preview_get_property;
  widget_class->get_request_mode = dt_invoice_preview_get_request_mode;
  widget_class->measure = dt_invoice_preview_measure;
  widget_class->snapshot = dt_invoice_preview_snapshot;

  /* Why the shown document cannot be printed (a character no installed font has), in the
   * words issuing and sending refuse it with; NULL when it prints. */
  properties[PROP_PROBLEM] =
    g_param_spec_string ("problem", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_PROBLEM] =
    g_param_spec_boolean ("has-problem", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "invoice-preview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
dt_invoice_preview_init (DtInvoicePreview *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Invoice preview"), -1);
}

GtkWidget *
dt_invoice_preview_new (void)
{
  return g_object_new (DT_TYPE_INVOICE_PREVIEW, NULL);
}

void
dt_invoice_preview_set_document (DtInvoicePreview        *self,
                                 const DtInvoiceDocument *doc)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (DT_IS_INVOICE_PREVIEW (self));

  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_clear_pointer (&self->problem, g_free);
  if (doc != NULL)
    {
      self->pages = dt_invoice_pdf_record_pages (doc, DT_PAPER_AUTO, &self->page_w,
                                                 &self->page_h);
      if (!dt_invoice_pdf_check_glyphs (doc, &error))
        self->problem = g_strdup (error->message);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_PROBLEM]);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

const char *
dt_invoice_preview_get_problem (DtInvoicePreview *self)
{
  g_return_val_if_fail (DT_IS_INVOICE_PREVIEW (self), NULL);
  return self->problem;
}

guint
dt_invoice_preview_get_n_pages (DtInvoicePreview *self)
{
  g_return_val_if_fail (DT_IS_INVOICE_PREVIEW (self), 0);
  return self->pages != NULL ? self->pages->len : 0;
}
