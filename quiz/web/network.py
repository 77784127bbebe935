"""The address that phones on the venue's network use to reach this server."""

from __future__ import annotations

import ipaddress
import socket


def lan_address() -> str | None:
    """Return this machine's address on the local network, or None when it has none.

    Connecting a UDP socket sends no packet: it only asks the kernel which interface would
    route there, which is the interface the hall's Wi-Fi reaches us on.
    """
    candidates: list[str] = []
    for probe in ("10.255.255.255", "192.168.255.255", "172.31.255.255"):
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
                udp.connect((probe, 9))
                candidates.append(udp.getsockname()[0])
        except OSError:
            continue
    try:
        candidates += socket.gethostbyname_ex(socket.gethostname())[2]
    except OSError:
        pass
    for address in candidates:
        ip = ipaddress.ip_address(address)
        if not ip.is_loopback and not ip.is_unspecified:
            return address
    return None


def public_base_url(configured: str | None, port: int) -> str:
    """QUIZ_PUBLIC_URL when set, else http://<LAN address>:<port>, localhost as a last resort."""
    if configured:
        return configured.rstrip("/")
    host = lan_address() or "127.0.0.1"
    return f"http://{host}" + ("" if port == 80 else f":{port}")
