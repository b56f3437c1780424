"""The join URL phones use, and its QR code (rendered locally: no internet needed)."""

from __future__ import annotations

import io
import socket
from urllib.parse import quote

import qrcode


def lan_address() -> str:
    """This machine's address on the local network, or 127.0.0.1 if there is none.

    A UDP socket's connect() only picks a route; it sends no packet."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        s.connect(("10.254.254.254", 1))
        addr = s.getsockname()[0]
    except OSError:
        addr = "127.0.0.1"
    finally:
        s.close()
    return addr


def base_url(override: str | None, port: int = 8501) -> str:
    """The facilitator's override (e.g. a public hostname) or http://<LAN address>:<port>."""
    if override:
        url = override.strip().rstrip("/")
        return url if "://" in url else f"http://{url}"
    return f"http://{lan_address()}:{port}"


def join_url(base: str, code: str) -> str:
    return f"{base.rstrip('/')}/?code={quote(code)}"


def qr_png(url: str, box_size: int = 12) -> bytes:
    img = qrcode.make(url, box_size=box_size, border=2)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()
