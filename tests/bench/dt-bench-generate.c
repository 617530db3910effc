/* dt-bench-generate.c: writes a freelancer's ten years (1,000,000 time entries, 5,000 invoices
 * with payments) into a real DoubleTime database, deterministically, for the benchmarks. */
#define G_LOG_DOMAIN "dt-bench"

#include "dt-db.h"
#include "dt-invoice-document.h"
#include "dt-money.h"
#include "dt-time.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <string.h>

/* ---- a seeded generator: the same seed and end date give the same database ------------- */

static guint64 rng_state;

static guint64
rng_next (void)
{
  /* splitmix64: tiny, fast, and good enough for test data. */
  guint64 z = (rng_state += 0x9e3779b97f4a7c15ULL);

  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/* Uniform in [lo, hi]. */
static gint64
rng_range (gint64 lo,
           gint64 hi)
{
  if (hi <= lo)
    return lo;
  return lo + (gint64) (rng_next () % (guint64) (hi - lo + 1));
}

static gboolean
rng_percent (int percent)
{
  return (int) (rng_next () % 100) < percent;
}

static const char *
pick (const char *const *list,
      gsize              n)
{
  return list[rng_next () % n];
}
#define PICK(list) pick (list, G_N_ELEMENTS (list))

/* ---- the freelancer's world ----------------------------------------------------------------- */

typedef struct
{
  gint64      id;
  char       *name;
  char       *email;
  char       *address;
  char       *tax_id;
  const char *currency;
  gint64      rate;       /* minor units per hour, or 0 → profile rate */
  int         terms;
  int         tax_bp;
} Client;

typedef struct
{
  gint64  id;
  int     client;
  char   *name;
  gint64  rate;           /* 0 → the client's */
  int     first_task;     /* index into tasks */
  int     n_tasks;
  int     start_day;
  int     end_day;        /* exclusive */
} Project;

typedef struct
{
  gint64  id;
  int     project;
  char   *title;
  gint64  rate;           /* 0 → the project's */
  gboolean billable;
} Task;

typedef struct
{
  gint64  start;
  gint32  seconds;
  gint32  project;
  gint32  task;           /* -1: booked on the project */
  gint32  line;           /* index into lines, -1: unbilled */
  guint8  billable;
  guint8  tag1, tag2;     /* 0: none, else tag index + 1 */
  guint8  note;           /* 0: none, else note index + 1 */
} Entry;

typedef struct
{
  int     invoice;
  int     project;
  int     task;           /* -1 for project-level time */
  gint64  seconds;
  gint64  rate;
  gint64  minutes;
  gint64  amount;
} Line;

typedef struct
{
  int     client;
  int     month;
  char   *number;
  char   *issue_date;
  char   *due_date;
  char   *period_from;
  char   *period_to;
  int     discount_bp;
  gint64  subtotal, discount, tax_total, total, paid;
  const char *status;
  gint64  issued_at;
  GArray *lines;          /* int line indexes */
} Invoice;

typedef struct
{
  int     invoice;
  gint64  amount;
  char   *paid_on;
  gint64  created_at;
} Payment;

static const char *const first_words[] = {
  "Nordic", "Blue", "Silver", "Green", "Atlas", "Harbor", "Summit", "Cedar", "Orbit", "Maple",
  "Granite", "Lumen", "Vertex", "Pioneer", "Crescent", "Beacon", "Willow", "Falcon", "Aurora",
  "Quartz",
};
static const char *const second_words[] = {
  "Labs", "Studio", "Logistics", "Foods", "Health", "Media", "Works", "Systems", "Partners",
  "Ventures", "Robotics", "Energy", "Books", "Travel", "Analytics",
};
static const char *const foreign_names[] = {
  "株式会社山田製作所", "Ömer Yıldız Danışmanlık", "ООО «Северный ветер»", "שיר הפקות בע״מ",
  "شركة النور للتجارة", "Ångström Konsult AB", "Café Müller GmbH", "北京星河科技有限公司",
};
static const char *const project_kinds[] = {
  "Website redesign", "Mobile app", "Data migration", "Brand refresh", "API integration",
  "Annual report", "Support retainer", "Onboarding flow", "Analytics dashboard", "Checkout",
  "Localization", "Security review", "Newsletter", "Intranet", "Prototype",
};
static const char *const task_kinds[] = {
  "Discovery", "Wireframes", "Visual design", "Implementation", "Code review", "Testing",
  "Meetings", "Documentation", "Deployment", "Bug fixes", "Copywriting", "Research",
};
static const char *const tag_names[] = {
  "meeting", "travel", "rush", "research", "support", "admin", "review", "workshop",
  "weekend", "remote", "on-site", "pro-bono",
};
static const char *const notes[] = {
  "Call with the client", "Fixed review comments", "Prepared the demo", "Deployed to staging",
  "Investigated a crash report", "Sprint planning", "Wrote the release notes",
  "Pairing session", "Answered support tickets", "Refactoring",
};
static const struct { const char *code; int percent; gint64 rate_lo, rate_hi; int tax_bp; } currencies[] = {
  { "EUR", 55, 6000, 14000, 2000 },
  { "USD", 20, 7000, 16000, 0 },
  { "GBP", 12, 5500, 12000, 2000 },
  { "CHF", 8, 9000, 18000, 810 },
  { "JPY", 5, 8000, 18000, 1000 },
};

typedef struct
{
  /* sizes */
  int      n_clients, n_projects, n_tasks, n_invoices;
  gint64   n_entries;
  int      years;
  /* calendar */
  int      n_days;
  gint64  *day_start;     /* local midnight of each day */
  int     *day_month;   /* month index from the first day's month */
  GDate    first_date;
  int      n_months;
  /* data */
  Client  *clients;
  Project *projects;
  Task    *tasks;
  Entry   *entries;
  GArray  *lines;         /* Line */
  GArray  *invoices;      /* Invoice */
  GArray  *payments;      /* Payment */
  gint64   profile_rate;
  gint64   now;
} World;

static char *
date_string (const GDate *date)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

static void
make_calendar (World      *w,
               const char *end_date)
{
  GDate end, date;
  int y, m, d;
  gint64 start;
  int first_month_key;

  if (end_date != NULL)
    {
      if (!dt_time_parse_date (end_date, &y, &m, &d, NULL))
        g_error ("--end must be a date like 2026-11-27, not “%s”", end_date);
      w->now = dt_time_local_midnight (y, m, d) + 18 * 3600;
    }
  else
    w->now = dt_time_now ();

  /* Ten years of days up to yesterday, so every entry is finished by now. */
  {
    g_autofree char *today = dt_time_local_date (w->now);

    dt_time_parse_date (today, &y, &m, &d, NULL);
  }
  g_date_clear (&end, 1);
  g_date_set_dmy (&end, d, m, y);
  g_date_subtract_days (&end, 1);
  g_date_clear (&w->first_date, 1);
  w->first_date = end;
  g_date_subtract_years (&w->first_date, w->years);
  g_date_add_days (&w->first_date, 1);

  w->n_days = g_date_days_between (&w->first_date, &end) + 1;
  w->day_start = g_new (gint64, w->n_days);
  w->day_month = g_new (int, w->n_days);
  date = w->first_date;
  start = dt_time_local_midnight (g_date_get_year (&date), g_date_get_month (&date),
                                  g_date_get_day (&date));
  first_month_key = g_date_get_year (&date) * 12 + (g_date_get_month (&date) - 1);
  for (int i = 0; i < w->n_days; i++)
    {
      w->day_start[i] = start;
      w->day_month[i] = g_date_get_year (&date) * 12 + (g_date_get_month (&date) - 1) -
                          first_month_key;
      start = dt_time_local_day_add (start, 1);
      g_date_add_days (&date, 1);
    }
  w->n_months = w->day_month[w->n_days - 1] + 1;
}

static void
make_clients (World *w)
{
  w->clients = g_new0 (Client, w->n_clients);
  for (int i = 0; i < w->n_clients; i++)
    {
      Client *c = &w->clients[i];
      int roll = (int) rng_range (0, 99), acc = 0;
      guint k = 0;

      for (k = 0; k < G_N_ELEMENTS (currencies) - 1; k++)
        {
          acc += currencies[k].percent;
          if (roll < acc)
            break;
        }
      c->id = i + 1;
      if (rng_percent (8))
        c->name = g_strdup_printf ("%s %d", PICK (foreign_names), i + 1);
      else
        c->name = g_strdup_printf ("%s %s %d", PICK (first_words), PICK (second_words), i + 1);
      c->email = g_strdup_printf ("billing%d@client%d.example", i % 3 + 1, i + 1);
      c->address = g_strdup_printf ("%d %s Street\n%05d %s", (int) rng_range (1, 200),
                                    PICK (first_words), (int) rng_range (1000, 99999),
                                    PICK (first_words));
      c->tax_id = rng_percent (70) ? g_strdup_printf ("TX%09d", (int) rng_range (0, 999999999))
                                   : g_strdup ("");
      c->currency = currencies[k].code;
      c->rate = rng_percent (80) ? rng_range (currencies[k].rate_lo, currencies[k].rate_hi) / 100 * 100
                                 : 0;
      if (g_str_equal (c->currency, "JPY"))
        c->rate = rng_range (8, 18) * 1000;  /* yen have no minor unit */
      c->terms = (int[]) { 14, 30, 30, 45 }[rng_next () % 4];
      c->tax_bp = currencies[k].tax_bp;
    }
}

static void
make_projects_and_tasks (World *w)
{
  int task = 0;

  w->projects = g_new0 (Project, w->n_projects);
  w->tasks = g_new0 (Task, w->n_tasks);
  for (int i = 0; i < w->n_projects; i++)
    {
      Project *p = &w->projects[i];
      int remaining_projects = w->n_projects - i;
      int remaining_tasks = w->n_tasks - task;
      int mean = remaining_tasks / remaining_projects;

      p->id = i + 1;
      /* Every client gets projects; the first ones are long retainers covering all ten years,
       * so there is always work to book. */
      p->client = i < w->n_clients ? i : (int) rng_range (0, w->n_clients - 1);
      p->name = g_strdup_printf ("%s %d", PICK (project_kinds), i + 1);
      p->rate = rng_percent (30) ? w->clients[p->client].rate / 10 * 11 : 0;
      if (i < 20)
        {
          p->start_day = 0;
          p->end_day = w->n_days;
        }
      else
        {
          p->start_day = (int) rng_range (0, w->n_days - 30);
          p->end_day = MIN (w->n_days, p->start_day + (int) rng_range (30, 540));
        }
      p->first_task = task;
      p->n_tasks = i == w->n_projects - 1 ? remaining_tasks
                                          : MIN (remaining_tasks, (int) rng_range (MAX (1, mean - 5),
                                                                                   mean + 5));
      for (int t = 0; t < p->n_tasks; t++, task++)
        {
          Task *k = &w->tasks[task];

          k->id = task + 1;
          k->project = i;
          k->title = g_strdup_printf ("%s %d", PICK (task_kinds), t + 1);
          k->rate = rng_percent (10) ? w->clients[p->client].rate / 10 * 12 : 0;
          k->billable = !rng_percent (8);
        }
    }
}

static gint64
entry_rate (World       *w,
            const Entry *e)
{
  const Project *p = &w->projects[e->project];
  const Client *c = &w->clients[p->client];

  /* Most specific wins: task, project, client, profile. */
  if (e->task >= 0 && w->tasks[e->task].rate > 0)
    return w->tasks[e->task].rate;
  if (p->rate > 0)
    return p->rate;
  if (c->rate > 0)
    return c->rate;
  return g_str_equal (c->currency, "JPY") ? 10000 : w->profile_rate;
}

/* Working-day pattern: weekdays full, Saturdays light, Sundays rare, holidays and two weeks
 * of vacation a year off. Entries fill 07:00–23:00 in back-to-back slots, never overlapping. */
static void
make_entries (World *w)
{
  double *weight = g_new0 (double, w->n_days);
  double total_weight = 0, acc = 0;
  gint64 made = 0;
  int *active = g_new (int, w->n_projects);
  int n_active = 0;
  GDate date = w->first_date;

  for (int i = 0; i < w->n_days; i++, g_date_add_days (&date, 1))
    {
      GDateWeekday wd = g_date_get_weekday (&date);
      int month = g_date_get_month (&date), day = g_date_get_day (&date);

      weight[i] = wd == G_DATE_SATURDAY ? 0.15 : wd == G_DATE_SUNDAY ? 0.05
                  : 0.7 + rng_range (0, 60) / 100.0;
      if ((month == 12 && day >= 24) || (month == 1 && day == 1))
        weight[i] = 0;
    }
  for (int y = 0; y < w->years; y++)
    for (int v = 0; v < 2; v++)
      {
        int from = (int) rng_range (y * 365, MIN (w->n_days - 14, y * 365 + 350));

        for (int i = from; i < from + 14 && i < w->n_days; i++)
          weight[i] = 0;
      }
  for (int i = 0; i < w->n_days; i++)
    total_weight += weight[i];

  w->entries = g_new0 (Entry, w->n_entries);
  for (int day = 0; day < w->n_days; day++)
    {
      gint64 n, window_start, slot;
      int focus[3];

      /* The projects running that day. */
      for (int i = 0, kept = 0; i <= n_active; i++)
        {
          if (i == n_active)
            {
              n_active = kept;
              break;
            }
          if (w->projects[active[i]].end_day > day)
            active[kept++] = active[i];
        }
      for (int p = 0; p < w->n_projects; p++)
        if (w->projects[p].start_day == day)
          active[n_active++] = p;

      acc += weight[day];
      n = (day == w->n_days - 1) ? w->n_entries - made
                                 : (gint64) (acc / total_weight * w->n_entries + 0.5) - made;
      if (n <= 0)
        continue;
      for (int f = 0; f < 3; f++)
        focus[f] = active[rng_range (0, n_active - 1)];

      window_start = w->day_start[day] + 7 * 3600;
      slot = 16 * 3600 / n;
      for (gint64 k = 0; k < n; k++)
        {
          Entry *e = &w->entries[made + k];
          const Project *p;
          gint64 offset = slot >= 8 ? rng_range (0, slot / 4) : 0;

          e->start = window_start + k * slot + offset;
          e->seconds = (gint32) MAX (1, rng_range (slot / 3, slot - offset - 1));
          e->project = rng_percent (80) ? focus[rng_range (0, 2)]
                                        : active[rng_range (0, n_active - 1)];
          p = &w->projects[e->project];
          e->task = (p->n_tasks > 0 && rng_percent (90))
                      ? p->first_task + (int) rng_range (0, p->n_tasks - 1) : -1;
          e->billable = (e->task < 0 || w->tasks[e->task].billable) && !rng_percent (5);
          e->line = -1;
          if (rng_percent (20))
            {
              e->tag1 = (guint8) rng_range (1, G_N_ELEMENTS (tag_names));
              if (rng_percent (25))
                e->tag2 = (guint8) (e->tag1 % G_N_ELEMENTS (tag_names) + 1);
            }
          if (rng_percent (30))
            e->note = (guint8) rng_range (1, G_N_ELEMENTS (notes));
        }
      made += n;
    }
  g_assert (made == w->n_entries);
  g_free (active);
  g_free (weight);
}

static char *
month_date (World   *w,
            int      month,
              gboolean last_day,
              GDate   *out)
{
  GDate date;
  int key = g_date_get_year (&w->first_date) * 12 + (g_date_get_month (&w->first_date) - 1) +
            month;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, (GDateMonth) (key % 12 + 1), (GDateYear) (key / 12));
  if (last_day)
    {
      g_date_add_months (&date, 1);
      g_date_subtract_days (&date, 1);
    }
  if (out)
    *out = date;
  return date_string (&date);
}

