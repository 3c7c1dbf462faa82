"""Automations over SMTP AUTH: an API key, only after STARTTLS, makes the sender an automation.

The gateway accepts no unauthenticated client here (accept_from is a network the tests are not on),
so only a valid key relays, and what it relays gets the automation rules: a whole-school list that
would only warn a person is refused.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest
import trustme

from tests.gateway.servers import API_KEY, GatewayProcess, NextHop, policy_file
from tests.gateway.test_relay import DISTRICT, PARENT, TEACHER, note


@pytest.fixture(scope="module")
def tls_gateway(
    hop: NextHop, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[GatewayProcess, ssl.SSLContext]]:
    directory = tmp_path_factory.mktemp("tls")
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert.private_key_and_cert_chain_pem.write_to_path(str(cert_path))
    cert.private_key_pem.write_to_path(str(key_path))
    policy = policy_file(directory, f'accept_from = ["192.0.2.0/24"]\nauth = true\ntls_cert = "{cert_path}"\n'
                                    f'tls_key = "{key_path}"\n')
    client_context = ssl.create_default_context()
    ca.configure_trust(client_context)
    with GatewayProcess(policy, hop.port) as gateway:
        yield gateway, client_context


def _client(port: int, context: ssl.SSLContext) -> smtplib.SMTP:
    client = smtplib.SMTP("127.0.0.1", port, timeout=60)
    client.ehlo()
    assert not client.has_extn("auth")  # AUTH only over TLS
    client.starttls(context=context)
    client.ehlo()
    assert client.has_extn("auth")
    return client


def test_an_api_key_relays_and_makes_the_sender_an_automation(tls_gateway: tuple[GatewayProcess, ssl.SSLContext],
                                                             hop: NextHop) -> None:
    gateway, context = tls_gateway
    with _client(gateway.port, context) as client:
        client.login("sis-export", API_KEY)
        assert client.sendmail(TEACHER, [PARENT], note()) == {}
        assert len(hop.recorder.take()) == 1
        with pytest.raises(smtplib.SMTPDataError) as refused:
            client.sendmail(TEACHER, [f"AllStudents@{DISTRICT}"], note(to=f"AllStudents@{DISTRICT}"))
        assert refused.value.smtp_code == 550
    assert hop.recorder.take() == []


def test_a_wrong_key_or_no_key_cannot_relay(tls_gateway: tuple[GatewayProcess, ssl.SSLContext],
                                            hop: NextHop) -> None:
    gateway, context = tls_gateway
    with _client(gateway.port, context) as client, pytest.raises(smtplib.SMTPAuthenticationError):
        client.login("sis-export", "not-the-key")
    with _client(gateway.port, context) as client, pytest.raises(smtplib.SMTPSenderRefused) as denied:
        client.sendmail(TEACHER, [PARENT], note())
    assert denied.value.smtp_code == 550
    assert hop.recorder.take() == []


def test_the_gateway_logs_no_content_or_addresses(tls_gateway: tuple[GatewayProcess, ssl.SSLContext],
                                                   gateway: GatewayProcess, tmp_path: Path) -> None:
    canary = "Canary Quillfeather"
    with smtplib.SMTP("127.0.0.1", gateway.port, timeout=60) as client:
        client.sendmail(TEACHER, [PARENT], note(subject=canary, body=f"{canary} 504 plan\n"))
    gateway.__exit__(None, None, None)  # stop it to read everything it wrote
    written = gateway.out + gateway.err
    assert b'"event":"gateway","check_id":' in written and b'"outcome":"relayed"' in written  # it does log
    assert canary.encode() not in written and PARENT.encode() not in written and TEACHER.encode() not in written


def test_next_hop_over_verified_tls_with_the_gateways_client_certificate(tmp_path: Path) -> None:
    """As Exchange Online's partner connector wants: STARTTLS, a valid certificate, the gateway's own one."""
    ca = trustme.CA()
    server_cert, client_cert = ca.issue_cert("127.0.0.1"), ca.issue_cert("gateway.maplevalley.k12.example")
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_cert.configure_cert(server)
    ca.configure_trust(server)
    server.verify_mode = ssl.CERT_REQUIRED  # no client certificate, no session
    ca_file, cert_file = tmp_path / "ca.pem", tmp_path / "client.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    client_cert.private_key_and_cert_chain_pem.write_to_path(str(cert_file))
    common = f'require_tls = true\nnext_hop_ca_file = "{ca_file}"\n'
    with NextHop(tls_context=server, require_starttls=True) as hop:
        with_cert = policy_file(tmp_path, common + f'next_hop_client_cert = "{cert_file}"\n'
                                                   f'next_hop_client_key = "{cert_file}"\n')
        with GatewayProcess(with_cert, hop.port) as gateway, \
                smtplib.SMTP("127.0.0.1", gateway.port, timeout=60) as client:
            assert client.sendmail(TEACHER, [PARENT], note()) == {}
        [delivered] = hop.recorder.take()
        assert delivered.rcpt_tos == (PARENT,)
        with GatewayProcess(policy_file(tmp_path, common), hop.port) as gateway, \
                smtplib.SMTP("127.0.0.1", gateway.port, timeout=60) as client, \
                pytest.raises(smtplib.SMTPSenderRefused) as refused:
            client.sendmail(TEACHER, [PARENT], note())
        assert 400 <= refused.value.smtp_code < 500
        assert hop.recorder.take() == []
