#!/usr/bin/env python3
"""Sign the zones of the local test Internet in WORKDIR (run after gen.py).

Usage: sign.py WORKDIR
       sign.py --make-keys DIR   (make missing test keys, see keys/README)
For every zone of topology.py with a `sign` spec: takes its KSK and ZSK from
tests/internet/keys/<zone>/ (committed test keys: RSA key generation alone
would take seconds on a loaded CI machine) or, for a zone without committed
keys, makes them (ldns-keygen, in WORKDIR/keys/<zone>/); puts the KSK's DS
into the parent's zone file, then signs WORKDIR/zones/<zone>.zone in place: ldns-signzone
(NSEC, or NSEC3 without opt-out), BIND's dnssec-signzone for NSEC3 opt-out
(it leaves insecure delegations out of the chain; ldns does not). Broken
zones (topology.DNSSEC_BROKEN) are spoiled here, after signing.
Signatures are valid from a day ago for 30 days (the expired / not-yet-valid
zones: see below). Writes WORKDIR/root.key (the root KSK as
`. IN DNSKEY 257 3 8 ... ; keytag N`, the format of unbound's
trust-anchor-file and Debian's /usr/share/dns/root.key), WORKDIR/root.ds
(the same anchor as a DS record) and appends INET_TRUST_ANCHOR and
INET_TRUST_ANCHOR_DS to WORKDIR/env. Prints nothing on success; on failure
prints the failing command and its output and exits 1.
Python 3 standard library + ldnsutils + bind9-utils.
"""
import base64
import concurrent.futures
import hashlib
import os
import random
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import topology as T  # noqa: E402

ALG_NAME = {8: "RSASHA256", 13: "ECDSAP256SHA256", 15: "ED25519"}
DAY = 86400
PRIVATEDNS = 253
KEYTRAP_KEYS = 32      # colliding DNSKEYs and RRSIGs per RRset (keytrap.sec.)
KEYS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "keys")


class SignError(Exception):
    pass


def run(cmd, cwd=None):
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if p.returncode != 0:
        raise SignError("%s: exit %d\n%s%s" % (" ".join(cmd), p.returncode,
                                               p.stdout, p.stderr))
    return p.stdout


def stem(zn):
    return "root" if zn == "." else zn[:-1]


def wire_name(name):
    if name == ".":
        return b"\0"
    out = b""
    for label in name.rstrip(".").lower().split("."):
        out += bytes([len(label)]) + label.encode()
    return out + b"\0"


class Key:
    """A DNSKEY: flags, algorithm, public key bytes (and its key files)."""

    def __init__(self, zone, flags, alg, pub, base=None):
        self.zone, self.flags, self.alg, self.pub, self.base = zone, flags, alg, pub, base

    def rdata(self):
        return bytes([self.flags >> 8, self.flags & 255, 3, self.alg]) + self.pub

    def tag(self):
        return key_tag(self.rdata())

    def text(self):
        return "%d 3 %d %s" % (self.flags, self.alg, base64.b64encode(self.pub).decode())

    def rr(self):
        return "%s %d IN DNSKEY %s" % (self.zone, T.TTL, self.text())

    def ds(self):
        """The DS record (SHA-256, digest type 2) as a zone file line."""
        digest = hashlib.sha256(wire_name(self.zone) + self.rdata()).hexdigest()
        return "%s %d IN DS %d %d 2 %s" % (self.zone, T.TTL, self.tag(), self.alg,
                                           digest.upper())


def key_tag(rdata):
    """RFC 4034 appendix B."""
    ac = 0
    for i, b in enumerate(rdata):
        ac += b if i & 1 else b << 8
    ac += (ac >> 16) & 0xFFFF
    return ac & 0xFFFF


def keygen(kdir, zone, alg, ksk):
    bits = ["-b", "2048" if ksk else "1024"] if alg == 8 else []
    os.makedirs(kdir, exist_ok=True)
    base = run(["ldns-keygen", "-a", ALG_NAME[alg]] + bits + (["-k"] if ksk else [])
               + [zone], cwd=kdir).strip()
    if ksk:
        os.remove(os.path.join(kdir, base + ".ds"))   # sign.py computes DS itself
    return load_key(os.path.join(kdir, base))


