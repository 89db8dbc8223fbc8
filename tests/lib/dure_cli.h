/*  dure_cli.h - runs the real durectl binary against a test stack.

    The binary is $DURE_BIN_DIR/durectl (build/bin without it), started through the shell with
    the request endpoints of the named services of the stack in its environment, so a test
    drives it exactly as an operator would. Its stdout and stderr are captured together into
    one string the caller owns.
*/
#ifndef DURE_CLI_H
#define DURE_CLI_H

#include "dure_stack.h"

/* Runs `durectl ARGS` (ARGS is shell text, quote as in a terminal) with DURE_<SERVICE>_RPC set
   for each service in `services` (space-separated, "catalog order") and DURECTL_TIMEOUT_MS set
   to timeout_ms when it is above 0. Its output (stdout and stderr) goes to *out, which the
   caller frees; it is logged with -v. Returns the exit status, or -1 when durectl could not be
   started (*out is then NULL) or did not exit normally. */
int dure_cli_run(dure_stack_t *stack, const char *services, int timeout_ms, const char *args,
                 char **out);

#endif
