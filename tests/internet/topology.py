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
# How sign.py signs a zone (None: unsigned). alg: DNSSEC algorithm number
# (8 RSASHA256, 13 ECDSAP256SHA256, 15 ED25519); nsec3: NSEC3 instead of
# NSEC, with iterations/salt ("" for none) and opt-out (signed with BIND's
# dnssec-signzone, which leaves insecure delegations out of the chain; every
# other zone is signed with ldns-signzone); broken: how the zone is spoiled
# after signing (see DNSSEC_BROKEN below). Keys are made at every start.
def signed(alg, nsec3=False, iterations=0, salt="", optout=False, broken=None):
    return {"alg": alg, "nsec3": nsec3, "iterations": iterations,
            "salt": salt, "optout": optout, "broken": broken}


def z(parent, ns, servers, records=(), note="", sign=None):
    return {"parent": parent, "ns": ns, "servers": servers,
            "records": list(records), "note": note, "sign": sign}

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
           note="root; two servers (knot and nsd) load the same file; signed "
                "(RSASHA256, NSEC): its KSK is the trust anchor",
           sign=signed(8)),
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

# ================================================================ DNSSEC
# Signed TLDs and domains (README.md "DNSSEC"). The root is signed (above);
# test., net., example. and arpa. stay unsigned: insecure delegations proven
# by the root's NSEC chain, so every case above is an insecure answer (AD=0).
# Three signed TLDs, one per algorithm and denial type, served by knot-tld
# and nsd-tld; domains below them on knot-dom or nsd-dom.
KNOT_DOM = [KNOT_DOM4, "fd53::2:1"]
NSD_DOM = [NSD_DOM4, "fd53::2:2"]


def tld_ns(tld):
    return [("ns1.nic.%s" % tld, ["127.53.1.1", "fd53::1:1"]),
            ("ns2.nic.%s" % tld, ["127.53.1.2", "fd53::1:2"])]


def dom(parent, name, server, sign, n, note):
    """A domain zone on one server (knot-dom or nsd-dom); n numbers its data."""
    addrs = KNOT_DOM if server == "knot-dom" else NSD_DOM
    return name, z(parent, [("ns1." + name, addrs)], [server],
                   std_records(name, n), note, sign)


# Every signed zone (and the insecure ones) holds the same set of names, so
# each can be asked the same questions (VALIDATE below):
#   www A/AAAA (positive), nx (NXDOMAIN), mail A only (AAAA: NODATA),
#   *.wild A/TXT (foo.wild A: wildcard answer, foo.wild AAAA: wildcard
#   NODATA), cname CNAME www of the next signed zone (CNAME_NEXT).
CNAME_NEXT = {}   # zone -> zone whose www its cname points at (filled below)


def std_records(zone, n):
    return [("www." + zone, "A", host4(n)),
            ("www." + zone, "AAAA", host6(n)),
            ("mail." + zone, "A", host4(n)),
            ("*.wild." + zone, "A", host4(n)),
            ("*.wild." + zone, "TXT", '"wild %s"' % zone),
            ("cname." + zone, "CNAME", "www." + CNAME_NEXT.get(zone, zone))]


# Good signed zones, in the order of their CNAME ring (each zone's cname
# points at the next one's www; the last at the first).
GOOD_SIGNED = ["sec.", "rsa.sec.", "ecdsa.sec.", "ed25519.sec.", "nsec3.sec.",
               "sec3.", "salted.sec3.", "optout.", "signed.optout."]
for _i, _zn in enumerate(GOOD_SIGNED):
    CNAME_NEXT[_zn] = GOOD_SIGNED[(_i + 1) % len(GOOD_SIGNED)]

