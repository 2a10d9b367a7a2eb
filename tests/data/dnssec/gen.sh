#!/bin/sh
# Regenerates the DNSSEC test vectors with Debian's ldnsutils (ldns 1.8).
# Run in tests/data/dnssec/. Private keys are deleted afterwards.
set -e
for alg in RSASHA1 RSASHA1-NSEC3-SHA1 RSASHA256 RSASHA512 ECDSAP256SHA256 ECDSAP384SHA384 ED25519 ED448; do
  case $alg in
    RSASHA1) n=5;; RSASHA1-NSEC3-SHA1) n=7;; RSASHA256) n=8;; RSASHA512) n=10;;
    ECDSAP256SHA256) n=13;; ECDSAP384SHA384) n=14;; ED25519) n=15;; ED448) n=16;;
  esac
  case $alg in RSA*) bits="-b 2048";; *) bits="";; esac
  ksk=$(ldns-keygen -a $alg $bits -k example.)
  zsk=$(ldns-keygen -a $alg $bits example.)
  ldns-signzone -i 20260101000000 -e 20360101000000 -f alg$n.signed example.zone $ksk $zsk
  : > alg$n.ds
  for d in -1 -2 -4; do
    ldns-key2ds -n $d $ksk.key >> alg$n.ds
    ldns-key2ds -f -n $d $zsk.key >> alg$n.ds
  done
  rm -f $ksk.* $zsk.*
done
# NSEC3 chain: SHA-1, 10 iterations, salt aabbccdd
ksk=$(ldns-keygen -a ECDSAP256SHA256 -k example.)
ldns-signzone -n -s aabbccdd -t 10 -i 20260101000000 -e 20360101000000 -f nsec3.signed example.zone $ksk
rm -f $ksk.*
