/*  dure_outbox.c - outbox rows and the relay that delivers them.

    Per consumer the relay works in rounds: lease up to RELAY_BATCH rows, send them, wait
    for their acknowledgements, delete the acknowledged rows, and start the next round at
    once. A round whose acknowledgements do not all come before the lease expires ends with a
    backoff (doubling up to RELAY_BACKOFF_MAX_MS, with jitter so that many relays do not
    retry in step); the rows are then leased again.

    A round leases only rows after the last one it leased (a cursor on the id). Acknowledged
    rows are deleted, but their index entries stay until vacuum, and a lease that started
    from the first row walked all of them: under load that was half of PostgreSQL's time per
    order. The whole table is scanned from the start only where a cursor would miss rows:
    after a lost round (its rows are due again), at start, and every DURE_OUTBOX_FULL_SCAN_MS
    for rows that another instance of the service committed out of id order or leased and
    never acknowledged.
*/
#include "dure_outbox.h"
#include "dure_log.h"

#include <stdlib.h>
#include <string.h>

#define DURE_OUTBOX_MAX_DEST 4
#define DURE_OUTBOX_IDLE_SCAN_MS 500
#define DURE_OUTBOX_FULL_SCAN_MS 1000

const dure_subscription_t dure_subscriptions[] = {
    {"dure.v1.OrderPlaced", "order", "catalog"},
    {"dure.v1.StockReserved", "catalog", "order"},
    {"dure.v1.StockRejected", "catalog", "order"},
    {"dure.v1.OrderConfirmed", "order", "logistics"},
    {"dure.v1.OrderCancelled", "order", "catalog"},
    {"dure.v1.OrderCancelled", "order", "logistics"},
    {"dure.v1.ShipmentPlanned", "logistics", "packaging"},
    {"dure.v1.ShipmentPacked", "logistics", "packaging"},
    {"dure.v1.ShipmentCancelled", "logistics", "packaging"},
    {"dure.v1.ShipmentStatusChanged", "logistics", "order"},
    {NULL, NULL, NULL},
};

typedef struct {
    char consumer[16];       /* service name */
    zsock_t *sock;           /* DEALER to its event endpoint(s) */
    int in_flight;           /* sent in this round, not yet acknowledged */
    int stalled;             /* rows leased but no consumer connected to take them */
    int64_t round_ends_ms;   /* when unacknowledged rows count as lost */
    int64_t not_before_ms;   /* backoff: no new round before this */
    int64_t next_scan_ms;    /* when idle, look for expired leases at this time */
    int backoff_ms;          /* current backoff, 0 when healthy */
    int more;                /* rows may be waiting: scan at once */
    int64_t cursor;          /* lease rows with a greater id; 0: scan from the start */
    int64_t full_scan_ms;    /* when the next lease scans from the start */
    char **sent_ids;         /* event ids of the round in progress, in the order sent */
    int64_t *sent_rows;      /* their outbox row ids */
    int sent_count;          /* used entries */
    int sent_hint;           /* where to look for the next acknowledgement */
    int64_t *acked;          /* row ids acknowledged, to delete */
    int acked_count;         /* used entries */
    char **refused;          /* event ids the consumer cannot read, to park */
    char **reasons;          /* the consumer's message for each */
    int refused_count;       /* used entries */
    dure_metric_t *sent;     /* events sent, retries included */
    dure_metric_t *retries;  /* rounds that timed out */
    dure_metric_t *backlog;  /* rows pending */
    dure_metric_t *oldest;   /* age of the oldest pending row, seconds */
    dure_metric_t *parked;   /* rows parked */
} s_destination_t;

/* Outbox rows queued by the batch in progress: the text columns event_id, destination and
   type, and the envelope's bytes. */
#define S_COLUMNS 3
typedef struct {
    char **column[S_COLUMNS]; /* one array per text column, strings owned */
    uint8_t **envelope;       /* encoded envelopes, owned */
    size_t *envelope_len;     /* their sizes */
    size_t count;             /* rows queued */
    size_t capacity;          /* allocated rows */
} s_queue_t;

struct dure_outbox_t {
    char *service;                                 /* producer name */
    s_queue_t queue;                               /* rows to write before the commit */
    s_destination_t dest[DURE_OUTBOX_MAX_DEST];    /* one per consumer */
    int dest_count;                                /* used entries */
    int batch;                                     /* RELAY_BATCH */
    int lease_ms;                                  /* RELAY_LEASE_MS */
    int backoff_max_ms;                            /* RELAY_BACKOFF_MAX_MS */
};

