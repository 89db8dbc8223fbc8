/*  dure.h - the umbrella header of the common library: system, ZeroMQ, protobuf, then the
    dure modules, in a fixed order. Services include this one header.
*/
#ifndef DURE_H
#define DURE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <czmq.h>
#include <protobuf-c/protobuf-c.h>

#include "dure/v1/catalog.pb-c.h"
#include "dure/v1/common.pb-c.h"
#include "dure/v1/envelope.pb-c.h"
#include "dure/v1/events.pb-c.h"
#include "dure/v1/logistics.pb-c.h"
#include "dure/v1/order.pb-c.h"
#include "dure/v1/packaging.pb-c.h"
#include "dure/v1/packaging_types.pb-c.h"

#include "dure_alloc.h"
#include "dure_cache.h"
#include "dure_client.h"
#include "dure_config.h"
#include "dure_db.h"
#include "dure_envelope.h"
#include "dure_log.h"
#include "dure_metrics.h"
#include "dure_outbox.h"
#include "dure_reads.h"
#include "dure_service.h"
#include "dure_socket.h"

#endif
