"""The local test Internet of dns4eu: every server, zone and expected answer.

This module is data only; gen.py turns it into zone files, server configs,
root hints, an env file and expected.json. Edit here, nowhere else.
Names and addresses are documented in README.md beside this file.
"""

# ---------------------------------------------------------------- servers
# name -> (implementation, listening addresses). Every address is port 53.
SERVERS = {
    "knot-root": ("knot", ["127.53.0.1", "fd53::1"]),
    "nsd-root": ("nsd", ["127.53.0.2", "fd53::2"]),
    "knot-tld": ("knot", ["127.53.1.1", "fd53::1:1"]),
    "nsd-tld": ("nsd", ["127.53.1.2", "fd53::1:2"]),
    # fd53::2:3 is the address of the IPv6-only delegation (v6only.test).
    "knot-dom": ("knot", ["127.53.2.1", "fd53::2:1", "fd53::2:3"]),
    "nsd-dom": ("nsd", ["127.53.2.2", "fd53::2:2"]),
}
# Nothing listens here: UDP gets ICMP port unreachable, TCP gets RST.
DEAD_V4 = "127.53.9.1"
# silent.py listens here (UDP and TCP) and never answers: timeouts.
SILENT_V4 = "127.53.9.2"

TTL = 300
NEG_TTL = 60          # SOA minimum: negative-caching TTL
SERIAL = 2024010101

# Answer data points only at loopback addresses of the fixture (never routed).
def host4(n): return "127.53.200.%d" % n
def host6(n): return "fd53::200:%x" % n

# ---------------------------------------------------------------- big records
def _txt(n_strings, width, tag):
    return " ".join('"%s-%02d-%s"' % (tag, i, "x" * (width - len(tag) - 4))
                    for i in range(n_strings))

# ~3000 bytes of RDATA in one RR: truncated over UDP with 1232-byte EDNS.
BIG_TXT = _txt(12, 240, "big")
# ~700 bytes: fits 1232 with EDNS, truncated without EDNS (512).
MID_TXT = _txt(3, 230, "mid")

# ---------------------------------------------------------------- zones
# Each zone: parent zone, NS list [(ns name, [addresses])], servers that load
# it (name from SERVERS, or "nsd-dom:secondary" for AXFR from the knot
# primary), and records (owner, type, rdata). Names are absolute.
# Delegation NS records and glue in the parent are generated from `ns`:
# an NS name under the parent and at/below a cut gets glue; an NS name outside
# the parent gets none (glueless). A zone with no servers exists only as a
# delegation (lame.test, alldead.test).
def z(parent, ns, servers, records=(), note=""):
    return {"parent": parent, "ns": ns, "servers": servers,
            "records": list(records), "note": note}

KNOT_DOM4, NSD_DOM4 = "127.53.2.1", "127.53.2.2"
ROOT_NS = [("a.root-servers.net.", ["127.53.0.1", "fd53::1"]),
           ("b.root-servers.net.", ["127.53.0.2", "fd53::2"])]
TLD_NS_TEST = [("ns1.nic.test.", ["127.53.1.1", "fd53::1:1"]),
               ("ns2.nic.test.", ["127.53.1.2", "fd53::1:2"])]
TLD_NS_NET = [("ns1.nic.net.", ["127.53.1.1", "fd53::1:1"]),
              ("ns2.nic.net.", ["127.53.1.2", "fd53::1:2"])]
DOM_NS_OK = [("ns1.ok.test.", [KNOT_DOM4, "fd53::2:1"]),
             ("ns2.ok.test.", [NSD_DOM4, "fd53::2:2"])]