static int s_find(dure_outbox_t *self, const char *consumer)
{
    for (int i = 0; i < self->dest_count; i++)
        if (strcmp(self->dest[i].consumer, consumer) == 0)
            return i;
    return -1;
}

static int s_add_destination(dure_outbox_t *self, const char *consumer, dure_config_t *config,
                             const dure_security_t *sec, dure_metrics_t *metrics, char *err,
                             size_t errlen)
{
    s_destination_t *d = &self->dest[self->dest_count];
    snprintf(d->consumer, sizeof d->consumer, "%s", consumer);
    const char *endpoint = dure_config_peer(config, consumer, "EVENTS");
    long max_bytes = dure_config_long(config, "MAX_MESSAGE_BYTES", 1 << 20);
    d->sock = dure_socket_client(endpoint, max_bytes, sec, 1, err, errlen);
    if (!d->sock)
        return -1;
    d->sent_ids = dure_calloc((size_t) self->batch, sizeof(char *));
    d->sent_rows = dure_calloc((size_t) self->batch, sizeof(int64_t));
    d->acked = dure_calloc((size_t) self->batch, sizeof(int64_t));
    d->refused = dure_calloc((size_t) self->batch, sizeof(char *));
    d->reasons = dure_calloc((size_t) self->batch, sizeof(char *));
    d->more = 1;
    char labels[64];
    snprintf(labels, sizeof labels, "consumer=\"%s\"", consumer);
    d->sent = dure_metrics_counter(metrics, "dure_relay_sent_total",
                                   "Events sent by the outbox relay, resends included", labels);
    d->retries = dure_metrics_counter(metrics, "dure_relay_timeouts_total",
                                      "Relay rounds whose acknowledgements did not all come",
                                      labels);
    d->backlog = dure_metrics_gauge(metrics, "dure_outbox_backlog",
                                    "Outbox rows not yet acknowledged", labels);
    d->oldest = dure_metrics_gauge(metrics, "dure_outbox_lag_seconds",
                                   "Age of the oldest unacknowledged outbox row", labels);
    d->parked = dure_metrics_gauge(metrics, "dure_outbox_parked",
                                   "Outbox rows parked because the consumer cannot read them",
                                   labels);
    self->dest_count++;
    return 0;
}

dure_outbox_t *dure_outbox_new(const char *service, dure_config_t *config,
                               const dure_security_t *sec, dure_metrics_t *metrics, char *err,
                               size_t errlen)
{
    dure_outbox_t *self = dure_calloc(1, sizeof *self);
    self->service = dure_strdup(service);
    self->batch = (int) dure_config_long(config, "RELAY_BATCH", 256);
    self->lease_ms = (int) dure_config_long(config, "RELAY_LEASE_MS", 5000);
    self->backoff_max_ms = (int) dure_config_long(config, "RELAY_BACKOFF_MAX_MS", 30000);
    if (self->batch < 1)
        self->batch = 1;
    for (const dure_subscription_t *s = dure_subscriptions; s->type; s++) {
        if (strcmp(s->producer, service) != 0 || s_find(self, s->consumer) >= 0)
            continue;
        if (s_add_destination(self, s->consumer, config, sec, metrics, err, errlen) != 0) {
            dure_outbox_destroy(&self);
            return NULL;
        }
    }
    return self;
}

static void s_forget_sent(s_destination_t *d)
{
    for (int i = 0; i < d->sent_count; i++)
        free(d->sent_ids[i]);
    d->sent_count = 0;
    d->sent_hint = 0;
}

static void s_forget_refused(s_destination_t *d)
{
    for (int i = 0; i < d->refused_count; i++) {
        free(d->refused[i]);
        free(d->reasons[i]);
    }
    d->refused_count = 0;
}

void dure_outbox_destroy(dure_outbox_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    dure_outbox_t *self = *self_p;
    for (int i = 0; i < self->dest_count; i++) {
        zsock_destroy(&self->dest[i].sock);
        s_forget_sent(&self->dest[i]);
        s_forget_refused(&self->dest[i]);
        free(self->dest[i].sent_ids);
        free(self->dest[i].sent_rows);
        free(self->dest[i].acked);
        free(self->dest[i].refused);
        free(self->dest[i].reasons);
    }
    dure_outbox_unqueue(self, 0);
    for (int c = 0; c < S_COLUMNS; c++)
        free(self->queue.column[c]);
    free(self->queue.envelope);
    free(self->queue.envelope_len);
    free(self->service);
    free(self);
    *self_p = NULL;
}

