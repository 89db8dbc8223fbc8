/*  dure_cli.c - durectl as a child process of a test. */
#include "dure_cli.h"
#include "dure_test.h"

#include <ctype.h>
#include <sys/wait.h>

#define S_CLI_COMMAND_MAX 4096

/* Appends " DURE_<SERVICE>_RPC='endpoint'" for each named service to cmd. */
static void s_endpoints(dure_stack_t *stack, const char *services, char *cmd, size_t size)
{
    const char *at = services;
    while (*at) {
        while (*at == ' ')
            at++;
        size_t n = strcspn(at, " ");
        if (n == 0)
            break;
        char name[32], upper[32];
        snprintf(name, sizeof name, "%.*s", (int) n, at);
        for (size_t i = 0; i <= strlen(name); i++)
            upper[i] = (char) toupper((unsigned char) name[i]);
        size_t len = strlen(cmd);
        snprintf(cmd + len, size - len, "DURE_%s_RPC='%s' ", upper,
                 dure_stack_endpoint(stack, name, "RPC"));
        at += n;
    }
}

int dure_cli_run(dure_stack_t *stack, const char *services, int timeout_ms, const char *args,
                 char **out)
{
    char cmd[S_CLI_COMMAND_MAX] = "";
    s_endpoints(stack, services, cmd, sizeof cmd);
    size_t len = strlen(cmd);
    if (timeout_ms > 0)
        len += (size_t) snprintf(cmd + len, sizeof cmd - len, "DURECTL_TIMEOUT_MS=%d ", timeout_ms);
    const char *bin = getenv("DURE_BIN_DIR") ? getenv("DURE_BIN_DIR") : "build/bin";
    snprintf(cmd + len, sizeof cmd - len, "%s/durectl %s 2>&1", bin, args);
    *out = NULL;
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    size_t cap = 1 << 16, n;
    char *buf = dure_malloc(cap);
    len = 0;
    while ((n = fread(buf + len, 1, cap - len - 1, p)) > 0)
        if ((len += n) + 1 >= cap)
            buf = dure_realloc(buf, cap *= 2);
    buf[len] = '\0';
    int status = pclose(p);
    *out = buf;
    dure_test_log("durectl %s -> %d\n%s", args, status, buf);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