def load_key(base):
    with open(base + ".key") as f:
        fields = f.read().split(";")[0].split()
    i = fields.index("DNSKEY")
    flags, alg = int(fields[i + 1]), int(fields[i + 3])
    pub = base64.b64decode("".join(fields[i + 4:]))
    return Key(fields[0].lower(), flags, alg, pub, base)


def load_keys(kdir):
    """The keys (K*.key + K*.private) directly in kdir: (KSKs, ZSKs)."""
    if not os.path.isdir(kdir):
        return [], []
    keys = [load_key(os.path.join(kdir, f[:-4])) for f in sorted(os.listdir(kdir))
            if f.startswith("K") and f.endswith(".key")]
    return [k for k in keys if k.flags & 1], [k for k in keys if not k.flags & 1]


def fake_rsa_key(zone, tag, rng):
    """A syntactically valid RSA DNSKEY (flags 256) whose key tag is `tag`:
    exponent 65537, a random 1024-bit modulus whose last two bytes are chosen
    to give the tag (RDATA length is even, so they form one summed word)."""
    for _ in range(100):
        body = bytearray(b"\x03\x01\x00\x01" + bytes([rng.randrange(128, 256)])
                         + bytes(rng.randrange(256) for _ in range(127)))
        body[-2:] = b"\0\0"
        base = Key(zone, 256, 8, bytes(body))
        for word in ((tag - base.tag()) & 0xFFFF, (tag - base.tag() - 1) & 0xFFFF):
            body[-2:] = bytes([word >> 8, word & 255])
            k = Key(zone, 256, 8, bytes(body))
            if k.tag() == tag:
                return k
    raise SignError("cannot make a DNSKEY with key tag %d" % tag)


# ------------------------------------------------------------------ zone text
def read_rrs(path):
    """A signed zone file with one RR per line -> [[owner, ttl, class, type, rdata]]."""
    rrs = []
    for line in open(path):
        line = line.split(";")[0].strip()
        if not line or line.startswith("$"):
            continue
        f = line.split(None, 4)
        if len(f) < 5 or f[2] != "IN":
            raise SignError("%s: unexpected line %r" % (path, line))
        rrs.append(f)
    return rrs


def write_rrs(path, rrs, header):
    with open(path, "w") as f:
        f.write("".join("; %s\n" % h for h in header))
        for rr in rrs:
            f.write("\t".join(rr) + "\n")


def covered(rr):
    return rr[4].split()[0].upper() if rr[3] == "RRSIG" else None


def set_sig_fields(rr, alg=None, tag=None, signature=None):
    f = rr[4].split()
    if alg is not None:
        f[1] = str(alg)
    if tag is not None:
        f[6] = str(tag)
    if signature is not None:
        f[8:] = [base64.b64encode(signature).decode()]
    return rr[:4] + [" ".join(f)]


def sig_bytes(rr):
    return base64.b64decode("".join(rr[4].split()[8:]))