static void s_queue_push(dure_outbox_t *self, const char *event_id, const char *consumer,
                         const char *type, const uint8_t *envelope, size_t len)
{
    s_queue_t *q = &self->queue;
    if (q->count == q->capacity) {
        q->capacity = q->capacity ? 2 * q->capacity : 64;
        for (int c = 0; c < S_COLUMNS; c++)
            q->column[c] = dure_realloc(q->column[c], q->capacity * sizeof(char *));
        q->envelope = dure_realloc(q->envelope, q->capacity * sizeof *q->envelope);
        q->envelope_len = dure_realloc(q->envelope_len, q->capacity * sizeof *q->envelope_len);
    }
    const char *values[S_COLUMNS] = {event_id, consumer, type};
    for (int c = 0; c < S_COLUMNS; c++)
        q->column[c][q->count] = dure_strdup(values[c]);
    q->envelope[q->count] = dure_malloc(len ? len : 1);
    memcpy(q->envelope[q->count], envelope, len);
    q->envelope_len[q->count] = len;
    q->count++;
}

int dure_outbox_add(dure_outbox_t *self, const Dure__V1__Envelope *event)
{
    uint8_t *bytes = NULL;
    size_t len = 0;
    int rows = 0;
    for (const dure_subscription_t *s = dure_subscriptions; s->type; s++) {
        if (strcmp(s->producer, self->service) != 0 || strcmp(s->type, event->type) != 0)
            continue;
        if (!bytes)
            bytes = dure_envelope_encode(event, &len);
        s_queue_push(self, event->id, s->consumer, event->type, bytes, len);
        rows++;
    }
    free(bytes);
    return rows;
}

size_t dure_outbox_queued(dure_outbox_t *self)
{
    return self->queue.count;
}

void dure_outbox_unqueue(dure_outbox_t *self, size_t keep)
{
    s_queue_t *q = &self->queue;
    while (q->count > keep) {
        q->count--;
        for (int c = 0; c < S_COLUMNS; c++)
            free(q->column[c][q->count]);
        free(q->envelope[q->count]);
    }
}

int dure_outbox_commit(dure_outbox_t *self, dure_db_t *db)
{
    s_queue_t *q = &self->queue;
    if (q->count == 0)
        return dure_db_commit(db);
    /* The envelopes go as a binary array: as text each would be hex, escaped again inside
       the array literal, for the server to parse back. */
    char *arrays[S_COLUMNS + 1];
    int lengths[S_COLUMNS + 1] = {0}, formats[S_COLUMNS + 1] = {0, 0, 0, 1};
    for (int c = 0; c < S_COLUMNS; c++)
        arrays[c] = dure_db_array((const char *const *) q->column[c], q->count);
    arrays[S_COLUMNS] = dure_db_bytea_array((const uint8_t *const *) q->envelope, q->envelope_len,
                                            q->count, &lengths[S_COLUMNS]);
    int rc =
        dure_db_commit_with_formats(db, "dure_outbox_add",
                                    "INSERT INTO outbox (event_id, destination, type, "
                                    "envelope) SELECT * FROM unnest($1::text[], "
                                    "$2::text[], $3::text[], $4::bytea[])",
                                    S_COLUMNS + 1, (const char *const *) arrays, lengths, formats);
    for (int c = 0; c <= S_COLUMNS; c++)
        free(arrays[c]);
    dure_outbox_unqueue(self, 0);
    return rc;
}

int dure_outbox_poll_items(dure_outbox_t *self, zmq_pollitem_t *items, int max)
{
    int n = 0;
    for (int i = 0; i < self->dest_count && n < max; i++, n++)
        items[n] = (zmq_pollitem_t){zsock_resolve(self->dest[i].sock), 0, ZMQ_POLLIN, 0};
    return n;
}

/* The id of the event an acknowledgement answers: EventAck.event_id, else the reply's
   causation id (a reply's causation is the request it answers). NULL when it is no ack. */
static char *s_acked_id(const Dure__V1__Envelope *env)
{
    if (strcmp(env->type, "dure.v1.EventAck") != 0)
        return NULL;
    Dure__V1__EventAck *ack =
        dure__v1__event_ack__unpack(NULL, env->payload.len, env->payload.data);
    char *id = NULL;
    if (ack && ack->event_id && *ack->event_id)
        id = dure_strdup(ack->event_id);
    else if (env->causation_id && *env->causation_id)
        id = dure_strdup(env->causation_id);
    if (ack)
        dure__v1__event_ack__free_unpacked(ack, NULL);
    return id;
}

