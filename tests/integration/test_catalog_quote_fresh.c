/*  test_catalog_quote_fresh.c - after an acknowledged price update, the next quote shows the
    new price with Redis up, from whichever of two instances answers; campaign discounts (and
    changes of them, through their own cache generation) and lapsed sellers show in the quote.
    Quotes that arrive together are priced with one read of the campaigns, their products
    and their sellers for all of them.
*/
#include "test_catalog_fixtures.h"

#include <signal.h>
#include <unistd.h>

#define OK DURE__V1__CODE__CODE_OK

/* An integer reply (or a number in a string reply) of one Redis command, -1 otherwise. */
static long long s_redis_int(dure_stack_t *stack, const char *command)
{
    redisReply *reply = dure_stack_redis(stack, command);
    long long value = !reply                              ? -1
                      : reply->type == REDIS_REPLY_INTEGER ? reply->integer
                      : reply->type == REDIS_REPLY_STRING  ? strtoll(reply->str, NULL, 10)
                                                           : -1;
    if (reply)
        freeReplyObject(reply);
    return value;
}

DURE_TEST(catalog_quote_shows_price_of_acknowledged_update)
{
    dure_stack_t *stack = dure_stack_new("catquote");
    REQUIRE(stack != NULL);
    int a = dure_stack_start(stack, "catalog", 0);
    int b = dure_stack_start(stack, "catalog", 1);
    CATFX_REQUIRE(stack, a >= 0 && b >= 0);
    /* Two clients, one per instance: the update goes to one, the quote to the other. */
    char eps[512];
    snprintf(eps, sizeof eps, "%s", dure_stack_endpoint(stack, "catalog", "RPC"));
    char *comma = strchr(eps, ',');
    CATFX_REQUIRE(stack, comma != NULL);
    *comma = '\0';
    char err[256];
    dure_client_t *one = dure_client_new(eps, "test", 3000, 1, 1 << 20, NULL, err, sizeof err);
    dure_client_t *two = dure_client_new(comma + 1, "test", 3000, 1, 1 << 20, NULL, err, sizeof err);
    CATFX_REQUIRE(stack, one && two);

    catfx_enterprise_t ent;
    catfx_enterprise(&ent, "ent-001");
    CHECK_INT_EQ(catfx_put_enterprise(one, &ent), OK);
    catfx_product_t prod;
    catfx_product(&prod, "p-0001", "ent-001", "rice_grains", 30000, 100);
    CHECK_INT_EQ(catfx_put_product(one, &prod), OK);

    /* Warm both instances' view of the cache, then update and quote, many times over. */
    CHECK_INT_EQ(catfx_quote(two, "p-0001", 1), 30000);
    CHECK_INT_EQ(catfx_quote(one, "p-0001", 1), 30000);
    int stale = 0;
    for (int i = 1; i <= 40; i++) {
        prod.p.price_krw = 30000 + i * 10;
        dure_client_t *writer = i % 2 ? one : two, *reader = i % 2 ? two : one;
        CHECK_INT_EQ(catfx_put_product(writer, &prod), OK);
        int64_t quoted = catfx_quote(reader, "p-0001", 2);
        if (quoted != prod.p.price_krw) {
            stale++;
            dure_test_fail(__FILE__, __LINE__, "update %d: quoted %lld, want %lld", i,
                           (long long) quoted, (long long) prod.p.price_krw);
        }
    }
    CHECK_INT_EQ(stale, 0);
    /* The cache was in use: the snapshot in Redis carries the last version. */
    redisReply *reply = dure_stack_redis(stack, "GET dure:catalog:p:p-0001");
    CATFX_REQUIRE(stack, reply && reply->type == REDIS_REPLY_STRING && reply->len > 20);
    CHECK_INT_EQ(strtoll(reply->str, NULL, 10), 41);
    freeReplyObject(reply);

    /* A 20 % campaign on the category today, then a seller whose certification lapsed. */
    char today[11];
    time_t now = time(NULL) + 9 * 3600;
    strftime(today, sizeof today, "%Y-%m-%d", gmtime(&now));
    Dure__V1__Campaign campaign = DURE__V1__CAMPAIGN__INIT;
    campaign.id = "now";
    campaign.name = "햅쌀 기획전";
    campaign.starts_on = today;
    campaign.ends_on = today;
    campaign.discount_percent = 20;
    char *categories[] = {"rice_grains"};
    campaign.categories = categories;
    campaign.n_categories = 1;
    Dure__V1__UpsertCampaign put = DURE__V1__UPSERT_CAMPAIGN__INIT;
    put.campaign = &campaign;
    CHECK_INT_EQ(catfx_call(one, &put.base, &dure__v1__upsert_campaign_reply__descriptor, NULL),
                 OK);
    CHECK_INT_EQ(catfx_quote(two, "p-0001", 1), (30400 * 80 + 50) / 100);
    /* Campaigns are cached under a counter of their own, which a price or stock change
       leaves alone; a campaign change moves it, and the next quote has the new discount. */
    CHECK_INT_EQ(s_redis_int(stack, "GET dure:catalog:cgen"), 1);
    CHECK_INT_EQ(s_redis_int(stack, "EXISTS dure:catalog:r:cgen1:ListCampaigns:all:"), 1);
    prod.p.price_krw = 30500;
    CHECK_INT_EQ(catfx_put_product(one, &prod), OK);
    CHECK_INT_EQ(catfx_quote(two, "p-0001", 1), (30500 * 80 + 50) / 100);
    CHECK_INT_EQ(s_redis_int(stack, "GET dure:catalog:cgen"), 1);
    campaign.discount_percent = 30;
    CHECK_INT_EQ(catfx_call(two, &put.base, &dure__v1__upsert_campaign_reply__descriptor, NULL),
                 OK);
    CHECK_INT_EQ(catfx_quote(one, "p-0001", 1), (30500 * 70 + 50) / 100);
    CHECK_INT_EQ(s_redis_int(stack, "GET dure:catalog:cgen"), 2);
    ent.e.certified_until = "2016-12-31";
    CHECK_INT_EQ(catfx_put_enterprise(one, &ent), OK);
    Dure__V1__QuoteLine line = DURE__V1__QUOTE_LINE__INIT;
    line.product_id = "p-0001";
    line.quantity = 1;
    Dure__V1__QuoteLine *lines[] = {&line};
    Dure__V1__QuotePrices quote = DURE__V1__QUOTE_PRICES__INIT;
    quote.lines = lines;
    quote.n_lines = 1;
    dure_response_t res;
    CHECK_INT_EQ(catfx_call(two, &quote.base, &dure__v1__quote_prices_reply__descriptor, &res), OK);
    Dure__V1__QuotePricesReply *q = (Dure__V1__QuotePricesReply *) res.payload;
    CATFX_REQUIRE(stack, q && q->n_lines == 1);
    CHECK(!q->orderable);
    CHECK_STR_EQ(q->lines[0]->reason, "seller certification lapsed");
    CHECK_STR_EQ(q->campaign_id, "now");
    CATFX_REQUIRE(stack, q->lines[0]->seller != NULL);
    CHECK_STR_EQ(q->lines[0]->seller->ship_from->postcode, "33315");
    dure_response_clear(&res);

    dure_client_destroy(&one);
    dure_client_destroy(&two);
    CHECK_INT_EQ(dure_stack_stop(stack, a, 5000), 0);
    CHECK_INT_EQ(dure_stack_stop(stack, b, 5000), 0);
    dure_stack_destroy(&stack);
}