# Broken zones under sec. (ECDSAP256, NSEC), each its own delegation; sign.py
# spoils them after signing. Value: how it is broken: what a correct validator
# answers (the cases themselves are built in VALIDATE below).
DNSSEC_BROKEN = {
    "badsig": "one byte of the RRSIG over www A flipped: bogus (EDE 6)",
    "baddata": "www A was signed as another address than it serves: bogus (EDE 6)",
    "expired": "every RRSIG expired yesterday (valid 3 days ago .. 1 day ago): bogus (EDE 7)",
    "notyet": "every RRSIG valid from tomorrow (1 day .. 3 days ahead): bogus (EDE 8)",
    "nokey": "the parent's DS is of a key the zone does not have: bogus (EDE 9)",
    "nosig": "DS in the parent, DNSKEY signed, every other RRSIG removed: bogus (EDE 10)",
    "nonsec": "NSEC records (and their RRSIGs) removed: positive answers secure, "
              "NXDOMAIN/NODATA bogus (EDE 12)",
    "unknownalg": "DS, DNSKEY and RRSIGs of algorithm 253 (PRIVATEDNS): insecure (EDE 1)",
    "unknowndigest": "the parent's only DS has digest type 3 (GOST R 34.11-94, "
                     "random digest): insecure for validators without GOST (EDE 2)",
    "iter500": "NSEC3 with 500 iterations (RFC 9276 caps far lower): positive "
               "answers secure, denials insecure (EDE 27)",
    "keytrap": "RSASHA256; 32 extra DNSKEYs whose key tag collides with the ZSK's, "
               "and every RRset has 32 RRSIGs of that tag, none valid "
               "(KeyTrap, CVE-2023-50387): bogus (EDE 6), answered without hanging",
}
_BROKEN_ALG = {"keytrap": 8}
_BROKEN_NSEC3 = {"iter500": dict(nsec3=True, iterations=500)}

_DNSSEC_ZONES = [
    ("sec.", z(".", tld_ns("sec."), ["knot-tld", "nsd-tld"], std_records("sec.", 150),
               "signed TLD: ECDSAP256SHA256, NSEC", signed(13))),
    ("sec3.", z(".", tld_ns("sec3."), ["knot-tld", "nsd-tld"], std_records("sec3.", 151),
                "signed TLD: RSASHA256, NSEC3 (0 iterations, no salt)",
                signed(8, nsec3=True))),
    ("optout.", z(".", tld_ns("optout."), ["knot-tld", "nsd-tld"],
                  std_records("optout.", 152),
                  "signed TLD: ED25519, NSEC3 opt-out (dnssec-signzone -A)",
                  signed(15, nsec3=True, optout=True))),
    dom("sec.", "rsa.sec.", "knot-dom", signed(8), 153, "RSASHA256, NSEC"),
    dom("sec.", "ecdsa.sec.", "nsd-dom", signed(13), 154, "ECDSAP256SHA256, NSEC; "
        "also CNAMEs into an insecure and into a bogus zone"),
    dom("sec.", "ed25519.sec.", "knot-dom", signed(15), 155, "ED25519, NSEC"),
    dom("sec.", "nsec3.sec.", "nsd-dom", signed(13, nsec3=True), 156,
        "ECDSAP256SHA256, NSEC3 (0 iterations, no salt)"),
    dom("sec3.", "salted.sec3.", "knot-dom",
        signed(15, nsec3=True, iterations=5, salt="c0ffee"), 157,
        "ED25519, NSEC3 (5 iterations, salt c0ffee)"),
    dom("optout.", "signed.optout.", "nsd-dom", signed(13), 158,
        "ECDSAP256SHA256, NSEC; secure delegation from an opt-out parent"),
    dom("sec.", "insecure.sec.", "nsd-dom", None, 160,
        "unsigned; no DS in sec. (NSEC proves it): insecure"),
    dom("sec3.", "insecure.sec3.", "knot-dom", None, 161,
        "unsigned; no DS in sec3. (NSEC3 of the name, no opt-out): insecure"),
    dom("optout.", "insecure.optout.", "nsd-dom", None, 162,
        "unsigned; no DS and no NSEC3 in optout. (opt-out span): insecure"),
]
for _i, _b in enumerate(DNSSEC_BROKEN):
    _DNSSEC_ZONES.append(dom(
        "sec.", _b + ".sec.", "knot-dom" if _i % 2 == 0 else "nsd-dom",
        signed(_BROKEN_ALG.get(_b, 13), broken=_b, **_BROKEN_NSEC3.get(_b, {})),
        170 + _i, "broken: " + DNSSEC_BROKEN[_b]))
ZONES.update(_DNSSEC_ZONES)
ZONES["ecdsa.sec."]["records"] += [
    ("toinsecure.ecdsa.sec.", "CNAME", "www.insecure.sec."),
    ("tobogus.ecdsa.sec.", "CNAME", "www.badsig.sec.")]


# What a correct validating resolver answers when asked with DO=1 (RD=1):
# rcode, the AD bit, the Extended DNS Error (RFC 8914) it should attach
# (None: none expected), and the answer (RRSIGs left out; SERVFAIL cases do
# not check it). `known` records where a named reference resolver differs
# from the correct answer and why: {"unbound": {"ad": .., "ede": .., "why": ..}}.
def vcase(cid, qname, qtype, rcode, ad, answer=(), ede=None, note="", known=None):
    return {"id": cid, "qname": qname, "qtype": qtype, "rcode": rcode, "ad": ad,
            "ede": ede, "answer": list(answer), "note": note, "known": known or {}}


