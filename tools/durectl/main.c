/*  main.c - durectl, the operators' CLI: global options, then dispatch to a command group.

    Command groups live in cmd_*.c files. They are declared weak here so that a group still
    being written does not break the build: a missing group says so and exits 2.
*/
#include "durectl.h"

#include <locale.h>

typedef int (*s_group_fn)(durectl_t *ctx, int argc, char **argv);

int durectl_health_main(durectl_t *ctx, int argc, char **argv) __attribute__((weak));
int durectl_catalog_main(durectl_t *ctx, int argc, char **argv) __attribute__((weak));
int durectl_order_main(durectl_t *ctx, int argc, char **argv) __attribute__((weak));
int durectl_report_main(durectl_t *ctx, int argc, char **argv) __attribute__((weak));
int durectl_shipment_main(durectl_t *ctx, int argc, char **argv) __attribute__((weak));
int durectl_packaging_main(durectl_t *ctx, int argc, char **argv) __attribute__((weak));
int durectl_demo_main(durectl_t *ctx, int argc, char **argv) __attribute__((weak));
int durectl_keys_main(durectl_t *ctx, int argc, char **argv) __attribute__((weak));

static const struct {
    const char *name;  /* first word */
    const char *usage; /* one line */
} s_groups[] = {
    {"health", "health                      ping the four services"},
    {"catalog", "catalog SUBCOMMAND          categories, products, product, stock, import"},
    {"order", "order SUBCOMMAND            place, get, cancel, list, import"},
    {"report", "report sales --year Y       sales by month, channel, category, ..."},
    {"shipment", "shipment SUBCOMMAND         list, get, event"},
    {"packaging", "packaging SUBCOMMAND        shipment, report"},
    {"demo", "demo SUBCOMMAND             catalog, orders (demo data files)"},
    {"keys", "keys                        generate a CurveZMQ key pair"},
};

/* Index of a group in s_groups, or -1. */
static int s_index(const char *name)
{
    for (size_t i = 0; i < sizeof s_groups / sizeof s_groups[0]; i++)
        if (strcmp(s_groups[i].name, name) == 0)
            return (int) i;
    return -1;
}

static int s_usage(FILE *out)
{
    fprintf(out, "usage: durectl [--json] [--reveal] COMMAND ...\n\ncommands:\n");
    for (size_t i = 0; i < sizeof s_groups / sizeof s_groups[0]; i++)
        fprintf(out, "  %s\n", s_groups[i].usage);
    fprintf(out, "\nServices are found through DURE_<SERVICE>_RPC (default tcp://127.0.0.1:71x0);\n"
                 "--json prints JSON for scripts; --reveal shows personal data unmasked.\n");
    return out == stdout ? 0 : 2;
}

/* Removes global flags from argv wherever they stand; returns the new argc. */
static int s_globals(durectl_t *ctx, int argc, char **argv)
{
    int kept = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            ctx->json = 1;
        else if (strcmp(argv[i], "--reveal") == 0)
            ctx->reveal = 1;
        else
            argv[kept++] = argv[i];
    }
    return kept;
}

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "C.UTF-8");
    zsys_handler_set(NULL);
    durectl_t ctx = {0};
    const char *timeout = getenv("DURECTL_TIMEOUT_MS");
    ctx.timeout_ms = timeout ? atoi(timeout) : 5000;
    argc = s_globals(&ctx, argc, argv);
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0)
        return s_usage(argc < 2 ? stderr : stdout);
    /* Same order as s_groups; a weak symbol is NULL when its file is not linked in. */
    s_group_fn fns[] = {durectl_health_main, durectl_catalog_main,  durectl_order_main,
                        durectl_report_main, durectl_shipment_main, durectl_packaging_main,
                        durectl_demo_main,   durectl_keys_main};
    int index = s_index(argv[1]);
    s_group_fn fn = index >= 0 ? fns[index] : NULL;
    int rc;
    if (index < 0) {
        fprintf(stderr, "durectl: unknown command '%s'\n", argv[1]);
        rc = s_usage(stderr);
    } else if (!fn) {
        fprintf(stderr, "durectl: command '%s' is not built in this version\n", argv[1]);
        rc = 2;
    } else
        rc = fn(&ctx, argc - 2, argv + 2);
    for (int i = 0; i < 4; i++)
        dure_client_destroy(&ctx.clients[i]);
    zsys_shutdown();
    return rc;
}
