#!/usr/bin/perl
# make-asn-mmdb.pl — writes a small MaxMind-format AS database for tests
# (Debian's libmaxmind-db-writer-perl), shaped like GeoLite2-ASN: each
# network maps to {autonomous_system_number, autonomous_system_organization}.
#   tests/data/make-asn-mmdb.pl OUT.mmdb NETWORK=ASN [NETWORK=ASN ...]
#   e.g. 127.63.77.0/24=64512 fd63::77:0/112=64513
use strict;
use warnings;
use MaxMind::DB::Writer::Tree;

my $out = shift @ARGV or die "usage: $0 OUT.mmdb NETWORK=ASN ...\n";
my $tree = MaxMind::DB::Writer::Tree->new(
    ip_version            => 6,
    record_size           => 24,
    database_type         => 'dns4eu-test-ASN',
    languages             => ['en'],
    description           => { en => 'dns4eu test AS numbers' },
    map_key_type_callback => sub {
        return { autonomous_system_number => 'uint32', autonomous_system_organization => 'utf8_string' }->{ $_[0] };
    },
    # 127/8 and fd00::/8 are reserved networks, which the writer leaves out unless told.
    remove_reserved_networks => 0,
);
for my $arg (@ARGV) {
    my ($net, $asn) = split /=/, $arg, 2;
    die "bad argument '$arg' (want NETWORK=ASN)\n" unless defined $asn && $asn =~ /^\d+$/;
    $tree->insert_network($net, { autonomous_system_number => $asn + 0,
                                  autonomous_system_organization => "test AS $asn" });
}
open my $fh, '>:raw', $out or die "$out: $!\n";
$tree->write_tree($fh);
close $fh or die "$out: $!\n";