/* The outbox row of an event sent in this round, or 0. Acknowledgements mostly come in the
   order the events went out, so the search starts after the last one found. */
static int64_t s_sent_row(s_destination_t *d, const char *event_id)
{
    for (int n = 0; n < d->sent_count; n++) {
        int i = (d->sent_hint + n) % d->sent_count;
        if (strcmp(d->sent_ids[i], event_id) == 0) {
            d->sent_hint = i + 1;
            return d->sent_rows[i];
        }
    }
    return 0;
}

/* Sorts one acknowledgement: OK means applied (or applied before) and the row can go;
   INVALID_ARGUMENT means the consumer cannot read the event (an unknown type, a payload it
   cannot decode), which no resend will change, so the row is parked; anything else (the
   consumer's database is away) leaves the row for a resend. A late OK for a row of an earlier
   round is dropped: the row is sent again and the consumer's inbox absorbs the repeat. */
static void s_sort_ack(s_destination_t *d, const Dure__V1__Envelope *env, int capacity)
{
    int code = env->reply ? (int) env->reply->code : DURE__V1__CODE__CODE_OK;
    if (code != DURE__V1__CODE__CODE_OK && code != DURE__V1__CODE__CODE_INVALID_ARGUMENT)
        return;
    char *id = s_acked_id(env);
    if (!id)
        return;
    if (code == DURE__V1__CODE__CODE_OK) {
        int64_t row = s_sent_row(d, id);
        if (row > 0 && d->acked_count < capacity)
            d->acked[d->acked_count++] = row;
        free(id);
    } else if (d->refused_count < capacity) {
        d->reasons[d->refused_count] = dure_strdup(env->reply->message ? env->reply->message : "");
        d->refused[d->refused_count++] = id;
    } else {
        free(id);
    }
}

static void s_read_acks(s_destination_t *d, int capacity)
{
    zmsg_t *msg;
    while ((msg = dure_socket_recv_now(d->sock))) {
        zframe_t *last = zmsg_last(msg);
        char err[128];
        Dure__V1__Envelope *env =
            last ? dure_envelope_decode(zframe_data(last), zframe_size(last), err, sizeof err)
                 : NULL;
        zmsg_destroy(&msg);
        if (!env)
            continue;
        s_sort_ack(d, env, capacity);
        if (d->in_flight > 0)
            d->in_flight--;
        dure_envelope_free(&env);
    }
}

void dure_outbox_read_acks(dure_outbox_t *self, const zmq_pollitem_t *items, int count)
{
    for (int i = 0; i < count && i < self->dest_count; i++)
        if (items[i].revents & ZMQ_POLLIN)
            s_read_acks(&self->dest[i], self->batch);
}

/* "{1,2,3}": a bigint array literal. */
static char *s_id_array(const int64_t *ids, int count)
{
    size_t cap = 3 + (size_t) count * 21, len = 0;
    char *text = dure_malloc(cap);
    text[len++] = '{';
    for (int i = 0; i < count; i++)
        len += (size_t) snprintf(text + len, cap - len, "%s%lld", i ? "," : "",
                                 (long long) ids[i]);
    snprintf(text + len, cap - len, "}");
    return text;
}

/* Deletes acknowledged rows in one statement, by primary key: a lookup by destination and
   event id chose to scan every index entry of the destination, dead ones included. */
static void s_delete_acked(s_destination_t *d, dure_db_t *db)
{
    if (d->acked_count == 0)
        return;
    char *array = s_id_array(d->acked, d->acked_count);
    const char *params[] = {array};
    if (dure_db_command(db, "dure_outbox_delete", "DELETE FROM outbox WHERE id = ANY($1::bigint[])",
                        1, params) == 0)
        d->acked_count = 0;
    else
        dure_log_warn("outbox: cannot delete acknowledged rows: %s", dure_db_error(db));
    free(array);
}

/* Parks the rows of events the consumer cannot read: they stay in the table, out of the
   relay's way, until an operator sends them again (docs/OPERATIONS.md). */
