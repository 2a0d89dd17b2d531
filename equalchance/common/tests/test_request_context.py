"""Who a client is, for counting: an IPv4 address, or an IPv6 client's /64 network (one household or
one machine is given a whole /64, so counting each of its addresses would let it try again and again)."""

import pytest

from equalchance.common.request_context import client_bucket


@pytest.mark.parametrize(
    ("address", "bucket"),
    [
        ("203.0.113.9", "203.0.113.9"),
        ("2001:db8:1:2::1", "2001:db8:1:2::"),
        ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::"),
        ("2001:0DB8:0001:0002:0000:0000:0000:0007", "2001:db8:1:2::"),
        ("::ffff:192.0.2.1", "192.0.2.1"),  # an IPv4 client seen through an IPv6 socket
        ("", None),
        (None, None),
        ("not an address", None),
    ],
)
def test_ipv6_clients_are_counted_by_their_64_network_and_ipv4_clients_by_address(address, bucket):
    assert client_bucket(address) == bucket


def test_neighbouring_ipv6_networks_are_different_clients():
    assert client_bucket("2001:db8:1:2::1") != client_bucket("2001:db8:1:3::1")
    assert client_bucket("192.0.2.1") != client_bucket("192.0.2.2")