ZONES = {
    ".": z(None, ROOT_NS, ["knot-root", "nsd-root"],
           note="root; two servers (knot and nsd) load the same file"),
    "net.": z(".", TLD_NS_NET, ["knot-tld", "nsd-tld"],
              note="holds the root servers' names"),
    "test.": z(".", TLD_NS_TEST, ["knot-tld", "nsd-tld"], [
        ("www.test.", "A", host4(100)),
    ], note="TLD of most cases"),
    "example.": z(".", [("ns1.nic.example.", ["127.53.1.2", "fd53::1:2"])],
                  ["nsd-tld"], [
        ("www.example.", "A", host4(101)),
        ("www.example.", "AAAA", host6(101)),
        ("old.example.", "DNAME", "new.test."),
    ], note="TLD served by nsd only; has data of its own and a DNAME"),
    "arpa.": z(".", [("ns1.nic.net.", ["127.53.1.1", "fd53::1:1"])],
               ["knot-tld"], [
        ("1.2.53.127.in-addr.arpa.", "PTR", "ns1.ok.test."),
        ("2.2.53.127.in-addr.arpa.", "PTR", "ns2.ok.test."),
    ], note="reverse names; NS is a sibling name (under net.)"),

    # ---- domains under test.
    "ok.test.": z("test.", DOM_NS_OK, ["knot-dom", "nsd-dom"], [
        ("ok.test.", "MX", "10 mail.ok.test."),
        ("ok.test.", "TXT", '"v=ok"'),
        ("www.ok.test.", "A", host4(1)),
        ("www.ok.test.", "AAAA", host6(1)),
        ("mail.ok.test.", "A", host4(2)),                  # AAAA: NODATA
        ("_imap._tcp.ok.test.", "SRV", "0 1 143 mail.ok.test."),
        ("alias.ok.test.", "CNAME", "www.ok.test."),
        ("chain.ok.test.", "CNAME", "step.hop.example."),
        ("dangling.ok.test.", "CNAME", "nx.new.test."),
        ("x.ent.ok.test.", "A", host4(3)),                 # ent.ok.test: ENT
        ("*.wild.ok.test.", "A", host4(10)),
        ("*.wild.ok.test.", "TXT", '"wildcard"'),
        ("exists.wild.ok.test.", "A", host4(11)),
        ("a.b.c.d.e.deep.ok.test.", "A", host4(20)),
        ("big.ok.test.", "TXT", BIG_TXT),
        ("mid.ok.test.", "TXT", MID_TXT),
    ], note="main domain, knot and nsd; most record cases"),
    "new.test.": z("test.", [("ns.new.test.", [NSD_DOM4, "fd53::2:2"])],
                   ["nsd-dom"], [
        ("www.new.test.", "A", host4(30)),
        ("end.new.test.", "A", host4(31)),
    ], note="DNAME target of old.example, end of the CNAME chain"),
    "glueless.test.": z("test.", [("ns.hosting.example.", [KNOT_DOM4])],
                        ["knot-dom"], [("www.glueless.test.", "A", host4(40))],
                        note="NS name in another TLD: no glue anywhere"),
    "v6only.test.": z("test.", [("ns.v6only.test.", ["fd53::2:3"])],
                      ["knot-dom"], [("www.v6only.test.", "A", host4(41))],
                      note="only an AAAA glue: reachable over IPv6 only"),
    "lame.test.": z("test.", [("ns.lame.test.", [NSD_DOM4])], [],
                    note="the only NS does not serve the zone: REFUSED"),
    "halflame.test.": z("test.", [("ns1.halflame.test.", [NSD_DOM4]),
                                  ("ns2.halflame.test.", [KNOT_DOM4])],
                        ["knot-dom"], [("www.halflame.test.", "A", host4(42))],
                        note="one NS lame (REFUSED), one good"),
    "dead.test.": z("test.", [("ns1.dead.test.", [DEAD_V4]),
                              ("ns2.dead.test.", [KNOT_DOM4])],
                    ["knot-dom"], [("www.dead.test.", "A", host4(43))],
                    note="one NS address where nothing listens, one good"),
    "alldead.test.": z("test.", [("ns.alldead.test.", [DEAD_V4])], [],
                       note="the only NS address has no listener"),
    "alldead-oob.test.": z("test.", [("dead.hosting.example.", [DEAD_V4])], [],
                           note="the only NS (out of bailiwick) has no listener"),
    "silent.test.": z("test.", [("ns1.silent.test.", [SILENT_V4]),
                                ("ns2.silent.test.", [NSD_DOM4])],
                      ["nsd-dom"], [("www.silent.test.", "A", host4(44))],
                      note="one NS never answers (timeouts), one good"),
    "xfr.test.": z("test.", [("ns1.xfr.test.", [KNOT_DOM4]),
                             ("ns2.xfr.test.", [NSD_DOM4])],
                   ["knot-dom", "nsd-dom:secondary"],
                   [("www.xfr.test.", "A", host4(45))],
                   note="knot primary, nsd secondary by AXFR"),

    # ---- domains under example.
    "hosting.example.": z("example.", [("ns1.hosting.example.", [NSD_DOM4])],
                          ["nsd-dom"], [
        ("ns.hosting.example.", "A", KNOT_DOM4),
    ], note="holds the NS name of glueless.test"),
    "hop.example.": z("example.", [("ns.hop.example.", [KNOT_DOM4])],
                      ["knot-dom"], [
        ("step.hop.example.", "CNAME", "end.new.test."),
    ], note="middle of the CNAME chain"),
}

