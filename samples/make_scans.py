#!/usr/bin/env python3
"""Write scanned variants of every sample PDF, for the OCR path.

For each ``samples/<stem>.pdf`` (a text-layer PDF rendered by
``make_samples.py``) this writes, into ``samples/scans/``:

- ``<stem>.scan300.pdf``: rasterized at 300 dpi, grayscale paper, skewed
  0.5–2°, mild noise, slight blur, JPEG artefacts, a red round stamp and a
  signature scribble at the signature block; an image-only PDF (no text layer)
  with each page one JPEG at its own resolution;
- ``<stem>.scan200.pdf``: the same at 200 dpi;
- ``<stem>.scan150.pdf``: a harsh 150-dpi scan: heavy noise, blur, strong JPEG,
  all grayscale (the stamp too);
- for one sample (``--image-sample``): ``<stem>.photo.png``, the first page
  with a table as a photo-like picture (uneven light, colour cast, turned
  2.5°, 200 dpi in its metadata), and ``<stem>.tiff``, every page as a
  bilevel (CCITT G4) multi-page TIFF at 200 dpi, as a fax-like scanner writes.

Everything is deterministic: the random generator is seeded from the stem and
the variant, and the PDFs are written with reportlab's invariant mode.

Usage: ``python samples/make_scans.py [--samples DIR] [--out DIR] [STEM ...]``.
"""
from __future__ import annotations

import argparse
import contextlib
import logging
import math
import re
import subprocess
import sys
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

log = logging.getLogger("make_scans")

HERE = Path(__file__).resolve().parent
FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")


@dataclass(frozen=True)
class ScanVariant:
    """How one kind of scan degrades the page."""

    name: str
    dpi: int
    #: Skew range in degrees (absolute value); the sign is random.
    skew: tuple[float, float] = (0.5, 2.0)
    #: Standard deviation of the Gaussian pixel noise (0..255 scale); white
    #: noise is what makes a JPEG big, so the clean scans keep it mild.
    noise: float = 2.5
    #: Gaussian blur radius in pixels, applied after the noise.
    blur: float = 0.6
    #: JPEG quality (Pillow scale 1..95).
    jpeg_quality: int = 65
    #: Paper tone (255 = white) and the darkest ink after the "scanner".
    paper: int = 246
    ink: int = 25
    #: Whether the stamp stays red (an RGB page) or turns gray.
    color_stamp: bool = True


VARIANTS = (
    ScanVariant("scan300", 300, noise=2.0, blur=0.8, jpeg_quality=55),
    ScanVariant("scan200", 200, noise=2.0, blur=0.6, jpeg_quality=58),
    ScanVariant("scan150", 150, noise=12.0, blur=1.0, jpeg_quality=25, paper=232, ink=50,
                color_stamp=False),
)

#: Lines that title a signature block (the stamp goes over their left part).
SIGNATURE_TITLE = re.compile(
    r"^(?:KT\.|TM\.|TL\.|Q\.)?\s*(?:PHÓ\s+)?(?:GIÁM ĐỐC|CHỦ TỊCH|BỘ TRƯỞNG|CHÁNH VĂN PHÒNG|TRƯỞNG PHÒNG)")
STAMP_RED = (205, 35, 45)
SIGNATURE_INK = (35, 45, 120)


def rng_for(stem: str, variant: str) -> np.random.Generator:
    """A generator seeded from the file and the variant, stable across runs."""
    return np.random.default_rng(zlib.crc32(f"{stem}:{variant}".encode("utf-8")))


# -- reading the sample ------------------------------------------------------

def rasterize(pdf: Path, dpi: int, workdir: Path) -> list[Image.Image]:
    """The pages of ``pdf`` as grayscale images at ``dpi`` (pdftoppm)."""
    prefix = workdir / f"{pdf.stem}-{dpi}"
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), str(prefix)], check=True)
    files = sorted(workdir.glob(f"{prefix.name}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    return [Image.open(f).convert("L") for f in files]


@dataclass(frozen=True)
class PageFacts:
    """What the generator needs to know about a sample page (in PDF points)."""

    width: float
    height: float
    signatures: tuple[tuple[float, float], ...]  # (x0, top) of each signature title
    has_table: bool


def page_facts(pdf: Path) -> list[PageFacts]:
    import pdfplumber

    facts = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            marks = []
            for line in page.extract_text_lines(strip=True, return_chars=False):
                if line["x0"] > page.width * 0.4 and SIGNATURE_TITLE.match(line["text"]):
                    if not marks or line["top"] - marks[-1][1] > 60:  # "KT. GIÁM ĐỐC" + "PHÓ GIÁM ĐỐC"
                        marks.append((line["x0"], line["top"]))
            facts.append(PageFacts(float(page.width), float(page.height), tuple(marks),
                                   bool(page.find_tables())))
    return facts


# -- degrading a page ----------------------------------------------------------

def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_DIR / "LiberationSans-Bold.ttf"), size)


