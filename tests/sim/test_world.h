// test_world.h — one small simulated Internet shared by the iterator's unit
// tests and the whole-query-path fuzz target, so both exercise the same zones.
//
//   sim::SimInternet net;
//   sim::add_test_world(net);   // root, test., net., example.test., ...
//
// Servers: root 127.53.0.1; test. 127.53.1.1/.2; net. 127.53.2.1;
// example.test. 127.53.3.1/.2; provider.net. and glueless.test. 127.53.4.1;
// victim.net. 127.53.5.1. Names of interest in example.test.: www (A, AAAA),
// www2, www3, inzone/alias (CNAMEs), a.b.c (empty non-terminals), *.wild,
// dn (DNAME → glueless.test.), loop1/loop2 (CNAME loop), big (TXT),
// chain0…chain20 (long CNAME chain), mail/MX. In test.: glueless (NS without
// glue), lame, nxns (50 glueless NS names under victim.net.).
// Thread-safety: fills the given SimInternet; call before using it.
#pragma once

#include "sim/sim_internet.h"

namespace dns4eu::sim {

// Adds every zone of the world to `net`; aborts on a zone text error (a bug
// in this file, never input).
void add_test_world(SimInternet& net);

}  // namespace dns4eu::sim