def _label(zn):
    return zn.rstrip(".").replace(".", "-")


def _std_cases(zn, ad=True, ad_denial=None, ad_wild=None, ede_denial=None,
               note_denial=""):
    """The six questions of std_records for zone zn. ad_denial: AD of the
    denials (default ad); ad_wild: AD of the wildcard answer, whose proof
    that the name itself does not exist is a denial too (default ad)."""
    d = ad if ad_denial is None else ad_denial
    w = ad if ad_wild is None else ad_wild
    p, n = _label(zn), ZONES[zn]["records"]
    www4 = "www.%s A %s" % (zn, n[0][2])
    nxt = CNAME_NEXT.get(zn)
    out = [vcase(p + "-pos", "www." + zn, "A", "NOERROR", ad, [www4]),
           vcase(p + "-nx", "nx." + zn, "A", "NXDOMAIN", d, ede=ede_denial,
                 note=note_denial),
           vcase(p + "-nodata", "mail." + zn, "AAAA", "NOERROR", d, ede=ede_denial,
                 note=note_denial),
           vcase(p + "-wild", "foo.wild." + zn, "A", "NOERROR", w,
                 ["foo.wild.%s A %s" % (zn, n[0][2])],
                 ede=None if w == ad else ede_denial,
                 note="wildcard answer" + ("" if w == ad else "; " + note_denial)),
           vcase(p + "-wild-nodata", "foo.wild." + zn, "AAAA", "NOERROR", d,
                 ede=ede_denial, note="wildcard NODATA" + (
                     "; " + note_denial if note_denial else ""))]
    if nxt:
        out.append(vcase(p + "-cname", "cname." + zn, "A", "NOERROR", ad,
                         ["cname.%s CNAME www.%s" % (zn, nxt),
                          "www.%s A %s" % (nxt, ZONES[nxt]["records"][0][2])],
                         note="CNAME into " + nxt))
    return out


VALIDATE = [
    vcase("root-soa", ".", "SOA", "NOERROR", True,
          [". SOA a.root-servers.net. hostmaster. %d 3600 600 86400 %d"
           % (SERIAL, NEG_TTL)], note="the trust anchor's zone"),
    vcase("root-nx", "nosuchtld.", "A", "NXDOMAIN", True, note="root NSEC"),
    vcase("unsigned-tld", "www.ok.test.", "A", "NOERROR", False,
          ["www.ok.test. A " + host4(1)],
          note="test. has no DS: insecure, proven by the root's NSEC"),
]
for _zn in GOOD_SIGNED:
    if _zn == "optout.":
        # A proof that rests on an NSEC3 with opt-out covering the next
        # closer name cannot rule out an unsigned delegation hiding in that
        # span (RFC 5155 section 6; Unbound and BIND agree): NXDOMAIN, and
        # the wildcard answer and wildcard NODATA (both prove that the name
        # itself does not exist), are insecure. NODATA at an existing name
        # is proven by the name's own NSEC3: secure.
        _oo = "denial rests on an opt-out NSEC3 covering the next closer name"
        for _c in _std_cases(_zn):
            if _c["id"].split("-", 1)[1] in ("nx", "wild", "wild-nodata"):
                _c["ad"], _c["note"] = False, _oo
            VALIDATE.append(_c)
    else:
        VALIDATE += _std_cases(_zn)
VALIDATE += [
    vcase("cname-to-insecure", "toinsecure.ecdsa.sec.", "A", "NOERROR", False,
          ["toinsecure.ecdsa.sec. CNAME www.insecure.sec.",
           "www.insecure.sec. A " + ZONES["insecure.sec."]["records"][0][2]],
          note="secure CNAME, insecure target: the whole answer is not AD"),
    vcase("cname-to-bogus", "tobogus.ecdsa.sec.", "A", "SERVFAIL", False, ede=6,
          note="secure CNAME, bogus target (badsig.sec.)"),
]
for _zn in ("insecure.sec.", "insecure.sec3.", "insecure.optout."):
    VALIDATE += [c for c in _std_cases(_zn, ad=False) if not c["id"].endswith("-cname")]
