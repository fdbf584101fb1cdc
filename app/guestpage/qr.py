"""The invitation's QR code as an inline SVG for the guest's page: nothing to fetch, no script (the CSP
allows neither a CDN nor inline script), sharp on any screen."""

from __future__ import annotations

from markupsafe import Markup

from app.documents.qr import QUIET_ZONE, qr_matrix


def qr_svg(url: str, *, label: str) -> Markup:
    """One path of the dark modules, runs of a row drawn as one rectangle; `label` names the image."""
    matrix = qr_matrix(url)
    size = len(matrix) + 2 * QUIET_ZONE
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                runs.append(f"M{start + QUIET_ZONE} {y + QUIET_ZONE}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    return Markup(
        '<svg xmlns="http://www.w3.org/2000/svg" class="qr" viewBox="0 0 {size} {size}" role="img" '
        'aria-label="{label}" shape-rendering="crispEdges"><rect width="{size}" height="{size}" fill="#fff"/>'
        '<path fill="#000" d="{path}"/></svg>'
    ).format(size=size, label=label, path="".join(runs))