/* Calls of one Redis command since Redis started (INFO commandstats), -1 when unknown. */
static long long s_redis_calls(dure_stack_t *stack, const char *command)
{
    redisReply *reply = dure_stack_redis(stack, "INFO commandstats");
    long long calls = -1;
    char field[64];
    snprintf(field, sizeof field, "cmdstat_%s:calls=", command);
    const char *at = reply && reply->type == REDIS_REPLY_STRING ? reply->str : NULL;
    if (at && (at = strstr(at, field)))
        calls = strtoll(at + strlen(field), NULL, 10);
    if (reply)
        freeReplyObject(reply);
    return calls;
}

DURE_TEST(catalog_quotes_sent_together_are_priced_with_one_read_per_batch)
{
    enum { QUOTES = 40 };
    dure_stack_t *stack = dure_stack_new("catquotes");
    REQUIRE(stack != NULL);
    dure_stack_gather_batches(stack);
    int a = dure_stack_start(stack, "catalog", 0);
    CATFX_REQUIRE(stack, a >= 0);
    char err[256];
    dure_client_t *client = dure_client_new(dure_stack_endpoint(stack, "catalog", "RPC"), "test",
                                            5000, 1, 1 << 20, NULL, err, sizeof err);
    CATFX_REQUIRE(stack, client);
    catfx_enterprise_t ent, other;
    catfx_enterprise(&ent, "ent-001");
    catfx_enterprise(&other, "ent-002");
    CHECK_INT_EQ(catfx_put_enterprise(client, &ent), OK);
    CHECK_INT_EQ(catfx_put_enterprise(client, &other), OK);
    catfx_product_t rice, honey;
    catfx_product(&rice, "p-0001", "ent-001", "rice_grains", 30000, 100);
    catfx_product(&honey, "p-0002", "ent-002", "rice_grains", 12000, 100);
    CHECK_INT_EQ(catfx_put_product(client, &rice), OK);
    CHECK_INT_EQ(catfx_put_product(client, &honey), OK);
    CHECK_INT_EQ(catfx_quote(client, "p-0001", 1), 30000); /* fills the cache */
    CHECK_INT_EQ(catfx_quote(client, "p-0002", 1), 12000);

    long long gets = s_redis_calls(stack, "get"), mgets = s_redis_calls(stack, "mget");
    CATFX_REQUIRE(stack, gets >= 0 && mgets >= 0);
    /* Each quote prices rice and, in turn, honey or a product the catalog does not have. */
    Dure__V1__QuoteLine first = DURE__V1__QUOTE_LINE__INIT, second = DURE__V1__QUOTE_LINE__INIT;
    first.product_id = "p-0001";
    first.quantity = 1;
    second.quantity = 2;
    Dure__V1__QuoteLine *lines[] = {&first, &second};
    Dure__V1__QuotePrices quote = DURE__V1__QUOTE_PRICES__INIT;
    quote.lines = lines;
    quote.n_lines = 2;
    /* Stopped while they are sent, the service finds them all waiting: one batch. */
    char ids[QUOTES][DURE_ID_LEN];
    dure_stack_signal(stack, a, SIGSTOP);
    for (int i = 0; i < QUOTES; i++) {
        second.product_id = i % 2 ? "p-0002" : "p-9999";
        CHECK_INT_EQ(dure_client_send(client, &quote.base, NULL, ids[i]), 0);
    }
    usleep(200 * 1000); /* for ZeroMQ to carry them to the service's socket */
    dure_stack_signal(stack, a, SIGCONT);
    int priced = 0;
    for (int i = 0; i < QUOTES; i++) {
        dure_response_t res;
        dure_client_await(client, ids[i], &dure__v1__quote_prices_reply__descriptor, &res);
        Dure__V1__QuotePricesReply *q = (Dure__V1__QuotePricesReply *) res.payload;
        if (res.code == OK && q && q->n_lines == 2 && q->lines[0]->unit_price_krw == 30000 &&
            q->lines[0]->orderable && q->lines[0]->seller &&
            strcmp(q->lines[0]->seller->id, "ent-001") == 0)
            priced += i % 2 ? q->orderable && q->lines[1]->line_total_krw == 24000 &&
                                  q->lines[1]->seller &&
                                  strcmp(q->lines[1]->seller->id, "ent-002") == 0
                            : !q->orderable && !q->lines[1]->orderable && *q->lines[1]->reason;
        dure_response_clear(&res);
    }
    CHECK_INT_EQ(priced, QUOTES);
    /* The campaigns (their generation and cached list), the products and the sellers are
       read once per batch of quotes, not once or twice per quote (80 GETs and 80 MGETs
       here). A batch takes at most BATCH_MAX (128) items, but the first may start before
       the last quote is in: allow a few batches. */
    long long more_gets = s_redis_calls(stack, "get") - gets;
    long long more_mgets = s_redis_calls(stack, "mget") - mgets;
    if (more_gets > 8 || more_mgets > 8)
        dure_test_fail(__FILE__, __LINE__, "%lld GETs and %lld MGETs for %d quotes", more_gets,
                       more_mgets, QUOTES);
    CHECK(more_gets >= 2 && more_mgets >= 2);

    dure_client_destroy(&client);
    CHECK_INT_EQ(dure_stack_stop(stack, a, 5000), 0);
    dure_stack_destroy(&stack);
}