/* Client-month keys (client * n_months + month) by month, then client. */
static int
compare_by_month (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  int n_months = *(int *) user_data;
  int ka = *(const int *) a, kb = *(const int *) b;
  int ma = ka % n_months, mb = kb % n_months;

  if (ma != mb)
    return ma < mb ? -1 : 1;
  return (ka > kb) - (ka < kb);
}

/* Monthly invoices, as a freelancer bills: for client-months with billable time, chosen at
 * random among them, never the current month (that work is still ready to bill). */
static void
make_invoices (World *w)
{
  int n_keys = w->n_clients * w->n_months;
  gint64 *billable_seconds = g_new0 (gint64, n_keys);
  int *invoice_of = g_new (int, n_keys);
  GArray *candidates = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GHashTable) line_index = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                            NULL);
  int counters[400] = { 0 };
  int first_year = g_date_get_year (&w->first_date);

  for (gint64 i = 0; i < w->n_entries; i++)
    {
      const Entry *e = &w->entries[i];
      int day = (int) ((e->start - w->day_start[0]) / 86400);

      /* Day index from the instant; a DST shift cannot cross 07:00. */
      while (day + 1 < w->n_days && w->day_start[day + 1] <= e->start)
        day++;
      while (day > 0 && w->day_start[day] > e->start)
        day--;
      if (e->billable && w->day_month[day] < w->n_months - 1)
        billable_seconds[w->projects[e->project].client * w->n_months + w->day_month[day]] +=
          e->seconds;
    }

  for (int k = 0; k < n_keys; k++)
    {
      invoice_of[k] = -1;
      if (billable_seconds[k] >= 3600)
        g_array_append_val (candidates, k);
    }
  /* Shuffle, keep as many as asked, then issue them in date order. */
  for (guint i = candidates->len; i > 1; i--)
    {
      guint j = (guint) rng_range (0, i - 1);
      int tmp = g_array_index (candidates, int, i - 1);

      g_array_index (candidates, int, i - 1) = g_array_index (candidates, int, j);
      g_array_index (candidates, int, j) = tmp;
    }
  if ((int) candidates->len > w->n_invoices)
    g_array_set_size (candidates, w->n_invoices);
  else
    w->n_invoices = candidates->len;
  g_array_sort_with_data (candidates, compare_by_month, &w->n_months);

  w->invoices = g_array_sized_new (FALSE, TRUE, sizeof (Invoice), candidates->len);
  for (guint i = 0; i < candidates->len; i++)
    {
      int key = g_array_index (candidates, int, i);
      Invoice inv = { 0 };
      GDate issue, due;
      int year;

      inv.client = key / w->n_months;
      inv.month = key % w->n_months;
      inv.period_from = month_date (w, inv.month, FALSE, NULL);
      inv.period_to = month_date (w, inv.month, TRUE, &issue);
      g_date_add_days (&issue, 1);
      inv.issue_date = date_string (&issue);
      due = issue;
      g_date_add_days (&due, w->clients[inv.client].terms);
      inv.due_date = date_string (&due);
      year = g_date_get_year (&issue);
      inv.number = g_strdup_printf ("INV-%04d-%04d", year, ++counters[year - first_year]);
      inv.issued_at = dt_time_local_midnight (year, g_date_get_month (&issue),
                                              g_date_get_day (&issue)) + 10 * 3600;
      inv.discount_bp = rng_percent (10) ? 500 : 0;
      inv.lines = g_array_new (FALSE, FALSE, sizeof (int));
      invoice_of[key] = i;
      g_array_append_val (w->invoices, inv);
    }

  /* One line per task (or per project for time booked on the project), summing its entries. */
  w->lines = g_array_new (FALSE, TRUE, sizeof (Line));
  for (gint64 i = 0; i < w->n_entries; i++)
    {
      Entry *e = &w->entries[i];
      int day = (int) ((e->start - w->day_start[0]) / 86400);
      int inv;
      gint64 line_key;
      gpointer found;

      if (!e->billable)
        continue;
      while (day + 1 < w->n_days && w->day_start[day + 1] <= e->start)
        day++;
      while (day > 0 && w->day_start[day] > e->start)
        day--;
      inv = invoice_of[w->projects[e->project].client * w->n_months + w->day_month[day]];
      if (inv < 0)
        continue;
      line_key = (gint64) inv * 10000000 + (e->task >= 0 ? e->task : w->n_tasks + e->project);
      if (g_hash_table_lookup_extended (line_index, &line_key, NULL, &found))
        e->line = GPOINTER_TO_INT (found);
      else
        {
          Line line = { inv, e->project, e->task, 0, entry_rate (w, e), 0, 0 };

          e->line = w->lines->len;
          g_array_append_val (w->lines, line);
          g_hash_table_insert (line_index, g_memdup2 (&line_key, sizeof line_key),
                               GINT_TO_POINTER (e->line));
          g_array_append_val (g_array_index (w->invoices, Invoice, inv).lines, e->line);
        }
      g_array_index (w->lines, Line, e->line).seconds += e->seconds;
    }

  g_array_free (candidates, TRUE);
  g_free (invoice_of);
  g_free (billable_seconds);
}