# ---------------------------------------------------------------- answers
# What a correct recursive resolver answers (RD=1, no DNSSEC). `answer` is the
# set of answer-section RRs as "owner TYPE rdata" (TTL and class ignored,
# order ignored). rcode SERVFAIL cases do not check the answer.
def case(cid, qname, qtype, rcode, answer=(), note=""):
    return {"id": cid, "qname": qname, "qtype": qtype, "rcode": rcode,
            "answer": list(answer), "note": note}

W = "www.ok.test."
RESOLVE = [
    case("a", W, "A", "NOERROR", [W + " A " + host4(1)]),
    case("aaaa", W, "AAAA", "NOERROR", [W + " AAAA " + host6(1)]),
    case("mx", "ok.test.", "MX", "NOERROR", ["ok.test. MX 10 mail.ok.test."]),
    case("srv", "_imap._tcp.ok.test.", "SRV", "NOERROR",
         ["_imap._tcp.ok.test. SRV 0 1 143 mail.ok.test."]),
    case("nodata", "mail.ok.test.", "AAAA", "NOERROR", [], "name exists, type not"),
    case("nxdomain", "nx.ok.test.", "A", "NXDOMAIN"),
    case("nxdomain-tld", "nosuchtld.", "A", "NXDOMAIN", [], "from the root"),
    case("ent", "ent.ok.test.", "A", "NOERROR", [], "empty non-terminal"),
    case("wildcard", "foo.wild.ok.test.", "A", "NOERROR",
         ["foo.wild.ok.test. A " + host4(10)]),
    case("wildcard-nodata", "foo.wild.ok.test.", "AAAA", "NOERROR"),
    case("wildcard-exists", "exists.wild.ok.test.", "A", "NOERROR",
         ["exists.wild.ok.test. A " + host4(11)], "explicit name wins"),
    case("deep", "a.b.c.d.e.deep.ok.test.", "A", "NOERROR",
         ["a.b.c.d.e.deep.ok.test. A " + host4(20)], "QNAME minimisation"),
    case("big-tcp", "big.ok.test.", "TXT", "NOERROR",
         ["big.ok.test. TXT " + BIG_TXT], "~3000 bytes: needs TCP"),
    case("mid", "mid.ok.test.", "TXT", "NOERROR",
         ["mid.ok.test. TXT " + MID_TXT], "needs EDNS or TCP"),
    case("cname", "alias.ok.test.", "A", "NOERROR",
         ["alias.ok.test. CNAME www.ok.test.", W + " A " + host4(1)]),
    case("cname-chain", "chain.ok.test.", "A", "NOERROR",
         ["chain.ok.test. CNAME step.hop.example.",
          "step.hop.example. CNAME end.new.test.",
          "end.new.test. A " + host4(31)], "three zones, two servers"),
    case("cname-nx", "dangling.ok.test.", "A", "NXDOMAIN",
         ["dangling.ok.test. CNAME nx.new.test."]),
    case("dname", "www.old.example.", "A", "NOERROR",
         ["old.example. DNAME new.test.",
          "www.old.example. CNAME www.new.test.",
          "www.new.test. A " + host4(30)]),
    case("tld-data", "www.example.", "A", "NOERROR",
         ["www.example. A " + host4(101)]),
    case("glueless", "www.glueless.test.", "A", "NOERROR",
         ["www.glueless.test. A " + host4(40)]),
    case("v6only", "www.v6only.test.", "A", "NOERROR",
         ["www.v6only.test. A " + host4(41)]),
    case("dead-one", "www.dead.test.", "A", "NOERROR",
         ["www.dead.test. A " + host4(43)]),
    case("dead-all", "www.alldead.test.", "A", "SERVFAIL"),
    case("dead-all-oob", "www.alldead-oob.test.", "A", "SERVFAIL"),
    case("lame", "www.lame.test.", "A", "SERVFAIL"),
    case("lame-one", "www.halflame.test.", "A", "NOERROR",
         ["www.halflame.test. A " + host4(42)]),
    case("silent-one", "www.silent.test.", "A", "NOERROR",
         ["www.silent.test. A " + host4(44)]),
    case("xfr", "www.xfr.test.", "A", "NOERROR",
         ["www.xfr.test. A " + host4(45)]),
    case("ptr", "1.2.53.127.in-addr.arpa.", "PTR", "NOERROR",
         ["1.2.53.127.in-addr.arpa. PTR ns1.ok.test."]),
]
