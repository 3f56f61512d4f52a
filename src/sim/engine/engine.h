// The simulation engine in one include: kernel, processes and events (simulation.h), resources
// (resource.h), stores (store.h), statistics (monitor.h), random streams and distributions
// (random.h), and parallel replications with confidence intervals (replication.h).
// See docs/simulation-engine.md.
#ifndef KINLINK_SIM_ENGINE_ENGINE_H_
#define KINLINK_SIM_ENGINE_ENGINE_H_

#include "sim/engine/monitor.h"
#include "sim/engine/random.h"
#include "sim/engine/replication.h"
#include "sim/engine/resource.h"
#include "sim/engine/simulation.h"
#include "sim/engine/store.h"

#endif  // KINLINK_SIM_ENGINE_ENGINE_H_