/* Line amounts rounded once, totals through the same helper the app prints with, then
 * payments: old invoices paid (in one or two parts), recent ones open or partly paid. */
static void
price_and_pay (World *w)
{
  w->payments = g_array_new (FALSE, TRUE, sizeof (Payment));
  for (guint i = 0; i < w->invoices->len; i++)
    {
      Invoice *inv = &g_array_index (w->invoices, Invoice, i);
      const Client *c = &w->clients[inv->client];
      g_autoptr(DtInvoiceDocument) doc = dt_invoice_document_new ();
      g_autoptr(GError) error = NULL;
      gint64 due_at;
      int y, m, d;
      gboolean settled;

      for (guint l = 0; l < inv->lines->len; l++)
        {
          Line *line = &g_array_index (w->lines, Line, g_array_index (inv->lines, int, l));

          line->minutes = MAX (1, (line->seconds + 30) / 60);
          if (!dt_invoice_line_amount (line->minutes, DT_INVOICE_UNIT_MINUTES, line->rate,
                                       &line->amount))
            g_error ("line amount overflow");
          dt_invoice_document_add_line (doc, "", line->minutes, DT_INVOICE_UNIT_MINUTES, NULL,
                                        line->rate, line->amount, c->tax_bp);
        }
      doc->discount_bp = inv->discount_bp;
      if (!dt_invoice_document_compute_totals (doc, &error))
        g_error ("invoice %s: %s", inv->number, error->message);
      inv->subtotal = doc->subtotal;
      inv->discount = doc->discount;
      inv->tax_total = doc->tax_total;
      inv->total = doc->total;

      dt_time_parse_date (inv->due_date, &y, &m, &d, NULL);
      due_at = dt_time_local_midnight (y, m, d);
      settled = due_at + 60 * 86400 < w->now;
      if (settled || rng_percent (40))
        {
          gboolean split = rng_percent (25);
          gint64 first = split ? inv->total * rng_range (40, 60) / 100 : inv->total;
          gboolean finish = settled || rng_percent (50);
          gint64 parts[2] = { first, inv->total - first };

          for (int k = 0; k < (split ? 2 : 1); k++)
            {
              Payment pay = { (int) i, parts[k], NULL, 0 };
              gint64 at;

              if (k == 1 && !finish)
                break;
              if (pay.amount <= 0)
                continue;
              at = inv->issued_at + rng_range (5, MAX (6, c->terms + 20)) * 86400 + k * 20 * 86400;
              at = MIN (at, w->now - 3600);
              pay.paid_on = dt_time_local_date (at);
              pay.created_at = at;
              inv->paid += pay.amount;
              g_array_append_val (w->payments, pay);
            }
        }
      inv->status = inv->paid == 0 ? "sent" : inv->paid < inv->total ? "partially_paid" : "paid";
    }
}