# ------------------------------------------------------------------ per zone
class Zone:
    def __init__(self, wd, zn, spec):
        self.wd, self.zn, self.spec = wd, zn, spec
        self.ksk = self.zsk = self.other = None
        self.broken = spec["broken"]
        self.path = os.path.join(wd, "zones", stem(zn) + ".zone")
        self.kdir = os.path.join(wd, "keys", stem(zn))
        self.extra_rrs = []      # added to the zone file before signing

    def make_keys(self, committed_dir=None):
        """Use the committed test keys (keys/<zone>/, a KSK and a ZSK of the
        zone's algorithm; keys/nokey.sec/unused/ the KSK whose DS the parent
        gets) or, where there are none, make them in WORKDIR/keys/<zone>/."""
        alg = self.spec["alg"]
        src = os.path.join(committed_dir or KEYS_DIR, stem(self.zn))
        kdir = src if committed_dir is None and load_keys(src)[0] else self.kdir
        ksks, zsks = load_keys(kdir)
        if not ksks:
            ksks = [keygen(kdir, self.zn, alg, True)]
        if not zsks:
            zsks = [keygen(kdir, self.zn, alg, False)]
        self.ksk, self.zsk = ksks[0], zsks[0]
        if (self.ksk.alg, self.zsk.alg, len(ksks), len(zsks)) != (alg, alg, 1, 1):
            raise SignError("%s: want one KSK and one ZSK of algorithm %d" % (kdir, alg))
        if self.broken == "nokey":   # the parent gets this key's DS
            others = load_keys(os.path.join(kdir, "unused"))[0]
            self.other = others[0] if others else keygen(
                os.path.join(kdir, "unused"), self.zn, alg, True)

    def parent_ds(self):
        """DS lines for the parent's zone file."""
        b = self.broken
        if b == "nokey":
            return [self.other.ds()]
        if b == "unknowndigest":
            rnd = random.Random(self.zn)
            digest = "".join("%02X" % rnd.randrange(256) for _ in range(32))
            return ["%s %d IN DS %d %d 3 %s" % (self.zn, T.TTL, self.ksk.tag(),
                                                 self.ksk.alg, digest)]
        if b == "unknownalg":
            return [self.private_key().ds()]
        return [self.ksk.ds()]

    def private_key(self):
        """The algorithm-253 KSK of unknownalg: public key = a domain name
        naming the algorithm (RFC 4034 A.1.1) + bytes."""
        rnd = random.Random(self.zn)
        pub = wire_name("alg.dns4eu.test.") + bytes(rnd.randrange(256) for _ in range(64))
        return Key(self.zn, 257, PRIVATEDNS, pub)

    def window(self):
        now = int(time.time())
        if self.broken == "expired":
            return now - 3 * DAY, now - DAY
        if self.broken == "notyet":
            return now + DAY, now + 3 * DAY
        return now - DAY, now + 30 * DAY

    def sign(self):
        spec, zn = self.spec, self.zn
        src = self.path + ".unsigned"
        os.replace(self.path, src)
        text = open(src).read()
        if self.broken == "baddata":   # sign another address than the one served
            www = next(r for r in T.ZONES[zn]["records"] if r[1] == "A")
            self.served = www[2]
            line = "\n%s %d IN A %s\n" % (www[0], T.TTL, www[2])
            if line not in text:
                raise SignError("%s: no line%s" % (src, line.rstrip()))
            text = text.replace(line, "\n%s %d IN A %s\n" % (www[0], T.TTL, T.host4(254)))
        if self.broken == "keytrap":
            rng = random.Random(zn)
            self.fakes = [fake_rsa_key(zn, self.zsk.tag(), rng) for _ in range(KEYTRAP_KEYS)]
            text += "".join(k.rr() + "\n" for k in self.fakes)
        inc, exp = self.window()
        out = self.path + ".signed"
        if spec["optout"]:
            # BIND reads the keys from the zone; it needs them there.
            text += "".join(open(k.base + ".key").read() for k in (self.ksk, self.zsk))
            with open(src, "w") as f:
                f.write(text)
            run(["dnssec-signzone", "-q", "-O", "full", "-3", spec["salt"] or "-",
                 "-H", str(spec["iterations"]), "-A", "-x", "-o", zn, "-f", out,
                 "-K", os.path.dirname(self.ksk.base), "-s", str(inc), "-e", str(exp),
                 src, os.path.basename(self.ksk.base), os.path.basename(self.zsk.base)],
                cwd=os.path.dirname(self.ksk.base))
        else:
            with open(src, "w") as f:
                f.write(text)
            cmd = ["ldns-signzone", "-i", str(inc), "-e", str(exp), "-o", zn, "-f", out]
            if spec["nsec3"]:
                cmd += ["-n", "-t", str(spec["iterations"])]
                if spec["salt"]:
                    cmd += ["-s", spec["salt"]]
            run(cmd + [src, self.ksk.base, self.zsk.base])
        rrs = self.spoil(read_rrs(out))
        header = ["%s -- %s" % (zn, T.ZONES[zn]["note"]),
                  "generated by tests/internet/gen.py, signed by sign.py (%s)"
                  % ("dnssec-signzone" if spec["optout"] else "ldns-signzone")]
        write_rrs(self.path, rrs, header)
        os.remove(out)

    def spoil(self, rrs):
        b, zn = self.broken, self.zn
        www = "www." + zn
        if b == "badsig":
            for i, rr in enumerate(rrs):
                if rr[0] == www and covered(rr) == "A":
                    sig = bytearray(sig_bytes(rr))
                    sig[len(sig) // 2] ^= 0xFF
                    rrs[i] = set_sig_fields(rr, signature=bytes(sig))
        elif b == "baddata":
            for rr in rrs:
                if rr[0] == www and rr[3] == "A":
                    rr[4] = self.served
        elif b == "nosig":
            rrs = [rr for rr in rrs if rr[3] != "RRSIG" or covered(rr) == "DNSKEY"]
        elif b == "nonsec":
            rrs = [rr for rr in rrs if rr[3] != "NSEC" and covered(rr) != "NSEC"]
        elif b == "unknownalg":
            pk = self.private_key()
            rrs = [rr for rr in rrs if rr[3] != "DNSKEY"]
            rrs.insert(1, [zn, str(T.TTL), "IN", "DNSKEY", pk.text()])
            rrs = [set_sig_fields(rr, alg=PRIVATEDNS, tag=pk.tag())
                   if rr[3] == "RRSIG" else rr for rr in rrs]
        elif b == "keytrap":
            rng = random.Random(zn + "sig")
            out = []
            for rr in rrs:
                if rr[3] == "RRSIG" and covered(rr) != "DNSKEY":
                    n = len(sig_bytes(rr))
                    out += [set_sig_fields(rr, signature=bytes(
                        rng.randrange(256) for _ in range(n))) for _ in range(KEYTRAP_KEYS)]
                else:
                    out.append(rr)
            rrs = out
        return rrs


def make_test_keys(kdir):
    """sign.py --make-keys DIR: make the keys of every signed zone that has
    none in DIR/<zone>/ (to commit as tests/internet/keys/)."""
    for zn, zd in T.ZONES.items():
        if zd["sign"] and zd["servers"]:
            z = Zone(kdir, zn, zd["sign"])
            z.kdir = os.path.join(kdir, stem(zn))
            z.make_keys(committed_dir=kdir)


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--make-keys":
        return make_test_keys(os.path.abspath(sys.argv[2]))
    if len(sys.argv) != 2:
        sys.exit("usage: sign.py WORKDIR | sign.py --make-keys DIR")
    wd = os.path.abspath(sys.argv[1])
    zones = [Zone(wd, zn, zd["sign"]) for zn, zd in T.ZONES.items()
             if zd["sign"] and zd["servers"]]
    try:
        with concurrent.futures.ThreadPoolExecutor(2) as ex:
            list(ex.map(Zone.make_keys, zones))
        # Every DS goes into its parent's (still unsigned) file first.
        for z in zones:
            parent = T.ZONES[z.zn]["parent"]
            if parent is None:
                continue
            with open(os.path.join(wd, "zones", stem(parent) + ".zone"), "a") as f:
                f.write("; DS of %s (sign.py)\n" % z.zn)
                f.write("".join(line + "\n" for line in z.parent_ds()))
        with concurrent.futures.ThreadPoolExecutor(2) as ex:
            list(ex.map(Zone.sign, zones))
    except SignError as e:
        sys.exit("sign.py: %s" % e)
    root = next(z for z in zones if z.zn == ".")
    with open(os.path.join(wd, "root.key"), "w") as f:
        f.write("%s ; keytag %d\n" % (root.ksk.rr().replace(" %d IN" % T.TTL, " IN"),
                                      root.ksk.tag()))
    with open(os.path.join(wd, "root.ds"), "w") as f:
        f.write(root.ksk.ds().replace(" %d IN" % T.TTL, " IN") + "\n")
    with open(os.path.join(wd, "env"), "a") as f:
        f.write("INET_TRUST_ANCHOR='%s'\n" % os.path.join(wd, "root.key"))
        f.write("INET_TRUST_ANCHOR_DS='%s'\n" % os.path.join(wd, "root.ds"))


if __name__ == "__main__":
    main()