static void s_park_refused(s_destination_t *d, dure_db_t *db)
{
    for (int i = 0; i < d->refused_count; i++) {
        const char *params[] = {d->consumer, d->refused[i], d->reasons[i]};
        if (dure_db_command(db, "dure_outbox_park",
                            "UPDATE outbox SET parked_at = now(), parked_reason = $3 "
                            "WHERE destination = $1 AND event_id = $2",
                            3, params) != 0) {
            dure_log_warn("outbox: cannot park rows: %s", dure_db_error(db));
            return; /* kept for the next pump */
        }
        dure_log_error("outbox: event %s parked: %s cannot read it (%s)", d->refused[i],
                       d->consumer, d->reasons[i]);
    }
    s_forget_refused(d);
}

static int s_jitter(int ms)
{
    return ms / 2 + (int) (random() % (ms + 1));
}

/* Gives back the lease of rows that could not be sent (rows first..end of res), so that they
   go as soon as a consumer is connected rather than when their lease expires. */
static void s_release(dure_db_t *db, const PGresult *res, int first, int end)
{
    int64_t *ids = dure_calloc((size_t) (end - first), sizeof *ids);
    for (int i = first; i < end; i++)
        ids[i - first] = dure_db_int8_at(res, i, 0);
    char *array = s_id_array(ids, end - first);
    const char *params[] = {array};
    if (dure_db_command(db, "dure_outbox_release",
                        "UPDATE outbox SET lease_until = NULL WHERE id = ANY($1::bigint[])", 1,
                        params) != 0)
        dure_log_warn("outbox: cannot release unsent rows: %s", dure_db_error(db));
    free(array);
    free(ids);
}

/* Starts a round: leases rows and sends them. */
static void s_send_round(dure_outbox_t *self, s_destination_t *d, dure_db_t *db, int64_t now)
{
    if (now >= d->full_scan_ms) {
        d->cursor = 0;
        d->full_scan_ms = now + DURE_OUTBOX_FULL_SCAN_MS;
    }
    char limit[16], lease[32], cursor[24];
    snprintf(limit, sizeof limit, "%d", self->batch);
    snprintf(lease, sizeof lease, "%d milliseconds", self->lease_ms + d->backoff_ms);
    snprintf(cursor, sizeof cursor, "%lld", (long long) d->cursor);
    const char *params[] = {d->consumer, limit, lease, cursor};
    /* The rows are picked once, in a materialized CTE. Picked in a subquery of the UPDATE,
       they were picked again whenever the UPDATE met a row another instance's relay had just
       leased, and a lease could return more rows than its LIMIT. */
    /* In binary, the envelopes come as their bytes rather than as hex to decode. */
    PGresult *res = dure_db_query_binary(
        db, "dure_outbox_lease",
        "WITH picked AS MATERIALIZED (SELECT id FROM outbox WHERE destination = $1 "
        "  AND id > $4::bigint AND parked_at IS NULL "
        "  AND (lease_until IS NULL OR lease_until < now()) ORDER BY id "
        "  LIMIT $2::int FOR UPDATE SKIP LOCKED) "
        "UPDATE outbox o SET lease_until = now() + $3::interval, attempts = o.attempts + 1 "
        "WHERE o.id = ANY (ARRAY(SELECT id FROM picked)) "
        "RETURNING o.id, o.envelope, o.event_id",
        4, params);
    d->next_scan_ms = now + DURE_OUTBOX_IDLE_SCAN_MS;
    if (!res) {
        /* The database is away: try again at the next scan, not in a tight loop. */
        dure_log_warn("outbox: cannot lease rows for %s: %s", d->consumer, dure_db_error(db));
        d->more = 0;
        return;
    }
    s_forget_sent(d);
    /* At most a batch is sent and remembered, whatever the statement returned. */
    int rows = PQntuples(res), sent = 0, usable = rows < self->batch ? rows : self->batch;
    for (int i = 0; i < usable; i++) {
        zframe_t *frame = zframe_new(PQgetvalue(res, i, 1), (size_t) PQgetlength(res, i, 1));
        if (zframe_send(&frame, d->sock, ZFRAME_DONTWAIT) != 0) {
            zframe_destroy(&frame);
            break; /* no consumer connected */
        }
        int64_t row = dure_db_int8_at(res, i, 0);
        d->sent_rows[sent] = row;
        d->sent_ids[sent] = dure_strdup(PQgetvalue(res, i, 2));
        sent++;
        if (row > d->cursor)
            d->cursor = row;
    }
    d->sent_count = sent;
    if (sent < rows)
        s_release(db, res, sent, rows);
    PQclear(res);
    dure_metric_add(d->sent, sent);
    d->more = rows >= self->batch;
    d->in_flight = sent;
    d->round_ends_ms = now + self->lease_ms + d->backoff_ms;
    /* Nobody to send to: back off at once (not after a lease) and lease again then. */
    d->stalled = rows > 0 && sent == 0;
    if (d->stalled)
        d->round_ends_ms = now;
}