/* ---- writing ------------------------------------------------------------------------------ */

static sqlite3_stmt *
prepare (DtDb       *db,
         const char *sql)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = dt_db_prepare (db, sql, &error);

  if (stmt == NULL)
    g_error ("%s", error->message);
  return stmt;
}

static void
step (DtDb         *db,
      sqlite3_stmt *stmt)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    g_error ("insert failed: %s", sqlite3_errmsg (dt_db_get_handle (db)));
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

static void
exec (DtDb       *db,
      const char *sql)
{
  g_autoptr(GError) error = NULL;

  if (!dt_db_exec (db, sql, &error))
    g_error ("%s", error->message);
}

static void
bind_text (sqlite3_stmt *stmt,
           int           i,
           const char   *text)
{
  sqlite3_bind_text (stmt, i, text, -1, SQLITE_TRANSIENT);
}

static char *
bill_to_json (const Client *c)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, c->name);
  json_builder_set_member_name (builder, "address");
  json_builder_add_string_value (builder, c->address);
  json_builder_set_member_name (builder, "email");
  json_builder_add_string_value (builder, c->email);
  json_builder_set_member_name (builder, "tax_id");
  json_builder_add_string_value (builder, c->tax_id);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static void
write_catalogue (World *w,
                 DtDb  *db)
{
  gint64 t0 = w->day_start[0];
  sqlite3_stmt *stmt;

  stmt = prepare (db, "UPDATE profile SET name = ?, business_name = ?, address = ?, email = ?,"
                      " tax_id = ?, currency = 'EUR', hourly_rate = ?, invoice_footer = ?,"
                      " updated_at = ? WHERE id = 1");
  bind_text (stmt, 1, "Maja Lindqvist");
  bind_text (stmt, 2, "Lindqvist Design Studio");
  bind_text (stmt, 3, "Storgatan 12\n114 51 Stockholm\nSweden");
  bind_text (stmt, 4, "maja@lindqvist.example");
  bind_text (stmt, 5, "SE556677889901");
  sqlite3_bind_int64 (stmt, 6, w->profile_rate);
  bind_text (stmt, 7, "IBAN SE45 5000 0000 0583 9825 7466 · BIC ESSESESS");
  sqlite3_bind_int64 (stmt, 8, t0);
  step (db, stmt);

  stmt = prepare (db, "INSERT INTO clients (id, name, email, address, currency, tax_id,"
                      " payment_terms_days, rate, created_at, updated_at)"
                      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (int i = 0; i < w->n_clients; i++)
    {
      const Client *c = &w->clients[i];

      sqlite3_bind_int64 (stmt, 1, c->id);
      bind_text (stmt, 2, c->name);
      bind_text (stmt, 3, c->email);
      bind_text (stmt, 4, c->address);
      bind_text (stmt, 5, c->currency);
      bind_text (stmt, 6, c->tax_id);
      sqlite3_bind_int (stmt, 7, c->terms);
      if (c->rate > 0)
        sqlite3_bind_int64 (stmt, 8, c->rate);
      sqlite3_bind_int64 (stmt, 9, t0);
      sqlite3_bind_int64 (stmt, 10, t0);
      step (db, stmt);
    }

  stmt = prepare (db, "INSERT INTO projects (id, client_id, name, color, rate, archived,"
                      " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  for (int i = 0; i < w->n_projects; i++)
    {
      const Project *p = &w->projects[i];
      static const char *const colors[] = { "#3584e4", "#33d17a", "#f6d32d", "#ff7800",
                                            "#e01b24", "#9141ac", "#986a44" };

      sqlite3_bind_int64 (stmt, 1, p->id);
      sqlite3_bind_int64 (stmt, 2, w->clients[p->client].id);
      bind_text (stmt, 3, p->name);
      bind_text (stmt, 4, colors[i % G_N_ELEMENTS (colors)]);
      if (p->rate > 0)
        sqlite3_bind_int64 (stmt, 5, p->rate);
      sqlite3_bind_int (stmt, 6, p->end_day < w->n_days - 90);
      sqlite3_bind_int64 (stmt, 7, w->day_start[p->start_day]);
      sqlite3_bind_int64 (stmt, 8, w->day_start[p->start_day]);
      step (db, stmt);
    }

  stmt = prepare (db, "INSERT INTO tasks (id, project_id, title, status, billable, rate,"
                      " estimate_minutes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (int i = 0; i < w->n_tasks; i++)
    {
      const Task *k = &w->tasks[i];
      const Project *p = &w->projects[k->project];

      sqlite3_bind_int64 (stmt, 1, k->id);
      sqlite3_bind_int64 (stmt, 2, p->id);
      bind_text (stmt, 3, k->title);
      bind_text (stmt, 4, p->end_day < w->n_days - 30 ? "done" : "open");
      sqlite3_bind_int (stmt, 5, k->billable);
      if (k->rate > 0)
        sqlite3_bind_int64 (stmt, 6, k->rate);
      if (i % 3 == 0)
        sqlite3_bind_int64 (stmt, 7, rng_range (2, 40) * 60);
      sqlite3_bind_int64 (stmt, 8, w->day_start[p->start_day]);
      sqlite3_bind_int64 (stmt, 9, w->day_start[p->start_day]);
      step (db, stmt);
    }

  stmt = prepare (db, "INSERT INTO tags (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)");
  for (guint i = 0; i < G_N_ELEMENTS (tag_names); i++)
    {
      sqlite3_bind_int64 (stmt, 1, i + 1);
      bind_text (stmt, 2, tag_names[i]);
      sqlite3_bind_int64 (stmt, 3, t0);
      sqlite3_bind_int64 (stmt, 4, t0);
      step (db, stmt);
    }

  /* Rules: a rush surcharge by tag, rates for a few clients and projects, and rounding. */
  stmt = prepare (db, "INSERT INTO rules (kind, name, client_id, project_id, tag_id, priority,"
                      " rate, increment_minutes, direction, apply_to, minimum_minutes,"
                      " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (int i = 0; i < 60; i++)
    {
      gboolean rounding = i % 3 == 2;
      int client = (int) rng_range (0, w->n_clients - 1);

      bind_text (stmt, 1, rounding ? "rounding" : "rate");
      bind_text (stmt, 2, rounding ? "Round to the quarter hour" : "Negotiated rate");
      if (i % 5 == 0 && !rounding)
        {
          sqlite3_bind_int64 (stmt, 5, 3);  /* "rush" */
          sqlite3_bind_int (stmt, 6, 10);
          sqlite3_bind_int64 (stmt, 7, 15000);
        }
      else if (i % 2 == 0 && !rounding)
        {
          sqlite3_bind_int64 (stmt, 4, w->projects[rng_range (0, w->n_projects - 1)].id);
          sqlite3_bind_int (stmt, 6, 0);
          sqlite3_bind_int64 (stmt, 7, rng_range (60, 150) * 100);
        }
      else
        {
          sqlite3_bind_int64 (stmt, 3, w->clients[client].id);
          sqlite3_bind_int (stmt, 6, 0);
          if (!rounding)
            sqlite3_bind_int64 (stmt, 7, rng_range (60, 150) * 100);
        }
      if (rounding)
        {
          sqlite3_bind_int (stmt, 8, i % 2 ? 15 : 6);
          bind_text (stmt, 9, i % 2 ? "up" : "nearest");
          bind_text (stmt, 10, i % 4 == 2 ? "line" : "entry");
          sqlite3_bind_int (stmt, 11, i % 2 ? 15 : 0);
        }
      sqlite3_bind_int64 (stmt, 12, t0);
      sqlite3_bind_int64 (stmt, 13, t0);
      step (db, stmt);
    }
}

static void
write_invoices (World *w,
                DtDb  *db)
{
  sqlite3_stmt *stmt;
  GHashTable *years = g_hash_table_new (g_direct_hash, g_direct_equal);
  GHashTableIter iter;
  gpointer key, value;

  stmt = prepare (db, "INSERT INTO invoices (id, number, client_id, status, currency, issue_date,"
                      " due_date, period_from, period_to, discount_bp, subtotal, discount,"
                      " tax_total, total, paid, terms, bill_to, sent_at, sent_to, created_at,"
                      " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                      " ?, ?, ?, ?)");
  for (guint i = 0; i < w->invoices->len; i++)
    {
      const Invoice *inv = &g_array_index (w->invoices, Invoice, i);
      const Client *c = &w->clients[inv->client];
      g_autofree char *bill_to = bill_to_json (c);
      g_autofree char *terms = g_strdup_printf ("Payable within %d days.", c->terms);
      int year = atoi (inv->issue_date);

      sqlite3_bind_int64 (stmt, 1, i + 1);
      bind_text (stmt, 2, inv->number);
      sqlite3_bind_int64 (stmt, 3, c->id);
      bind_text (stmt, 4, inv->status);
      bind_text (stmt, 5, c->currency);
      bind_text (stmt, 6, inv->issue_date);
      bind_text (stmt, 7, inv->due_date);
      bind_text (stmt, 8, inv->period_from);
      bind_text (stmt, 9, inv->period_to);
      sqlite3_bind_int (stmt, 10, inv->discount_bp);
      sqlite3_bind_int64 (stmt, 11, inv->subtotal);
      sqlite3_bind_int64 (stmt, 12, inv->discount);
      sqlite3_bind_int64 (stmt, 13, inv->tax_total);
      sqlite3_bind_int64 (stmt, 14, inv->total);
      sqlite3_bind_int64 (stmt, 15, inv->paid);
      bind_text (stmt, 16, terms);
      bind_text (stmt, 17, bill_to);
      sqlite3_bind_int64 (stmt, 18, inv->issued_at);
      bind_text (stmt, 19, c->email);
      sqlite3_bind_int64 (stmt, 20, inv->issued_at - 3600);
      sqlite3_bind_int64 (stmt, 21, inv->issued_at);
      step (db, stmt);
      g_hash_table_insert (years, GINT_TO_POINTER (year),
                           GINT_TO_POINTER (GPOINTER_TO_INT (g_hash_table_lookup (years,
                                                                                  GINT_TO_POINTER (year))) + 1));
    }

  stmt = prepare (db, "INSERT INTO invoice_counters (series, year, next) VALUES ('INV', ?, ?)");
  g_hash_table_iter_init (&iter, years);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      sqlite3_bind_int (stmt, 1, GPOINTER_TO_INT (key));
      sqlite3_bind_int (stmt, 2, GPOINTER_TO_INT (value) + 1);
      step (db, stmt);
    }
  g_hash_table_unref (years);

  stmt = prepare (db, "INSERT INTO invoice_lines (id, invoice_id, position, kind, description,"
                      " project_id, task_id, quantity, unit, raw_minutes, unit_price, amount,"
                      " tax_rate_bp) VALUES (?, ?, ?, 'time', ?, ?, ?, ?, 'minutes', ?, ?, ?, ?)");
  for (guint i = 0; i < w->invoices->len; i++)
    {
      const Invoice *inv = &g_array_index (w->invoices, Invoice, i);

      for (guint l = 0; l < inv->lines->len; l++)
        {
          int index = g_array_index (inv->lines, int, l);
          const Line *line = &g_array_index (w->lines, Line, index);
          const Project *p = &w->projects[line->project];
          g_autofree char *description = line->task >= 0
            ? g_strdup_printf ("%s — %s", p->name, w->tasks[line->task].title)
            : g_strdup (p->name);

          sqlite3_bind_int64 (stmt, 1, index + 1);
          sqlite3_bind_int64 (stmt, 2, i + 1);
          sqlite3_bind_int (stmt, 3, l + 1);
          bind_text (stmt, 4, description);
          sqlite3_bind_int64 (stmt, 5, p->id);
          if (line->task >= 0)
            sqlite3_bind_int64 (stmt, 6, w->tasks[line->task].id);
          sqlite3_bind_int64 (stmt, 7, line->minutes);
          sqlite3_bind_int64 (stmt, 8, (line->seconds + 30) / 60);
          sqlite3_bind_int64 (stmt, 9, line->rate);
          sqlite3_bind_int64 (stmt, 10, line->amount);
          sqlite3_bind_int (stmt, 11, w->clients[inv->client].tax_bp);
          step (db, stmt);
        }
    }

  stmt = prepare (db, "INSERT INTO payments (invoice_id, amount, paid_on, method, created_at)"
                      " VALUES (?, ?, ?, ?, ?)");
  for (guint i = 0; i < w->payments->len; i++)
    {
      const Payment *pay = &g_array_index (w->payments, Payment, i);

      sqlite3_bind_int64 (stmt, 1, pay->invoice + 1);
      sqlite3_bind_int64 (stmt, 2, pay->amount);
      bind_text (stmt, 3, pay->paid_on);
      bind_text (stmt, 4, i % 5 == 0 ? "card" : "bank transfer");
      sqlite3_bind_int64 (stmt, 5, pay->created_at);
      step (db, stmt);
    }
}

static void
write_entries (World *w,
               DtDb  *db)
{
  sqlite3_stmt *entry, *tag;

  entry = prepare (db, "INSERT INTO time_entries (id, project_id, task_id, start_at, end_at, note,"
                       " billable, invoice_line_id, created_at, updated_at)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  tag = prepare (db, "INSERT INTO time_entry_tags (entry_id, tag_id) VALUES (?, ?)");
  for (gint64 i = 0; i < w->n_entries; i++)
    {
      const Entry *e = &w->entries[i];
      gint64 end = e->start + e->seconds;

      sqlite3_bind_int64 (entry, 1, i + 1);
      sqlite3_bind_int64 (entry, 2, w->projects[e->project].id);
      if (e->task >= 0)
        sqlite3_bind_int64 (entry, 3, w->tasks[e->task].id);
      sqlite3_bind_int64 (entry, 4, e->start);
      sqlite3_bind_int64 (entry, 5, end);
      sqlite3_bind_text (entry, 6, e->note ? notes[e->note - 1] : "", -1, SQLITE_STATIC);
      sqlite3_bind_int (entry, 7, e->billable);
      if (e->line >= 0)
        sqlite3_bind_int64 (entry, 8, e->line + 1);
      sqlite3_bind_int64 (entry, 9, end);
      sqlite3_bind_int64 (entry, 10, end);
      step (db, entry);

      for (int t = 0; t < 2; t++)
        {
          guint8 id = t == 0 ? e->tag1 : e->tag2;

          if (id == 0)
            continue;
          sqlite3_bind_int64 (tag, 1, i + 1);
          sqlite3_bind_int64 (tag, 2, id);
          step (db, tag);
        }
    }
}

static gint64
query_int (DtDb       *db,
           const char *sql)
{
  sqlite3_stmt *stmt = prepare (db, sql);
  gint64 value;

  if (sqlite3_step (stmt) != SQLITE_ROW)
    g_error ("%s: %s", sql, sqlite3_errmsg (dt_db_get_handle (db)));
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

/* What the benchmarks rely on, checked with SQL against what was written. */
static void
verify (DtDb *db)
{
  struct { const char *what; const char *sql; } checks[] = {
    { "overlapping entries",
      "SELECT count(*) FROM (SELECT start_at, lag (end_at) OVER (ORDER BY start_at) AS prev"
      " FROM time_entries) WHERE prev > start_at" },
    { "invoices whose lines do not add up",
      "SELECT count(*) FROM invoices i WHERE subtotal <>"
      " (SELECT coalesce (sum (amount), 0) FROM invoice_lines WHERE invoice_id = i.id)" },
    { "invoices whose totals do not add up",
      "SELECT count(*) FROM invoices WHERE total <> subtotal - discount + tax_total" },
    { "invoices whose payments do not add up",
      "SELECT count(*) FROM invoices i WHERE paid <>"
      " (SELECT coalesce (sum (amount), 0) FROM payments WHERE invoice_id = i.id)" },
    { "overpaid invoices", "SELECT count(*) FROM invoices WHERE paid > total" },
    { "billed entries that are not billable",
      "SELECT count(*) FROM time_entries WHERE invoice_line_id IS NOT NULL AND billable = 0" },
    { "billed entries of another client",
      "SELECT count(*) FROM time_entries e JOIN invoice_lines l ON l.id = e.invoice_line_id"
      " JOIN invoices i ON i.id = l.invoice_id JOIN projects p ON p.id = e.project_id"
      " WHERE p.client_id <> i.client_id" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    {
      gint64 bad = query_int (db, checks[i].sql);

      if (bad != 0)
        g_error ("the generated data has %" G_GINT64_FORMAT " %s", bad, checks[i].what);
    }
}

int
main (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DtDb) db = NULL;
  g_autofree char *output = NULL;
  g_autofree char *end_date = NULL;
  gint64 seed = 42;
  gint64 entries = 1000000;
  int clients = 200, projects = 2000, tasks = 20000, invoices = 5000, years = 10;
  gboolean force = FALSE;
  World w = { 0 };
  GTimer *timer;
  double t_plan, t_write, t_total;
  GStatBuf st;
  const GOptionEntry options[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Database file to write", "FILE" },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &seed, "Seed of the generator (default 42)", "N" },
    { "end", 0, 0, G_OPTION_ARG_STRING, &end_date,
      "Last day of the ten years, YYYY-MM-DD (default: today); fix it for identical files", "DATE" },
    { "force", 'f', 0, G_OPTION_ARG_NONE, &force, "Replace the file if it exists", NULL },
    { "clients", 0, 0, G_OPTION_ARG_INT, &clients, "Clients (default 200)", "N" },
    { "projects", 0, 0, G_OPTION_ARG_INT, &projects, "Projects (default 2000)", "N" },
    { "tasks", 0, 0, G_OPTION_ARG_INT, &tasks, "Tasks (default 20000)", "N" },
    { "entries", 0, 0, G_OPTION_ARG_INT64, &entries, "Time entries (default 1000000)", "N" },
    { "invoices", 0, 0, G_OPTION_ARG_INT, &invoices, "Invoices (default 5000)", "N" },
    { "years", 0, 0, G_OPTION_ARG_INT, &years, "Years of history (default 10)", "N" },
    { NULL },
  };

  setlocale (LC_ALL, "");
  context = g_option_context_new ("- write a benchmark database");
  g_option_context_set_summary (context,
                                "Writes a freelancer's years of clients, projects, tasks, time "
                                "entries, invoices and payments\ninto a new DoubleTime database. "
                                "The same --seed and --end give the same data.");
  g_option_context_add_main_entries (context, options, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (output == NULL)
    output = g_strdup ("doubletime-bench.db");
  if (clients < 1 || projects < clients || tasks < projects || entries < 1 || invoices < 0 ||
      years < 1 || years > 50)
    {
      g_printerr ("need clients ≥ 1, projects ≥ clients, tasks ≥ projects, entries ≥ 1, "
                  "1 ≤ years ≤ 50\n");
      return 2;
    }
  if (g_file_test (output, G_FILE_TEST_EXISTS))
    {
      g_autofree char *wal = g_strconcat (output, "-wal", NULL);
      g_autofree char *shm = g_strconcat (output, "-shm", NULL);

      if (!force)
        {
          g_printerr ("%s exists; pass --force to replace it\n", output);
          return 2;
        }
      g_remove (output);
      g_remove (wal);
      g_remove (shm);
    }

  w.n_clients = clients;
  w.n_projects = projects;
  w.n_tasks = tasks;
  w.n_entries = entries;
  w.n_invoices = invoices;
  w.years = years;
  w.profile_rate = 9000;
  rng_state = (guint64) seed;

  timer = g_timer_new ();
  make_calendar (&w, end_date);
  make_clients (&w);
  make_projects_and_tasks (&w);
  make_entries (&w);
  make_invoices (&w);
  price_and_pay (&w);
  t_plan = g_timer_elapsed (timer, NULL);

  db = dt_db_open (output, DT_DB_OPEN_NO_MIGRATE_SNAPSHOT | DT_DB_OPEN_NO_QUICK_CHECK, &error);
  if (db == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  /* A generator can afford to lose its work on a crash: no journal, no fsync, big cache. */
  exec (db, "PRAGMA journal_mode = OFF");
  exec (db, "PRAGMA synchronous = OFF");
  exec (db, "PRAGMA cache_size = -262144");
  exec (db, "BEGIN");
  write_catalogue (&w, db);
  write_invoices (&w, db);
  write_entries (&w, db);
  /* As a database from before the roll-ups: DoubleTime builds them when it opens it, and
   * the benchmark measures that migration. */
  exec (db, "UPDATE rollup_state SET complete = 0, built_through = 0");
  exec (db, "COMMIT");
  exec (db, "ANALYZE");
  t_write = g_timer_elapsed (timer, NULL) - t_plan;
  verify (db);
  exec (db, "PRAGMA journal_mode = WAL");
  exec (db, "PRAGMA synchronous = FULL");
  g_clear_object (&db);
  t_total = g_timer_elapsed (timer, NULL);

  if (g_stat (output, &st) != 0)
    st.st_size = 0;
  g_print ("wrote %s\n"
           "  %d clients, %d projects, %d tasks, %" G_GINT64_FORMAT " time entries over %d days,\n"
           "  %u invoices with %u lines and %u payments (seed %" G_GINT64_FORMAT ")\n"
           "  generation %.2f s (plan %.2f s, insert %.2f s, verify %.2f s), database %.1f MiB\n",
           output, w.n_clients, w.n_projects, w.n_tasks, w.n_entries, w.n_days, w.invoices->len,
           w.lines->len, w.payments->len, seed, t_total, t_plan, t_write,
           t_total - t_plan - t_write, st.st_size / 1048576.0);
  g_timer_destroy (timer);
  return 0;
}