def stamp_image(dpi: int, rng: np.random.Generator) -> Image.Image:
    """A round office stamp as an alpha mask (L): rings, text around, a star."""
    size = int(dpi * 1.5)  # 38 mm across
    mask = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(mask)
    c = size / 2
    line = max(2, dpi // 60)
    draw.ellipse([line, line, size - line, size - line], outline=255, width=line * 2)
    inner = size * 0.3
    draw.ellipse([c - inner, c - inner, c + inner, c + inner], outline=255, width=line)
    # Star in the middle.
    points = []
    for k in range(10):
        radius = size * (0.12 if k % 2 == 0 else 0.05)
        angle = -math.pi / 2 + k * math.pi / 5
        points.append((c + radius * math.cos(angle), c + radius * math.sin(angle)))
    draw.polygon(points, fill=255)
    # Letters around the ring.
    text = "ỦY BAN NHÂN DÂN * TỈNH ĐẮK NÔNG * "
    font = _font(max(8, dpi // 9))
    ring = size * 0.39
    for k, ch in enumerate(text):
        angle = -math.pi + 2 * math.pi * k / len(text)
        glyph = Image.new("L", (font.size * 2, font.size * 2), 0)
        ImageDraw.Draw(glyph).text((font.size // 2, font.size // 3), ch, fill=255, font=font)
        glyph = glyph.rotate(-math.degrees(angle) - 90, resample=Image.BICUBIC)
        x = c + ring * math.cos(angle) - glyph.width / 2
        y = c + ring * math.sin(angle) - glyph.height / 2
        mask.paste(255, (int(x), int(y)), glyph)
    # Uneven ink: a stamp never prints evenly.
    spots = rng.uniform(0.55, 1.0, size=(size // 8 + 1, size // 8 + 1)).astype(np.float32)
    spots = np.kron(spots, np.ones((8, 8), np.float32))[:size, :size]
    alpha = np.asarray(mask, np.float32) * spots * 0.85
    return Image.fromarray(alpha.astype(np.uint8)).filter(ImageFilter.GaussianBlur(dpi / 300))


def signature_image(dpi: int, rng: np.random.Generator) -> Image.Image:
    """A handwritten-looking scribble as an alpha mask (L)."""
    width, height = int(dpi * 1.6), int(dpi * 0.6)
    mask = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(mask)
    t = np.linspace(0, 1, 200)
    loops = rng.uniform(3, 5)
    xs = width * (0.05 + 0.9 * t) + width * 0.04 * np.sin(2 * math.pi * loops * t)
    ys = height * (0.5 + 0.35 * np.sin(2 * math.pi * loops * t + 1.0) * (1 - 0.6 * t))
    draw.line(list(zip(xs.tolist(), ys.tolist())), fill=255, width=max(2, dpi // 100))
    return mask


def _apply_ink(page: np.ndarray, alpha: Image.Image, color: tuple[int, int, int], x: int, y: int) -> None:
    """Multiply coloured ink onto an RGB page array in place (clipped at edges)."""
    a = np.asarray(alpha, np.float32) / 255.0
    h, w = a.shape
    x0, y0 = max(0, x), max(0, y)
    x1, y1 = min(page.shape[1], x + w), min(page.shape[0], y + h)
    if x1 <= x0 or y1 <= y0:
        return
    a = a[y0 - y:y1 - y, x0 - x:x1 - x, None]
    ink = np.array(color, np.float32) / 255.0
    region = page[y0:y1, x0:x1].astype(np.float32)
    page[y0:y1, x0:x1] = (region * (1 - a + a * ink)).astype(np.uint8)


def add_stamps(gray: Image.Image, facts: PageFacts, dpi: int, rng: np.random.Generator) -> Image.Image:
    """An RGB page with a signature scribble and a red stamp at each signature block."""
    if not facts.signatures:
        return gray.convert("RGB")
    page = np.asarray(gray.convert("RGB")).copy()
    scale = dpi / 72.0
    for x0, top in facts.signatures:
        sig = signature_image(dpi, rng)
        _apply_ink(page, sig, SIGNATURE_INK, int(x0 * scale), int((top + 22) * scale))
        stamp = stamp_image(dpi, rng).rotate(float(rng.uniform(-30, 30)), resample=Image.BICUBIC)
        cx = (x0 - 10) * scale + rng.uniform(-0.1, 0.1) * dpi
        cy = (top + 35) * scale + rng.uniform(-0.1, 0.1) * dpi
        _apply_ink(page, stamp, STAMP_RED, int(cx - stamp.width / 2), int(cy - stamp.height / 2))
    return Image.fromarray(page)


def scanner(image: Image.Image, variant: ScanVariant, rng: np.random.Generator) -> Image.Image:
    """Skew, paper tone, noise and blur: what a cheap office scanner adds."""
    angle = float(rng.uniform(*variant.skew)) * (1 if rng.random() < 0.5 else -1)
    fill = (255,) * len(image.getbands())
    image = image.rotate(angle, resample=Image.BICUBIC, fillcolor=fill if len(fill) > 1 else 255)
    pixels = np.asarray(image, np.float32)
    pixels = variant.ink + pixels * (variant.paper - variant.ink) / 255.0
    noise = rng.normal(0.0, variant.noise, size=pixels.shape[:2]).astype(np.float32)
    pixels = pixels + (noise[..., None] if pixels.ndim == 3 else noise)
    out = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    log.debug("%s: skew %.2f°", variant.name, angle)
    return out.filter(ImageFilter.GaussianBlur(variant.blur)) if variant.blur else out


def scan_pages(pdf: Path, variant: ScanVariant, facts: list[PageFacts], workdir: Path) -> list[Image.Image]:
    rng = rng_for(pdf.stem, variant.name)
    pages = []
    for gray, page in zip(rasterize(pdf, variant.dpi, workdir), facts):
        image = add_stamps(gray, page, variant.dpi, rng)
        if not variant.color_stamp or not page.signatures:
            image = image.convert("L")
        pages.append(scanner(image, variant, rng))
    return pages


# -- writing -------------------------------------------------------------------

def write_image_pdf(pages: list[Image.Image], facts: list[PageFacts], quality: int, target: Path) -> None:
    """An image-only PDF: each page one JPEG, embedded as is, filling the page."""
    from reportlab import rl_config
    from reportlab.pdfgen import canvas

    rl_config.useA85 = 0  # embed the JPEG bytes as they are (ASCII85 would add a quarter)
    # reportlab names an image after its file name: working in the target's
    # folder with fixed relative names keeps the PDF byte-identical run to run.
    with contextlib.chdir(target.parent):
        pdf = canvas.Canvas(f"{target.name}.tmp", invariant=1, pageCompression=0)
        jpegs = []
        for number, (image, page) in enumerate(zip(pages, facts), start=1):
            jpeg = f".{target.stem}-{number}.jpg"
            image.save(jpeg, "JPEG", quality=quality, optimize=True, progressive=True)
            jpegs.append(Path(jpeg))
            pdf.setPageSize((page.width, page.height))
            pdf.drawImage(jpeg, 0, 0, width=page.width, height=page.height)
            pdf.showPage()
        pdf.save()
        for jpeg in jpegs:
            jpeg.unlink()
        Path(f"{target.name}.tmp").replace(target.name)


#: The photo's colour cast (warm light) applied to its gray levels.
PHOTO_TINT = (1.0, 0.95, 0.82)
#: Gray levels kept in the photo: a palette PNG of a few dozen tints stays small.
PHOTO_LEVELS = 48


def photo_page(gray: Image.Image, rng: np.random.Generator) -> Image.Image:
    """A phone photo of a page: turned, uneven light, warm colour cast, soft.

    The colours are one tint at several brightnesses, so the photo is stored
    as a palette image (a fraction of the size of an RGB PNG).
    """
    angle = 2.5 * (1 if rng.random() < 0.5 else -1)
    image = gray.rotate(angle, resample=Image.BICUBIC, fillcolor=200).filter(ImageFilter.GaussianBlur(0.7))
    h, w = image.height, image.width
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    light = 1.0 - 0.22 * (((xx - w * 0.35) / w) ** 2 + ((yy - h * 0.3) / h) ** 2) - 0.08 * xx / w
    base = np.clip(np.asarray(image, np.float32) * light, 0, 255)
    levels = np.round(base * (PHOTO_LEVELS - 1) / 255).astype(np.uint8)
    photo = Image.fromarray(levels, mode="L").convert("P")
    palette = []
    for level in range(256):
        value = min(level, PHOTO_LEVELS - 1) * 255 / (PHOTO_LEVELS - 1)
        palette += [int(round(value * t)) for t in PHOTO_TINT]
    photo.putpalette(palette)
    return photo


def make_scans(pdf: Path, out_dir: Path, facts: list[PageFacts]) -> list[Path]:
    """The three scanned PDFs of one sample; returns the files written."""
    written = []
    with tempfile.TemporaryDirectory(prefix="scans-") as tmp:
        workdir = Path(tmp)
        for variant in VARIANTS:
            target = out_dir / f"{pdf.stem}.{variant.name}.pdf"
            write_image_pdf(scan_pages(pdf, variant, facts, workdir), facts, variant.jpeg_quality, target)
            written.append(target)
    return written


def make_image_files(pdf: Path, out_dir: Path, facts: list[PageFacts]) -> list[Path]:
    """The photo-like PNG (first table page) and the multi-page fax TIFF of one sample."""
    with tempfile.TemporaryDirectory(prefix="scans-") as tmp:
        pages200 = rasterize(pdf, 200, Path(tmp))
    table_page = next((i for i, f in enumerate(facts) if f.has_table), 0)
    photo = photo_page(pages200[table_page], rng_for(pdf.stem, "photo"))
    png = out_dir / f"{pdf.stem}.photo.png"
    photo.save(png, "PNG", dpi=(200, 200), optimize=True)
    rng = rng_for(pdf.stem, "tiff")
    fax = [p.rotate(float(rng.uniform(-0.8, 0.8)), resample=Image.BICUBIC, fillcolor=255)
           .point(lambda v: 255 if v > 150 else 0).convert("1") for p in pages200]
    tiff = out_dir / f"{pdf.stem}.tiff"
    fax[0].save(tiff, "TIFF", save_all=True, append_images=fax[1:], compression="group4", dpi=(200, 200))
    return [png, tiff]


def pick_image_sample(facts: dict[Path, list[PageFacts]]) -> Path:
    """The sample that gets the PNG and the TIFF: the shortest multi-page one with a table."""
    def key(pdf: Path) -> tuple:
        pages = facts[pdf]
        return (not any(f.has_table for f in pages), len(pages) < 2, len(pages), pdf.name)
    return min(facts, key=key)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="Writes SAMPLES/scans/<stem>.scan300.pdf, .scan200.pdf and "
                                            ".scan150.pdf for every sample, and <stem>.photo.png and "
                                            "<stem>.tiff for one.")
    parser.add_argument("stems", nargs="*", metavar="STEM", help="only these samples (default: all)")
    parser.add_argument("--samples", type=Path, default=HERE, help="folder of sample PDFs (default: samples/)")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: SAMPLES/scans)")
    parser.add_argument("--image-sample", metavar="STEM", default=None,
                        help="the sample that also gets .photo.png and .tiff (default: the shortest "
                             "multi-page sample with a table)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log every page")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO, format="%(message)s")
    out_dir = args.out or args.samples / "scans"
    pdfs = sorted(p for p in args.samples.glob("*.pdf") if not args.stems or p.stem in args.stems)
    if not pdfs:
        log.error("no sample PDFs in %s (run samples/make_samples.py first)", args.samples)
        return 1
    out_dir.mkdir(parents=True, exist_ok=True)
    facts = {pdf: page_facts(pdf) for pdf in pdfs}
    image_sample = args.image_sample or pick_image_sample(facts).stem
    total = 0
    for pdf in pdfs:
        files = make_scans(pdf, out_dir, facts[pdf])
        if pdf.stem == image_sample:
            files += make_image_files(pdf, out_dir, facts[pdf])
        size = sum(f.stat().st_size for f in files)
        total += size
        log.info("%s: %s, %.1f MB", pdf.stem, ", ".join(f.name for f in files), size / 1e6)
    log.info("%d samples, %.1f MB in %s", len(pdfs), total / 1e6, out_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