static void s_pump_one(dure_outbox_t *self, s_destination_t *d, dure_db_t *db, int64_t now)
{
    int waiting = d->in_flight > 0 || d->stalled;
    if (waiting && now < d->round_ends_ms)
        return;
    if (waiting) {
        /* Lost, unacknowledged or undeliverable: back off, then lease again. */
        d->in_flight = 0;
        d->stalled = 0;
        d->backoff_ms = d->backoff_ms ? d->backoff_ms * 2 : 100;
        if (d->backoff_ms > self->backoff_max_ms)
            d->backoff_ms = self->backoff_max_ms;
        d->not_before_ms = now + s_jitter(d->backoff_ms);
        d->more = 1;
        d->full_scan_ms = now; /* this round's rows are due again, behind the cursor */
        dure_metric_add(d->retries, 1);
    } else if (d->acked_count > 0)
        d->backoff_ms = 0;
    s_delete_acked(d, db);
    s_park_refused(d, db);
    if (now < d->not_before_ms || (!d->more && now < d->next_scan_ms))
        return;
    s_send_round(self, d, db, now);
}

void dure_outbox_pump(dure_outbox_t *self, dure_db_t *db)
{
    int64_t now = dure_now_ms();
    for (int i = 0; i < self->dest_count; i++)
        s_pump_one(self, &self->dest[i], db, now);
}

void dure_outbox_wake(dure_outbox_t *self)
{
    for (int i = 0; i < self->dest_count; i++)
        self->dest[i].more = 1;
}

int dure_outbox_next_ms(dure_outbox_t *self)
{
    int64_t now = dure_now_ms(), next = now + DURE_OUTBOX_IDLE_SCAN_MS;
    for (int i = 0; i < self->dest_count; i++) {
        s_destination_t *d = &self->dest[i];
        int64_t due;
        if (d->in_flight > 0 || d->stalled)
            due = d->round_ends_ms;
        else if (now < d->not_before_ms)
            due = d->not_before_ms;
        else
            due = d->more ? now : d->next_scan_ms;
        if (due < next)
            next = due;
    }
    return next <= now ? 0 : (int) (next - now);
}

void dure_outbox_drain(dure_outbox_t *self, dure_db_t *db, int timeout_ms)
{
    int64_t deadline = dure_now_ms() + timeout_ms;
    for (;;) {
        int waiting = 0;
        for (int i = 0; i < self->dest_count; i++)
            waiting += self->dest[i].in_flight;
        int64_t left = deadline - dure_now_ms();
        if (waiting == 0 || left <= 0)
            break;
        zmq_pollitem_t items[DURE_OUTBOX_MAX_DEST];
        int n = dure_outbox_poll_items(self, items, DURE_OUTBOX_MAX_DEST);
        if (zmq_poll(items, n, (long) left) > 0)
            dure_outbox_read_acks(self, items, n);
    }
    for (int i = 0; i < self->dest_count; i++) {
        s_delete_acked(&self->dest[i], db);
        s_park_refused(&self->dest[i], db);
    }
}

void dure_outbox_measure(dure_outbox_t *self, dure_db_t *db)
{
    for (int i = 0; i < self->dest_count; i++) {
        s_destination_t *d = &self->dest[i];
        const char *params[] = {d->consumer};
        PGresult *res = dure_db_query(
            db, "dure_outbox_measure",
            "SELECT count(*) FILTER (WHERE parked_at IS NULL), "
            "COALESCE(EXTRACT(EPOCH FROM now() - min(created_at) FILTER (WHERE parked_at IS "
            "NULL)), 0), count(*) FILTER (WHERE parked_at IS NOT NULL) "
            "FROM outbox WHERE destination = $1",
            1, params);
        if (!res)
            continue;
        dure_metric_set(d->backlog, atof(PQgetvalue(res, 0, 0)));
        dure_metric_set(d->oldest, atof(PQgetvalue(res, 0, 1)));
        dure_metric_set(d->parked, atof(PQgetvalue(res, 0, 2)));
        PQclear(res);
    }
}
