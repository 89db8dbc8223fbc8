/*  dure_zap.h - the ZAP handler that lets in only allowed CurveZMQ client keys.

    ZeroMQ asks the ZAP handler (RFC 27) about every new CURVE connection of a socket whose
    ZAP domain is set. This one runs as a CZMQ actor in its own thread, answers 200 for a
    client public key in the allow-list and 400 for any other, and logs each refusal with
    the key and the peer address. There is one ZAP handler per process (the inproc endpoint
    is fixed by the RFC).
*/
#ifndef DURE_ZAP_H
#define DURE_ZAP_H

#include <stddef.h>

/* Starts the handler for a comma-separated list of Z85 public keys. Returns NULL with the
   reason in err when a key is not valid Z85 of 40 characters. */
void *dure_zap_new(const char *allowed_keys, char *err, size_t errlen);

/* Stops the handler; nulls the caller's pointer. */
void dure_zap_destroy(void **self_p);

#endif