for _b in DNSSEC_BROKEN:
    _zn = _b + ".sec."
    _p = _label(_zn)
    _www = "www.%s A %s" % (_zn, ZONES[_zn]["records"][0][2])
    if _b in ("badsig", "baddata", "expired", "notyet", "nokey", "nosig", "keytrap"):
        _ede = {"expired": 7, "notyet": 8, "nokey": 9, "nosig": 10}.get(_b, 6)
        VALIDATE.append(vcase(_p + "-pos", "www." + _zn, "A", "SERVFAIL", False,
                              ede=_ede, note=DNSSEC_BROKEN[_b]))
    elif _b == "nonsec":
        VALIDATE += [vcase(_p + "-pos", "www." + _zn, "A", "NOERROR", True, [_www]),
                     vcase(_p + "-nx", "nx." + _zn, "A", "SERVFAIL", False, ede=12,
                           note=DNSSEC_BROKEN[_b]),
                     vcase(_p + "-nodata", "mail." + _zn, "AAAA", "SERVFAIL", False,
                           ede=12, note=DNSSEC_BROKEN[_b])]
    elif _b in ("unknownalg", "unknowndigest"):
        VALIDATE += [vcase(_p + "-pos", "www." + _zn, "A", "NOERROR", False, [_www],
                           ede=1 if _b == "unknownalg" else 2, note=DNSSEC_BROKEN[_b]),
                     vcase(_p + "-nx", "nx." + _zn, "A", "NXDOMAIN", False,
                           ede=1 if _b == "unknownalg" else 2, note=DNSSEC_BROKEN[_b])]
    elif _b == "iter500":
        VALIDATE += _std_cases(_zn, ad=True, ad_denial=False, ad_wild=False,
                               ede_denial=27,
                               note_denial=DNSSEC_BROKEN[_b])

# Where Unbound 1.17.1 (Debian 12, with the KeyTrap fix) differs from the
# correct answer above; check.py validate --resolver unbound expects these.
# Its rcode and AD bit agree on every case; some EDE codes differ.
_UNBOUND_NO_EDE = ("Unbound 1.17 sends no EDE on an insecure answer; RFC 8914 "
                   "gives %d for it")
KNOWN = {
    "nosig-sec-pos": {"unbound": {"ede": 12, "why": (
        "an unsigned answer makes Unbound look for a zone cut below (DS "
        "www.nosig.sec.), whose unsigned NSEC it reports as 'no signatures over "
        "NSECs': EDE 12 instead of 10")}},
}
for _c in VALIDATE:
    _z = _c["qname"].split(".", 1)[1]
    if _z in ("unknownalg.sec.", "unknowndigest.sec."):
        KNOWN[_c["id"]] = {"unbound": {"ede": None, "why": _UNBOUND_NO_EDE % _c["ede"]}}
    if _z in ("iter500.sec.", "wild.iter500.sec.") and _c["ede"] == 27:
        KNOWN[_c["id"]] = {"unbound": {"ede": None, "why": (
            "Unbound 1.17 treats NSEC3 above its iteration cap (150) as insecure "
            "as RFC 9276 asks, but sends no EDE 27")}}

# Knot Resolver 5.6.0 (Debian 12, kresd): the same rcode and AD bit
# everywhere but test., and these EDE codes.
def _kresd(cid, why, **diff):
    KNOWN.setdefault(cid, {})["kresd"] = dict(diff, why=why)


_kresd("unsigned-tld", "kresd answers the special-use test. (RFC 6761) "
       "itself with NXDOMAIN", rcode="NXDOMAIN")
_kresd("nokey-sec-pos", "kresd gives EDE 6 (bogus) for a DS that matches no "
       "DNSKEY, not 9", ede=6)
for _c in VALIDATE:
    _z = _c["qname"].split(".", 1)[1]
    if _z in ("unknownalg.sec.", "unknowndigest.sec."):
        _kresd(_c["id"], "kresd sends EDE 0 (Other), or none (it varies with "
               "what is cached), on an insecure answer for an unsupported "
               "algorithm or digest, never %d" % _c["ede"], ede=None)
    if _z in ("iter500.sec.", "wild.iter500.sec.") and _c["ede"] == 27:
        _kresd(_c["id"], "kresd treats NSEC3 above its iteration cap as insecure "
               "but sends no EDE 27", ede=None)
_kresd("iter500-sec-pos", "once kresd has seen the zone's NSEC3 with 500 "
       "iterations it downgrades the whole zone to insecure, so this positive "
       "answer is AD=1 or AD=0 depending on what was asked before (null: "
       "either)", ad=None)
for _c in VALIDATE:
    _c["known"] = KNOWN.get(_c["id"], {})
