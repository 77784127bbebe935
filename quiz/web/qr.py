"""QR codes of join URLs, as SVG (for the projector) and PNG (for print)."""

from __future__ import annotations

import io

import qrcode
import qrcode.image.pure
import qrcode.image.svg


def _code(text: str, box_size: int) -> qrcode.QRCode:
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=box_size, border=4
    )
    code.add_data(text)
    code.make(fit=True)
    return code


def qr_svg(text: str) -> bytes:
    """An SVG QR code that scales to any size (dark modules on a white background)."""
    image = _code(text, 10).make_image(image_factory=qrcode.image.svg.SvgPathFillImage)
    return image.to_string(encoding="utf-8")


def qr_png(text: str, box_size: int = 20) -> bytes:
    """A PNG QR code; the default size prints sharp on a table card."""
    image = _code(text, box_size).make_image(image_factory=qrcode.image.pure.PyPNGImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()
