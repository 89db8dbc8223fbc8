/*  dure_metrics.c - a small Prometheus registry: a list of series behind one mutex.

    Series of one name are kept together (inserted after the last series of that name) so
    that the text format's HELP and TYPE lines come once per name.
*/
#include "dure_metrics.h"
#include "dure_alloc.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DURE_METRIC_MAX_BOUNDS 16

typedef enum { S_COUNTER, S_GAUGE, S_HISTOGRAM } s_kind_t;

struct dure_metric_t {
    dure_metrics_t *registry;                     /* owner, for its mutex */
    char *name;                                   /* metric name */
    char *help;                                   /* HELP text */
    char *labels;                                 /* label set without braces, may be "" */
    s_kind_t kind;                                /* counter, gauge or histogram */
    double value;                                 /* counter or gauge value; histogram sum */
    double bounds[DURE_METRIC_MAX_BOUNDS];        /* histogram upper bounds */
    unsigned long buckets[DURE_METRIC_MAX_BOUNDS + 1]; /* per bucket, last is +Inf */
    unsigned long count;                          /* histogram observations */
    int nbounds;                                  /* used bounds */
    dure_metric_t *next;                          /* next series */
};

struct dure_metrics_t {
    pthread_mutex_t lock; /* guards the list and every value */
    char *service;        /* added as a label to every series */
    dure_metric_t *head;  /* series, grouped by name */
};

dure_metrics_t *dure_metrics_new(const char *service)
{
    dure_metrics_t *self = dure_calloc(1, sizeof *self);
    pthread_mutex_init(&self->lock, NULL);
    self->service = dure_strdup(service);
    return self;
}

void dure_metrics_destroy(dure_metrics_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    dure_metrics_t *self = *self_p;
    dure_metric_t *m = self->head;
    while (m) {
        dure_metric_t *next = m->next;
        free(m->name);
        free(m->help);
        free(m->labels);
        free(m);
        m = next;
    }
    pthread_mutex_destroy(&self->lock);
    free(self->service);
    free(self);
    *self_p = NULL;
}

static dure_metric_t *s_series(dure_metrics_t *self, s_kind_t kind, const char *name,
                               const char *help, const char *labels, const double *bounds,
                               int nbounds)
{
    labels = labels ? labels : "";
    pthread_mutex_lock(&self->lock);
    dure_metric_t *last_of_name = NULL, *tail = NULL;
    for (dure_metric_t *m = self->head; m; m = m->next) {
        if (strcmp(m->name, name) == 0) {
            if (strcmp(m->labels, labels) == 0) {
                pthread_mutex_unlock(&self->lock);
                return m;
            }
            last_of_name = m;
        }
        tail = m;
    }
    dure_metric_t *m = dure_calloc(1, sizeof *m);
    m->registry = self;
    m->name = dure_strdup(name);
    m->help = dure_strdup(help);
    m->labels = dure_strdup(labels);
    m->kind = kind;
    m->nbounds = nbounds > DURE_METRIC_MAX_BOUNDS ? DURE_METRIC_MAX_BOUNDS : nbounds;
    for (int i = 0; i < m->nbounds; i++)
        m->bounds[i] = bounds[i];
    dure_metric_t *after = last_of_name ? last_of_name : tail;
    if (after) {
        m->next = after->next;
        after->next = m;
    } else
        self->head = m;
    pthread_mutex_unlock(&self->lock);
    return m;
}

dure_metric_t *dure_metrics_counter(dure_metrics_t *self, const char *name, const char *help,
                                    const char *labels)
{
    return s_series(self, S_COUNTER, name, help, labels, NULL, 0);
}

dure_metric_t *dure_metrics_gauge(dure_metrics_t *self, const char *name, const char *help,
                                  const char *labels)
{
    return s_series(self, S_GAUGE, name, help, labels, NULL, 0);
}

dure_metric_t *dure_metrics_histogram(dure_metrics_t *self, const char *name, const char *help,
                                      const char *labels, const double *bounds, int nbounds)
{
    return s_series(self, S_HISTOGRAM, name, help, labels, bounds, nbounds);
}

void dure_metric_add(dure_metric_t *metric, double value)
{
    pthread_mutex_lock(&metric->registry->lock);
    metric->value += value;
    pthread_mutex_unlock(&metric->registry->lock);
}

void dure_metric_set(dure_metric_t *metric, double value)
{
    pthread_mutex_lock(&metric->registry->lock);
    metric->value = value;
    pthread_mutex_unlock(&metric->registry->lock);
}

void dure_metric_observe(dure_metric_t *metric, double value)
{
    pthread_mutex_lock(&metric->registry->lock);
    int i = 0;
    while (i < metric->nbounds && value > metric->bounds[i])
        i++;
    metric->buckets[i]++;
    metric->count++;
    metric->value += value;
    pthread_mutex_unlock(&metric->registry->lock);
}

double dure_metric_value(dure_metric_t *metric)
{
    pthread_mutex_lock(&metric->registry->lock);
    double value = metric->value;
    pthread_mutex_unlock(&metric->registry->lock);
    return value;
}

typedef struct {
    char *buf;   /* text so far */
    size_t len;  /* used bytes */
    size_t size; /* allocated bytes */
} s_text_t;

static void s_append(s_text_t *text, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void s_append(s_text_t *text, const char *fmt, ...)
{
    for (;;) {
        va_list args;
        va_start(args, fmt);
        int n = vsnprintf(text->buf + text->len, text->size - text->len, fmt, args);
        va_end(args);
        if (n >= 0 && (size_t) n < text->size - text->len) {
            text->len += (size_t) n;
            return;
        }
        text->size = text->size * 2 + (size_t) (n > 0 ? n : 0);
        text->buf = dure_realloc(text->buf, text->size);
    }
}

static void s_render_histogram(s_text_t *text, const dure_metric_t *m, const char *sep,
                               const char *service)
{
    unsigned long cumulative = 0;
    for (int i = 0; i <= m->nbounds; i++) {
        cumulative += m->buckets[i];
        char le[32];
        if (i < m->nbounds)
            snprintf(le, sizeof le, "%g", m->bounds[i]);
        else
            snprintf(le, sizeof le, "+Inf");
        s_append(text, "%s_bucket{service=\"%s\"%s%s,le=\"%s\"} %lu\n", m->name, service, sep,
                 m->labels, le, cumulative);
    }
    s_append(text, "%s_sum{service=\"%s\"%s%s} %.6f\n", m->name, service, sep, m->labels,
             m->value);
    s_append(text, "%s_count{service=\"%s\"%s%s} %lu\n", m->name, service, sep, m->labels,
             m->count);
}

char *dure_metrics_render(dure_metrics_t *self)
{
    static const char *const kinds[] = {"counter", "gauge", "histogram"};
    s_text_t text = {dure_malloc(4096), 0, 4096};
    text.buf[0] = '\0';
    pthread_mutex_lock(&self->lock);
    const char *previous = "";
    for (dure_metric_t *m = self->head; m; m = m->next) {
        if (strcmp(previous, m->name) != 0) {
            s_append(&text, "# HELP %s %s\n# TYPE %s %s\n", m->name, m->help, m->name,
                     kinds[m->kind]);
            previous = m->name;
        }
        const char *sep = *m->labels ? "," : "";
        if (m->kind == S_HISTOGRAM)
            s_render_histogram(&text, m, sep, self->service);
        else
            s_append(&text, "%s{service=\"%s\"%s%s} %.17g\n", m->name, self->service, sep,
                     m->labels, m->value);
    }
    pthread_mutex_unlock(&self->lock);
    return text.buf;
}
