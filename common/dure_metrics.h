/*  dure_metrics.h - counters, gauges and histograms rendered in the Prometheus text format.

    A series is a metric name plus a label set, such as dure_requests_total with
    type="dure.v1.PlaceOrder",code="OK". Series are created on first use and live as long as
    the registry; callers may keep the returned pointer to skip the lookup on hot paths.

    The main loop updates series while the HTTP thread renders them, so the registry guards
    its series with one mutex (uncontended: a few tens of nanoseconds per update). This is
    the one piece of state dure shares between threads.
*/
#ifndef DURE_METRICS_H
#define DURE_METRICS_H

typedef struct dure_metrics_t dure_metrics_t;
typedef struct dure_metric_t dure_metric_t;

/* Creates a registry. Every series gets the label service="<service>". */
dure_metrics_t *dure_metrics_new(const char *service);

/* Frees the registry and all series; nulls the caller's pointer. */
void dure_metrics_destroy(dure_metrics_t **self_p);

/* Returns the series for name and labels (`key="value",...` or NULL), creating it. The
   first call for a name fixes its help and kind. Bounds (histograms only) are upper bucket
   bounds in increasing order, at most 16. */
dure_metric_t *dure_metrics_counter(dure_metrics_t *self, const char *name, const char *help,
                                    const char *labels);
dure_metric_t *dure_metrics_gauge(dure_metrics_t *self, const char *name, const char *help,
                                  const char *labels);
dure_metric_t *dure_metrics_histogram(dure_metrics_t *self, const char *name, const char *help,
                                      const char *labels, const double *bounds, int nbounds);

/* Adds to a counter or gauge. */
void dure_metric_add(dure_metric_t *metric, double value);
/* Sets a gauge. */
void dure_metric_set(dure_metric_t *metric, double value);
/* Records one observation in a histogram. */
void dure_metric_observe(dure_metric_t *metric, double value);
/* Current value of a counter or gauge (for tests). */
double dure_metric_value(dure_metric_t *metric);

/* Renders every series. Returns a new string (caller frees). */
char *dure_metrics_render(dure_metrics_t *self);

#endif
