"""Raster operations for scanned pages (the only module that imports OpenCV).

Binarise, estimate and remove a small skew, find the ruling lines of tables (morphological
opening with long thin kernels) and the connected components of a crop (for digits).
"""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

from ..model import Edge


def gray_array(image: Image.Image) -> np.ndarray:
    return np.asarray(image.convert("L"))


def binarize(gray: np.ndarray) -> np.ndarray:
    """Ink = 255, paper = 0 (Otsu)."""
    _, bw = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return bw


def looks_sideways(bw: np.ndarray) -> bool:
    """Do the page's text lines run vertically? Text lines make the ink profile across them
    vary far more than along them (cheap test before asking tesseract's OSD)."""
    small = cv2.resize(bw, (bw.shape[1] // 8, bw.shape[0] // 8), interpolation=cv2.INTER_AREA).astype(
        np.float32
    )
    if small.sum() == 0:
        return False
    rows = np.var(small.sum(axis=1)) / max(1, small.shape[1])
    cols = np.var(small.sum(axis=0)) / max(1, small.shape[0])
    return cols > 1.5 * rows


def skew_angle(gray: np.ndarray, max_angle: float = 5.0, bw: np.ndarray | None = None) -> float:
    """Small rotation of the page content in degrees (positive = counter-clockwise): the median
    slope of long horizontal ruling lines when there are some, else the angle at which the text
    baselines line up best (projection profile)."""
    bw = binarize(gray) if bw is None else bw
    h, w = bw.shape
    mask = cv2.morphologyEx(
        bw, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (max(15, w // 20), 1))
    )
    # 16-bit labels: half the memory of the default at 300 dpi (few long lines, far below 65535)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8, ltype=cv2.CV_16U)
    angles = []
    for i in range(1, n):
        x, y, cw, ch, _ = stats[i]
        if cw < w // 3:
            continue
        ys, xs = np.nonzero(labels[y : y + ch, x : x + cw] == i)
        if len(xs) > 50:
            slope = np.polyfit(xs[:: max(1, len(xs) // 2000)], ys[:: max(1, len(xs) // 2000)], 1)[0]
            a = -float(np.degrees(np.arctan(slope)))
            if abs(a) <= max_angle:
                angles.append(a)
    if len(angles) >= 2:
        return float(np.median(angles))
    small = cv2.resize(bw, (w // 4, h // 4), interpolation=cv2.INTER_AREA)
    best, best_score = 0.0, -1.0
    for a in np.arange(-max_angle, max_angle + 0.01, 0.25):
        m = cv2.getRotationMatrix2D((small.shape[1] / 2, small.shape[0] / 2), a, 1.0)
        rot = cv2.warpAffine(small, m, (small.shape[1], small.shape[0]), flags=cv2.INTER_NEAREST)
        score = float(np.var(rot.sum(axis=1)))
        if score > best_score:
            best, best_score = float(a), score
    return -best


def rotate(image: Image.Image, angle: float) -> Image.Image:
    """Rotate a grey image counter-clockwise by ``angle`` degrees on a white background."""
    if abs(angle) < 0.05:
        return image
    arr = gray_array(image)
    m = cv2.getRotationMatrix2D((arr.shape[1] / 2, arr.shape[0] / 2), angle, 1.0)
    out = cv2.warpAffine(arr, m, (arr.shape[1], arr.shape[0]), flags=cv2.INTER_LINEAR, borderValue=255)
    return Image.fromarray(out)


def ruling_edges(
    gray: np.ndarray, scale: float, min_fraction: float = 0.04, bw: np.ndarray | None = None
) -> list[Edge]:
    """Horizontal and vertical ruling lines as edges in PDF points (``scale`` = points per pixel).

    A line must be at least ``min_fraction`` of the page's width (height) long.
    """
    bw = binarize(gray) if bw is None else bw
    h, w = bw.shape
    edges: list[Edge] = []
    for orient in ("h", "v"):
        size = max(15, int((w if orient == "h" else h) * min_fraction))
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (size, 1) if orient == "h" else (1, size))
        mask = cv2.morphologyEx(bw, cv2.MORPH_OPEN, kernel)
        mask = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
        n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8, ltype=cv2.CV_16U)
        for i in range(1, n):
            x, y, bw_, bh, _ = stats[i]
            if orient == "h" and bw_ >= size and bh <= max(12, bw_ // 20):
                mid = (y + bh / 2) * scale
                edges.append(Edge("h", x * scale, (x + bw_) * scale, mid, mid))
            elif orient == "v" and bh >= size and bw_ <= max(12, bh // 20):
                mid = (x + bw_ / 2) * scale
                edges.append(Edge("v", mid, mid, y * scale, (y + bh) * scale))
    return edges


def ink_gaps(bw: np.ndarray, box: tuple[int, int, int, int], min_width: float) -> list[float]:
    """Middles of the vertical gaps at least ``min_width`` pixels wide that the ink inside ``box``
    (x0, y0, x1, y1) leaves all the way down (a speck or two of noise does not fill a gap), with
    ink on both sides: the boundaries of a table's columns."""
    return shared_gaps(bw, [box], min_width, 1.0)


def shared_gaps(
    bw: np.ndarray, boxes: list[tuple[int, int, int, int]], min_width: float, share: float
) -> list[float]:
    """``ink_gaps`` over several lines at once, each a box (x0, y0, x1, y1): the middles of the
    vertical gaps at least ``min_width`` wide that at least ``share`` of the lines leave blank,
    with ink on both sides (a title or a note across a table's columns does not fill its gutters)."""
    x0, x1 = min(b[0] for b in boxes), max(b[2] for b in boxes)
    if x1 <= x0:
        return []
    count = np.zeros(x1 - x0, dtype=np.int32)
    for _, by0, _, by1 in boxes:
        region = bw[max(0, by0) : max(0, by1), max(0, x0) : max(0, x1)]
        if region.size:
            count[: region.shape[1]] += (region > 0).sum(axis=0) > max(2, 0.004 * region.shape[0])
    ink = count > (1 - share) * len(boxes)
    out, start, seen = [], None, False
    for x, dark in enumerate(ink):
        if dark:
            if start is not None and seen and x - start >= min_width:
                out.append(x0 + (start + x) / 2)
            start, seen = None, True
        elif start is None:
            start = x
    return out


def inside_rules(gray: np.ndarray, share: float = 0.9, reach: float = 0.2) -> tuple[int, int]:
    """The columns (x0, x1) of a cell's crop inside the vertical rules it holds near its sides (a
    rule a scan bent or skewed past where the table's grid put it): a column of pixels dark over at
    least ``share`` of the crop's height (a rule runs through the cell; a "1" has the cell's margin
    above and below it), within ``reach`` of its width from either side."""
    if gray.size == 0:
        return 0, gray.shape[1] if gray.ndim == 2 else 0
    bw = binarize(gray)
    h, w = bw.shape
    dark = (bw > 0).sum(axis=0) >= share * h
    x0, x1 = 0, w
    for x in range(int(reach * w)):
        if dark[x]:
            x0 = x + 1
    for x in range(w - 1, w - 1 - int(reach * w), -1):
        if dark[x]:
            x1 = x
    return (x0, x1) if x1 - x0 > 2 else (0, w)


def has_ink(bw: np.ndarray, box: tuple[int, int, int, int]) -> bool:
    """Is there ink (more than a speck) inside ``box`` (x0, y0, x1, y1)?"""
    x0, y0, x1, y1 = box
    region = bw[max(0, y0) : max(0, y1), max(0, x0) : max(0, x1)]
    return int((region > 0).sum()) > SPECK


#: this many dark pixels or fewer are noise, not ink
SPECK = 12


def whiten(gray: np.ndarray, boxes_px: list[tuple[int, int, int, int]]) -> np.ndarray:
    """A copy of the page with the given boxes painted the colour of its paper (to OCR the text
    around tables). Not white: on a grey scan a large white area splits tesseract's threshold
    between white and paper, and the paper becomes ink (the title above a table was read as nothing)."""
    out = gray.copy()
    paper = int(np.median(gray[::4, ::4]))
    for x0, y0, x1, y1 in boxes_px:
        out[max(0, y0) : max(0, y1), max(0, x0) : max(0, x1)] = paper
    return out


def components(gray: np.ndarray, min_area: int = 8) -> list[tuple[int, int, int, int, np.ndarray]]:
    """Connected ink components left to right: (x, y, w, h, mask) for the digit reader."""
    bw = binarize(gray)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(bw, connectivity=8)
    out = []
    for i in range(1, n):
        x, y, w, h, area = stats[i]
        if area >= min_area:
            out.append((int(x), int(y), int(w), int(h), labels[y : y + h, x : x + w] == i))
    return sorted(out, key=lambda c: c[0])


def normalise_glyph(
    mask: np.ndarray, size: tuple[int, int], min_aspect: float = 0.0
) -> tuple[np.ndarray | None, float]:
    """A glyph mask cropped, resized to ``size`` (w, h), zero-mean unit-norm; and its aspect w/h.
    A glyph narrower than ``min_aspect`` (or flatter: height under ``min_aspect`` of its width) is
    padded to it first (stretched, a bar would be all ink and match nothing)."""
    ys, xs = np.nonzero(mask)
    if len(xs) == 0:
        return None, 0.0
    m = mask[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1].astype(np.float32)
    h, w = m.shape
    pad = int(np.ceil(min_aspect * h)) - w
    if pad > 0:
        m = np.pad(m, ((0, 0), (pad // 2, pad - pad // 2)))
    pad = int(np.ceil(min_aspect * w)) - h
    if pad > 0:
        m = np.pad(m, ((pad // 2, pad - pad // 2), (0, 0)))
    r = cv2.resize(m, size, interpolation=cv2.INTER_AREA)
    r -= r.mean()
    n = float(np.linalg.norm(r))
    return (r / n if n else r), w / h


def find_checkboxes(
    gray: np.ndarray, min_px: int = 18, max_px: int = 90, bw: np.ndarray | None = None
) -> list[tuple[int, int, int, int, bool]]:
    """Check boxes drawn on a scan: square outlines (ink along all four sides and at the corners),
    with ``True`` when something is inside (a tick or a cross) or the square is filled.
    Boxes are (x0, y0, x1, y1, ticked) in pixels."""
    full = binarize(gray) if bw is None else bw
    # components on a half-size image (4x fewer pixels); coordinates scaled back
    bw = cv2.resize(full, (full.shape[1] // 2, full.shape[0] // 2), interpolation=cv2.INTER_NEAREST)
    min_px, max_px = min_px // 2, max_px // 2
    n, labels, stats, _ = cv2.connectedComponentsWithStats(bw, connectivity=8)
    out = []
    for i in range(1, n):
        x, y, w, h, _ = stats[i]
        if not (min_px <= w <= max_px and min_px <= h <= max_px and 0.8 <= w / h <= 1.25):
            continue
        comp = labels[y : y + h, x : x + w] == i
        band = max(2, int(0.12 * min(w, h)))
        sides = [
            comp[:band, :].any(axis=0).mean(),
            comp[-band:, :].any(axis=0).mean(),
            comp[:, :band].any(axis=1).mean(),
            comp[:, -band:].any(axis=1).mean(),
        ]
        corners = [
            comp[:band, :band].any(),
            comp[:band, -band:].any(),
            comp[-band:, :band].any(),
            comp[-band:, -band:].any(),
        ]
        if min(sides) < 0.85 or not all(corners):
            continue
        m = max(band + 1, int(0.22 * min(w, h)))
        inner = bw[y + m : y + h - m, x + m : x + w - m]
        ticked = inner.size > 0 and float((inner > 0).mean()) > 0.06
        out.append((2 * int(x), 2 * int(y), 2 * int(x + w), 2 * int(y + h), ticked))
    return out


# ------------------------------------------------------------------------------ images
def to_gray(image: Image.Image) -> Image.Image:
    return image.convert("L")


def from_array(gray: np.ndarray) -> Image.Image:
    return Image.fromarray(gray)


def turn(image: Image.Image, degrees: int) -> Image.Image:
    """Turn a grey image counter-clockwise by a multiple of 90 degrees (a page scanned sideways)."""
    return image.rotate(degrees, expand=True, fillcolor=255)


def crop(image: Image.Image, rect: tuple[int, int, int, int]) -> Image.Image:
    return image.crop(rect)


def scale(image: Image.Image, factor: float) -> Image.Image:
    """The image ``factor`` times larger (Lanczos); the same image for 1.0."""
    if factor == 1.0:
        return image
    return image.resize((int(image.width * factor), int(image.height * factor)), Image.Resampling.LANCZOS)


def fingerprint(image: Image.Image) -> bytes:
    """The pixels and size of a grey image, for a content hash."""
    return image.tobytes() + str(image.size).encode()


def size(image: Image.Image) -> tuple[int, int]:
    return image.width, image.height


def save_png(image: Image.Image, path: str) -> None:
    image.save(path)
